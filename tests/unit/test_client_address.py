"""Which address a rate limit keys on: X-Forwarded-For only through a trusted proxy."""
from server.http.client_address import client_address, trusted_networks

PROXIES = trusted_networks(["10.0.0.0/8", "127.0.0.1", "::1"])


def test_without_trusted_proxies_the_header_is_never_read():
    assert client_address("192.0.2.1", ["203.0.113.9"], ()) == "192.0.2.1"


def test_an_untrusted_peer_cannot_claim_another_address():
    assert client_address("192.0.2.1", ["203.0.113.9"], PROXIES) == "192.0.2.1"


def test_the_right_most_untrusted_hop_is_the_client():
    # The client wrote "198.51.100.1"; the outer proxy appended the real 203.0.113.9,
    # an inner trusted proxy appended 10.1.2.3.
    header = ["198.51.100.1, 203.0.113.9, 10.1.2.3"]
    assert client_address("127.0.0.1", header, PROXIES) == "203.0.113.9"


def test_repeated_headers_read_as_one_list():
    assert client_address("::1", ["198.51.100.1", "203.0.113.9"], PROXIES) == "203.0.113.9"


def test_a_proxy_without_the_header_is_the_client_itself():
    assert client_address("127.0.0.1", [], PROXIES) == "127.0.0.1"


def test_only_trusted_hops_fall_back_to_the_left_most():
    assert client_address("127.0.0.1", ["10.0.0.5, 10.0.0.6"], PROXIES) == "10.0.0.5"


def test_a_garbage_hop_is_a_key_of_its_own_and_nothing_left_of_it_is_read():
    assert client_address("127.0.0.1", ["203.0.113.9, not-an-address"], PROXIES) == "not-an-address"

"""The one text module: rules shared by every free text, its refusals, its published limits."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from server.core import text
from server.core.dates import iso
from server.core.errors import DomainError, ErrorCode
from server.core.text import TextKind, clean, required

LINE = TextKind("line", 100)
LINES = TextKind("lines", 100, multiline=True)
ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("raw, multiline, expected", [
    ("こんにちは", False, "こんにちは"),
    ("  trimmed  ", False, "trimmed"),
    ("two\nlines", True, "two\nlines"),
    ("windows\r\nline", True, "windows\nline"),
    ("old mac\rline", True, "old mac\nline"),
    ("tab\tinside", True, "tab\tinside"),
    ("e\u0301", False, "\u00e9"),  # NFC: what is stored is what is counted
    ("家族👨\u200d👩\u200d👧", False, "家族👨\u200d👩\u200d👧"),  # emoji joiners stay
    ("x" * 100, False, "x" * 100),
])
def test_clean_accepts(raw, multiline, expected):
    assert required(LINES if multiline else LINE, raw, field="body") == expected


@pytest.mark.parametrize("raw, multiline, reason", [
    (None, True, "not_text"),
    (42, True, "not_text"),
    (["list"], True, "not_text"),
    ("", True, "empty"),
    ("   \n\t ", True, "empty"),
    ("x" * 101, True, "too_long"),  # one over the limit
    ("two\nlines", False, "forbidden_character"),  # single-line field
    ("tab\there", False, "forbidden_character"),
    ("nul\x00", True, "forbidden_character"),
    ("bell\x07", True, "forbidden_character"),
    ("esc\x1b[31m", True, "forbidden_character"),
    ("del\x7f", True, "forbidden_character"),
    ("c1\x85", True, "forbidden_character"),
    ("rtl\u202eoverride", True, "forbidden_character"),
    ("isolate\u2066x\u2069", True, "forbidden_character"),
    ("line\u2028sep", True, "forbidden_character"),
    ("para\u2029sep", True, "forbidden_character"),
    ("lone\ud800surrogate", True, "forbidden_character"),
    ("zero\u200bwidth", True, "forbidden_character"),
    ("word\u2060joiner", True, "forbidden_character"),
    ("byte\ufefforder", True, "forbidden_character"),
])
def test_clean_refuses_with_one_detail_scheme(raw, multiline, reason):
    with pytest.raises(DomainError) as err:
        clean(LINES if multiline else LINE, raw, field="body")
    assert err.value.code == ErrorCode.INVALID and err.value.field == "body"
    assert err.value.detail["reason"] == reason
    if reason == "too_long":
        assert err.value.detail["max_length"] == 100


@pytest.mark.parametrize("raw", [None, "", "   ", "\n"])
def test_optional_blank_is_no_value(raw):
    assert clean(LINES, raw, optional=True) is None


def test_optional_still_refuses_wrong_types_and_characters():
    for raw in (42, "\x00", "a\u202eb"):
        with pytest.raises(DomainError):
            clean(LINE, raw, optional=True)


def test_the_field_name_defaults_to_the_kind():
    with pytest.raises(DomainError) as err:
        clean(text.BOOKING_NOTE, 7)
    assert err.value.field == "booking_note"


def test_nicknames_fold_with_nfkc_and_refuse_every_format_character():
    assert required(text.NICKNAME, "ＡＢＣ ｶﾞ") == "ABC ガ"
    with pytest.raises(DomainError) as err:
        required(text.NICKNAME, "a\u200db")  # a joiner would let two names look the same
    assert err.value.code == ErrorCode.NICKNAME_INVALID
    assert err.value.detail == {"reason": "forbidden_character"}
    # ...while an ordinary text keeps its joiners (emoji sequences need them)
    assert required(text.CHAT, "a\u200db") == "a\u200db"


def test_length_counts_the_stored_form():
    assert required(text.NICKNAME, "ｶﾞ" * 20) == "ガ" * 20  # 40 typed, 20 stored


def test_every_kind_is_declared_once_with_a_positive_limit():
    assert all(kind.max_length > 0 and name == kind.name for name, kind in text.KINDS.items())
    assert text.KINDS["booking_note"].max_length == 500


def test_the_web_client_module_is_generated_from_the_kinds():
    """Run ``python -m server.core.text > web_client/src/text_limits.js`` after changing a limit."""
    published = (ROOT / "web_client" / "src" / "text_limits.js").read_text(encoding="utf-8")
    assert published == text.client_module()


def test_one_iso_for_instants_leaving_the_server():
    tokyo = timezone(timedelta(hours=9))
    assert iso(datetime(2026, 4, 1, 10, 0, 0, 123456, tzinfo=tokyo)) == "2026-04-01T01:00:00Z"
    assert iso(None) is None

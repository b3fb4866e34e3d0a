"""An attendee's own microphone at a table, with real aiortc peers through /event: before their
own ``event:mic`` the server refuses an offer that would send; after it, their voice reaches
their table (the table-mate, and a host once visiting) and never the other table, the hall, or
a host elsewhere. Leaving the table turns it off: the table-mate keeps hearing the host, and
no more of the attendee.

SQLite only, in a loopback-only network namespace:
    unshare -n sh -c 'ip link set lo up && exec .venv/bin/python -m pytest -m webrtc tests/integration/test_event_table_mic_voice.py'
"""
from __future__ import annotations

import pytest

from tests.integration.event_live_client import event_site
from tests.integration.test_consult_voice import db_url, until  # noqa: F401 (db_url: SQLite only)
from tests.integration.test_event_voice_slots import ATTENDEE_HZ, HOST_HZ, SlotPeer, join, live_event

pytestmark = pytest.mark.webrtc


async def test_a_self_opened_microphone_is_heard_at_its_table_only(db_url, tmp_path):
    async with event_site(db_url, tmp_path) as site:
        host, cohost, (talker, mate, elsewhere, in_hall), _seats = await live_event(site, 4)
        peers: list[SlotPeer] = []
        try:
            await host.ok("event:tables_open", {"names": ["30代の子の親", "40代の子の親"], "cap": 3})
            await talker.ok("event:table", {"table_id": "t1"})
            await mate.ok("event:table", {"table_id": "t1"})
            await elsewhere.ok("event:table", {"table_id": "t2"})
            probe = SlotPeer(ATTENDEE_HZ)
            try:  # no click yet: an offer that would send is refused, whatever the table allows
                assert (await talker.refused("event:voice_offer", {"sdp": await probe.offer()}))["code"] == "LIVE_NO_FLOOR"
            finally:
                await probe.close()

            host_voice = SlotPeer(HOST_HZ)
            near, far, hall_ear, cohost_ear = (SlotPeer(None) for _ in range(4))
            voice = SlotPeer(ATTENDEE_HZ)
            peers += [host_voice, near, far, hall_ear, cohost_ear, voice]
            for client, peer in ((host, host_voice), (mate, near), (elsewhere, far), (in_hall, hall_ear),
                                 (cohost, cohost_ear)):
                await join(client, peer)
            assert await talker.ok("event:mic", {"on": True}) == {"mic": True}
            await join(talker, voice)

            # Heard at the table (with the host, who visits no table and so speaks to all) ...
            await until(lambda: near.heard(ATTENDEE_HZ) > 40 and far.heard(HOST_HZ) > 40
                        and hall_ear.heard(HOST_HZ) > 40, 25)
            mark = near.marks()
            await until(lambda: near.heard(ATTENDEE_HZ, mark) > 25, 15)
            # ... and nowhere else: not the other table, not the hall, not a host elsewhere.
            assert far.heard(ATTENDEE_HZ) == 0 and hall_ear.heard(ATTENDEE_HZ) == 0
            assert cohost_ear.heard(ATTENDEE_HZ) == 0
            assert voice.heard(HOST_HZ) > 0  # the talker hears the host too

            # A host visiting the table hears it.
            await cohost.ok("event:table", {"table_id": "t1"})
            await until(lambda: cohost_ear.heard(ATTENDEE_HZ) > 30, 15)

            # Leaving the table turns the microphone off: the mate keeps hearing the host, not her.
            await talker.ok("event:table", {"table_id": None})
            await talker.wait_for("event:view", lambda v: v["you"]["table"] is None and not v["you"]["mic"])
            mark, hall_mark = near.marks(), hall_ear.marks()
            await until(lambda: near.heard(HOST_HZ, mark) > 50 and hall_ear.heard(HOST_HZ, hall_mark) > 50, 15)
            assert near.heard(ATTENDEE_HZ, mark) <= 2  # at most what was already on its way
            assert hall_ear.heard(ATTENDEE_HZ) == 0  # back in the hall, still not heard there
        finally:
            for peer in peers:
                await peer.close()


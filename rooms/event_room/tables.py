"""Tables (breakouts): small groups inside an event, each with its own text and voice; size capped.

Hosts open tables, attendees pick one or are placed, hosts visit any table (a visit does not
count against the cap), and calling everyone back closes them all. At an "open mic" table a
seated attendee may turn their own microphone on (``mics``); whether that is allowed and how
many voices a table holds is the live room's rule (room.py), kept here per table."""
from __future__ import annotations

from dataclasses import dataclass, field

from server.core.errors import DomainError, ErrorCode

MAX_TABLES = 12
MIN_CAP, MAX_CAP = 2, 12
# Voices a listener hears at once: receive-only slots negotiated at join, so a change of
# speakers needs no renegotiation (web_client/src/ui/event_voice.js offers the same number).
VOICE_SLOTS = 3
# Attendees' own voices a table holds at once (microphones and voice floors seated there): a
# table-mate hears each of them on a slot of their own; a host who speaks takes the slot of a
# voice that has been quiet for a moment (server/voice SpeakerSelector).
TABLE_VOICES = VOICE_SLOTS


@dataclass
class Table:
    table_id: str
    name: str
    cap: int
    open_mic: bool = True  # seated attendees may turn their own microphone on
    seated: set[str] = field(default_factory=set)  # attendees' account ids
    mics: set[str] = field(default_factory=set)  # seated attendees whose own microphone is on


class Tables:
    def __init__(self) -> None:
        self.tables: dict[str, Table] = {}
        self.table_of: dict[str, str] = {}  # attendee -> table id
        self.visiting: dict[str, str] = {}  # host -> table id

    @property
    def open(self) -> bool:
        return bool(self.tables)

    def open_tables(self, names: list[str], cap: int, open_mic: list[bool] | None = None) -> None:
        """``open_mic``: one per name (default: every table is open mic; small tables are for talking)."""
        if not 1 <= len(names) <= MAX_TABLES or not MIN_CAP <= cap <= MAX_CAP:
            raise DomainError(ErrorCode.INVALID, field="tables")
        if open_mic is not None and len(open_mic) != len(names):
            raise DomainError(ErrorCode.INVALID, field="open_mic")
        if self.tables:
            raise DomainError(ErrorCode.CONFLICT, field="tables")  # call everyone back first
        mics = open_mic if open_mic is not None else [True] * len(names)
        self.tables = {f"t{i + 1}": Table(f"t{i + 1}", name, cap, mics[i]) for i, name in enumerate(names)}

    def table(self, table_id: str) -> Table:
        return self._table(table_id)

    def set_open_mic(self, table_id: str, open_mic: bool) -> None:
        """A host turns a table's open mic on or off; off turns every microphone there off."""
        table = self._table(table_id)
        table.open_mic = open_mic
        if not open_mic:
            table.mics.clear()

    def mic_table(self, account_id: str) -> Table | None:
        """The table whose voice this attendee's own microphone feeds, if it is on."""
        table_id = self.table_of.get(account_id)
        table = self.tables.get(table_id) if table_id else None
        return table if table is not None and account_id in table.mics else None

    def mics_off(self) -> None:
        """Every microphone off (a pause): each person turns theirs on again themselves."""
        for table in self.tables.values():
            table.mics.clear()

    def _table(self, table_id: str) -> Table:
        table = self.tables.get(table_id)
        if table is None:
            raise DomainError(ErrorCode.NOT_FOUND, field="table_id")
        return table

    def seat(self, account_id: str, table_id: str | None) -> None:
        """Sit at a table (None: back to the hall while tables are open)."""
        if table_id is None:
            self.unseat(account_id)
            return
        table = self._table(table_id)
        if account_id in table.seated:
            return
        if len(table.seated) >= table.cap:
            raise DomainError(ErrorCode.LIVE_TABLE_FULL, field="table_id")
        self.unseat(account_id)
        table.seated.add(account_id)
        self.table_of[account_id] = table_id

    def unseat(self, account_id: str) -> None:
        previous = self.table_of.pop(account_id, None)
        if previous is not None and previous in self.tables:
            self.tables[previous].seated.discard(account_id)
            self.tables[previous].mics.discard(account_id)  # leaving a table turns one's microphone off
        self.visiting.pop(account_id, None)

    def visit(self, host_id: str, table_id: str | None) -> None:
        if table_id is None:
            self.visiting.pop(host_id, None)
            return
        self._table(table_id)
        self.visiting[host_id] = table_id

    def at_table(self, table_id: str) -> set[str]:
        """Everyone who reads a table's text: its attendees and the hosts visiting it."""
        table = self._table(table_id)
        return table.seated | {h for h, t in self.visiting.items() if t == table_id}

    def voice_audiences(self, speakers: frozenset[str], everyone: set[str], hosts: set[str]) -> dict[str, frozenset[str]]:
        """Each table has its own voice. A speaker at a table (an attendee seated there with the
        voice floor or their own microphone on, or a host visiting it) is heard at that table only; an attendee with the
        floor left in the hall, by the hall only; a host who visits no table is not named, so
        they reach everyone: that is "speaking to all tables"."""
        if not self.tables:
            return {}
        hall = frozenset(everyone - set(self.table_of) - set(self.visiting))
        audiences = {}
        for speaker in speakers:
            table_id = self.table_of.get(speaker) or self.visiting.get(speaker)
            if table_id in self.tables:
                audiences[speaker] = frozenset(self.at_table(table_id))
            elif speaker not in hosts:
                audiences[speaker] = hall
        return audiences

    def call_back(self) -> None:
        self.tables.clear()
        self.table_of.clear()
        self.visiting.clear()

    def summary(self) -> list[dict]:
        return [{"id": t.table_id, "name": t.name, "count": len(t.seated), "cap": t.cap, "open_mic": t.open_mic,
                 "mics": len(t.mics)} for t in self.tables.values()]

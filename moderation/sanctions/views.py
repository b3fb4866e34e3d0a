"""What each side is shown of a sanction and an appeal. The person never sees who acted nor
the internal note; moderators see everything."""
from __future__ import annotations

from datetime import timedelta
from typing import Any

from moderation.sanctions.ladder import APPEALABLE, Kind
from moderation.sanctions.models import Appeal, Sanction
from server.core.dates import iso

APPEAL_WINDOW = timedelta(days=30)


def appeal_json(appeal: Appeal | None, *, for_moderator: bool) -> dict[str, Any] | None:
    if appeal is None:
        return None
    body = {"id": appeal.id, "made_at": iso(appeal.made_at), "outcome": appeal.outcome,
            "answer_ja": appeal.answer_ja, "answer_en": appeal.answer_en, "decided_at": iso(appeal.decided_at)}
    if for_moderator:
        body.update(text=appeal.text, decided_by=appeal.decided_by, sanction_id=appeal.sanction_id,
                    account_id=appeal.account_id)
    return body


def for_person(sanction: Sanction, appeal: Appeal | None) -> dict[str, Any]:
    appealable = Kind(sanction.kind) in APPEALABLE
    return {
        "id": sanction.id, "kind": sanction.kind, "state": sanction.state,
        "reason_ja": sanction.reason_ja, "reason_en": sanction.reason_en,
        "given_at": iso(sanction.given_at), "ends_at": iso(sanction.ends_at), "lifted_at": iso(sanction.lifted_at),
        "appeal_until": iso(sanction.given_at + APPEAL_WINDOW) if appealable else None,
        "appeal": appeal_json(appeal, for_moderator=False),
        "occurrence_id": sanction.occurrence_id,  # an event removal's occurrence (else None)
    }


def for_moderator(sanction: Sanction, appeal: Appeal | None) -> dict[str, Any]:
    return {
        **for_person(sanction, None), "account_id": sanction.account_id, "note": sanction.note,
        "given_by": sanction.given_by, "confirmed_by": sanction.confirmed_by, "confirmed_at": iso(sanction.confirmed_at),
        "lifted_by": sanction.lifted_by, "appeal": appeal_json(appeal, for_moderator=True),
    }


def notice(sanction: Sanction) -> dict[str, Any]:
    """``sanction:notice``: what the person reads the moment it is given."""
    return for_person(sanction, None)

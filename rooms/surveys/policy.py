"""The rules of a survey, as pure functions: its state at a moment, who it is for, what a
well-formed survey and a well-formed answer are. No database, no transport."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from rooms.events.audience import SelfDescription, admits
from server.core import text
from server.core.errors import DomainError, ErrorCode
from server.core.principal import Principal

QUESTION_KINDS = ("single", "multiple", "scale", "text")
AUDIENCES = ("everyone", "individuals", "families")
MAX_QUESTIONS = 10
MAX_OPTIONS = 8
SCALE = range(1, 6)


def invalid(field: str, reason: str) -> DomainError:
    return DomainError(ErrorCode.INVALID, field=field, detail={"reason": reason})


def state(*, published: bool, opens_at: datetime, closes_at: datetime, closed_early_at: datetime | None,
          now: datetime) -> str:
    """draft | scheduled | open | closed. The injected clock's ``now`` decides."""
    if not published:
        return "draft"
    if closed_early_at is not None or now >= closes_at:
        return "closed"
    return "open" if now >= opens_at else "scheduled"


def for_me(audience: str, actor: Principal) -> bool:
    """Events' audience rule, narrowed to the three a survey may have (the account's own kind,
    as the person described themself)."""
    return audience in AUDIENCES and admits(audience, SelfDescription(actor.kind.value, False, actor.role))


@dataclass(frozen=True, slots=True)
class Question:
    id: str
    kind: str
    option_ids: tuple[str, ...] = ()


def option_id(i: int) -> str:
    return f"o{i + 1}"


def parse_question(i: int, raw: dict) -> dict:
    """One composed question, checked: {kind, prompt_ja, prompt_en, options:[{id, ja, en}]}."""
    where = f"questions[{i}]"
    kind = raw.get("kind")
    if kind not in QUESTION_KINDS:
        raise invalid(f"{where}.kind", "unknown")
    options = []
    if kind in ("single", "multiple"):
        given = raw.get("options") or []
        if not 2 <= len(given) <= MAX_OPTIONS:
            raise invalid(f"{where}.options", "two_to_eight")
        options = [{"id": option_id(j),
                    "ja": text.required(text.SURVEY_OPTION, o.get("ja"), field=f"{where}.options"),
                    "en": text.clean(text.SURVEY_OPTION, o.get("en"), field=f"{where}.options", optional=True) or ""}
                   for j, o in enumerate(given)]
    elif raw.get("options"):
        raise invalid(f"{where}.options", "only_for_choices")
    return {"kind": kind,
            "prompt_ja": text.required(text.SURVEY_QUESTION, raw.get("prompt_ja"), field=f"{where}.prompt_ja"),
            "prompt_en": text.clean(text.SURVEY_QUESTION, raw.get("prompt_en"), field=f"{where}.prompt_en",
                                    optional=True) or "",
            "options": options}


def check_dates(opens_at: datetime, closes_at: datetime) -> None:
    if closes_at <= opens_at:
        raise invalid("closes_at", "not_after_opening")


def _choice(q: Question, value: object) -> list[str]:
    picks = [value] if isinstance(value, str) else value
    if not isinstance(picks, list) or not picks or not all(isinstance(p, str) for p in picks):
        raise invalid("answers", "choice_expected")
    if len(set(picks)) != len(picks):
        raise invalid("answers", "choice_repeated")
    if q.kind == "single" and len(picks) != 1:
        raise invalid("answers", "one_choice_only")
    if any(p not in q.option_ids for p in picks):
        raise invalid("answers", "unknown_option")
    return picks


def check_answer(q: Question, value: object) -> int | list[str] | str:
    """The value of one answer as stored: a scale 1..5, the option ids picked, or a text
    (cleaned here; the shield is the caller's second step)."""
    if q.kind == "scale":
        if not isinstance(value, int) or isinstance(value, bool) or value not in SCALE:
            raise invalid("answers", "scale_is_1_to_5")
        return value
    if q.kind in ("single", "multiple"):
        return _choice(q, value)
    return text.required(text.SURVEY_TEXT, value, field="answers")


def check_answers(questions: list[Question], answers: list[dict]) -> list[tuple[Question, object]]:
    """Every question may be skipped, at least one answered, each at most once, none unknown."""
    by_id = {q.id: q for q in questions}
    if not answers:
        raise invalid("answers", "at_least_one")
    seen: set[str] = set()
    checked = []
    for raw in answers:
        qid = raw.get("question_id")
        q = by_id.get(qid) if isinstance(qid, str) else None
        if q is None:
            raise invalid("answers", "unknown_question")
        if qid in seen:
            raise invalid("answers", "one_per_question")
        seen.add(qid)
        checked.append((q, check_answer(q, raw.get("value"))))
    return checked

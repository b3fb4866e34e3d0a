"""The shield applied to a text before other people read it, per place (docs/MODERATION.md,
"Where the shield applies"). One screening per message (moderation.screen) answers both
questions: what others may see, and whether the words sound like a crisis.

- public (zone chat, conversations, event chat): personal information and "mask" words are
  masked (●) in what others receive and the sender is told which kinds, in the answer;
- desk: the person may want to give staff a number, so the first send with personal
  information is refused with CONFIRM_PERSONAL_INFO, and a resend with ``confirmed`` passes
  unmasked (only the staff member sees it);
- staff-facing posts (boards, event descriptions): let through, with a warning in the answer;
- private (letters to one's own specialist, consultations): unfiltered, screened for crisis.

Everywhere, a "refuse" word refuses (WORD_REFUSED) and a "flag" word passes and is noted for
moderators (the caller stores the flags: moderation.word_lists). The word list is swapped
whole when moderators change it (``set_words``), so a screening never sees half a list.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from moderation.screen import Screening, WordList, screen
from server.core.errors import DomainError, ErrorCode

STAFF_NOTICE = {
    "ja": "個人情報かもしれない部分（{kinds}）があります。公開してよい内容か確かめてください。",
    "en": "This seems to contain personal information ({kinds}). Please check it is meant to be public.",
}
NOTICE = {
    "ja": "個人情報かもしれない部分（{kinds}）を●で隠して送りました。ここにいる人はだれでも読めるためです。",
    "en": "Parts that look like personal information ({kinds}) were hidden with ● before sending: anyone here can read this.",
}
KIND_NAMES = {
    "phone": ("電話番号", "a phone number"), "email": ("メールアドレス", "an e-mail address"),
    "postal_code": ("郵便番号", "a postal code"), "address": ("住所", "an address"),
    "sns_id": ("SNSのID", "a social media ID"), "profile_link": ("プロフィールのリンク", "a profile link"),
}


@dataclass(frozen=True, slots=True)
class Shielded:
    text: str  # what the others receive
    kinds: tuple[str, ...]  # the kinds of personal information found (masked or not)
    masked: bool
    crisis_level: str  # none | concern | urgent
    crisis_matched: tuple[str, ...]
    flagged: tuple[str, ...]  # word-list phrases with the action "flag"

    def sender_notice(self) -> dict[str, Any]:
        """Merged into the sender's answer; empty when nothing was changed."""
        if not self.masked:
            return {}
        return {"shield": {"masked": True, "kinds": list(self.kinds), "message": notice_message(self.kinds)}}


def notice_message(kinds: tuple[str, ...], *, staff: bool = False) -> dict[str, str]:
    names = [KIND_NAMES.get(k, (k, k)) for k in kinds]
    words = STAFF_NOTICE if staff else NOTICE
    return {"ja": words["ja"].format(kinds="・".join(dict.fromkeys(n[0] for n in names))),
            "en": words["en"].format(kinds=", ".join(dict.fromkeys(n[1] for n in names)))}


def _kinds(screening: Screening) -> tuple[str, ...]:
    return tuple(dict.fromkeys(found.kind for found in screening.personal_info))


class Shield:
    def __init__(self, words: WordList | None = None):
        self._words = words

    def set_words(self, words: WordList | None) -> None:
        self._words = words

    @property
    def words(self) -> WordList | None:
        return self._words

    def check(self, text: str) -> Screening:
        return screen(text, words=self._words, crisis=True)

    def _screened(self, text: str) -> tuple[Screening, tuple[str, ...]]:
        screening = self.check(text)
        if screening.refused:
            raise DomainError(ErrorCode.WORD_REFUSED, field="text")
        flagged = tuple(hit.phrase for hit in screening.words if hit.action == "flag")
        return screening, flagged

    def public(self, text: str) -> Shielded:
        screening, flagged = self._screened(text)
        kinds = _kinds(screening)
        masked = screening.masked != text
        return Shielded(screening.masked, kinds, masked, screening.crisis.level, tuple(screening.crisis.matched), flagged)

    def desk(self, text: str, *, confirmed: bool) -> Shielded:
        screening, flagged = self._screened(text)
        kinds = _kinds(screening)
        if kinds and not confirmed:
            raise DomainError(ErrorCode.CONFIRM_PERSONAL_INFO, field="text", detail={"kinds": list(kinds)})
        return Shielded(text, kinds, False, screening.crisis.level, tuple(screening.crisis.matched), flagged)

    def private(self, text: str) -> Shielded:
        """Letters to one's own specialist, a consultation: nothing masked, crisis still heard."""
        screening = self.check(text)
        return Shielded(text, _kinds(screening), False, screening.crisis.level, tuple(screening.crisis.matched), ())

    def warn_staff(self, texts) -> dict[str, Any]:
        """Board posts and event descriptions, written by staff: never blocked or masked (a
        centre's own number belongs there); a warning in the answer names what was found."""
        kinds = tuple(dict.fromkeys(k for t in texts if isinstance(t, str) and t for k in _kinds(self.check(t))))
        return {"warning": {"personal_info": list(kinds), "message": notice_message(kinds, staff=True)}} if kinds else {}

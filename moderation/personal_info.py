"""Detects text that looks like contact details, so nobody exposes themself by accident.

A thin use of the screening engine's shield (``moderation.screen``): phone numbers, e-mail
addresses, postal codes, street addresses, SNS ids and profile links, in every spelling the
engine knows (full width, kanji numerals, "(at)", 「ライン」...).
"""
from __future__ import annotations

from moderation.screen import personal_info


def looks_like_contact_details(text: str) -> bool:
    return bool(personal_info(text))

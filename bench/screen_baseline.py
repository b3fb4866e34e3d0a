"""The baseline of bench.screen: moderation/personal_info.py as it stood before the screening
engine (NFKC, then a regex each for e-mail and phone), kept verbatim for comparison."""
from __future__ import annotations

import re
import unicodedata

EMAIL = re.compile(r"[^\s@]+@[^\s@]+\.[^\s@]+|[^\s@]+@[^\s@]{2,}")
# A phone number: 7+ digits, possibly split by spaces, dots, hyphens, brackets or plus signs.
PHONE = re.compile(r"(?:\+?\d[\s\-.()ー‐－]*){7,}")
URL = re.compile(r"(?:https?://|www\.)\S+", re.IGNORECASE)


def normalise(text: str) -> str:
    # NFKC folds full-width digits and ＠ into ASCII, so "０９０" is caught like "090".
    return unicodedata.normalize("NFKC", text)


def looks_like_email(text: str) -> bool:
    return bool(EMAIL.search(normalise(text)))


def looks_like_phone(text: str) -> bool:
    return bool(PHONE.search(normalise(text)))


def looks_like_contact_details(text: str) -> bool:
    return looks_like_email(text) or looks_like_phone(text)

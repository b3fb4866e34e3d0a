"""Phone numbers and e-mail addresses, found in the folded view (``normalise.fold``).

Phones: a run of digits and separators is split into its digit groups, and the longest run of
neighbouring groups that ``phonenumbers`` accepts as a Japanese (or +country) number wins, so
"2024.12.25 090-1234-5678" finds the phone and leaves the date. Kanji numerals count as
digits here only (三重県 elsewhere stays 三重県).
"""
from __future__ import annotations

import re
from collections.abc import Iterator

import phonenumbers

Span = tuple[str, int, int]  # kind, start, end in the folded text

KANJI_DIGITS = str.maketrans("〇零一二三四五六七八九", "00123456789")
_HAS_KANJI_DIGIT = re.compile("[〇零一二三四五六七八九]")

# Between two digit groups: spaces, dots, hyphens of every width and dash, 「・」, brackets,
# slashes and 「の」 (090の1234の5678). At most three in a row.
_SEP = r"[\s\-‐‑‒–—―ー−.・()\[\]/の]"
PHONE_RUN = re.compile(rf"(?<!\d)\+?\(?\d(?:{_SEP}{{0,3}}\d)+(?!\d)")
_GROUP = re.compile(r"\d+")
_DIGIT = re.compile(r"\d")
MOBILE_SHAPE = re.compile(r"0[5789]0\d{8}")


def _is_phone(digits: str, international: bool) -> bool:
    if international:
        candidate = "+" + digits
    elif digits.startswith("0") and 10 <= len(digits) <= 11:
        candidate = digits
    else:
        return False
    if not international and MOBILE_SHAPE.fullmatch(digits):
        return True  # 090/080/070/050 + 8: a mobile shape even where the plan has gaps
    try:
        return phonenumbers.is_valid_number(phonenumbers.parse(candidate, "JP"))
    except phonenumbers.NumberParseException:
        return False


def _phones_in_run(view: str, start: int, end: int) -> Iterator[Span]:
    groups = [(m.start(), m.end()) for m in _GROUP.finditer(view, start, end)]
    i = 0
    while i < len(groups):
        best = None
        for j in range(len(groups) - 1, i - 1, -1):  # the longest run of groups first
            digits = "".join(view[a:b] for a, b in groups[i:j + 1])
            if len(digits) > 15:
                continue
            plus = groups[i][0] > 0 and view[groups[i][0] - 1] == "+"
            if _is_phone(digits, plus):
                best = j
                break
        if best is None:
            i += 1
            continue
        first = groups[i][0]
        if first > 0 and view[first - 1] in "+(":
            first -= 1
        yield "phone", first, groups[best][1]
        i = best + 1


def phones(folded: str) -> Iterator[Span]:
    view = folded.translate(KANJI_DIGITS) if _HAS_KANJI_DIGIT.search(folded) else folded
    if len(_DIGIT.findall(view)) < 10:
        return
    for run in PHONE_RUN.finditer(view):
        digits = sum(c.isdigit() for c in run.group())
        if digits >= 10:
            yield from _phones_in_run(view, run.start(), run.end())


# E-mail: @ (full-width folds to it), "(at)", "[at]", " at ", 「アット」; "." or "(dot)",
# " dot ", 「ドット」. A spelled-out " at " needs a spelled-out dot or a mail provider, so
# "look at example.com" stays a sentence.
_AT = r"(?P<at>\s{0,2}@\s{0,2}|\s*[(\[{<]\s*at\s*[)\]}>]\s*|\s+at\s+|\s*あっと(?:まーく)?\s*)"
_TLD = r"(?:com|net|org|jp|co|ne|ac|or|go|info|io|me|biz|us|uk)(?![a-z])"
_DOT = rf"(?:\.(?!\s)|\s{{0,2}}\.\s{{0,2}}(?={_TLD})|\s*[(\[{{<]\s*dot\s*[)\]}}>]\s*|\s+dot\s+|\s*どっと\s*)"
_LABEL = r"[a-z0-9](?:[a-z0-9\-]*[a-z0-9])?"
EMAIL = re.compile(
    rf"(?<![a-z0-9._%+\-])[a-z0-9][a-z0-9._%+\-]*{_AT}(?P<domain>{_LABEL}(?:{_DOT}{_LABEL})*)(?![a-z0-9\-])"
)
PROVIDERS = frozenset({
    "gmail", "googlemail", "yahoo", "ymail", "icloud", "me", "mac", "outlook", "hotmail", "live",
    "msn", "docomo", "ezweb", "au", "softbank", "i", "aol", "proton", "protonmail", "gmx", "mail",
    "nifty", "biglobe", "ocn", "so-net", "zoho", "yandex", "qq", "naver",
})
_AT_WORD = re.compile(r"[\s(\[{<]at[\s)\]}>]")
_SPELLED_DOT = re.compile(r"[(\[{<]\s*dot|\sdot\s|どっと")


def emails(folded: str) -> Iterator[Span]:
    if "@" not in folded and "あっと" not in folded and not _AT_WORD.search(folded):
        return
    pos = 0
    while (m := EMAIL.search(folded, pos)) is not None:
        pos = m.start() + 1  # a rejected "me at mika" must not swallow "mika (at) example"
        domain = m.group("domain")
        first_label = re.split(r"[.\s(\[{<]|どっと", domain, maxsplit=1)[0]
        has_dot = domain != first_label
        at = m.group("at").strip()
        if at == "@":
            ok = has_dot or first_label in PROVIDERS or _is_whole_text(folded, m)
        elif at == "at":
            ok = bool(_SPELLED_DOT.search(domain)) or first_label in PROVIDERS
        else:  # "(at)", 「アット」: nobody writes those except to hide an address
            ok = has_dot or first_label in PROVIDERS
        if ok:
            yield "email", m.start(), m.end()
            pos = m.end()


def _is_whole_text(folded: str, m: re.Match) -> bool:
    """A dotless domain ("taro@mail") counts when it is all there is (a nickname, say); in a
    sentence "see you@home" stays a sentence."""
    return not folded[: m.start()].strip() and not folded[m.end():].strip()

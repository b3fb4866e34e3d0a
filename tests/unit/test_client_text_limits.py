"""The web client's input limits for free text come from web_client/src/text_limits.js
(generated from server/core/text.py): no number written by hand in a script's maxlength, and
the static pages name each field's kind (data-text-kind) for ui/page_limits.js to fill in."""
from __future__ import annotations

import re
from pathlib import Path

from server.core import text

WEB = Path(__file__).resolve().parents[2] / "web_client"
# Fields with a length bound that is not free text: passphrases and the recovery code.
NOT_FREE_TEXT = re.compile(r'type="password"|id="recover-code"')


def test_no_script_writes_a_maxlength_by_hand():
    literal = re.compile(r"""maxlength:\s*["'`]?\d|maxLength\s*=\s*\d""")
    found = [f"{path.relative_to(WEB)}:{n}" for path in sorted((WEB / "src").rglob("*.js"))
             for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if literal.search(line)]
    assert found == []


def test_the_static_pages_name_their_text_kinds_instead_of_numbers():
    kinds, numbered = [], []
    for page in sorted(WEB.glob("*.html")):
        for tag in re.findall(r"<(?:input|textarea)\b[^>]*>", page.read_text(encoding="utf-8")):
            kinds += re.findall(r'data-text-kind="([a-z_]+)"', tag)
            if "maxlength=" in tag and not NOT_FREE_TEXT.search(tag):
                numbered.append(f"{page.name}: {tag}")
    assert numbered == []
    assert len(kinds) >= 10 and set(kinds) <= set(text.KINDS)

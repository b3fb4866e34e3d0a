"""One name for the place: every page calls it いばしょ (Ibasho in English). The public pages
said 「居場所 Ibasho」, the console and the admin page 「居場所 …」, while the landing and the
space say いばしょ, and 居場所 is also the name of the quiet corner on the map (found on the
persona walks, issue 15)."""
import re
from pathlib import Path

import pytest

from server.http.board_pages import TEXT as BOARD_TEXT
from server.http.event_pages import TEXT as EVENT_TEXT
from server.http.survey_words import TEXT as SURVEY_TEXT

ROOT = Path(__file__).resolve().parents[2]
SOURCES = [*sorted((ROOT / "web_client").glob("*.html")), ROOT / "web_client/src/console/i18n.js",
           ROOT / "web_client/src/admin/admin.js"]


@pytest.mark.parametrize("words", [BOARD_TEXT, EVENT_TEXT, SURVEY_TEXT], ids=["boards", "events", "surveys"])
def test_the_public_pages_name_the_place_ibasho(words):
    assert words["ja"]["site"] == "いばしょ" and words["en"]["site"] == "Ibasho"


@pytest.mark.parametrize("source", SOURCES, ids=lambda path: path.name)
def test_titles_and_headings_never_call_the_place_by_the_quiet_corners_name(source: Path):
    text = source.read_text(encoding="utf-8")
    titles = re.findall(r"<title>([^<]*)</title>|<h1[^>]*>([^<]*)</h1>|(?:appTitle|title): \"([^\"]*)\"", text)
    assert titles, source
    for title in (part for match in titles for part in match if part):
        assert "居場所" not in title, (source.name, title)

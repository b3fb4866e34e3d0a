"""The demo content never contradicts the product (issue 15 item 3): the boards state the
desk's own demo hours, name only places that are on the map, and the pinned badge reads the
same in the space and on /boards."""
import re
from pathlib import Path

import pytest

from rooms.boards.demo import DEMO_POSTS, filled
from rooms.desk.demo import DEMO_HOURS
from rooms.desk.hours_text import hours_markdown
from rooms.maps import load_demo_map
from server.http.board_pages import TEXT


def test_hours_read_as_people_say_them():
    weekly = [(d, 600, 1020) for d in range(5)] + [(1, 1140, 1260), (3, 1140, 1260), (5, 780, 960), (6, 1200, 1440)]
    assert hours_markdown(weekly, "ja") == "- 月〜金 10:00〜17:00\n- 火・木 19:00〜21:00\n- 土 13:00〜16:00\n- 日 20:00〜24:00"
    assert hours_markdown(weekly, "en") == (
        "- Mon-Fri 10:00-17:00\n- Tue, Thu 19:00-21:00\n- Sat 13:00-16:00\n- Sun 20:00-24:00")
    assert hours_markdown([(0, 600, 660), (2, 600, 660)], "ja") == "- 月・水 10:00〜11:00"


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_the_board_states_the_desks_own_hours(lang):
    bodies = [filled(getattr(post, f"body_{lang}"), lang) for post in DEMO_POSTS]
    hours = hours_markdown(DEMO_HOURS, lang)
    assert sum(hours in body for body in bodies) == 1
    assert not any("{desk_hours}" in body for body in bodies)


def test_places_named_in_the_posts_are_on_the_map():
    game_map = load_demo_map()
    names_ja = {zone.name_ja for zone in game_map.zones} | {obj.properties.get("name_ja") for obj in game_map.objects}
    names_en = {zone.name_en for zone in game_map.zones} | {obj.properties.get("name_en") for obj in game_map.objects}
    said_ja = {m for post in DEMO_POSTS for m in re.findall(r"スペースの「([^」]+)」", post.body_ja)}
    said_en = {m for post in DEMO_POSTS for m in re.findall(r'"([^"]+)" in this space|space\'s "([^"]+)"|go to the "([^"]+)"', post.body_en)}
    said_en = {name for group in said_en for name in group if name}
    assert said_ja and said_ja <= names_ja, said_ja - names_ja
    assert said_en and said_en <= names_en, said_en - names_en
    words = " ".join(post.body_ja + post.body_en for post in DEMO_POSTS)
    for ghost in ("相談の部屋", "カフェ", "café", "consultation room"):
        assert ghost not in words


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_the_pinned_badge_reads_the_same_in_the_space_and_on_boards(lang):
    words = (Path(__file__).resolve().parents[2] / "web_client/src/ui/board_words.js").read_text(encoding="utf-8")
    in_space = re.findall(r'pinned: "([^"]+)"', words)
    assert len(in_space) == 2 and TEXT[lang]["pinned"] == in_space[0 if lang == "ja" else 1]


def test_event_posts_promise_no_dates_the_events_list_does_not_have():
    """The demo seeds no events, so a post that named a weekday or a time would announce a
    gathering the events list says does not exist (found on the family member's walk)."""
    event_posts = [post for post in DEMO_POSTS if post.category == "events"]
    assert event_posts
    for post in event_posts:
        text = " ".join((post.title_ja, post.body_ja, post.title_en, post.body_en))
        assert not re.search(r"\d{1,2}:\d{2}|[月火水木金土日]曜|毎週|毎月|第\d|day(s)? of|Monday|Tuesday|Wednesday|"
                             r"Thursday|Friday|Saturday|Sunday|every week|every month", text), post.title_en
        assert "催し" in post.body_ja and "Events" in post.body_en

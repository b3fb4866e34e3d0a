"""The landing loads only what it needs, all at once (issue 15 item 12): index.html preloads
exactly the modules main.js reaches through static imports, and the space, the board reader,
the avatar builder and the support panels arrive through dynamic import() only."""
from __future__ import annotations

import re
from pathlib import Path

SRC = Path(__file__).resolve().parents[2] / "web_client" / "src"
STATIC_IMPORT = re.compile(r'^\s*(?:import|export)\s[^;]*?from\s+"(\.[^"]+)"|^\s*import\s+"(\.[^"]+)"', re.M)


def static_closure(entry: str) -> set[str]:
    seen, todo = set(), [entry]
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        seen.add(name)
        source = (SRC / name).read_text(encoding="utf-8")
        for match in STATIC_IMPORT.finditer(source):
            target = (SRC / name).parent / (match.group(1) or match.group(2))
            todo.append(target.resolve().relative_to(SRC.resolve()).as_posix())
    return seen


def test_index_preloads_exactly_what_the_landing_imports():
    html = (SRC.parent / "index.html").read_text(encoding="utf-8")
    preloaded = set(re.findall(r'<link rel="modulepreload" href="/static/([^"]+)">', html))
    scripts = re.findall(r'<script type="module"( async)? src="/static/([^"]+)"></script>', html)
    # early.js runs on its own (async) before main.js, which imports the same instance.
    assert scripts == [(" async", "early.js"), ("", "main.js")]
    assert preloaded | {"early.js"} == static_closure("main.js") - {"main.js"}
    assert "early.js" not in preloaded


def test_early_reaches_nothing_but_the_api():
    assert static_closure("early.js") == {"early.js", "api.js"}


def test_the_landing_does_not_carry_the_space_or_its_panels():
    landing = static_closure("main.js")
    assert "app.js" not in landing and len(landing) <= 15  # 12, the text limits the login form reads, the report words i18n holds, early.js
    space = static_closure("app.js")
    for lazy in ("ui/board_reader.js", "ui/avatar_builder.js", "ui/booking.js", "ui/consult.js",
                 "ui/desk.js", "ui/letters.js", "ui/my_record.js"):
        assert lazy not in space, lazy
        assert (SRC / lazy).exists()

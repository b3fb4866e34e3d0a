"""Shared steps of the persona walks (issue 15, "Tests"): one browser context per persona,
every JavaScript error it meets counted, and each key screen photographed at the two sizes
people use (1280x800 and 390x844) into test-artifacts/personas/ (gitignored).

The viewport is switched inside the walk for each photograph (and back), instead of walking
everything twice: the walk stays one pass, which keeps the suite's time down."""
from __future__ import annotations

import re
from contextlib import contextmanager
from pathlib import Path

from playwright.sync_api import Page, expect

from tests.e2e.conftest import ARTIFACTS
from tests.e2e.rest import rest
from tests.e2e.test_space import MEDIA_SPY

WIDE = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}
SHOTS = ARTIFACTS / "personas"
# The browser's own grey button (Chromium's default ButtonFace): never seen on a styled page.
BROWSER_GREY = "rgb(239, 239, 239)"
# Two animation frames: the layout after a resize has been drawn.
TWO_FRAMES = "() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)))"


class Walk:
    """One persona's day: its pages, the errors they raised, and the photographs taken."""

    def __init__(self, new_context, persona: str, **options):
        options.setdefault("viewport", dict(WIDE))
        self.persona = persona
        self.new_context = new_context
        self.options = options
        self.errors: list[str] = []
        self.expected: list[str] = []  # console errors the walk provoked on purpose (a refused request)
        self.shots: list[Path] = []
        self.page = self.open()

    def open(self, **options) -> Page:
        """A page in a fresh context of this persona's kind (another person in the same day)."""
        context = self.new_context(**{**self.options, **options})
        context.add_init_script(MEDIA_SPY)  # counts any call that could raise a permission prompt
        page = context.new_page()
        page.scripted = options.get("java_script_enabled", self.options.get("java_script_enabled", True))
        page.on("pageerror", lambda exc: self.errors.append(f"page error: {exc}"))
        page.on("console", lambda msg: self._console(msg))
        return page

    def _console(self, msg) -> None:
        if msg.type != "error":
            return
        if any(pattern.search(msg.text) for pattern in map(re.compile, self.expected)):
            return
        self.errors.append(f"console error: {msg.text} ({msg.location.get('url', '')})")

    @contextmanager
    def refused(self, status: int):
        """The walk asks for something the server must refuse: Chromium logs the HTTP
        status as a console error, which is then expected and not a fault."""
        pattern = f"status of {status} "
        self.expected.append(pattern)
        try:
            yield
        finally:
            self.expected.remove(pattern)

    def shoot(self, name: str, page: Page | None = None) -> None:
        """The screen as seen at 1280x800 and at 390x844 (viewport only: what a person sees)."""
        page = page or self.page
        SHOTS.mkdir(parents=True, exist_ok=True)
        before = page.viewport_size
        for size in (WIDE, PHONE):
            page.set_viewport_size(size)
            if page.scripted:  # (a page without JavaScript has no frames to wait for)
                page.evaluate(TWO_FRAMES)
            path = SHOTS / f"{self.persona}-{len(self.shots) // 2 + 1:02d}-{name}-{size['width']}x{size['height']}.png"
            page.screenshot(path=str(path))
            self.shots.append(path)
        page.set_viewport_size(before)
        if page.scripted:
            page.evaluate(TWO_FRAMES)

    def assert_clean(self) -> None:
        """No JavaScript error on any page of the walk, and this persona's page asked for no
        microphone, camera or other permission."""
        assert self.errors == [], self.errors
        assert self.page.evaluate("window.__mediaCalls") == []
        assert all(path.stat().st_size > 0 for path in self.shots)


# -- steps more than one persona takes ----------------------------------------------------------

def log_in_on_landing(page: Page, base: str, nickname: str, passphrase: str) -> None:
    page.goto(base + "/")
    page.get_by_role("button", name="ニックネームで入る").click()
    page.locator("#login-nickname").fill(nickname)
    page.locator("#login-passphrase").fill(passphrase)
    page.locator("#login-form").get_by_role("button", name="入る").click()
    expect(page.locator("#map")).to_have_attribute("data-connected", "true", timeout=20000)
    close_welcome(page)


def enter_as_guest(page: Page, base: str) -> str:
    page.goto(base + "/")
    page.get_by_role("button", name="見てまわる").click()
    expect(page.locator("#map")).to_have_attribute("data-connected", "true", timeout=20000)
    expect(page.locator("#map")).to_have_attribute("data-self-id", re.compile(".+"))
    close_welcome(page)
    return page.locator("#map").get_attribute("data-self-id")


def close_welcome(page: Page) -> None:
    welcome = page.get_by_role("button", name="このまま見てまわる")
    if welcome.is_visible():
        welcome.click()


def sign_in_console(page: Page, base: str, nickname: str, passphrase: str, section: str = "") -> None:
    page.goto(base + "/console" + (f"#{section}" if section else ""))
    page.get_by_label("ニックネーム").fill(nickname)
    page.get_by_label("あいことば").fill(passphrase)
    page.get_by_role("button", name="ログイン").click()
    page.get_by_role("navigation", name="コンソールのメニュー").wait_for()


def token_for(base: str, nickname: str, passphrase: str) -> str:
    status, body = rest(base, "POST", "/api/auth/login", body={"nickname": nickname, "passphrase": passphrase})
    assert status == 200, body
    return body["access_token"]


def assert_no_grey_buttons(page: Page, scope: str = "body") -> None:
    """Every visible button in ``scope`` has a look of its own, never the browser's grey."""
    greys = page.evaluate("""([scope, grey]) => [...document.querySelectorAll(scope + " button")]
        .filter((b) => b.offsetParent !== null && getComputedStyle(b).backgroundColor === grey)
        .map((b) => b.textContent.trim() || b.getAttribute("aria-label"))""", [scope, BROWSER_GREY])
    assert greys == [], f"browser-grey buttons in {scope}: {greys}"


def assert_dialog_styled(dialog) -> None:
    """A dialog with the place's calm frame, not the browser's black border."""
    assert dialog.evaluate("d => getComputedStyle(d).borderTopColor") != "rgb(0, 0, 0)"
    assert dialog.evaluate("d => getComputedStyle(d).borderTopLeftRadius") != "0px"


# Where a person at world point (x, y) is drawn on the screen: the body box of render.js's
# avatarAt (feet at y) and the name label under it, through the camera the map reports.
AVATAR_ON_SCREEN = """([x, y]) => { const map = document.getElementById('map');
  const [cx, cy, zoom] = map.dataset.camera.split(',').map(Number), r = map.getBoundingClientRect();
  const sx = r.left + (x - cx) * zoom, sy = r.top + (y - cy) * zoom;
  return { left: sx - 16 * zoom, right: sx + 16 * zoom, top: sy - 42 * zoom, bottom: sy + 32 * zoom }; }"""


def assert_not_covered(page: Page, offer, people: list[tuple[float, float]]) -> None:
    """The offer's card (a place's or a zone's sign over the map) leaves every one of these
    people, body and name, uncovered."""
    page.evaluate(TWO_FRAMES)
    card = offer.evaluate("b => { const r = b.parentElement.getBoundingClientRect(); return {left: r.left, right: r.right, top: r.top, bottom: r.bottom}; }")
    for person in people:
        drawn = page.evaluate(AVATAR_ON_SCREEN, list(person))
        overlap = (min(card["right"], drawn["right"]) > max(card["left"], drawn["left"])
                   and min(card["bottom"], drawn["bottom"]) > max(card["top"], drawn["top"]))
        assert not overlap, f"the offer {card} covers the person drawn at {drawn} ({page.viewport_size})"

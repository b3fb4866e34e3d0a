"""Forms that fit a phone (issue 15 item 4): at 390x844, in Japanese and English, no control of
any console section, of /admin or of the space's header sticks out of the screen (a wide table
may scroll inside its own box), none is the browser's grey button, every field has a name, and
the space's status select shows its whole choice."""
from __future__ import annotations

import pytest

from tests.e2e.conftest import ARTIFACTS

PHONE = {"width": 390, "height": 844}
CONSOLE_LANG = "ibasho.console.lang"

# Every visible control: where it sticks out, whether it has a name, whether it is unstyled.
PROBLEMS = """() => {
  const out = [];
  const width = document.documentElement.clientWidth;
  const scrollsSideways = (el) => {
    for (let p = el.parentElement; p; p = p.parentElement) {
      const o = getComputedStyle(p).overflowX;
      if ((o === 'auto' || o === 'scroll') && p.getBoundingClientRect().right <= width + 1) return true;
    }
    return false;
  };
  for (const el of document.querySelectorAll('input, select, textarea, button')) {
    const box = el.getBoundingClientRect();
    if (!box.width || el.type === 'hidden' || getComputedStyle(el).visibility === 'hidden') continue;
    const what = `${el.tagName.toLowerCase()} ${el.id || el.name || el.textContent.trim().slice(0, 24)}`;
    if ((box.right > width + 1 || box.left < -1) && !scrollsSideways(el)) out.push(`sticks out: ${what}`);
    const named = el.labels?.length || el.getAttribute('aria-label') || el.getAttribute('aria-labelledby')
      || el.title || (el.tagName === 'BUTTON' && el.textContent.trim());
    if (!named) out.push(`no name: ${what}`);
    if (el.tagName === 'BUTTON' && getComputedStyle(el).backgroundColor === 'rgb(239, 239, 239)') out.push(`grey button: ${what}`);
  }
  if (document.documentElement.scrollWidth > width + 1) out.push(`page wider than the screen: ${document.documentElement.scrollWidth}`);
  return out;
}"""

# How much wider the shown choice is than the room the select gives it (<= 0: it fits).
SELECT_OVERFLOW = """(select) => {
  const style = getComputedStyle(select);
  const ctx = document.createElement('canvas').getContext('2d');
  ctx.font = `${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
  const text = select.options[select.selectedIndex].text;
  const room = select.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight) - 20; // the arrow
  return ctx.measureText(text).width - room;
}"""


def sign_in(page, base: str, nickname: str, passphrase: str) -> None:
    page.goto(base + "/console")
    page.locator("input[name=nickname]").fill(nickname)
    page.locator("input[name=passphrase]").fill(passphrase)
    page.locator("form.login button").last.click()
    page.locator("nav.menu").wait_for()


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_every_console_section_fits_a_phone(live_server, new_context, lang):
    found: dict[str, list[str]] = {}
    for nickname, passphrase in (("デモ管理者", "demo-admin-pass"), ("デモ相談員", "demo-staff-pass")):
        context = new_context(viewport=PHONE)
        context.add_init_script(f"localStorage.setItem('{CONSOLE_LANG}', '{lang}')")
        page = context.new_page()
        sign_in(page, live_server.url, nickname, passphrase)
        sections = page.locator("nav.menu a").evaluate_all("links => links.map((a) => a.dataset.section)")
        assert len(sections) >= 8
        for section in sections:
            page.goto(f"{live_server.url}/console#{section}")
            page.locator(f".section-{section} .section-body > :not(p.muted)").first.wait_for()
            page.wait_for_timeout(300)  # a section fills in after its first answer
            problems = page.evaluate(PROBLEMS)
            if problems:
                found[f"{nickname} {section}"] = problems
        context.close()
    assert not found, found


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_the_admin_page_fits_a_phone(live_server, new_context, lang):
    page = new_context(viewport=PHONE).new_page()
    page.goto(live_server.url + "/admin")
    if lang == "en":
        page.locator("#lang").click()
    assert page.evaluate(PROBLEMS) == []
    page.locator("#f1").fill("デモ管理者")
    page.locator("#f2").fill("demo-admin-pass")
    page.locator("#login-form button[type=submit]").click()
    page.locator("#staff-table tbody tr").nth(4).wait_for()
    assert page.evaluate(PROBLEMS) == []
    # the console's button look: a rounded pill as wide as its words, not a square full-width bar
    submit = page.locator("#create-form button[type=submit]")
    assert submit.evaluate("b => getComputedStyle(b).borderTopLeftRadius") == "999px"
    assert submit.bounding_box()["width"] < page.locator("#create-form").bounding_box()["width"] / 2

    # the one-time recovery code's dialog keeps a margin from both edges, like the other dialogs
    page.locator("#f3").fill(f"ほそい画面の相談員{lang}")
    page.locator("#f4").fill("narrow screen 2026")
    page.locator("#f5").select_option("staff")
    page.locator("#create-form button[type=submit]").click()
    dialog = page.locator("#code-dialog")
    dialog.wait_for()
    box = dialog.bounding_box()
    assert box["x"] >= 12 and box["x"] + box["width"] <= PHONE["width"] - 12, box
    assert page.evaluate(PROBLEMS) == []
    page.screenshot(path=str(ARTIFACTS / f"admin-code-dialog-390-{lang}.png"))


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_the_spaces_status_select_shows_its_whole_choice_on_a_phone(live_server, new_context, lang):
    page = new_context(viewport=PHONE).new_page()
    page.goto(live_server.url + "/")
    if lang == "en":
        page.locator("#lang-switch, .lang-switch").first.click()
    page.locator("#enter-guest").click()
    select = page.locator("#status-select")
    select.wait_for()
    page.wait_for_timeout(300)
    for value in ("open", "just_here", "dnd"):
        select.select_option(value)
        assert select.evaluate(SELECT_OVERFLOW) <= 0, select.evaluate("s => s.options[s.selectedIndex].text")
    # the short words still say the same thing, and the select keeps its name
    assert select.evaluate("s => s.labels[0].textContent") in ("いまのようす", "How you are now")
    # wider screens keep the whole sentence
    page.set_viewport_size({"width": 1280, "height": 800})
    expected = "ここにいるだけ（何もしなくていい）" if lang == "ja" else "Just here (no need to do anything)"
    select.select_option("just_here")
    assert select.evaluate("s => s.options[s.selectedIndex].text") == expected

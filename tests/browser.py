"""Helpers for the browser tests: run app.py as a real server and drive Debian's chromium.

The app runs as a subprocess on a free 127.0.0.1 port with its own PLANDRAFT_HOME; Playwright
drives /usr/bin/chromium headless (no browser download, no background traffic). Screenshots go to
artifacts/screenshots/ so a person can look at every step.
"""
from __future__ import annotations

import os
import re
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from playwright.sync_api import Browser, Locator, Page, expect, sync_playwright

from servers import free_port, running_server

ROOT = Path(__file__).resolve().parent.parent
SCREENSHOTS = ROOT / "artifacts" / "screenshots"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
START_TIMEOUT = 180  # seconds: imports (torch, gradio) on 2 shared cores are slow
WRITE_TIMEOUT = 300_000  # ms: a whole draft on 2 shared cores


@contextmanager
def running_app(home: Path, extra_env: dict[str, str] | None = None) -> Iterator[str]:
    """Start `python app.py --port P` with PLANDRAFT_HOME=home; yield its URL; stop it."""
    port = free_port()
    log = home / "app.log"
    env = {**os.environ, "PLANDRAFT_HOME": str(home), "GRADIO_ANALYTICS_ENABLED": "False",
           **(extra_env or {})}
    url = f"http://127.0.0.1:{port}/"
    try:
        with running_server([sys.executable, str(ROOT / "app.py"), "--port", str(port)], url, log,
                            timeout=START_TIMEOUT, cwd=ROOT, env=env):
            yield url
    finally:
        print(f"--- {log} (tail) ---\n{log.read_text()[-3000:]}")  # shown for failed tests


@contextmanager
def headless_chromium() -> Iterator[Browser]:
    """Debian's chromium, headless, with no background traffic (the `chromium` fixture)."""
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        try:
            yield browser
        finally:
            browser.close()


def open_page(browser: Browser, url: str) -> Page:
    """A fresh browser context (= its own session) with a Chinese locale, showing the app."""
    context = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900},
                                  accept_downloads=True)
    page = context.new_page()
    page.goto(url)
    return page


def shot(page: Page, name: str, focus: Locator | None = None) -> Path:
    """Screenshot of the whole page, or of the screenful around focus (what the user looks at)."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    if focus is not None:
        focus.scroll_into_view_if_needed()
    page.screenshot(path=str(path), full_page=focus is None)
    return path


# ---- Gradio widgets, found the way a person finds them: by their visible label --------------
def field(page: Page, label: str) -> Locator:
    """The text box, number box or dropdown input under a visible label."""
    return page.get_by_label(label, exact=True)


def button(page: Page, name: str) -> Locator:
    return page.get_by_role("button", name=name, exact=True)


def choose(page: Page, label: str, option: str) -> None:
    """Pick an option of a Gradio dropdown."""
    field(page, label).click()
    page.get_by_role("option", name=option, exact=True).click()


def wait_ready(page: Page, timeout: float = 600) -> None:
    """Wait until the index is built and the first step's button can be pressed."""
    expect(button(page, "生成提纲")).to_be_enabled(timeout=timeout * 1000)


def toast(page: Page) -> Locator:
    return page.get_by_test_id("toast-body")


# ---- the drafting steps --------------------------------------------------------------------
def outline_box(page: Page) -> Locator:
    """The outline as Markdown text (the editor's "advanced" view, opened when closed)."""
    box = field(page, "提纲文本")
    if not box.is_visible():
        page.get_by_text("高级：按文本编辑提纲（Markdown）").click()
        expect(box).to_be_visible()
    return box


def edit_outline_text(page: Page, text: str, shows: Locator) -> None:
    """Put `text` in the outline box and see the table follow (`shows` appears). Under load the
    browser may not send a text change at all, or a late answer of 生成提纲 may put the generated
    outline back over what was just typed (both seen in CI, in Gradio's client): the user sees
    the box and the table disagree (生成全文 refuses them) and types again, as this does."""
    box = outline_box(page)
    for _ in range(3):
        box.fill("")
        box.fill(text)
        try:
            expect(shows).to_be_visible(timeout=15_000)
            expect(box).to_have_value(text)
            return
        except AssertionError:
            page.wait_for_timeout(2000)
    expect(shows).to_be_visible(timeout=30_000)


def cell(page: Page, row: int, col: int) -> Locator:
    """A cell of the outline table (0-based row and column, as Gradio numbers them)."""
    return page.get_by_test_id(f"cell-{row}-{col}")


def type_cell(page: Page, row: int, col: int, text: str) -> None:
    """Edit a table cell the way a person does: double-click, type, Enter."""
    cell(page, row, col).dblclick()
    page.keyboard.press("ControlOrMeta+a")
    page.keyboard.type(text)
    page.keyboard.press("Enter")


def make_outline(page: Page, brief: str) -> None:
    field(page, "简要需求").fill(brief)
    button(page, "生成提纲").click()
    expect(field(page, "计划标题")).to_have_value(re.compile(r"\S"), timeout=120_000)
    expect(outline_box(page)).to_have_value(re.compile(r"^# \S"), timeout=30_000)


def write_all(page: Page) -> None:
    button(page, "生成全文").click()
    expect(page.get_by_text("全文已完成")).to_be_visible(timeout=WRITE_TIMEOUT)


def part(page: Page, n: int) -> Locator:
    """The body text of the n-th section of the draft on screen."""
    return page.locator(f"#part-{n} .body")


def log_in(browser: Browser, url: str, user: str, password: str) -> Page:
    """A fresh session that logs in through Gradio's login page as `user`."""
    page = open_page(browser, url)
    field(page, "用户名").fill(user)
    field(page, "密码").fill(password)
    button(page, "登录").click()
    expect(page.get_by_text(f"已登录：{user}")).to_be_visible(timeout=60_000)
    return page

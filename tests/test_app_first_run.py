"""First run and restart in a real browser, behind a password (PLANDRAFT_AUTH).

A fresh data folder (only the shared converted embedding model in it): the app builds the index
itself, shows its progress and keeps 生成提纲 disabled until it is done — nobody runs ingest
first. After a restart the index is not rebuilt and the draft made before can be reopened and
exported.
"""
from __future__ import annotations

import re

import pytest
from docx import Document
from playwright.sync_api import Page, expect

from browser import button, field, make_outline, open_page, running_app, shot, wait_ready, write_all

USER, PASSWORD = "gonghui", "mima2026"
BRIEF = "阳光幼儿园工会 2026年上半年工作计划，重点：女教职工关爱、师德师风、文体活动"


@pytest.fixture(scope="module")
def home(tmp_path_factory, shared_models_dir):
    home = tmp_path_factory.mktemp("first-run") / "home"
    home.mkdir()
    (home / "models").symlink_to(shared_models_dir, target_is_directory=True)
    return home


def log_in(page: Page, password: str = PASSWORD) -> None:
    page.get_by_label("用户名").fill(USER)
    page.get_by_label("密码").fill(password)
    page.get_by_role("button", name="登录").click()


def test_first_run_builds_the_index_then_a_restart_keeps_drafts(chromium, home, tmp_path):
    env = {"PLANDRAFT_AUTH": f"{USER}:{PASSWORD}"}
    with running_app(home, env) as url:
        page = open_page(chromium, url)
        expect(page.get_by_label("密码")).to_be_visible(timeout=30_000)
        log_in(page, "wrong-password")
        # Wait for the refusal itself: a second click while the first answer is on its way is lost.
        expect(page.get_by_text("凭据不正确")).to_be_visible(timeout=30_000)
        expect(page.get_by_text("工会工作计划起草助手", exact=True)).to_have_count(0)
        shot(page, "20_login_refused")
        log_in(page)
        expect(page.get_by_text("正在准备范文索引")).to_be_visible(timeout=60_000)
        expect(button(page, "生成提纲（范文索引准备中，请稍候）")).to_be_disabled()
        expect(page.locator("progress").first).to_be_visible()
        shot(page, "21_first_run_indexing")
        wait_ready(page)
        expect(page.get_by_text("正在准备范文索引")).to_have_count(0)
        make_outline(page, BRIEF)
        write_all(page)
        title = page.locator(".draft h1").inner_text()
        assert "阳光幼儿园" in title

    with running_app(home, env) as url:
        page = open_page(chromium, url)
        log_in(page)
        wait_ready(page, timeout=60)  # the index is up to date: nothing to embed again
        page.get_by_text("打开以前的草稿").click()
        field(page, "已保存的草稿（最新的在前）").click()
        page.get_by_role("option", name=re.compile(re.escape(title))).first.click()
        button(page, "打开").click()
        expect(page.locator(".draft h1")).to_have_text(title, timeout=60_000)
        expect(field(page, "简要需求")).to_have_value(BRIEF)
        shot(page, "22_reopened_after_restart", page.locator(".draft h1"))
        with page.expect_download() as download:
            button(page, "下载 Word 文件").click()
        path = tmp_path / "reopened.docx"
        download.value.save_as(path)
        assert any(title in p.text for p in Document(str(path)).paragraphs)

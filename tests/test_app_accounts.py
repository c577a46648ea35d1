"""The app with accounts, in a real browser against app.py: two logged-in users each see only
their own drafts (in the list, and by id), and wrong passwords lock a name out for a while.
Accounts are made with the real `plandraft users add` command."""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import urllib.error
import urllib.parse
import urllib.request

import pytest
from playwright.sync_api import expect

from browser import button, field, log_in, make_outline, open_page, running_app, shot, wait_ready, write_all

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SCHOOL = "实验小学工会 2026年上半年工作计划，重点：教代会、师德建设"
HOSPITAL = "人民医院工会 2026年工作计划，重点：医德医风、职工健康"
PASSWORDS = {"alice": "alice-pass-1", "bob": "bob-pass-123", "carol": "carol-pass-1"}


@pytest.fixture(scope="module")
def app_url(indexed_settings, tmp_path_factory):
    home = tmp_path_factory.mktemp("app-accounts") / "home"
    shutil.copytree(indexed_settings.home, home, symlinks=True)
    env = {**os.environ, "PLANDRAFT_HOME": str(home)}
    for name, password in PASSWORDS.items():
        subprocess.run([sys.executable, "-m", "plandraft.cli", "users", "add", name, "--password-stdin"],
                       input=password + "\n", text=True, check=True, cwd=ROOT, env=env)
    with running_app(home) as url:
        yield url


def saved_drafts(page) -> list[str]:
    page.get_by_text("打开以前的草稿").click()
    field(page, "已保存的草稿（最新的在前）").click()
    options = page.get_by_role("option").all_inner_texts()
    page.keyboard.press("Escape")
    return options


def test_two_users_cannot_see_each_others_drafts(chromium, app_url):
    alice = log_in(chromium, app_url, "alice", PASSWORDS["alice"])
    bob = log_in(chromium, app_url, "bob", PASSWORDS["bob"])
    for page, brief in ((alice, SCHOOL), (bob, HOSPITAL)):
        wait_ready(page)
        make_outline(page, brief)
        write_all(page)
    draft_id = re.search(r"草稿编号 (\w+)", alice.locator("#draft-progress").inner_text()).group(1)
    shot(alice, "30_accounts_alice_draft", alice.locator(".draft h1"))

    # Each one's list of saved drafts holds their own draft only, also after a reload.
    for page, mine, theirs in ((alice, "实验小学", "人民医院"), (bob, "人民医院", "实验小学")):
        page.reload()
        wait_ready(page)
        listed = saved_drafts(page)
        assert any(mine in t for t in listed) and not any(theirs in t for t in listed), listed
    shot(bob, "31_accounts_bob_list")

    # Bob sending Alice's draft id to the app's open-draft endpoint (the page offers no way to
    # type one) gets nothing of it; Alice gets her draft.
    from gradio_client import Client
    client = Client(app_url, auth=("bob", PASSWORDS["bob"]), verbose=False, download_files=False)
    assert draft_id not in str(client.predict(api_name="/drafts_dropdown"))
    with pytest.raises(Exception, match="not in the list of choices"):
        client.predict(draft_id, api_name="/open_draft")
    mine = Client(app_url, auth=("alice", PASSWORDS["alice"]), verbose=False, download_files=False)
    assert draft_id in str(mine.predict(api_name="/drafts_dropdown"))
    assert "实验小学" in mine.predict(draft_id, api_name="/open_draft")[1]


def _login(url: str, user: str, password: str) -> int:
    data = urllib.parse.urlencode({"username": user, "password": password}).encode()
    try:
        with urllib.request.urlopen(urllib.request.Request(url + "login", data=data), timeout=30) as r:
            return r.status
    except urllib.error.HTTPError as exc:
        return exc.code


def test_wrong_passwords_lock_the_name(chromium, app_url):
    assert _login(app_url, "carol", "not-her-password") == 400
    for _ in range(5):
        assert _login(app_url, "carol", "still-wrong-123") == 400
    assert _login(app_url, "carol", PASSWORDS["carol"]) == 400  # locked: even the right one
    assert _login(app_url, "bob", PASSWORDS["bob"]) == 200  # another name is not
    page = open_page(chromium, app_url)
    expect(page.get_by_text("连续输错 5 次密码")).to_be_visible(timeout=60_000)  # the login page says so
    field(page, "用户名").fill("carol")
    field(page, "密码").fill(PASSWORDS["carol"])
    button(page, "登录").click()
    expect(page.get_by_text("凭据不正确")).to_be_visible(timeout=30_000)
    shot(page, "32_login_locked")

"""Accounts and private drafts without a browser: `plandraft users …`, the login rate limit,
ownership at the engine (another account's draft answers exactly as a missing one), the CLI's
--user, a drafts file made by the older version (migrated, nothing lost), no login on a
network address (refused), and private uploads in the library (seen by their owner only until
an admin shares them)."""
from __future__ import annotations

import io
import json
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from plandraft.accounts import Accounts, User
from plandraft.cli import main
from plandraft.engine import Engine
from plandraft.errors import PlandraftError
from plandraft.login import Login, LoginGuard
from plandraft.models import Brief, Draft, DraftSection, Outline, OutlineItem, Version
from plandraft.settings import Settings

ROOT = Path(__file__).resolve().parent.parent
ALICE, BOB, BOSS = User("alice"), User("bob"), User("boss", admin=True)


def users(monkeypatch, *argv: str, password: str | None = None) -> int:
    if password is not None:
        monkeypatch.setattr(sys, "stdin", io.StringIO(password + "\n"))
    return main(["users", *argv])


@pytest.fixture
def home(tmp_path, monkeypatch) -> Settings:
    monkeypatch.setenv("PLANDRAFT_HOME", str(tmp_path))
    monkeypatch.delenv("PLANDRAFT_DATABASE_URL", raising=False)
    return Settings.from_env()


def test_users_add_list_passwd_remove_and_bad_input(home, monkeypatch, capsys):
    assert users(monkeypatch, "list") == 0
    assert "还没有账号" in capsys.readouterr().out
    assert users(monkeypatch, "add", "alice", "--password-stdin", password="alice-pass-1") == 0
    assert users(monkeypatch, "add", "老王", "--admin", "--password-stdin", password="wang-pass-2") == 0
    # A duplicate name, a weak or empty password, an unusable name: refused in Chinese, exit 2.
    for argv, password, words in ((["add", "alice"], "another-pass", "已经存在"),
                                  (["add", "bob"], "short7!", "至少要 8 个字符"),
                                  (["add", "bob"], "", "密码不能为空"),
                                  (["add", "bob smith"], "good-pass-3", "不可用"),
                                  (["passwd", "nobody"], "good-pass-3", "没有用户“nobody”")):
        capsys.readouterr()
        assert users(monkeypatch, *argv, "--password-stdin", password=password) == 2
        assert words in capsys.readouterr().err
    assert users(monkeypatch, "list") == 0
    listed = capsys.readouterr().out.splitlines()
    assert [line.split("\t")[:2] for line in listed] == [["alice", "用户"], ["老王", "管理员"]]

    accounts = Accounts(home)
    stored = accounts.db.connect().exec_driver_sql("SELECT password_hash FROM users").fetchall()
    assert all(h.startswith("$argon2") and "alice-pass-1" not in h for (h,) in stored)
    assert accounts.verify("alice", "alice-pass-1") == User("alice")
    assert accounts.verify("alice", "wrong-pass-1") is None
    assert accounts.verify("nobody", "alice-pass-1") is None
    assert users(monkeypatch, "passwd", "alice", "--password-stdin", password="new-pass-123") == 0
    assert accounts.verify("alice", "alice-pass-1") is None
    assert accounts.verify("alice", "new-pass-123") == User("alice")
    assert users(monkeypatch, "remove", "alice") == 0
    assert accounts.verify("alice", "new-pass-123") is None
    assert users(monkeypatch, "remove", "alice") == 2


def test_failed_logins_lock_the_name_and_the_address_for_a_growing_time():
    now = [1000.0]
    guard = LoginGuard(clock=lambda: now[0])
    for _ in range(5):  # five free tries
        assert guard.wait("alice", "10.0.0.9") == 0
        guard.failed("alice", "10.0.0.9")
    assert guard.wait("alice", "10.0.0.9") == 0
    guard.failed("alice", "10.0.0.9")  # the sixth: locked for a minute
    assert guard.wait("alice", "10.0.0.7") == pytest.approx(60)  # from any address
    assert guard.wait("bob", "10.0.0.7") == 0  # another name is not locked
    now[0] += 61
    guard.failed("alice", "10.0.0.9")
    assert guard.wait("alice", "10.0.0.9") == pytest.approx(120)  # doubled
    # One address trying many names is locked by its own count.
    for n in range(20):
        guard.failed(f"user{n}", "10.0.0.66")
    assert guard.wait("carol", "10.0.0.66") == 0
    guard.failed("user20", "10.0.0.66")
    assert guard.wait("carol", "10.0.0.66") > 0 and guard.wait("carol", "10.0.0.5") == 0
    guard.succeeded("alice")
    assert guard.wait("alice", "10.0.0.9") == 0


async def _try(login: Login, name: str, password: str) -> bool:
    return await login._check(name, password)


def test_the_app_login_refuses_even_the_right_password_while_locked(home):
    import asyncio

    Accounts(home).add("alice", "alice-pass-1")
    login = Login(home)
    assert login.mode == "accounts"
    assert asyncio.run(_try(login, "alice", "alice-pass-1"))
    for _ in range(6):
        assert not asyncio.run(_try(login, "alice", "guess-guess"))
    assert not asyncio.run(_try(login, "alice", "alice-pass-1"))
    assert login.viewer("alice") == User("alice")
    with pytest.raises(PlandraftError, match="请先登录"):
        login.viewer(None)  # with accounts, a request without a user sees nothing


def test_no_login_on_a_network_address_is_refused(home):
    login = Login(home)
    assert login.mode == "none" and login.auth is None
    login.check_address("127.0.0.1", allow_anonymous=False)  # single-user mode
    with pytest.raises(PlandraftError, match="--allow-anonymous"):
        login.check_address("0.0.0.0", allow_anonymous=False)
    login.check_address("0.0.0.0", allow_anonymous=True)
    assert Login(Settings(home=home.home, auth="gonghui:mima12345")).mode == "shared"
    # Through the real command: refused before anything starts.
    env = {**os.environ, "PLANDRAFT_HOME": str(home.home)}
    run = subprocess.run([sys.executable, str(ROOT / "app.py"), "--host", "0.0.0.0", "--port", "1"],
                         cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert run.returncode == 2 and "plandraft users add" in run.stderr, run.stderr[-2000:]


def _draft(title: str, owner: str = "") -> Draft:
    brief = Brief(text=title, org_name=title, org_type="学校", year=2026, period="年度")
    items = [OutlineItem(title="指导思想", kind="指导思想")]
    section = DraftSection(title="指导思想", text="1. 坚持以职工为中心。",
                           versions=[Version("1. 坚持以职工为中心。", "", "初稿")])
    return Draft(id=f"id{abs(hash(title)) % 10**8}", brief=brief,
                 outline=Outline(title=title, items=items), sections=[section], owner=owner)


def test_each_account_sees_only_its_own_drafts(home, tmp_path):
    engine = Engine(home)
    alice, bob, boss = engine.as_user(ALICE), engine.as_user(BOB), engine.as_user(BOSS)
    mine = engine.store.save(_draft("实验小学工会计划", owner="alice"))
    engine.store.save(_draft("人民医院工会计划", owner="bob"))
    assert [r["title"] for r in alice.list_drafts()] == ["实验小学工会计划"]
    assert [r["title"] for r in bob.list_drafts()] == ["人民医院工会计划"]
    assert {r["title"] for r in boss.list_drafts()} == {"实验小学工会计划", "人民医院工会计划"}

    # Every way in with another account's id answers exactly as an id that does not exist.
    missing = "找不到草稿“{}”。用 `plandraft drafts list` 查看已保存的草稿。"
    for action in (lambda i: bob.get(i), lambda i: bob.edit(i, 1, "1. 改掉它。"),
                   lambda i: bob.undo(i, 1), lambda i: bob.redo(i, 1), lambda i: bob.lock(i, 1, [1]),
                   lambda i: bob.restore(i, 1, 1), lambda i: bob.versions(i, 1),
                   lambda i: bob.revise(i, 1, "精简")):
        for draft_id in (mine.id, "000000000000"):
            with pytest.raises(PlandraftError) as err:
                action(draft_id)
            assert str(err.value) == missing.format(draft_id)
    assert alice.get(mine.id).sections[0].text == "1. 坚持以职工为中心。"  # untouched

    # The owner's and the admin's changes keep the draft the owner's.
    alice.edit(mine.id, 1, "1. 坚持以职工为中心，服务大局。")
    boss.undo(mine.id, 1)
    assert alice.get(mine.id).owner == "alice" and [r["id"] for r in bob.list_drafts()] != [mine.id]


def test_the_command_line_acts_for_one_account(home, monkeypatch, capsys):
    engine = Engine(home)
    engine.store.save(_draft("实验小学工会计划", owner="alice"))
    mine = engine.store.save(_draft("人民医院工会计划", owner="bob"))
    assert main(["drafts", "list"]) == 0  # no accounts yet: single-user mode sees everything
    assert len(capsys.readouterr().out.splitlines()) == 2
    Accounts(home).add("alice", "alice-pass-1")
    Accounts(home).add("bob", "bob-pass-12")
    assert main(["--user", "alice", "drafts", "list"]) == 0
    out = capsys.readouterr().out
    assert "实验小学" in out and "人民医院" not in out
    assert main(["--user", "alice", "export", mine.id]) == 2
    assert f"找不到草稿“{mine.id}”" in capsys.readouterr().err
    assert main(["--user", "bob", "export", mine.id]) == 0
    assert "人民医院" in capsys.readouterr().out
    monkeypatch.setattr("getpass.getuser", lambda: "nobody-here")
    assert main(["drafts", "list"]) == 2  # the OS user has no account: say how to choose one
    assert "--user" in capsys.readouterr().err


def test_a_drafts_file_of_the_older_version_is_migrated_not_wiped(home):
    from drafting.store import draft_to_dict

    old = _draft("城关镇总工会2026年工作计划")
    data = draft_to_dict(old)
    with sqlite3.connect(home.drafts_db) as db:  # exactly the table the older version made
        db.execute("CREATE TABLE drafts (id TEXT PRIMARY KEY, title TEXT NOT NULL, "
                   "created TEXT NOT NULL, updated TEXT NOT NULL, data TEXT NOT NULL)")
        db.execute("INSERT INTO drafts VALUES (?, ?, ?, ?, ?)",
                   (old.id, old.outline.title, "2025-12-01T09:00:00", "2025-12-01T09:00:00",
                    json.dumps(data, ensure_ascii=False)))
    engine = Engine(home)
    rows = engine.list_drafts()  # single-user mode: the old draft is there, counted
    assert [(r["id"], r["sections"], r["owner"]) for r in rows] == [(old.id, 1, "")]
    assert engine.get(old.id).sections[0].text == old.sections[0].text
    # Made before accounts: an admin sees it, an ordinary account does not.
    assert engine.as_user(BOSS).get(old.id).outline.title == old.outline.title
    assert engine.as_user(ALICE).list_drafts() == []
    Accounts(home).add("alice", "alice-pass-1")  # the same file holds the accounts
    with sqlite3.connect(home.drafts_db) as db:
        assert {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type='table'")} \
            >= {"drafts", "users"}


def test_private_uploads_are_seen_by_their_owner_until_an_admin_shares_them(
        indexed_settings, tmp_path, monkeypatch, capsys):
    home = tmp_path / "home"
    shutil.copytree(indexed_settings.home, home, symlinks=True)
    settings = Settings(home=home)
    monkeypatch.setenv("PLANDRAFT_HOME", str(home))
    engine = Engine(settings)
    plan = tmp_path / "青山纺织厂工会2026年工作计划.txt"
    plan.write_text("青山纺织厂工会2026年工作计划\n一、指导思想\n坚持以职工为中心，团结动员广大职工。\n"
                    "二、主要工作\n（一）开展纺织技能比武\n1. 组织挡车工技能比武，评选纺织技术能手。\n",
                    encoding="utf-8")
    query = "挡车工 纺织技能比武"

    def finds(user) -> bool:
        hits = engine.as_user(user).search(query, k=8).hits
        return any("青山纺织厂" in h.chunk.plan_title for h in hits)

    def plans(user) -> int:
        return sum(r["plans"] for r in engine.as_user(user).corpus_stats())

    before = plans(BOB)
    report, kept = engine.as_user(ALICE).upload([plan])
    assert list(kept.values()) == [plan.name] and report.new == list(kept)
    assert (settings.private_dir / "alice" / next(iter(kept))).exists()
    assert finds(ALICE) and finds(BOSS) and not finds(BOB)
    assert plans(ALICE) == before + 1 and plans(BOB) == before
    assert not any("青山纺织厂" in p.title for p in engine.outliner.plans)  # outlines: common only

    with pytest.raises(PlandraftError, match="只有管理员"):
        engine.as_user(BOB).share(next(iter(kept)), "alice")
    Accounts(settings).add("boss", "boss-pass-12", admin=True)
    assert main(["--user", "boss", "library", "share", plan.name, "--owner", "alice"]) == 0
    assert "已把" in capsys.readouterr().out
    engine = Engine(settings)  # a fresh process's view
    assert finds(BOB) and plans(BOB) == before + 1

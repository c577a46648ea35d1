"""Drafts and accounts on a real PostgreSQL (a throw-away cluster, tests/pg.py): the store and
the accounts, a drafts table of the older version migrated in place, an unreachable server
named without its password, and two app processes on different ports sharing one database:
a draft written through one is opened through the other, by its owner only."""
from __future__ import annotations

import json
import shutil
from contextlib import ExitStack

import pytest
import sqlalchemy as sa

from browser import running_app
from plandraft import database
from plandraft.accounts import Accounts, User
from plandraft.engine import Engine
from plandraft.errors import PlandraftError
from plandraft.settings import Settings
from test_accounts import _draft

BRIEF = "实验小学工会 2026年上半年工作计划，重点：教代会、师德建设"


@pytest.fixture
def pg(postgres_url):
    """The test database, emptied before each test."""
    engine = sa.create_engine(postgres_url.replace("postgresql://", "postgresql+psycopg://"))
    with engine.begin() as conn:
        conn.exec_driver_sql("DROP TABLE IF EXISTS drafts, users")
    engine.dispose()
    database.forget(postgres_url)
    yield postgres_url
    database.forget(postgres_url)


def test_drafts_and_accounts_live_in_postgresql(pg, tmp_path):
    settings = Settings(home=tmp_path, database_url=pg)
    Accounts(settings).add("alice", "alice-pass-1")
    Accounts(settings).add("boss", "boss-pass-12", admin=True)
    engine = Engine(settings)
    mine = engine.store.save(_draft("实验小学工会计划", owner="alice"))
    engine.store.save(_draft("人民医院工会计划", owner="bob"))
    assert not settings.drafts_db.exists()  # nothing went to the SQLite file

    database.forget(pg)  # another process: a fresh connection pool, the schema already there
    again = Engine(settings)
    alice = again.as_user(Accounts(settings).verify("alice", "alice-pass-1"))
    assert [r["id"] for r in alice.list_drafts()] == [mine.id]
    assert alice.get(mine.id).sections[0].text == mine.sections[0].text
    with pytest.raises(PlandraftError, match="找不到草稿"):
        again.as_user(User("bob")).get(mine.id)
    assert len(again.as_user(Accounts(settings).get("boss")).list_drafts()) == 2
    with pytest.raises(PlandraftError, match="已经存在"):
        Accounts(settings).add("alice", "another-pass")


def test_an_older_drafts_table_in_postgresql_is_migrated(pg, tmp_path):
    from drafting.store import draft_to_dict

    old = _draft("城关镇总工会2026年工作计划")
    engine = sa.create_engine(pg.replace("postgresql://", "postgresql+psycopg://"))
    with engine.begin() as conn:
        conn.exec_driver_sql("CREATE TABLE drafts (id TEXT PRIMARY KEY, title TEXT NOT NULL, "
                             "created TEXT NOT NULL, updated TEXT NOT NULL, data TEXT NOT NULL)")
        conn.execute(sa.text("INSERT INTO drafts VALUES (:i, :t, :c, :c, :d)"),
                     {"i": old.id, "t": old.outline.title, "c": "2025-12-01T09:00:00",
                      "d": json.dumps(draft_to_dict(old), ensure_ascii=False)})
    engine.dispose()
    rows = Engine(Settings(home=tmp_path, database_url=pg)).list_drafts()
    assert [(r["id"], r["sections"], r["owner"]) for r in rows] == [(old.id, 1, "")]


def test_an_unreachable_server_is_named_without_its_password(tmp_path, capsys, monkeypatch):
    from plandraft.cli import main
    from servers import free_port

    url = f"postgresql://plandraft:TopSecret99@127.0.0.1:{free_port()}/plandraft"
    monkeypatch.setenv("PLANDRAFT_HOME", str(tmp_path))
    monkeypatch.setenv("PLANDRAFT_DATABASE_URL", url)
    assert main(["users", "list"]) == 2
    err = capsys.readouterr().err
    assert "无法连接数据库 postgresql://plandraft@127.0.0.1" in err and "TopSecret99" not in err
    assert "PLANDRAFT_DATABASE_URL" in err


def test_two_app_processes_share_drafts(pg, indexed_settings, tmp_path):
    """Two app servers on two ports, one PostgreSQL, one index (the data dir): a draft made
    through the first opens through the second, for its owner and for nobody else."""
    from gradio_client import Client

    home = tmp_path / "home"
    shutil.copytree(indexed_settings.home, home, symlinks=True)
    settings = Settings(home=home, database_url=pg)
    Accounts(settings).add("alice", "alice-pass-1")
    Accounts(settings).add("bob", "bob-pass-123")
    env = {"PLANDRAFT_DATABASE_URL": pg}
    with ExitStack() as stack:
        first = stack.enter_context(running_app(home, env))
        second = stack.enter_context(running_app(home, env))
        assert first != second
        alice = Client(first, auth=("alice", "alice-pass-1"), verbose=False, download_files=False)
        title, table, text, *_ = alice.predict(BRIEF, "自动识别", "自动识别", "自动识别",
                                               api_name="/outline")
        written = alice.submit(title, table, text, BRIEF, "compose", api_name="/write").result()
        assert "全文已完成" in written[0]
        draft_id = Engine(settings).list_drafts()[0]["id"]
        assert draft_id in written[0]

        again = Client(second, auth=("alice", "alice-pass-1"), verbose=False, download_files=False)
        assert draft_id in str(again.predict(api_name="/drafts_dropdown"))  # listed there too
        opened = again.predict(draft_id, api_name="/open_draft")
        assert "实验小学" in opened[1] and 'id="part-1"' in opened[1]  # the draft, on the other server
        bob = Client(second, auth=("bob", "bob-pass-123"), verbose=False, download_files=False)
        assert draft_id not in str(bob.predict(api_name="/drafts_dropdown"))
        with pytest.raises(Exception, match="not in the list of choices"):
            bob.predict(draft_id, api_name="/open_draft")  # not offered to bob, so refused
        assert Engine(settings).as_user(User("bob")).list_drafts() == []

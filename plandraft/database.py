"""The SQL database that holds drafts and accounts, through SQLAlchemy Core.

By default a SQLite file in the data dir (drafts.sqlite3, the file older versions kept their
drafts in: it is migrated in place, nothing is wiped). With PLANDRAFT_DATABASE_URL any
SQLAlchemy URL, e.g. postgresql://plandraft:secret@db-host/plandraft, so that several app
servers share one set of drafts and accounts (`postgresql://` is read as psycopg 3).

    db = connect(settings.database_url)     # one engine per URL and process, migrated once
    with db.begin() as conn: ...

Migrations are additive and idempotent (a table or column that is missing is added), run
under a PostgreSQL advisory lock so that two servers starting at once do not race.
"""
from __future__ import annotations

import threading
from datetime import datetime
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.engine import URL, Engine, make_url

from plandraft.errors import PlandraftError

metadata = sa.MetaData()

drafts = sa.Table(
    "drafts", metadata,
    sa.Column("id", sa.String(32), primary_key=True),
    sa.Column("title", sa.Text, nullable=False),
    sa.Column("created", sa.String(32), nullable=False),
    sa.Column("updated", sa.String(32), nullable=False),
    sa.Column("data", sa.Text, nullable=False),  # the draft as JSON (drafting.store)
    # Added in schema 2. "" = made in single-user mode or before accounts existed: only admins
    # (and single-user mode) see such drafts.
    sa.Column("owner", sa.String(64), nullable=False, server_default=""),
    sa.Column("sections", sa.Integer, nullable=False, server_default="0"),  # written so far
)
drafts_by_owner = sa.Index("drafts_owner_updated", drafts.c.owner, drafts.c.updated)

users = sa.Table(
    "users", metadata,
    sa.Column("name", sa.String(64), primary_key=True),
    sa.Column("password_hash", sa.Text, nullable=False),
    sa.Column("admin", sa.Boolean, nullable=False, default=False),
    sa.Column("created", sa.String(32), nullable=False),
)

_ADVISORY_LOCK = 0x706C616E  # "plan": one migration at a time across app servers
_engines: dict[str, Engine] = {}
_engines_lock = threading.Lock()


class DatabaseError(PlandraftError):
    """The database cannot be reached or read."""


def sqlite_url(path: Path) -> str:
    return URL.create("sqlite", database=str(path)).render_as_string()


def shown(url: str | URL) -> str:
    """The URL as it may be shown to a person: never with its password."""
    try:
        parsed = make_url(url) if isinstance(url, str) else url
    except sa.exc.ArgumentError:
        return "（无法解析的地址）"
    return parsed._replace(password=None).render_as_string(hide_password=False)


def _driver_url(url: str) -> URL:
    try:
        parsed = make_url(url)
    except sa.exc.ArgumentError:
        raise DatabaseError(f"PLANDRAFT_DATABASE_URL 的格式不对（{shown(url)}）：应当像 "
                            "postgresql://用户名:密码@主机:5432/数据库名。") from None
    if parsed.drivername in ("postgresql", "postgres"):  # psycopg 3 is the driver we install
        parsed = parsed.set(drivername="postgresql+psycopg")
    return parsed


def open_database(target: str | Path) -> Engine:
    """The engine for a database URL or a SQLite file path. A SQLite file that is not a
    database is kept under a dated name, never deleted, and a new one begun; the user is
    told where the old one is."""
    if isinstance(target, Path) or "://" not in str(target):
        path = Path(target)
        url = sqlite_url(path)
        try:
            return connect(url)
        except sa.exc.DatabaseError as exc:
            forget(url)
            aside = path.with_name(f"{path.name}.损坏-{datetime.now():%Y%m%d-%H%M%S}")
            path.rename(aside)
            connect(url)
            raise PlandraftError(
                f"草稿库文件已损坏（{getattr(exc, 'orig', None) or exc}），原文件已改名保存为“{aside}”，"
                "没有删除；已新建空的草稿库，请重新操作一次。需要找回旧草稿时，可把该文件交给技术人员修复。"
            ) from exc
    return connect(str(target))


def connect(url: str) -> Engine:
    """The (cached) engine for url, its schema created or migrated on first use."""
    with _engines_lock:
        engine = _engines.get(url)
        if engine is None:
            engine = _create(url)
            _engines[url] = engine
        return engine


def forget(url: str) -> None:
    """Drop a cached engine (its file was set aside, or a test is done with it)."""
    with _engines_lock:
        engine = _engines.pop(url, None)
    if engine is not None:
        engine.dispose()


def _create(url: str) -> Engine:
    parsed = _driver_url(url)
    kwargs: dict = {"pool_pre_ping": True}
    if parsed.get_backend_name() == "sqlite":
        # The app and the CLI may write at once: wait for the other writer instead of failing.
        kwargs["connect_args"] = {"timeout": 10}
        if parsed.database:
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
    else:
        kwargs["connect_args"] = {"connect_timeout": 10}
    try:
        engine = sa.create_engine(parsed, **kwargs)
    except ModuleNotFoundError as exc:
        raise DatabaseError(f"数据库 {shown(url)} 需要的驱动没有安装（{exc.name}）：PostgreSQL 请安装 "
                            "psycopg（pip install 'psycopg[binary]'）。") from exc
    try:
        migrate(engine)
    except sa.exc.OperationalError as exc:
        engine.dispose()
        if parsed.get_backend_name() == "sqlite":
            raise
        reason = str(exc.orig).splitlines()[0] if exc.orig else str(exc)
        if parsed.password:
            reason = reason.replace(parsed.password, "***")
        raise DatabaseError(f"无法连接数据库 {shown(url)}：{reason}。请确认数据库服务器已启动、"
                            "地址和账号正确（PLANDRAFT_DATABASE_URL），或去掉这个设置改用数据目录里的 "
                            "SQLite 文件。") from exc
    return engine


def migrate(engine: Engine) -> None:
    """Create what is missing: the tables, then columns and indexes added since the first
    version (an older drafts table keeps its rows; `sections` is counted from their JSON)."""
    with engine.begin() as conn:
        if conn.dialect.name == "postgresql":
            conn.execute(sa.text("SELECT pg_advisory_xact_lock(:k)"), {"k": _ADVISORY_LOCK})
        metadata.create_all(conn, checkfirst=True)
        columns = {c["name"] for c in sa.inspect(conn).get_columns("drafts")}
        added = []
        for column in ("owner", "sections"):
            if column not in columns:
                col = drafts.c[column]
                conn.execute(sa.text(
                    f"ALTER TABLE drafts ADD COLUMN {column} "
                    f"{col.type.compile(conn.dialect)} NOT NULL DEFAULT {col.server_default.arg!r}"))
                added.append(column)
        if "sections" in added:
            _count_sections(conn)
        drafts_by_owner.create(conn, checkfirst=True)


def _count_sections(conn) -> None:
    import json
    rows = conn.execute(sa.select(drafts.c.id, drafts.c.data)).all()
    for draft_id, data in rows:
        try:
            n = len(json.loads(data).get("sections", []))
        except (ValueError, AttributeError):
            n = 0
        conn.execute(drafts.update().where(drafts.c.id == draft_id).values(sections=n))


def now() -> str:
    return datetime.now().isoformat(timespec="seconds")

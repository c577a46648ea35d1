"""Accounts: who may log in to the app, and who is an admin. Passwords are hashed with argon2
(argon2-cffi); the hashes live in the database's `users` table (plandraft.database).

    accounts = Accounts(settings)
    accounts.add("wanglin", "至少八个字符", admin=False)
    accounts.verify("wanglin", password)     # -> User or None
"""
from __future__ import annotations

import re
from dataclasses import dataclass

import sqlalchemy as sa
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from plandraft import database
from plandraft.database import users
from plandraft.errors import PlandraftError
from plandraft.settings import Settings

MIN_PASSWORD = 8
MAX_NAME = 64
# Letters (Chinese too), digits and . _ - : a name shows in folders and logs as it is.
_NAME = re.compile(r"^[\w.\-]+$")
_hasher = PasswordHasher()
# Verified against for an unknown name, so that a wrong name costs as long as a wrong password
# (the time would otherwise tell which names exist).
_DUMMY_HASH = _hasher.hash("plandraft-no-such-user")


@dataclass(frozen=True)
class User:
    name: str
    admin: bool = False


def check_name(name: str) -> str:
    name = (name or "").strip()
    if not name:
        raise PlandraftError("用户名不能为空。")
    if len(name) > MAX_NAME or not _NAME.match(name):
        raise PlandraftError(f"用户名“{name}”不可用：只能用汉字、字母、数字和 . _ -，"
                             f"最多 {MAX_NAME} 个字符。")
    return name


def check_password(password: str) -> str:
    if not password:
        raise PlandraftError("密码不能为空。")
    if len(password) < MIN_PASSWORD:
        raise PlandraftError(f"密码太短（{len(password)} 个字符）：至少要 {MIN_PASSWORD} 个字符。")
    if password.strip() != password or not password.strip():
        raise PlandraftError("密码的开头和结尾不能是空格。")
    return password


class Accounts:
    def __init__(self, settings: Settings):
        self.db = database.open_database(settings.database)

    def exist(self) -> bool:
        """Whether any account exists (none: single-user mode, or PLANDRAFT_AUTH)."""
        with self.db.connect() as conn:
            return conn.execute(sa.select(sa.func.count()).select_from(users)).scalar() > 0

    def add(self, name: str, password: str, admin: bool = False) -> User:
        name, password = check_name(name), check_password(password)
        with self.db.begin() as conn:
            if conn.execute(sa.select(users.c.name).where(users.c.name == name)).first():
                raise PlandraftError(f"用户“{name}”已经存在：换一个名字，或用 "
                                     f"`plandraft users passwd {name}` 改密码。")
            conn.execute(users.insert().values(name=name, password_hash=_hasher.hash(password),
                                               admin=admin, created=database.now()))
        return User(name, admin)

    def list(self) -> list[dict]:
        with self.db.connect() as conn:
            rows = conn.execute(sa.select(users.c.name, users.c.admin, users.c.created)
                                .order_by(users.c.name)).all()
        return [{"name": r.name, "admin": bool(r.admin), "created": r.created} for r in rows]

    def get(self, name: str) -> User | None:
        with self.db.connect() as conn:
            row = conn.execute(sa.select(users.c.name, users.c.admin)
                               .where(users.c.name == name)).first()
        return User(row.name, bool(row.admin)) if row else None

    def remove(self, name: str) -> None:
        """The account goes; its drafts stay (an admin still sees them)."""
        with self.db.begin() as conn:
            if conn.execute(users.delete().where(users.c.name == name)).rowcount == 0:
                raise PlandraftError(f"没有用户“{name}”。用 `plandraft users list` 查看。")

    def passwd(self, name: str, password: str) -> None:
        password = check_password(password)
        with self.db.begin() as conn:
            done = conn.execute(users.update().where(users.c.name == name)
                                .values(password_hash=_hasher.hash(password)))
            if done.rowcount == 0:
                raise PlandraftError(f"没有用户“{name}”。用 `plandraft users list` 查看。")

    def verify(self, name: str, password: str) -> User | None:
        with self.db.connect() as conn:
            row = conn.execute(sa.select(users.c.name, users.c.admin, users.c.password_hash)
                               .where(users.c.name == name)).first()
        try:
            _hasher.verify(row.password_hash if row else _DUMMY_HASH, password)
        except (VerificationError, InvalidHashError):
            return None
        return User(row.name, bool(row.admin)) if row else None



def cli_user(name: str | None, settings: Settings) -> User | None:
    """Who a command-line run acts as: --user NAME, else the OS user; nobody (single-user
    mode, everything visible) while no account exists. Whoever can run the CLI on the server
    can read the data dir anyway, so no password is asked here."""
    import getpass

    accounts = Accounts(settings)
    if not accounts.exist():
        if name:
            raise PlandraftError(f"还没有建立任何账号，不能用 --user {name}：现在是单用户模式，"
                                 "去掉 --user 即可；要建立账号请用 `plandraft users add 用户名`。")
        return None
    wanted = name or getpass.getuser()
    user = accounts.get(wanted)
    if user is None:
        how = "" if name else f"（没有写 --user，按系统用户名“{wanted}”查找）"
        raise PlandraftError(f"没有用户“{wanted}”{how}：请用 --user 写明以哪个账号操作，"
                             "`plandraft users list` 可以查看账号。")
    return user

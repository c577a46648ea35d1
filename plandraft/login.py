"""Who may use the web app, and how wrong passwords are slowed down.

Three modes (Login.from_settings):
- accounts: `plandraft users add` made at least one; each visitor logs in as themself;
- shared:   no accounts, PLANDRAFT_AUTH=user:password, one login for everyone (all drafts shared);
- none:     no login at all: allowed on 127.0.0.1 (single-user mode), refused on any other
            address unless --allow-anonymous.

Failed logins are counted per account name and per client address (LoginGuard): after a few
free tries each further failure locks that name or address for a growing time, during which
even the right password is refused without being checked. Gradio's login route does not pass
the request to the auth function, so a small ASGI middleware (ClientAddress) records the
client's address for the duration of each /login request.
"""
from __future__ import annotations

import asyncio
import ipaddress
import logging
import threading
import time
from collections.abc import Callable
from contextvars import ContextVar
from dataclasses import dataclass, field

from plandraft.accounts import Accounts, User
from plandraft.errors import PlandraftError
from plandraft.settings import Settings

log = logging.getLogger("plandraft.login")
_address: ContextVar[str] = ContextVar("plandraft_client_address", default="")


class ClientAddress:
    """ASGI middleware: the client's address of a /login request, for the auth function. A
    reverse proxy on this machine (the peer is loopback) names the client in X-Forwarded-For:
    its last entry is the address the proxy itself saw."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] == "http" and scope["path"].rstrip("/").endswith("/login"):
            peer = (scope.get("client") or ("", 0))[0]
            forwarded = dict(scope.get("headers") or []).get(b"x-forwarded-for", b"").decode()
            if forwarded and _is_loopback(peer):
                peer = forwarded.split(",")[-1].strip()
            token = _address.set(peer)
            try:
                return await self.app(scope, receive, send)
            finally:
                _address.reset(token)
        return await self.app(scope, receive, send)


def _is_loopback(host: str) -> bool:
    if host in ("localhost", ""):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


@dataclass
class _Failures:
    count: int = 0
    last: float = 0.0
    locked_until: float = 0.0


@dataclass
class LoginGuard:
    """Counts failed logins per key ("user:NAME", "addr:IP"). `free` failures in a row cost
    nothing; each one after that locks the key for `base` seconds, doubling, at most `cap`.
    A key's failures are forgotten `forget` seconds after its last one; a success clears the
    account's count (not the address's: one good account must not reset an attacker's)."""

    free_per_user: int = 5
    free_per_address: int = 20
    base: float = 60.0
    cap: float = 15 * 60.0
    forget: float = 60 * 60.0
    clock: Callable[[], float] = time.monotonic
    _keys: dict[str, _Failures] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def _keys_for(self, name: str, address: str) -> list[tuple[str, int]]:
        keys = [(f"user:{name}", self.free_per_user)]
        if address:
            keys.append((f"addr:{address}", self.free_per_address))
        return keys

    def wait(self, name: str, address: str) -> float:
        """Seconds until this name and address may try again (0: now)."""
        now = self.clock()
        with self._lock:
            waits = [self._keys[k].locked_until - now for k, _ in self._keys_for(name, address)
                     if k in self._keys]
        return max([0.0, *waits])

    def failed(self, name: str, address: str) -> None:
        now = self.clock()
        with self._lock:
            for key, free in self._keys_for(name, address):
                f = self._keys.get(key)
                if f is None or now - f.last > self.forget:
                    f = self._keys[key] = _Failures()
                f.count += 1
                f.last = now
                if f.count > free:
                    f.locked_until = now + min(self.cap, self.base * 2 ** (f.count - free - 1))

    def succeeded(self, name: str) -> None:
        with self._lock:
            self._keys.pop(f"user:{name}", None)


LOCKOUT_NOTE = "连续输错 5 次密码后，这个账号（或这台电脑）要等几分钟才能再试，每多错一次等得更久。"


class Login:
    """The app's login mode for these settings, Gradio's auth function, and who a logged-in
    user name is (viewer)."""

    def __init__(self, settings: Settings, guard: LoginGuard | None = None):
        self.settings = settings
        self.accounts = Accounts(settings)
        self.guard = guard or LoginGuard()
        self.shared = _shared_login(settings.auth)
        if self.accounts.exist():
            self.mode = "accounts"
            if self.shared:
                log.warning("accounts exist: PLANDRAFT_AUTH is ignored, everyone logs in as themself")
                self.shared = None
        else:
            self.mode = "shared" if self.shared else "none"

    def check_address(self, host: str, allow_anonymous: bool) -> None:
        """Refuse to serve other machines with no login at all, unless told to."""
        if self.mode == "none" and not _is_loopback(host) and not allow_anonymous:
            raise PlandraftError(
                f"要在 {host} 上为其他电脑提供服务，必须先设置登录：用 `plandraft users add 用户名` "
                "建立账号（推荐，每人只看到自己的草稿），或设置 PLANDRAFT_AUTH=用户名:密码；"
                "确实要不设登录，请加 --allow-anonymous（所有访问者共用全部草稿）。")

    @property
    def auth(self):
        """What gr.Blocks.launch(auth=…) takes: None for no login."""
        return None if self.mode == "none" else self._check

    async def _check(self, name: str, password: str) -> bool:
        address = _address.get()
        if self.guard.wait(name, address) > 0:
            log.warning("login refused while locked: %r from %s", name, address or "?")
            return False  # not even checked: a locked name costs no hashing
        if self.mode == "shared":
            import hmac
            ok = hmac.compare_digest(f"{name}:{password}".encode(),
                                     f"{self.shared[0]}:{self.shared[1]}".encode())
        else:  # argon2 takes tens of milliseconds of CPU: off the event loop
            ok = await asyncio.to_thread(self.accounts.verify, name, password) is not None
        if ok:
            self.guard.succeeded(name)
        else:
            self.guard.failed(name, address)
            log.warning("failed login: %r from %s", name, address or "?")
        return ok

    def viewer(self, name: str | None) -> User | None:
        """The account a request acts as; None = sees everything (no accounts). With accounts,
        a request without a known user is refused (fail closed)."""
        if self.mode != "accounts":
            return None
        user = self.accounts.get(name) if name else None
        if user is None:
            raise PlandraftError("请先登录（或您的账号已被删除）：请刷新页面重新登录。")
        return user


def _shared_login(auth: str) -> tuple[str, str] | None:
    if not auth:
        return None
    user, sep, password = auth.partition(":")
    if not (sep and user and password):
        raise PlandraftError("PLANDRAFT_AUTH 的格式应为“用户名:密码”，例如 PLANDRAFT_AUTH=gonghui:mima123")
    return user, password

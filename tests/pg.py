"""A throw-away PostgreSQL cluster for the tests: Debian's server binaries (package
`postgresql`, which scripts/test.sh installs), initdb in a temporary folder, a free port on
127.0.0.1, a password-protected role, stopped and deleted at the end.

PostgreSQL refuses to run as root, so as root the cluster runs as the `postgres` OS user. A
machine without the binaries fails the tests that need them (never a silent skip: CI must
run them).
"""
from __future__ import annotations

import glob
import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager

from servers import free_port

USER, PASSWORD = "plandraft", "pg-Secret-42"


def server_bin() -> str:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    if found:
        return os.path.dirname(found[-1])
    initdb = shutil.which("initdb")
    if initdb:
        return os.path.dirname(initdb)
    raise RuntimeError("找不到 PostgreSQL 服务器程序（initdb）：请安装 Debian 的 postgresql 软件包"
                       "（apt-get install -y postgresql；scripts/test.sh 会自动安装）。")


def _as_owner(cmd: list[str], **kwargs) -> subprocess.CompletedProcess:
    if os.geteuid() == 0:
        cmd = ["runuser", "-u", "postgres", "--", *cmd]
    return subprocess.run(cmd, check=True, capture_output=True, text=True, **kwargs)


@contextmanager
def running_postgres() -> Iterator[str]:
    """Yield the URL of an empty database `plandraft` on a fresh cluster (with its password)."""
    bindir = server_bin()
    folder = tempfile.mkdtemp(prefix="plandraft-pg-")
    data = os.path.join(folder, "data")
    pwfile = os.path.join(folder, "pw")
    with open(pwfile, "w") as f:
        f.write(PASSWORD)
    if os.geteuid() == 0:
        shutil.chown(folder, "postgres")
        shutil.chown(pwfile, "postgres")
    port = free_port()
    started = False
    try:
        _as_owner([f"{bindir}/initdb", "-D", data, "-U", USER, "--pwfile", pwfile,
                   "--auth", "scram-sha-256", "--no-sync", "-E", "UTF8", "--locale", "C"])
        _as_owner([f"{bindir}/pg_ctl", "-D", data, "-w", "-t", "60", "-l",
                   os.path.join(folder, "server.log"), "-o",
                   f"-p {port} -k {folder} -c listen_addresses=127.0.0.1 -c fsync=off", "start"])
        started = True
        createdb = f"{bindir}/createdb" if os.path.exists(f"{bindir}/createdb") else "createdb"
        _as_owner([createdb, "-h", "127.0.0.1", "-p", str(port), "-U", USER, "plandraft"],
                  env={**os.environ, "PGPASSWORD": PASSWORD})
        yield f"postgresql://{USER}:{PASSWORD}@127.0.0.1:{port}/plandraft"
    finally:
        if started:
            _as_owner([f"{bindir}/pg_ctl", "-D", data, "-m", "fast", "-w", "stop"])
        shutil.rmtree(folder, ignore_errors=True)

"""Load test: N simulated users of one real app process, each through gradio_client as a
browser would (its own session, logged in as its own account): brief → outline → full draft
(compose) → revise one section. Reports p50/p95 of each step (queue wait included, as a user
feels it), throughput, and every request that did not come back right, for N = 1, 4, 8, 16.

    python -m eval.bench_load                      # starts app.py on a scratch database
    python -m eval.bench_load --users 1 4 --url http://127.0.0.1:7860/ --login alice:pass
    python -m eval.bench_load --processes 2      # two app processes, users spread over them

The app is started with PLANDRAFT_HOME (its index is reused; built first if missing) and a
scratch SQLite database, with one account per simulated user, so the bench exercises logins,
ownership and the concurrency groups exactly as deployed.
"""
from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BRIEFS = [
    "实验小学工会 2026年上半年工作计划，重点：教代会、师德建设、教职工健康",
    "人民医院工会 2026年工作计划，重点：医德医风、职工健康、女职工工作",
    "华信科技有限公司工会 2026年工作计划，重点：劳动竞赛、技能培训、困难职工帮扶",
    "城关镇总工会 2026年工作计划，重点：新就业形态劳动者入会、集体协商、送温暖",
]
STEPS = ("outline", "draft", "revise")
PASSWORD = "bench-pass-123"


def one_user(url: str, login: tuple[str, str] | None, n: int) -> dict:
    """One user's whole flow; seconds per step, or the error that stopped it."""
    from gradio_client import Client

    times: dict = {}
    try:
        # As patient as a browser: a busy server is waited for, only a dropped request counts.
        client = Client(url, auth=login, verbose=False, download_files=False,
                        httpx_kwargs={"timeout": 600})
        brief = BRIEFS[n % len(BRIEFS)]
        start = time.perf_counter()
        out = client.predict(brief, "自动识别", "自动识别", "自动识别", api_name="/outline")
        times["outline"] = time.perf_counter() - start
        title, table, text = out[0], out[1], out[2]
        if not str(text).startswith("# "):
            raise RuntimeError(f"no outline: {str(out)[:200]}")
        start = time.perf_counter()
        out = client.submit(title, table, text, brief, "compose", api_name="/write").result()
        times["draft"] = time.perf_counter() - start
        if "全文已完成" not in str(out[0]):
            raise RuntimeError(f"draft not finished: {str(out[0])[:200]}")
        start = time.perf_counter()
        out = client.predict(2, "写得更具体，加上女职工工作", api_name="/revise")
        times["revise"] = time.perf_counter() - start
        if "已按要求修改" not in str(out[3]):  # the revision note (State outputs are not sent)
            raise RuntimeError(f"not revised: {str(out[3])[:200]}")
    except Exception as exc:  # counted as lost: the user did not get what they asked for
        times["error"] = f"{type(exc).__name__}: {exc}"[:300]
    return times


def percentile(values: list[float], q: float) -> float:
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[int(q) - 1]


def run_level(urls: list[str], logins: list[tuple[str, str] | None], n: int) -> dict:
    """n users at once; user i on app urls[i % len(urls)] (as a sticky reverse proxy would)."""
    start = time.perf_counter()
    with ThreadPoolExecutor(max_workers=n) as pool:
        results = list(pool.map(lambda i: one_user(urls[i % len(urls)], logins[i % len(logins)], i),
                                range(n)))
    wall = time.perf_counter() - start
    done = [r for r in results if "error" not in r]
    row = {"users": n, "wall_s": wall, "completed": len(done), "lost": n - len(done),
           "errors": [r["error"] for r in results if "error" in r],
           "flows_per_min": 60 * len(done) / wall}
    for step in STEPS:
        values = [r[step] for r in done]
        row[step] = (statistics.median(values), percentile(values, 95)) if values else (0, 0)
    return row


def _ready(url: str, timeout: float, proc: subprocess.Popen) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and proc.poll() is None:
        try:
            with urllib.request.urlopen(url, timeout=5) as resp:
                if resp.status == 200:
                    return
        except OSError:
            time.sleep(1)
    raise RuntimeError(f"the app at {url} did not start (see its log above)")


@contextmanager
def started_apps(users: int, ports: list[int], extra_env: dict[str, str]):
    """app.py on each port, one scratch database, accounts bench1…benchN; yields (urls, logins)."""
    from plandraft.accounts import Accounts
    from plandraft.settings import Settings

    with tempfile.TemporaryDirectory(prefix="plandraft-bench-") as tmp:
        database = f"sqlite:///{tmp}/bench.sqlite3"
        env = {**os.environ, "PLANDRAFT_DATABASE_URL": database, "GRADIO_ANALYTICS_ENABLED": "False",
               **extra_env}
        accounts = Accounts(Settings.from_env(database_url=database))
        logins = [(f"bench{i}", PASSWORD) for i in range(1, users + 1)]
        for name, password in logins:
            accounts.add(name, password)
        procs = []
        try:
            for port in ports:
                log = open(Path(tmp) / f"app-{port}.log", "wb")
                procs.append((subprocess.Popen(
                    [sys.executable, str(ROOT / "app.py"), "--port", str(port)],
                    cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT), log, port))
            urls = [f"http://127.0.0.1:{port}/" for port in ports]
            for (proc, _, _), url in zip(procs, urls):
                _ready(url, 600, proc)
            yield urls, logins
        finally:
            for proc, log, port in procs:
                proc.terminate()
                proc.wait(timeout=30)
                log.close()
                if proc.returncode not in (0, -15):
                    print((Path(tmp) / f"app-{port}.log").read_text()[-3000:], file=sys.stderr)


def table(rows: list[dict]) -> str:
    head = ("| users | " + " | ".join(f"{s} p50 / p95 (s)" for s in STEPS)
            + " | flows/min | completed | lost |\n|---|" + "---|" * (len(STEPS) + 3))
    lines = [head]
    for r in rows:
        steps = " | ".join(f"{r[s][0]:.1f} / {r[s][1]:.1f}" for s in STEPS)
        lines.append(f"| {r['users']} | {steps} | {r['flows_per_min']:.1f} | {r['completed']} "
                     f"| {r['lost']} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="多用户并发压力测试（gradio_client 模拟用户）")
    parser.add_argument("--users", type=int, nargs="+", default=[1, 4, 8, 16])
    parser.add_argument("--url", help="已运行的应用地址（不写则自动启动 app.py）")
    parser.add_argument("--login", help="用户名:密码（--url 时，所有模拟用户共用）")
    parser.add_argument("--port", type=int, default=7899)
    parser.add_argument("--processes", type=int, default=1,
                        help="app processes to start (ports --port, --port+1, …)")
    parser.add_argument("--cpu-jobs", help="PLANDRAFT_CPU_JOBS for the started app")
    args = parser.parse_args(argv)

    def levels(urls, logins):
        for url in urls:  # warm-up: the first-start index check, caches, the outliner, the
            for _ in range(2):  # first compose of each process
                run_level([url], logins, 1)
        rows = []
        for n in args.users:
            rows.append(run_level(urls, logins, n))
            print(table(rows[-1:]).splitlines()[-1], flush=True)
            for error in rows[-1]["errors"][:5]:
                print("  lost:", error, flush=True)
        return rows

    if args.url:
        login = tuple(args.login.split(":", 1)) if args.login else None
        rows = levels([args.url], [login])
    else:
        extra = {"PLANDRAFT_CPU_JOBS": args.cpu_jobs} if args.cpu_jobs else {}
        ports = [args.port + i for i in range(args.processes)]
        with started_apps(max(args.users), ports, extra) as (urls, logins):
            rows = levels(urls, logins)
    print()
    print(f"CPU cores: {os.cpu_count()}, app processes: {1 if args.url else args.processes}")
    print(table(rows))
    base = next((r for r in rows if r["users"] == 1), None)
    eight = next((r for r in rows if r["users"] == 8), None)
    if base and eight and base["draft"][1]:
        ratio = eight["draft"][1] / base["draft"][1]
        print(f"full draft p95: N=8 {eight['draft'][1]:.1f} s = {ratio:.1f} × N=1 "
              f"{base['draft'][1]:.1f} s (target ≤ 2.0 ×)")
    return 0 if all(r["lost"] == 0 for r in rows) else 1


if __name__ == "__main__":
    sys.exit(main())

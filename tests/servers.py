"""Run a real server as a subprocess on 127.0.0.1 for a test: the app, `chroma run`,
`llama_cpp.server`. One place for the free port, the readiness wait and the clean stop."""
from __future__ import annotations

import socket
import subprocess
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def running_server(cmd: list[str], ready_url: str, log: Path, timeout: float = 180,
                   **popen) -> Iterator[subprocess.Popen]:
    """Start cmd (output to log), wait until ready_url answers 200, yield, then stop it.

    Raises RuntimeError with the log's tail when the process exits or the timeout passes
    (imports of torch/gradio on 2 shared cores are slow, hence the generous default)."""
    with open(log, "wb") as out:
        proc = subprocess.Popen(cmd, stdout=out, stderr=subprocess.STDOUT, **popen)
    try:
        deadline = time.monotonic() + timeout
        while True:
            try:
                with urllib.request.urlopen(ready_url, timeout=5) as resp:
                    if resp.status == 200:
                        break
            except OSError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                state = f"exited with {proc.returncode}" if proc.poll() is not None else "timed out"
                raise RuntimeError(f"{cmd[0]} {state}; log:\n{log.read_text()[-4000:]}")
            time.sleep(0.5)
        yield proc
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()

"""What bench_api runs its measurements against: gunicorn with the production config file on
a loopback port, and wrk, the load generator (installed with apt-get when missing and run
as root on Debian/Ubuntu)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

from tests.stack.process import die_with_parent, free_port

ROOT = Path(__file__).resolve().parents[2]


def ensure_wrk() -> str:
    wrk = shutil.which("wrk")
    if wrk:
        return wrk
    if os.geteuid() == 0 and shutil.which("apt-get"):
        print("installing wrk with apt-get…", flush=True)
        apt_get = shutil.which("apt-get")
        quiet = {
            "stdout": subprocess.DEVNULL,
            "env": {**os.environ, "DEBIAN_FRONTEND": "noninteractive"},
        }
        subprocess.run([apt_get, "update", "-qq"], check=False, **quiet)  # noqa: S603
        subprocess.run(  # noqa: S603
            [apt_get, "install", "-y", "-qq", "--no-install-recommends", "wrk"],
            check=False,
            **quiet,
        )
        wrk = shutil.which("wrk")
        if wrk:
            return wrk
    sys.exit(
        "bench_api needs the load generator wrk: install it (Debian/Ubuntu: "
        "'sudo apt-get install wrk', macOS: 'brew install wrk') or run as root on Debian/Ubuntu "
        "to have it installed."
    )


class Gunicorn:
    """gunicorn with the production config file, 2 workers, on a free loopback port, with
    the environment ``env``; it is ready when ``ready_path`` answers 200 and idle when it
    answers quickly."""

    def __init__(self, env: dict[str, str], ready_path: str, workers: int = 2):
        self.ready_path = ready_path
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        # Open as long as the server runs; stop() closes (and so deletes) it.
        self.log = tempfile.NamedTemporaryFile(prefix="bench-api-gunicorn-", suffix=".log")  # noqa: SIM115
        command = [
            sys.executable, "-m", "gunicorn",
            "--config", str(ROOT / "deploy" / "gunicorn.conf.py"),
            "--bind", f"127.0.0.1:{self.port}",
            "--workers", str(workers),
            # Steady state: the config's recycling after 2,000 requests would restart each
            # worker every second or so at these rates, in all three measurements alike.
            "--max-requests", "0",
            "backend.wsgi",
        ]  # fmt: skip
        self.process = subprocess.Popen(  # noqa: S603  our own command line
            command,
            cwd=ROOT,
            env={**os.environ, **env},
            stdout=self.log,
            stderr=subprocess.STDOUT,
            preexec_fn=die_with_parent,  # noqa: PLW1509
        )

    def wait_ready(self, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(
                    f"gunicorn exited with {self.process.returncode}:\n{self.tail()}"
                )
            try:
                with urllib.request.urlopen(self.base + self.ready_path, timeout=2) as response:  # noqa: S310
                    if response.status == 200:
                        return
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                time.sleep(0.2)
        raise RuntimeError(f"gunicorn did not answer within {timeout:.0f} s:\n{self.tail()}")

    def wait_idle(self, timeout: float = 60) -> None:
        """Until the workers have finished what wrk left behind: when a run ends, requests
        already accepted (a naive lookup takes ~0.4 s) still hold the workers, and would
        slow down the next run. Idle: two no-op answers in a row within 20 ms."""
        deadline = time.monotonic() + timeout
        quick = 0
        while quick < 2 and time.monotonic() < deadline:
            start = time.perf_counter()
            get(self.base + self.ready_path)
            quick = quick + 1 if time.perf_counter() - start < 0.02 else 0

    def tail(self, lines: int = 30) -> str:
        self.log.flush()
        return "\n".join(Path(self.log.name).read_text(errors="replace").splitlines()[-lines:])

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.log.close()


def get(url: str) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310  loopback only
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()

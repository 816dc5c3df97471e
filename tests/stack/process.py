"""A long-running process of the stack: started in its own process group, its output in a
log file, stopped with SIGTERM (gunicorn's and Celery's warm shutdown), then SIGKILL."""

from __future__ import annotations

import contextlib
import ctypes
import os
import signal
import socket
import subprocess
from dataclasses import dataclass
from pathlib import Path

STOP_TIMEOUT = 20


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def die_with_parent() -> None:
    """In a child: be stopped if the process that started the stack dies without cleanup."""
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG


@dataclass
class Process:
    name: str
    argv: list[str]
    log_path: Path
    popen: subprocess.Popen | None = None
    _log: object = None

    def log(self) -> str:
        try:
            return self.log_path.read_text(errors="replace")
        except OSError:
            return ""

    def tail(self, lines: int = 40) -> str:
        return "\n".join(self.log().splitlines()[-lines:])

    def running(self) -> bool:
        return self.popen is not None and self.popen.poll() is None

    def stop(self, timeout: float = STOP_TIMEOUT) -> None:
        """SIGTERM to its process group (gunicorn's and celery's warm shutdown), then KILL."""
        if self.popen is None:
            return
        if self.popen.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.popen.pid, signal.SIGTERM)
            with contextlib.suppress(subprocess.TimeoutExpired):
                self.popen.wait(timeout=timeout)
        # Children outlive a killed parent (celery's pool); none may keep the database busy.
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.popen.pid, signal.SIGKILL)
        self.popen.wait()
        if self._log is not None:
            self._log.close()
        self.popen = None


def spawn(name: str, argv: list[str], *, env: dict, cwd: Path, log_path: Path) -> Process:
    """Start `argv` in a process group of its own (so stop() reaches its children), output
    appended to `log_path`, stopped if the starting process dies first."""
    process = Process(name=name, argv=argv, log_path=log_path)
    process._log = open(log_path, "ab")  # noqa: SIM115  closed by Process.stop
    process.popen = subprocess.Popen(  # noqa: S603  the project's own commands
        argv,
        cwd=cwd,
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=process._log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
        preexec_fn=die_with_parent,  # noqa: PLW1509
    )
    return process

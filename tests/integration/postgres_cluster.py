"""A throwaway PostgreSQL cluster of a test's own, to stop and restart under traffic.

As tests/services.sh does it: `initdb` in a directory under /tmp (fsync off, trust on
loopback), `pg_ctl` on a free port; as root, both run as the `postgres` system user (they
refuse to run as root), which then owns the directory. Removed when the test ends.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from tests.stack.process import free_port

DATABASE = "lantern"
ROLE = "lantern"


def pg_bindir() -> Path | None:
    """The newest Debian /usr/lib/postgresql/N/bin, else the directory of `initdb` on PATH."""
    candidates = sorted(
        Path("/usr/lib/postgresql").glob("*/bin"),
        key=lambda p: [int(part) for part in p.parent.name.split(".") if part.isdigit()],
        reverse=True,
    )
    for directory in candidates:
        if (directory / "initdb").exists() and (directory / "pg_ctl").exists():
            return directory
    initdb = shutil.which("initdb")
    return Path(initdb).resolve().parent if initdb else None


def _as_postgres(argv: list[str]) -> list[str]:
    return ["runuser", "-u", "postgres", "--", *argv] if os.geteuid() == 0 else argv


@dataclass
class Cluster:
    bindir: Path
    workdir: Path
    port: int = 0

    @property
    def data(self) -> Path:
        return self.workdir / "pg"

    @property
    def _log(self) -> str:
        return str(self.workdir / "postgresql.log")

    @property
    def url(self) -> str:
        return f"postgres://{ROLE}@127.0.0.1:{self.port}/{DATABASE}"

    def _run(self, *argv: str, timeout: float = 60) -> None:
        subprocess.run(  # noqa: S603  the PostgreSQL binaries, fixed arguments
            _as_postgres([str(self.bindir / argv[0]), *argv[1:]]),
            check=True,
            capture_output=True,
            timeout=timeout,
        )

    def init(self) -> None:
        self.data.mkdir()
        if os.geteuid() == 0:
            shutil.chown(self.workdir, "postgres")
            shutil.chown(self.data, "postgres")
        self.data.chmod(0o700)
        self._run("initdb", "-D", str(self.data), "-U", ROLE, "-A", "trust", "-E", "UTF8")
        self.port = free_port()
        self.start()
        self._run("createdb", "-h", str(self.workdir), "-p", str(self.port), "-U", ROLE, DATABASE)

    def start(self) -> None:
        options = (
            f"-p {self.port} -k {self.workdir} -c listen_addresses=127.0.0.1 -c fsync=off "
            "-c synchronous_commit=off -c full_page_writes=off -c max_connections=60"
        )
        log = str(self.workdir / "postgresql.log")
        self._run(
            "pg_ctl", "-D", str(self.data), "-l", log, "-w", "-t", "60", "start", "-o", options
        )

    def stop(self, mode: str = "fast") -> None:
        self._run("pg_ctl", "-D", str(self.data), "-m", mode, "-w", "stop")

    def restart(self, mode: str = "fast") -> None:
        # The server keeps its options (postmaster.opts); its output must not be our pipe.
        self._run("pg_ctl", "-D", str(self.data), "-l", self._log, "-m", mode, "-w", "restart")

    def remove(self) -> None:
        with contextlib.suppress(subprocess.SubprocessError, OSError):
            self.stop("immediate")
        shutil.rmtree(self.workdir, ignore_errors=True)


@contextlib.contextmanager
def postgres_cluster():
    """A running cluster with an empty `lantern` database (Cluster.url), removed afterwards."""
    bindir = pg_bindir()
    if bindir is None:
        raise RuntimeError("no PostgreSQL server binaries (apt-get install postgresql)")
    # /tmp: the postgres user must reach it, and the socket path must stay short.
    cluster = Cluster(
        bindir=bindir, workdir=Path(tempfile.mkdtemp(prefix="lantern-pg-", dir="/tmp"))
    )
    try:
        cluster.init()
        yield cluster
    finally:
        cluster.remove()

"""Lantern as deployed, on this machine: nginx, gunicorn, a Celery worker and beat.

The processes are the ones deploy/systemd/*.service start: each unit's ExecStart is read
(tests/stack/units.py) and run with the environment systemd would give it (its
Environment= lines, then its EnvironmentFile=, which starts from deploy/.env.example), with
only the paths of a real installation mapped to this checkout and ports made free ones.
nginx runs deploy/nginx.conf (tests/stack/nginx.py). PostgreSQL and Redis are the throwaway
servers of tests/services.sh (DATABASE_URL, REDIS_URL).

    with Stack(workdir) as stack:        # release step, then web, worker, beat, nginx
        stack.url("/api/v1/status")      # through nginx

Used by the smoke test (tests/stack/smoke_*.py), the load test and the freshness benchmark.
Everything runs as the calling user (the units' User=lantern is not switched to).
"""

from __future__ import annotations

import os
import re
import secrets
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from tests.stack import nginx
from tests.stack.process import Process, free_port, spawn
from tests.stack.units import (
    SYSTEMD_PATH,
    Unit,
    command_line,
    read_environment_file,
    read_unit,
)

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"
UNITS = DEPLOY / "systemd"
# Where the units expect things on a real machine, and where they are here (see paths()).
INSTALL_DIR = "/opt/lantern"
ENV_FILE = "/etc/lantern/lantern.env"
STATE_DIR = "/var/lib/lantern"
LONG_RUNNING = ("lantern-worker.service", "lantern-beat.service", "lantern-web.service")
START_TIMEOUT = 90
# What a service prints once it is ready (the web server and nginx are asked over HTTP).
READY_LINES = {
    "lantern-worker.service": re.compile(r"\bready\.$", re.MULTILINE),
    "lantern-beat.service": re.compile(r"beat: Starting\.\.\.", re.MULTILINE),
}
# Log lines that mean something went wrong, in any service's output.
PROBLEM = re.compile(r"Traceback|\bCRITICAL\b|\bERROR\b|\[emerg\]|\[alert\]|\[crit\]")


class StackError(RuntimeError):
    pass


def missing_prerequisites() -> list[str]:
    """What this machine lacks to run the stack (empty: nothing)."""
    missing = []
    if not os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://")):
        missing.append("DATABASE_URL (postgres://…; tests/services.sh sets it)")
    if not os.environ.get("REDIS_URL", "").startswith("redis://"):
        missing.append("REDIS_URL (redis://…; tests/services.sh sets it)")
    if nginx.find_nginx() is None:
        missing.append("nginx (Debian: apt-get install nginx; tests/services.sh installs it)")
    return missing


def in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in {"1", "true", "yes", "on"}


@dataclass
class Stack:
    """The deployed stack; see the module's docstring. Settings for every service go in
    `settings` (they become lines of the EnvironmentFile, as an administrator would set
    them in /etc/lantern/lantern.env)."""

    workdir: Path
    database_url: str = field(default_factory=lambda: os.environ["DATABASE_URL"])
    redis_url: str = field(default_factory=lambda: os.environ["REDIS_URL"])
    settings: dict[str, str] = field(default_factory=dict)
    processes: dict[str, Process] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.workdir = Path(self.workdir)
        self.port = free_port()
        self.web_port = free_port()
        self.secret_key = secrets.token_urlsafe(50)
        for sub in ("state", "static", "mail", "logs", "nginx"):
            (self.workdir / sub).mkdir(parents=True, exist_ok=True)
        # nginx's workers (`nobody` when started as root) read the static files.
        for path in (self.workdir, self.workdir / "static"):
            path.chmod(0o755)

    # --- where things are -------------------------------------------------------------------
    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def url(self, path: str) -> str:
        return self.base_url + path

    @property
    def env_file(self) -> Path:
        return self.workdir / "lantern.env"

    @property
    def mail_dir(self) -> Path:
        return self.workdir / "mail"

    @property
    def static_root(self) -> Path:
        return self.workdir / "static"

    @property
    def state_dir(self) -> Path:
        return self.workdir / "state"

    def paths(self) -> dict[str, str]:
        """A real installation's paths (as the units and nginx.conf name them) → here."""
        return {
            f"{INSTALL_DIR}/.venv": sys.prefix,
            INSTALL_DIR: str(ROOT),
            ENV_FILE: str(self.env_file),
            STATE_DIR: str(self.state_dir),
        }

    def map_path(self, text: str) -> str:
        for real, here in sorted(self.paths().items(), key=lambda kv: -len(kv[0])):
            text = re.sub(re.escape(real) + r"(?=/|$|\s)", lambda _m, h=here: h, text)
        return text

    # --- the environment --------------------------------------------------------------------
    def environment_file_values(self) -> dict[str, str]:
        """deploy/.env.example filled in for this machine, as an administrator would."""
        values = read_environment_file(DEPLOY / ".env.example")
        values.update(
            SECRET_KEY=self.secret_key,
            DEBUG="0",
            ALLOWED_HOSTS="127.0.0.1,localhost",
            CSRF_TRUSTED_ORIGINS=f"https://127.0.0.1:{self.port}",
            DATABASE_URL=self.database_url,
            REDIS_URL=self.redis_url,
            # django-environ reads filemail:// + an absolute path with four slashes.
            EMAIL_URL=f"filemail:///{self.mail_dir}",
            STATIC_ROOT=str(self.static_root),
            GUNICORN_BIND=f"127.0.0.1:{self.web_port}",
        )
        values.update(self.settings)
        return values

    def write_environment_file(self) -> None:
        lines = [f"{name}={value}" for name, value in self.environment_file_values().items()]
        self.env_file.write_text("\n".join(lines) + "\n")
        self.env_file.chmod(0o600)

    def unit(self, name: str) -> Unit:
        return read_unit(UNITS / name)

    def unit_environment(self, unit: Unit) -> dict[str, str]:
        """What systemd gives a service: its own basics, Environment=, then EnvironmentFile=
        (which overrides Environment=; systemd.exec(5))."""
        home = os.path.expanduser("~")
        env = {
            "PATH": SYSTEMD_PATH,
            "LANG": "C.UTF-8",
            "HOME": home,
            "USER": os.environ.get("USER", "root"),
            "LOGNAME": os.environ.get("USER", "root"),
            "INVOCATION_ID": secrets.token_hex(16),
        }
        if unit.state_directory:
            env["STATE_DIRECTORY"] = self.map_path(unit.state_directory)
        env.update(unit.environment())
        for path in unit.environment_files:
            env.update(read_environment_file(Path(self.map_path(path.lstrip("-")))))
        return env

    def unit_commands(self, unit: Unit) -> tuple[list[list[str]], dict[str, str], Path]:
        env = self.unit_environment(unit)
        home = env["HOME"]
        commands = [
            [self.map_path(w) for w in command_line(line, unit_name=unit.name, env=env, home=home)]
            for line in unit.exec_start
        ]
        cwd = Path(self.map_path(unit.value("WorkingDirectory") or str(ROOT)))
        return commands, env, cwd

    # --- running ----------------------------------------------------------------------------
    def run_oneshot(self, name: str, *, env: dict[str, str] | None = None) -> str:
        """Run a Type=oneshot unit's ExecStart lines in order, as systemd would; its output."""
        unit = self.unit(name)
        commands, unit_env, cwd = self.unit_commands(unit)
        output = []
        for argv in commands:
            output.append(self.run(argv, cwd=cwd, env={**unit_env, **(env or {})}, what=name))
        return "".join(output)

    def run(self, argv: list[str], *, cwd: Path, env: dict[str, str], what: str) -> str:
        done = subprocess.run(  # noqa: S603  the project's own commands
            argv,
            cwd=cwd,
            env=env,
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            timeout=600,
            check=False,
        )
        if done.returncode != 0:
            raise StackError(
                f"{what}: {' '.join(argv)} exited with {done.returncode}:\n"
                f"{done.stdout[-3000:]}\n{done.stderr[-3000:]}"
            )
        return done.stdout + done.stderr

    def manage(self, *args: str, env: dict[str, str] | None = None) -> str:
        """`manage.py ARGS` with the release unit's environment (a one-off admin command)."""
        unit = self.unit("lantern-release.service")
        _commands, unit_env, cwd = self.unit_commands(unit)
        argv = [sys.executable, "manage.py", *args]
        return self.run(argv, cwd=cwd, env={**unit_env, **(env or {})}, what="manage.py")

    def start_unit(self, name: str) -> Process:
        unit = self.unit(name)
        (argv,), env, cwd = self.unit_commands(unit)
        return self._spawn(name, argv, env=env, cwd=cwd)

    def _spawn(self, name: str, argv: list[str], *, env: dict, cwd: Path) -> Process:
        log_path = self.workdir / "logs" / f"{name}.log"
        self.processes[name] = spawn(name, argv, env=env, cwd=cwd, log_path=log_path)
        return self.processes[name]

    def start_nginx(self) -> Process:
        prefix = self.workdir / "nginx"
        config = nginx.write_config(
            source=DEPLOY / "nginx.conf",
            prefix=prefix,
            port=self.port,
            upstream_port=self.web_port,
            static_root=self.static_root,
        )
        binary = nginx.find_nginx()
        env = {"PATH": SYSTEMD_PATH}
        self.run(
            nginx.command(binary, prefix=prefix, config=config, test=True),
            cwd=prefix,
            env=env,
            what="nginx -t",
        )
        return self._spawn(
            "nginx",
            nginx.command(binary, prefix=prefix, config=config),
            env=env,
            cwd=prefix,
        )

    def start(self) -> Stack:
        """Release step, then web, worker, beat and nginx; returns once all are ready."""
        self.write_environment_file()
        self.run_oneshot("lantern-release.service")
        self.start_app()
        self.start_nginx()
        self.wait_http(self.url("/api/v1/status"), what="nginx in front of gunicorn")
        return self

    def start_app(self) -> None:
        for name in LONG_RUNNING:
            self.start_unit(name)
        deadline = time.monotonic() + START_TIMEOUT
        for name, ready in READY_LINES.items():
            self._wait(lambda n=name, r=ready: r.search(self.processes[n].log()), name, deadline)
        self.wait_http(
            f"http://127.0.0.1:{self.web_port}/api/v1/status", what="gunicorn", deadline=deadline
        )

    def stop_app(self) -> None:
        for name in reversed(LONG_RUNNING):
            if name in self.processes:
                self.processes[name].stop()

    def stop(self) -> None:
        if "nginx" in self.processes:
            self.processes["nginx"].stop()
        self.stop_app()

    def restart_app(self, **settings: str) -> None:
        """Stop web, worker and beat, change settings, run the release step, start again."""
        self.stop_app()
        self.settings.update(settings)
        self.write_environment_file()
        self.run_oneshot("lantern-release.service")
        self.start_app()

    def __enter__(self) -> Stack:
        try:
            return self.start()
        except BaseException:
            self.stop()
            raise

    def __exit__(self, *exc_info) -> None:
        self.stop()

    # --- waiting and looking ----------------------------------------------------------------
    def _wait(self, condition, what: str, deadline: float) -> None:
        while not condition():
            process = self.processes.get(what)
            if process is not None and not process.running():
                raise StackError(f"{what} exited before it was ready:\n{process.tail()}")
            if time.monotonic() > deadline:
                raise StackError(f"{what} not ready after {START_TIMEOUT} s:\n{self.tails()}")
            time.sleep(0.2)

    def wait_http(self, url: str, *, what: str, deadline: float | None = None) -> None:
        deadline = deadline or time.monotonic() + START_TIMEOUT

        def answers() -> bool:
            try:
                with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310  loopback
                    return response.status == 200
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                return False

        self._wait(answers, what, deadline)

    def tails(self) -> str:
        return "\n".join(f"--- {p.name}\n{p.tail()}" for p in self.processes.values())

    def problems(self) -> list[str]:
        """Log lines of any service that report an error (a traceback, ERROR, [emerg])."""
        logs = [(p.name, p.log()) for p in self.processes.values()]
        logs.append(("nginx error.log", _read(self.workdir / "nginx" / "error.log")))
        return [
            f"{name}: {line}"
            for name, text in logs
            for line in text.splitlines()
            if PROBLEM.search(line)
        ]


def _read(path: Path) -> str:
    try:
        return path.read_text(errors="replace")
    except OSError:
        return ""

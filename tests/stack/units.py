"""Read deploy/systemd/*.service the way systemd does, so the stack runs what they say.

Only what Lantern's units use is understood: the [Service] keys ExecStart, Environment,
EnvironmentFile, WorkingDirectory and StateDirectory; ExecStart's quoting, the specifiers
%% %h %n %H, and $NAME / ${NAME} from the unit's environment. Anything else in a command
line that systemd would treat specially (an unknown specifier, a prefix such as `-` or `+`)
is refused with an error rather than run differently from systemd.
"""

from __future__ import annotations

import re
import shlex
import socket
from dataclasses import dataclass, field
from pathlib import Path

# systemd's own PATH for services (systemd.exec(5), "Environment variables in spawned
# processes"), on a system with /usr merged or not.
SYSTEMD_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"
_ENV_WORD = re.compile(r"\$([A-Za-z_][A-Za-z0-9_]*)")
_ENV_BRACED = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*)\}")
_SPECIFIER = re.compile(r"%(.)")


class UnitError(ValueError):
    """A unit (or environment file) that this reader, like systemd, can't make sense of."""


@dataclass
class Unit:
    name: str
    # Each key's values in order; a key may appear several times (ExecStart of a oneshot).
    service: dict[str, list[str]] = field(default_factory=dict)

    def values(self, key: str) -> list[str]:
        return self.service.get(key, [])

    def value(self, key: str, default: str | None = None) -> str | None:
        values = self.values(key)
        return values[-1] if values else default

    @property
    def exec_start(self) -> list[str]:
        if not self.values("ExecStart"):
            raise UnitError(f"{self.name}: no ExecStart")
        return self.values("ExecStart")

    @property
    def environment_files(self) -> list[str]:
        return self.values("EnvironmentFile")

    @property
    def state_directory(self) -> str | None:
        """The absolute path systemd gives StateDirectory= (under /var/lib), or None."""
        value = self.value("StateDirectory")
        return f"/var/lib/{value.split()[0]}" if value else None

    def environment(self) -> dict[str, str]:
        """Environment= assignments, in order (a later one wins)."""
        env: dict[str, str] = {}
        for line in self.values("Environment"):
            for word in shlex.split(line):
                name, sep, value = word.partition("=")
                if not sep:
                    raise UnitError(f"{self.name}: Environment={line!r} is not NAME=VALUE")
                env[name] = value
        return env


def read_unit(path: Path) -> Unit:
    """Parse a unit file: sections, `Key=value` lines, comments, backslash continuations."""
    unit = Unit(name=path.name)
    section = None
    pending = ""
    for number, raw in enumerate(path.read_text().splitlines(), start=1):
        line = pending + raw.strip()
        pending = ""
        if line.endswith("\\"):
            pending = line[:-1] + " "
            continue
        if not line or line.startswith(("#", ";")):
            continue
        if line.startswith("[") and line.endswith("]"):
            section = line[1:-1]
            continue
        key, sep, value = line.partition("=")
        if not sep or section is None:
            raise UnitError(f"{path}:{number}: not a Key=value line in a section: {raw!r}")
        if section == "Service":
            unit.service.setdefault(key.strip(), []).append(value.strip())
    return unit


def read_environment_file(path: Path) -> dict[str, str]:
    """An EnvironmentFile= (or docker compose env_file): NAME=VALUE lines, # comments.

    Both systemd and compose take the rest of the line as the value; quotes around the
    whole value are removed. A line that is neither is an error (systemd would skip it
    with a warning; a typo here should not pass unnoticed).
    """
    env: dict[str, str] = {}
    for number, raw in enumerate(path.read_text().splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith(("#", ";")):
            continue
        name, sep, value = line.partition("=")
        name = name.strip()
        if not sep or not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", name):
            raise UnitError(f"{path}:{number}: not NAME=VALUE: {raw!r}")
        value = value.strip()
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
            value = value[1:-1]
        env[name] = value
    return env


def expand_specifiers(text: str, *, unit_name: str, home: str) -> str:
    def replace(match: re.Match) -> str:
        letter = match.group(1)
        known = {"%": "%", "h": home, "n": unit_name, "H": socket.gethostname()}
        if letter not in known:
            raise UnitError(f"{unit_name}: specifier %{letter} is not supported here")
        return known[letter]

    return _SPECIFIER.sub(replace, text)


def command_line(text: str, *, unit_name: str, env: dict[str, str], home: str) -> list[str]:
    """One ExecStart value as the argv systemd would run (systemd.service(5), "Command lines").

    `$NAME` as a whole word becomes the variable's words (split on white space), `${NAME}`
    inside a word is replaced by its value as it is; an unset variable is empty.
    """
    if text[:1] in "-@+!:":
        raise UnitError(f"{unit_name}: ExecStart prefix {text[0]!r} is not supported here")
    argv: list[str] = []
    for word in shlex.split(expand_specifiers(text, unit_name=unit_name, home=home)):
        whole = _ENV_WORD.fullmatch(word)
        if whole:
            argv.extend(env.get(whole.group(1), "").split())
            continue
        argv.append(_ENV_BRACED.sub(lambda m: env.get(m.group(1), ""), word))
    return argv

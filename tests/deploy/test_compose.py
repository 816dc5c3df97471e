"""deploy/docker-compose.yml runs what the systemd units run, with the same variables.

No Docker engine is needed: the compose file is parsed (PyYAML resolves its anchors and
merge keys as compose does) and compared with deploy/systemd/*.service, which the smoke
test (make smoke) actually runs. So a change to one that is not made to the other fails here.
"""

import re
import subprocess
from pathlib import Path

import pytest
import yaml

from tests.stack.units import expand_specifiers, read_environment_file, read_unit

DEPLOY = Path(__file__).resolve().parents[2] / "deploy"
INSTALL_DIR = "/opt/lantern"
# Compose service → the unit that runs the same thing.
SERVICE_UNITS = {
    "web": "lantern-web.service",
    "worker": "lantern-worker.service",
    "beat": "lantern-beat.service",
    "release": "lantern-release.service",
    "backup": "lantern-backup.service",
}
# Set per service by compose or the units, because they name that installation's hosts,
# addresses or paths; each must still be documented in .env.example.
TOPOLOGY = {"DATABASE_URL", "REDIS_URL", "FORWARDED_ALLOW_IPS", "GUNICORN_BIND"}


@pytest.fixture(scope="module")
def compose() -> dict:
    return yaml.safe_load((DEPLOY / "docker-compose.yml").read_text())


def documented_variables() -> set[str]:
    """Every NAME in .env.example, set (NAME=…) or shown commented out (# NAME=…)."""
    text = (DEPLOY / ".env.example").read_text()
    return set(re.findall(r"^#? ?([A-Z][A-Z0-9_]+)=", text, re.MULTILINE))


def unit_commands(name: str) -> list[list[str]]:
    """The unit's ExecStart lines as words, with the installation's directory left out (the
    container's working directory holds the code, and its PATH the virtualenv)."""
    unit = read_unit(DEPLOY / "systemd" / name)
    commands = []
    for line in unit.exec_start:
        words = expand_specifiers(line, unit_name=name, home="/home/lantern").split()
        words[0] = (
            words[0].removeprefix(f"{INSTALL_DIR}/.venv/bin/").removeprefix(f"{INSTALL_DIR}/")
        )
        commands.append(words)
    return commands


def compose_commands(service: dict) -> list[list[str]]:
    command = service["command"]
    if command[:2] == ["sh", "-c"]:
        return [part.split() for part in command[2].split(" && ")]
    return [command]


@pytest.mark.parametrize("service", sorted(SERVICE_UNITS))
def test_each_compose_service_runs_its_units_commands(compose, service):
    assert compose_commands(compose["services"][service]) == unit_commands(SERVICE_UNITS[service])


def test_every_unit_has_a_compose_service_and_every_app_service_a_unit(compose):
    units = {p.name for p in (DEPLOY / "systemd").glob("*.service")}
    assert units == set(SERVICE_UNITS.values())
    app_services = {
        name for name, s in compose["services"].items() if s.get("image") == "lantern:latest"
    }
    assert app_services == set(SERVICE_UNITS)


@pytest.mark.parametrize("service", sorted(SERVICE_UNITS))
def test_every_app_service_gets_the_env_file_and_the_shared_variables(compose, service):
    definition = compose["services"][service]
    unit = read_unit(DEPLOY / "systemd" / SERVICE_UNITS[service])

    assert definition["env_file"] == ".env"
    assert unit.environment_files == ["/etc/lantern/lantern.env"]
    # The web service adds FORWARDED_ALLOW_IPS; a YAML merge must not drop the others.
    assert {"DATABASE_URL", "REDIS_URL", "API_NUM_PROXIES"} <= set(definition["environment"])


def test_every_variable_the_deployment_reads_is_documented_in_env_example(compose):
    documented = documented_variables()
    settings = "".join(
        part.read_text() for part in (DEPLOY.parent / "backend" / "settings").glob("*.py")
    )
    read = set(re.findall(r"env\.\w+\(\s*\"([A-Z][A-Z0-9_]+)\"", settings))
    gunicorn = (DEPLOY / "gunicorn.conf.py").read_text()
    read |= set(re.findall(r"os\.environ\.get\(\"([A-Z][A-Z0-9_]+)\"", gunicorn))
    for script in DEPLOY.glob("*.sh"):
        read |= set(re.findall(r"\$\{([A-Z][A-Z0-9_]+)", script.read_text()))
    compose_text = (DEPLOY / "docker-compose.yml").read_text()
    read |= set(re.findall(r"\$\{([A-Z][A-Z0-9_]+)", compose_text))
    for name in SERVICE_UNITS:
        read |= set(compose["services"][name]["environment"])
    for unit_path in (DEPLOY / "systemd").glob("*.service"):
        read |= set(read_unit(unit_path).environment())
    # Set by the container image or by systemd, or by manage.py itself for its file-only
    # commands (KEYLESS_COMMANDS), not by the administrator.
    read -= {"DJANGO_SETTINGS_MODULE", "LANTERN_KEYLESS_COMMAND"} - documented

    assert read - documented == set()
    assert len(read) > 40  # the scan found the settings at all


def test_per_service_variables_are_only_the_installations_own_addresses(compose):
    for name, definition in compose["services"].items():
        if name in SERVICE_UNITS:
            extra = set(definition["environment"]) - {"API_NUM_PROXIES"}
            assert extra <= TOPOLOGY, name
    for unit_path in (DEPLOY / "systemd").glob("*.service"):
        assert set(read_unit(unit_path).environment()) <= TOPOLOGY, unit_path.name


def test_env_example_reads_the_same_in_systemd_compose_and_a_shell():
    values = read_environment_file(DEPLOY / ".env.example")
    shell = subprocess.run(  # noqa: S603  a fixed command line
        ["/bin/sh", "-c", 'set -a; . "$0"; env -0', str(DEPLOY / ".env.example")],
        capture_output=True, text=True, check=True, env={"PATH": "/usr/bin:/bin"},
    )  # fmt: skip
    sourced = dict(line.split("=", 1) for line in shell.stdout.split("\0") if "=" in line)

    assert {name: sourced.get(name) for name in values} == values
    assert values["DEBUG"] == "0"
    assert values["SECRET_KEY"] == ""  # to be filled in; Lantern refuses to start without it
    assert values["API_NUM_PROXIES"] == "1"  # nginx in front


def test_nginx_reaches_gunicorn_where_each_setup_binds_it(compose):
    nginx = (DEPLOY / "nginx.conf").read_text()
    compose_upstream, systemd_upstream = re.search(
        r"server (\S+);\s+# systemd: server (\S+);", nginx
    ).groups()
    web_unit = read_unit(DEPLOY / "systemd" / "lantern-web.service")
    gunicorn = (DEPLOY / "gunicorn.conf.py").read_text()
    default_bind = re.search(r'"GUNICORN_BIND", "([^"]+)"', gunicorn).group(1)

    assert systemd_upstream == web_unit.environment()["GUNICORN_BIND"]
    assert compose_upstream == f"web:{default_bind.rsplit(':', 1)[1]}"
    assert [str(p) for p in compose["services"]["web"]["expose"]] == [
        default_bind.rsplit(":", 1)[1]
    ]


def test_nginx_serves_the_static_files_where_the_release_step_puts_them(compose):
    nginx = (DEPLOY / "nginx.conf").read_text()
    compose_alias, systemd_alias = re.search(
        r"alias (\S+);\s+# systemd: alias (\S+);", nginx
    ).groups()
    nginx_mounts = compose["services"]["nginx"]["volumes"]
    release_mounts = compose["services"]["release"]["volumes"]

    assert f"static:{compose_alias.rstrip('/')}:ro" in nginx_mounts
    assert release_mounts == ["static:/app/staticfiles"]  # BASE_DIR/staticfiles in the image
    assert systemd_alias.rstrip("/") == f"{INSTALL_DIR}/staticfiles"


def test_beat_keeps_its_schedule_in_its_persistent_volume(compose):
    beat = compose["services"]["beat"]
    (schedule,) = [w for w in beat["command"] if w.startswith("--schedule=")]
    (mount,) = beat["volumes"]

    assert schedule.removeprefix("--schedule=").startswith(mount.split(":")[1] + "/")
    unit = read_unit(DEPLOY / "systemd" / "lantern-beat.service")
    assert schedule.removeprefix("--schedule=").startswith(unit.state_directory + "/")

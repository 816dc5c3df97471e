"""tests/stack/units.py reads unit files and command lines as systemd does."""

from pathlib import Path

import pytest

from tests.stack.nginx import NginxConfigError, render
from tests.stack.units import UnitError, command_line, read_environment_file, read_unit


def test_a_unit_keeps_every_execstart_in_order_and_joins_continued_lines(tmp_path):
    path = tmp_path / "x.service"
    path.write_text(
        "[Unit]\nDescription=x\n\n[Service]\n# a comment\nExecStart=/bin/a --one \\\n  --two\n"
        'ExecStart=/bin/b\nEnvironment=A=1 "B=two words"\nEnvironment=A=3\n'
    )

    unit = read_unit(path)

    assert unit.exec_start == ["/bin/a --one  --two", "/bin/b"]
    assert unit.environment() == {"A": "3", "B": "two words"}


def test_a_command_line_expands_specifiers_and_variables_like_systemd():
    env = {"WORDS": "--a --b", "ONE": "x y"}

    argv = command_line(
        '/bin/c --host=w@%%h $WORDS "--v=${ONE}" ${MISSING}end %n',
        unit_name="u.service",
        env=env,
        home="/home/u",
    )

    assert argv == ["/bin/c", "--host=w@%h", "--a", "--b", "--v=x y", "end", "u.service"]


@pytest.mark.parametrize("line", ["-/bin/c", "/bin/c %q"])
def test_a_command_line_this_reader_cannot_run_as_systemd_would_is_refused(line):
    with pytest.raises(UnitError):
        command_line(line, unit_name="u.service", env={}, home="/")


def test_an_environment_file_takes_the_rest_of_the_line_and_refuses_garbage(tmp_path):
    path = tmp_path / "env"
    path.write_text('# c\nA=Lantern <noreply@x>\nB="quoted"\nC=\n')
    assert read_environment_file(path) == {"A": "Lantern <noreply@x>", "B": "quoted", "C": ""}

    path.write_text("export A=1\n")
    with pytest.raises(UnitError):
        read_environment_file(path)


def test_the_nginx_config_is_refused_when_a_line_to_substitute_is_gone():
    source = (Path(__file__).resolve().parents[2] / "deploy" / "nginx.conf").read_text()
    options = {"port": 1, "upstream_port": 2, "static_root": Path("/s"), "prefix": Path("/p")}

    rendered = render(source, **options)
    assert "server 127.0.0.1:2;" in rendered and "listen 127.0.0.1:1;" in rendered
    with pytest.raises(NginxConfigError):
        render(source.replace("server web:8000;", "server app:8000;"), **options)

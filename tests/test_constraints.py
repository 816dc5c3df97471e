"""constraints.txt pins every requirement of pyproject.toml inside its range, and the
virtualenv `make install` built has those versions."""

import tomllib
from importlib.metadata import version
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[1]


def _requirements() -> list[Requirement]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    lines = list(project["dependencies"])
    for extra in project["optional-dependencies"].values():
        lines += extra
    return [Requirement(line) for line in lines]


def _pins() -> dict[str, str]:
    pins = {}
    for line in (ROOT / "constraints.txt").read_text().splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        name, sep, pinned = line.partition("==")
        assert sep and pinned.strip(), f"not an exact pin: {line!r}"
        pins[canonicalize_name(name)] = pinned.strip()
    return pins


def test_every_requirement_is_pinned_inside_its_range():
    pins = _pins()
    outside = {}
    for req in _requirements():
        pinned = pins.get(canonicalize_name(req.name))
        if pinned is None or not req.specifier.contains(pinned, prereleases=True):
            outside[str(req)] = pinned
    assert outside == {}, "pins missing or outside pyproject.toml's ranges"


def test_the_virtualenv_has_the_pinned_versions():
    pins = _pins()
    installed = {
        req.name: version(req.name)
        for req in _requirements()
        if version(req.name) != pins.get(canonicalize_name(req.name))
    }
    assert installed == {}, "run `make install` (constraints.txt changed since)"

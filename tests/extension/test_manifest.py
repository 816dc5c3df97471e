"""The manifest asks for what extension/README.md explains, and nothing it doesn't."""

import json
import re

from tests.extension.conftest import EXTENSION


def permissions_section() -> str:
    readme = (EXTENSION / "README.md").read_text()
    return readme.split("## Permissions", 1)[1].split("\n## ", 1)[0]


def test_every_permission_the_manifest_asks_for_is_explained_in_the_readme():
    manifest = json.loads((EXTENSION / "manifest.json").read_text())
    asked = [
        *manifest["permissions"],
        *manifest["host_permissions"],
        *manifest.get("optional_host_permissions", []),
    ]
    explained = set(re.findall(r"`([^`]+)`", permissions_section()))

    assert [permission for permission in asked if permission not in explained] == []
    assert not manifest.get("optional_permissions")
    assert "unlimitedStorage" in asked  # the export outgrows the default quota

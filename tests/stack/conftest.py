"""The deployed stack as a pytest fixture, for the smoke test (`make smoke`).

`make smoke` runs tests/stack/smoke_*.py on throwaway PostgreSQL and Redis, loading only
this conftest (not tests/conftest.py, whose per-test cache flush would empty the Redis the
running stack uses). Without the services or nginx the smoke test skips, and under CI
(CI=true) fails.
"""

import shutil
import tempfile
from pathlib import Path

import pytest

from tests.stack.stack import Stack, in_ci, missing_prerequisites


@pytest.fixture(scope="module")
def stack():
    missing = missing_prerequisites()
    if missing:
        reason = f"the deployed stack needs {', '.join(missing)}; run `make smoke`"
        if in_ci():
            pytest.fail(reason, pytrace=False)
        pytest.skip(reason)
    # Not pytest's tmp_path: nginx's workers must be able to reach the static files.
    workdir = Path(tempfile.mkdtemp(prefix="lantern-stack-", dir="/tmp"))  # noqa: S108
    try:
        with Stack(workdir) as running:
            yield running
    finally:
        shutil.rmtree(workdir, ignore_errors=True)

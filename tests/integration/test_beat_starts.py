"""`celery -A backend beat` starts with the project's schedule."""

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

pytestmark = pytest.mark.integration


def test_celery_beat_starts_and_loads_the_schedule(tmp_path, redis_client):
    log_path = tmp_path / "beat.log"
    with open(log_path, "wb") as log:
        beat = subprocess.Popen(  # noqa: S603  a fixed command line
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "backend",
                "beat",
                "--loglevel=DEBUG",
                "--schedule",
                str(tmp_path / "celerybeat-schedule"),
            ],
            cwd=Path(__file__).resolve().parents[2],
            env={**os.environ, "DJANGO_SETTINGS_MODULE": "backend.test_settings"},
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        try:
            deadline = time.monotonic() + 30
            while time.monotonic() < deadline and "worker.recompute_all" not in (
                output := log_path.read_text(errors="replace")
            ):
                assert beat.poll() is None, output
                time.sleep(0.2)
        finally:
            beat.terminate()
            beat.wait(timeout=20)
    output = log_path.read_text(errors="replace")
    assert "beat: Starting" in output
    assert "worker.recompute_all" in output

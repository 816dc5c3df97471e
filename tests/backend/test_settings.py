"""The settings read the environment; each case runs in a fresh interpreter."""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PROBE = (
    "import json, django; from django.conf import settings; django.setup(); "
    "from backend.celery import app; "
    "print(json.dumps({'engine': settings.DATABASES['default']['ENGINE'], "
    "'cache': settings.CACHES['default']['BACKEND'], 'eager': app.conf.task_always_eager, "
    "'scores_cache': settings.CACHES['scores']['BACKEND'], "
    "'broker': app.conf.broker_url, 'hasher': settings.PASSWORD_HASHERS[0], "
    "'email': settings.EMAIL_BACKEND, 'debug': settings.DEBUG}))"
)


def run_settings(**env: str) -> subprocess.CompletedProcess:
    clean = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DATABASE_URL", "REDIS_URL", "SECRET_KEY", "DEBUG", "DJANGO_SETTINGS_MODULE"}
    }
    clean.update(DJANGO_SETTINGS_MODULE="backend.settings", **env)
    return subprocess.run(  # noqa: S603  a fixed interpreter and script
        [sys.executable, "-c", PROBE], cwd=ROOT, env=clean, capture_output=True, text=True
    )


def test_production_refuses_to_start_without_a_secret_key():
    result = run_settings()

    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


def test_development_runs_embedded_with_no_environment():
    result = run_settings(DEBUG="1")

    assert result.returncode == 0, result.stderr
    seen = json.loads(result.stdout)
    assert seen["engine"] == "django.db.backends.sqlite3"
    assert seen["cache"].endswith("LocMemCache")
    assert seen["eager"] is True
    assert seen["email"].endswith("console.EmailBackend")
    # Snapshots published by `manage.py recompute_scores` must reach the web server process.
    assert seen["scores_cache"].endswith("FileBasedCache")


def test_redis_url_makes_redis_the_broker_and_the_cache():
    result = run_settings(
        SECRET_KEY="x" * 50, REDIS_URL="redis://127.0.0.1:6390/3", DATABASE_URL="postgres://u@h/db"
    )

    assert result.returncode == 0, result.stderr
    seen = json.loads(result.stdout)
    assert seen["cache"].endswith("RedisCache")
    assert seen["eager"] is False
    assert seen["broker"] == "redis://127.0.0.1:6390/3"
    assert seen["engine"] == "django.db.backends.postgresql"


def test_passwords_are_hashed_with_argon2():
    result = run_settings(SECRET_KEY="x" * 50)

    assert json.loads(result.stdout)["hasher"].endswith("Argon2PasswordHasher")

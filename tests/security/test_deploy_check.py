"""`manage.py check --deploy` is clean with the production settings, as deploy/ sets them."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def deploy_check(**settings: str) -> subprocess.CompletedProcess:
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DATABASE_URL", "REDIS_URL", "DJANGO_SETTINGS_MODULE"}
    }
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "backend.settings",
            "DEBUG": "0",
            "SECRET_KEY": secrets.token_urlsafe(50),
            "ALLOWED_HOSTS": "lantern.example.org",
            "CSRF_TRUSTED_ORIGINS": "https://lantern.example.org",
            **settings,
        }
    )
    return subprocess.run(  # noqa: S603  our own command line
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=120,
    )  # fmt: skip


@pytest.mark.parametrize("redirect", ["1", "0"])
def test_check_deploy_is_clean_in_production(redirect):
    """With Django redirecting to HTTPS, or leaving it to nginx (deploy/.env.example)."""
    done = deploy_check(SECURE_SSL_REDIRECT=redirect)

    assert done.returncode == 0, done.stdout + done.stderr
    assert "System check identified no issues" in done.stdout


def test_check_deploy_fails_on_a_weak_production_setting():
    """The check is really run with these settings: a short key is reported."""
    done = deploy_check(SECURE_SSL_REDIRECT="1", SECRET_KEY="short")

    assert done.returncode != 0
    assert "security.W009" in done.stdout + done.stderr

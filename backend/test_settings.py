"""Settings for the test suite: the real settings, with a throwaway key and a fast hasher."""

import os

os.environ.setdefault("SECRET_KEY", "test-only-secret-key-not-for-production")

from backend.settings import *  # noqa: E402,F403

# Argon2 is deliberately slow; tests create many users. Production keeps Argon2 first.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# The live test server speaks plain HTTP; secure-only cookies would never come back to it.
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False

# Without Redis, tests keep published snapshots in memory (cleared before every test) rather
# than in the embedded default's files, which would outlive the run.
if not REDIS_URL:  # noqa: F405
    CACHES["scores"] = {  # noqa: F405
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "scores",
        "TIMEOUT": None,
        "OPTIONS": {"MAX_ENTRIES": 10_000_000},
    }

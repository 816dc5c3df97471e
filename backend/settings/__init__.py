"""Lantern settings, read from the environment (see README "Configuration").

With no environment at all Lantern runs embedded: SQLite, Celery tasks in-process,
local-memory cache, e-mail printed to the console. Production sets DATABASE_URL,
REDIS_URL, SECRET_KEY and ALLOWED_HOSTS.
"""

import hashlib
import secrets
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

from backend.settings.environment import BASE_DIR, DEBUG, env

# A guessable key would let anyone forge sessions and password-reset links, so only a
# development run (DEBUG on) may fall back to a fixed one.
_DEV_SECRET_KEY = "insecure-development-key-do-not-use-in-production"  # noqa: S105
SECRET_KEY = env.str("SECRET_KEY", default="")
if not SECRET_KEY and env.bool("LANTERN_KEYLESS_COMMAND", default=False):
    # manage.py's file-only commands (KEYLESS_COMMANDS): nothing signed outlives the process.
    SECRET_KEY = secrets.token_urlsafe(50)
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. Set the SECRET_KEY environment variable to a long random "
            "string (for example: python -c 'import secrets; print(secrets.token_urlsafe(50))'), "
            "or set DEBUG=1 for a local development run."
        )
    SECRET_KEY = _DEV_SECRET_KEY

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"])
# A host name serving Turkopticon 2's routes at its root (/requesters?rids=…), so that its
# userscripts only need their host changed (api/read/legacy_host.py). Empty: none.
LEGACY_API_HOST = env.str("LEGACY_API_HOST", default="").strip().lower()
if LEGACY_API_HOST and LEGACY_API_HOST not in ALLOWED_HOSTS:
    ALLOWED_HOSTS.append(LEGACY_API_HOST)
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
SITE_NAME = env.str("SITE_NAME", default="Lantern")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "corsheaders",
    "csp",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    # Above allauth, so that the site's templates override allauth's own.
    "reviews.apps.ReviewsConfig",
    "allauth",
    "allauth.account",
    "api.apps.ApiConfig",
    "worker.apps.WorkerConfig",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "corsheaders.middleware.CorsMiddleware",
    # Before CommonMiddleware, whose slash redirects resolve with the request's urlconf.
    "api.read.legacy_host.LegacyApiHostMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    # Innermost, so that it sees a view's database error first.
    "reviews.views.errors.DatabaseOutageMiddleware",
]

ROOT_URLCONF = "backend.urls"
WSGI_APPLICATION = "backend.wsgi.application"
ASGI_APPLICATION = "backend.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "reviews.context_processors.site",
            ],
        },
    },
]

DATABASES = {
    "default": env.db_url("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
# Keep PostgreSQL connections open between requests; SQLite gains nothing from it.
if DATABASES["default"]["ENGINE"].endswith("postgresql"):
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("DATABASE_CONN_MAX_AGE", default=60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
# --- Redis, Celery and the cache: backend/settings/services.py ------------------------
from backend.settings.services import *  # noqa: E402,F403

# --- Accounts -------------------------------------------------------------------------
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_SIGNUP_FORM_CLASS = "reviews.forms.accounts.PseudonymSignupForm"
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_EMAIL_SUBJECT_PREFIX = f"[{SITE_NAME}] "
ACCOUNT_USER_DISPLAY = "reviews.services.profiles.public_name"
# allauth keys its rate limits by the client address: the adapter hands it a keyed hash.
ACCOUNT_ADAPTER = "reviews.account_adapter.AccountAdapter"
LOGIN_REDIRECT_URL = "/"
LOGIN_URL = "account_login"

# --- E-mail ---------------------------------------------------------------------------
EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Lantern <noreply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Security -------------------------------------------------------------------------
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
CSRF_FAILURE_VIEW = "reviews.views.errors.csrf_failure"
SESSION_COOKIE_HTTPONLY = True
# Behind TLS in production; a plain-HTTP development run must still be able to log in.
SESSION_COOKIE_SECURE = env.bool("SECURE_COOKIES", default=not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if not DEBUG else None
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=False)
if not SECURE_SSL_REDIRECT:
    # deploy/nginx.conf (or the load balancer) redirects plain HTTP to HTTPS before Django
    # sees it, which is where a redirect belongs; with SECURE_SSL_REDIRECT on, the check
    # applies again (tests/security/test_deploy_check.py runs check --deploy both ways).
    SILENCED_SYSTEM_CHECKS = ["security.W008"]
# HSTS: sent only on HTTPS answers (Django adds it when request.is_secure()), so a plain
# development run is unaffected. Set SECURE_HSTS_SECONDS=0 to stop sending it.
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0 if DEBUG else 31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=True)
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# Content-Security-Policy (django-csp) on every answer: scripts, styles, fonts and images
# only from Lantern itself, no inline script or style, no plugins, no framing, forms only
# to Lantern. Data blocks such as {{ …|json_script }} are not scripts and stay allowed.
SELF, NONE = "'self'", "'none'"
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [NONE],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
    }
}
# Permissions-Policy (django-permissions-policy): no page of Lantern's needs these.
PERMISSIONS_POLICY = {
    feature: []
    for feature in (
        "accelerometer", "camera", "display-capture", "geolocation", "gyroscope",
        "magnetometer", "microphone", "payment", "usb",
    )
}  # fmt: skip

# --- Static files, i18n ---------------------------------------------------------------
STATIC_URL = "static/"
# Where collectstatic puts the files nginx serves (deploy/nginx.conf's /static/ alias).
STATIC_ROOT = Path(env.str("STATIC_ROOT", default=str(BASE_DIR / "staticfiles")))
LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

# --- API ------------------------------------------------------------------------------
REST_FRAMEWORK = {
    # Tokens only: a cookie never authenticates an API call, so no cross-site page can
    # make a logged-in browser write through the API (and the API needs no CSRF token).
    "DEFAULT_AUTHENTICATION_CLASSES": ["api.authentication.ApiTokenAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "EXCEPTION_HANDLER": "api.errors.exception_handler",
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_THROTTLE_RATES": {
        "anon_read": env.str("API_RATE_ANON_READ", default="600/min"),
        "token_read": env.str("API_RATE_TOKEN_READ", default="6000/min"),
        "write": env.str("API_RATE_WRITE", default="60/min"),
    },
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
# Proxies in front of Lantern that append to X-Forwarded-For (1 behind deploy/nginx.conf),
# so rate limits see the client's address rather than the proxy's.
REST_FRAMEWORK["NUM_PROXIES"] = env.int("API_NUM_PROXIES", default=None)
# How long browsers, extensions and proxies may reuse a score lookup.
API_CACHE_MAX_AGE = env.int("API_CACHE_MAX_AGE", default=60)
API_MAX_IDS = 100
# The score lookup keeps snapshots in each web process's memory and asks Redis at most this
# often whether any were republished; and at most this many snapshots (about 2 kB each).
API_SCORES_CHECK_SECONDS = env.float("API_SCORES_CHECK_SECONDS", default=1.0)
API_SCORES_MEMORY_ENTRIES = env.int("API_SCORES_MEMORY_ENTRIES", default=60_000)

# Reads are open to every origin (extensions, userscripts); credentials never travel
# cross-origin, so a write needs the Authorization header of a personal token.
CORS_URLS_REGEX = r"^/api/.*$"
CORS_ALLOW_ALL_ORIGINS = True
CORS_ALLOW_CREDENTIALS = False
CORS_ALLOW_HEADERS = (
    "accept",
    "authorization",
    "content-type",
    "if-none-match",
    "idempotency-key",
)
CORS_EXPOSE_HEADERS = ["ETag", "Retry-After", "Idempotent-Replayed"]

SPECTACULAR_SETTINGS = {
    "TITLE": "Lantern API",
    "DESCRIPTION": "Requester reputation for crowd workers and their browser extensions.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    # Swagger UI and Redoc assets come from the drf-spectacular-sidecar package: no CDN.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # One name for a choice set that several fields use (a dispute's decision and its
    # appeal's decision), instead of a warning and a generated name per field.
    "ENUM_NAME_OVERRIDES": {
        "DisputeDecisionEnum": "reviews.models.Dispute.Decision",
        "LookupStatusEnum": "api.read.serializers.LOOKUP_STATUSES",
    },
}

# --- Lantern --------------------------------------------------------------------------
REVIEWS_PER_PAGE = env.int("REVIEWS_PER_PAGE", default=20)
# Scoring (see reviews/scoring/): prior weight m of the Bayesian averages, the recency
# half-life of a review's weight, the "recent" window, and how long a burst of reviews on
# one requester is collected before one recompute sees them all.
SCORES_PRIOR_WEIGHT = env.float("SCORES_PRIOR_WEIGHT", default=5.0)
SCORES_HALF_LIFE_DAYS = env.float("SCORES_HALF_LIFE_DAYS", default=365.0)
SCORES_RECENT_DAYS = env.int("SCORES_RECENT_DAYS", default=90)
SCORES_RECOMPUTE_DELAY = env.float("SCORES_RECOMPUTE_DELAY", default=1.0)
# After recomputes, a platform's wage chart is summed again from its requesters' snapshots
# this many seconds later, once per burst (worker.refresh_platform_wage_chart).
PLATFORM_CHART_REFRESH_DELAY = env.float("PLATFORM_CHART_REFRESH_DELAY", default=600.0)
# A due mark older than this (seconds) was not served by its own recompute: the sweep does it.
SCORES_DUE_SWEEP_AFTER = env.float("SCORES_DUE_SWEEP_AFTER", default=10.0)
SCORES_CHUNK_SIZE = env.int("SCORES_CHUNK_SIZE", default=2000)
SCORES_RECOMPUTE_THREADS = env.int("SCORES_RECOMPUTE_THREADS", default=2)

# Abuse detection (see README "Abuse detection flow"): the periodic sweep reruns every
# detector over the reviews of the last ABUSE_SWEEP_LOOKBACK_DAYS (its beat entry is in
# services.py). The check after each review also looks for copies of its text among the
# other reviews of the last
# ABUSE_CHECK_TEXT_HOURS (at most ABUSE_CHECK_TEXT_LIMIT of them), and reads the reviews of
# ABUSE_CHECK_CONTEXT_REQUESTERS other recently reviewed requesters as the population its
# statistics compare against. The detectors' thresholds are the ABUSE_* settings read by
# reviews/abuse/thresholds.py.
ABUSE_SWEEP_LOOKBACK_DAYS = env.float("ABUSE_SWEEP_LOOKBACK_DAYS", default=2.0)
ABUSE_CHECK_TEXT_HOURS = env.float("ABUSE_CHECK_TEXT_HOURS", default=48.0)
ABUSE_CHECK_TEXT_LIMIT = env.int("ABUSE_CHECK_TEXT_LIMIT", default=2000)
ABUSE_CHECK_CONTEXT_REQUESTERS = env.int("ABUSE_CHECK_CONTEXT_REQUESTERS", default=20)
# Network fingerprints: keyed hashes (HMAC-SHA256) of a writer's IP prefix (/24 or /48) and
# user agent; raw addresses are never stored. Without FINGERPRINT_SECRET the key is derived
# from SECRET_KEY (rotating either makes old and new fingerprints incomparable). Rows older
# than FINGERPRINT_RETENTION_DAYS are erased by a daily beat task.
FINGERPRINT_SECRET = (
    env.str("FINGERPRINT_SECRET", default="")
    or hashlib.sha256(b"lantern.network-fingerprint:" + SECRET_KEY.encode()).hexdigest()
)
FINGERPRINT_RETENTION_DAYS = env.int("FINGERPRINT_RETENTION_DAYS", default=90)

# Helpful votes and account data (README "Helpful votes", "Your own data"): votes cast or
# withdrawn per account per hour, and token-holders' API exports per hour.
HELPFUL_VOTES_PER_HOUR = env.int("HELPFUL_VOTES_PER_HOUR", default=60)
REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]["export"] = env.str("API_RATE_EXPORT", default="20/hour")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    # Which client looked up which requesters is nobody's business: the development server's
    # access log loses the query string of score lookups (gunicorn keeps no access log).
    "filters": {"hide_api_queries": {"()": "api.read.logging.HideApiQueries"}},
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "loggers": {
        "django.server": {
            "handlers": ["console"],
            "filters": ["hide_api_queries"],
            "level": "INFO",
            "propagate": False,
        }
    },
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
}

"""Redis, Celery and the caches (README "Configuration"): with REDIS_URL, Redis behind the
caches and the broker; without it, the embedded default's in-process tasks, local-memory
caches and published snapshots in files."""

from celery.schedules import crontab

from backend.settings.environment import BASE_DIR, env

REDIS_URL = env.str("REDIS_URL", default="")
# Seconds every Redis client (the caches, Celery's broker connection) waits to connect and
# for an answer, so that a Redis that accepts connections but never answers (or a network
# that drops packets) costs a request this long rather than gunicorn's timeout. The largest
# command is a full publish chunk (SCORES_CHUNK_SIZE snapshots in one round trip): tens of
# milliseconds, far inside the read timeout.
REDIS_CONNECT_TIMEOUT = env.float("REDIS_CONNECT_TIMEOUT", default=2.0)
REDIS_SOCKET_TIMEOUT = env.float("REDIS_SOCKET_TIMEOUT", default=5.0)
# After a Redis failure a process answers without it (empty default cache, no enqueue from
# a request, lookups from memory or PostgreSQL) for this many seconds before trying again.
REDIS_RETRY_AFTER = env.float("REDIS_RETRY_AFTER", default=5.0)
REDIS_TIMEOUTS = {
    "socket_connect_timeout": REDIS_CONNECT_TIMEOUT,
    "socket_timeout": REDIS_SOCKET_TIMEOUT,
}

if REDIS_URL:
    CACHES = {
        # Rate limits and pending marks: harmless while Redis is down (backend/cache.py).
        "default": {
            "BACKEND": "backend.cache.ForgivingRedisCache",
            "LOCATION": REDIS_URL,
            "OPTIONS": REDIS_TIMEOUTS,
        }
    }
    CACHES["scores"] = {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": REDIS_URL,
        "KEY_PREFIX": "scores",
        "TIMEOUT": None,
        "OPTIONS": REDIS_TIMEOUTS,
    }
    # The worker's recompute-pending marks: their errors reach the caller, which then
    # leaves the recompute to the due-mark sweep instead of trying to enqueue it.
    CACHES["pending"] = {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": REDIS_URL,
        "OPTIONS": REDIS_TIMEOUTS,
    }
    CELERY_BROKER_URL = REDIS_URL
    CELERY_TASK_ALWAYS_EAGER = False
else:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
        "pending": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "p"},
        # Published snapshots must be shared by every process (the web server, and the
        # commands that compute scores), so the embedded default keeps them in files.
        "scores": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": BASE_DIR / "var" / "scores-cache",
            "TIMEOUT": None,
            "OPTIONS": {"MAX_ENTRIES": 10_000_000},
        },
    }
    # No broker: run tasks in-process so the embedded default needs no services.
    CELERY_BROKER_URL = "memory://"
    CELERY_TASK_ALWAYS_EAGER = True
    CELERY_TASK_EAGER_PROPAGATES = True

CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_RESULT_BACKEND = None
CELERY_TASK_IGNORE_RESULT = True
CELERY_TIMEZONE = "UTC"
# Reliability, chosen on purpose:
# - acknowledge a task only when it has finished, so a worker that dies mid-task (crash,
#   OOM kill, SIGKILL, deploy) leaves the message to be delivered again; our tasks are
#   idempotent, so running one twice is harmless;
CELERY_TASK_ACKS_LATE = True
# - and when the pool process running it is killed, put it back at once instead of
#   waiting for the visibility timeout;
CELERY_TASK_REJECT_ON_WORKER_LOST = True
# - one message at a time per process: a long recompute must not sit on a queue of
#   prefetched messages that other idle workers could take;
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# - a hung task is stopped (soft limit first, so it can clean up) rather than blocking a
#   process forever; recompute_all raises its own limits;
CELERY_TASK_SOFT_TIME_LIMIT = env.int("CELERY_TASK_SOFT_TIME_LIMIT", default=120)
CELERY_TASK_TIME_LIMIT = env.int("CELERY_TASK_TIME_LIMIT", default=180)
# - Redis redelivers an unacknowledged message after the visibility timeout. It must exceed
#   every countdown and every task's run time, or a message would run twice in parallel
#   while the first run is still going (see SCORES_RECOMPUTE_DELAY in __init__.py; recompute_all
#   runs within its own 1-hour limit).
#   Workers look for such messages every 10 s (interval × throttle): one cheap ZRANGE.
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": env.int("CELERY_VISIBILITY_TIMEOUT", default=2 * 3600),
    "unacked_restore_interval": 10,
    "unacked_restore_throttle": 1,
    # The broker's Redis clients wait no longer than the caches' (the worker's BRPOP polls
    # for 1 s at a time, well inside the read timeout).
    **REDIS_TIMEOUTS,
}
CELERY_BROKER_CONNECTION_TIMEOUT = REDIS_CONNECT_TIMEOUT
# No result backend is configured (CELERY_RESULT_BACKEND above); should one be, its Redis
# waits the same.
CELERY_REDIS_SOCKET_CONNECT_TIMEOUT = REDIS_CONNECT_TIMEOUT
CELERY_REDIS_SOCKET_TIMEOUT = REDIS_SOCKET_TIMEOUT
# Processes per worker (the same for the systemd unit and the compose service; unset: one
# per CPU).
CELERY_WORKER_CONCURRENCY = env.int("CELERY_CONCURRENCY", default=None)
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_WORKER_CANCEL_LONG_RUNNING_TASKS_ON_CONNECTION_LOSS = True
CELERY_BEAT_SCHEDULE = {
    "recompute-all-scores-nightly": {
        "task": "worker.recompute_all",
        "schedule": crontab(hour=3, minute=15),
    },
    "build-score-export-daily": {
        "task": "worker.build_score_export",
        "schedule": crontab(hour=4, minute=0),
    },
    "sweep-due-scores": {
        "task": "worker.sweep_due_scores",
        "schedule": env.float("SCORES_DUE_SWEEP_INTERVAL", default=60.0),
    },
    "republish-scores-if-cache-lost": {
        "task": "worker.ensure_scores_published",
        "schedule": env.float("SCORES_REPUBLISH_CHECK_INTERVAL", default=60.0),
    },
    "sweep-abuse-recent-window": {
        "task": "worker.sweep_abuse",
        "schedule": 60.0 * env.float("ABUSE_SWEEP_INTERVAL_MINUTES", default=15.0),
    },
    "erase-old-fingerprints-daily": {
        "task": "worker.erase_old_fingerprints",
        "schedule": crontab(hour=2, minute=45),
    },
    # Sends any daily task above whose last success began over a day plus the slack ago
    # (beat was down at its time; worker/daily.py).
    "catch-up-daily-tasks": {
        "task": "worker.catch_up_daily_tasks",
        "schedule": env.float("PERIODIC_CATCH_UP_INTERVAL", default=300.0),
    },
}
PERIODIC_CATCH_UP_SLACK_MINUTES = env.float("PERIODIC_CATCH_UP_SLACK_MINUTES", default=30.0)

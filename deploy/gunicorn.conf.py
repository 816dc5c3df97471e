"""gunicorn settings for Lantern: `gunicorn --config deploy/gunicorn.conf.py backend.wsgi`.

Every value can be changed from the environment (see deploy/.env.example).
"""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")
# Synchronous workers: Django views here are short and database-bound; more processes, not
# threads, is the simple way to use more cores.
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1))
threads = int(os.environ.get("GUNICORN_THREADS", "1"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 30
keepalive = 5
# Recycle workers now and then, so a slow leak can never grow without bound; rarely, since a
# new worker starts with an empty in-memory copy of the score snapshots.
max_requests = 200_000
max_requests_jitter = 20_000
# Import Django once in the master: faster worker start, a broken settings file fails loudly.
preload_app = True
# Heartbeat files on tmpfs: a worker stalled on a slow disk is not mistaken for a hung one.
_SHM = "/dev/shm"  # noqa: S108  gunicorn's own advice; only heartbeat files go there
worker_tmp_dir = _SHM if os.path.isdir(_SHM) else None

# Only nginx may tell gunicorn the original scheme (X-Forwarded-Proto).
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")

# No access log: it would pair client addresses with the requesters they look up.
accesslog = None
errorlog = "-"
loglevel = os.environ.get("LOG_LEVEL", "info").lower()

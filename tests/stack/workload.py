"""What the load test and the freshness benchmark share: a started stack with data and
accounts, Django in this process on the stack's database (to prepare and to check), waiting
until the workers are idle, and checking every snapshot against a recompute.

    stack = started_stack("bench-load", settings={...})   # also sets Django up
    plan = prepare(stack, api_writers=16, page_writers=8, moderators=1)
"""

from __future__ import annotations

import contextlib
import math
import os
import random
import shutil
import signal
import sys
import tempfile
import time
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

from tests.stack.stack import Stack, missing_prerequisites

PASSWORD = "load test passphrase 2718"  # noqa: S105  throwaway accounts on a throwaway database
PLATFORM = "mturk"
SEED_REQUESTERS = 400
SEED_REVIEWS = 4000
NEW_REQUESTERS = 200  # ids that no review names yet: writers create them
QUIET_SECONDS = 3.0


@contextlib.contextmanager
def started_stack(name: str, *, settings: dict[str, str]) -> Iterator[Stack]:
    """A Stack in a fresh directory, started, with Django set up here on its database;
    stopped and removed afterwards (also on Ctrl-C or SIGTERM)."""
    missing = missing_prerequisites()
    if missing:
        sys.exit(f"{name}: needs {', '.join(missing)}; run it through its make target")
    for sig in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(sig, lambda signum, frame: sys.exit(128 + signum))
    workdir = Path(tempfile.mkdtemp(prefix=f"lantern-{name}-", dir="/tmp"))  # noqa: S108
    stack = Stack(workdir, settings=settings)
    try:
        os.environ.update(stack.environment_file_values())
        os.environ["DJANGO_SETTINGS_MODULE"] = "backend.settings"
        import django

        django.setup()
        step(f"{name}: start nginx, gunicorn, worker, beat (deploy/)", stack.start)
        yield stack
    finally:
        stack.stop()
        if os.environ.get("KEEP_STACK"):
            print(f"{name}: logs kept in {workdir}/logs")
        else:
            shutil.rmtree(workdir, ignore_errors=True)


def step(label: str, work):
    started = time.perf_counter()
    print(f"{label}…", end=" ", flush=True)
    result = work()
    print(f"{time.perf_counter() - started:.1f} s", flush=True)
    return result


def prepare(stack: Stack, *, api_writers: int, page_writers: int, moderators: int) -> dict:
    """Seed requesters and reviews (manage.py seed_demo, scored), then make the accounts the
    simulated people use: verified, a year old (not the "new account" of the abuse checks),
    API writers and moderators with a personal token each. Returns the plan they read."""
    step(
        f"seed {SEED_REQUESTERS} requesters, {SEED_REVIEWS} reviews (seed_demo)",
        lambda: stack.manage(
            "seed_demo", "--force", "--requesters", str(SEED_REQUESTERS),
            "--reviews", str(SEED_REVIEWS),
        ),
    )  # fmt: skip
    from reviews.models import Requester, Review

    accounts = step(
        "make accounts and tokens",
        lambda: {
            "api_writers": _accounts("api", api_writers, token=True),
            "page_writers": _accounts("page", page_writers, token=False),
            "moderators": _accounts("moderator", moderators, token=True, role="moderator"),
        },
    )
    existing = list(
        Requester.objects.filter(platform__slug=PLATFORM, merged_into=None).values_list(
            "external_id", flat=True
        )
    )
    rng = random.Random(7)
    new = [f"ALOAD{rng.randrange(10**10):010d}" for _ in range(NEW_REQUESTERS)]
    flaggable = list(
        Review.objects.filter(requester__platform__slug=PLATFORM, status="published")
        .order_by("?")
        .values_list("pk", flat=True)[:300]
    )
    return {
        **accounts,
        "platform": PLATFORM,
        "password": PASSWORD,
        "requester_ids": existing + new,
        "existing_requester_ids": existing,
        "lookup_ids": existing + new,
        "flaggable_review_ids": flaggable,
    }


def _accounts(kind: str, count: int, *, token: bool, role: str = "worker") -> list[dict]:
    from allauth.account.models import EmailAddress
    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import make_password
    from django.utils import timezone

    from reviews.services.tokens import token_create

    password_hash = make_password(PASSWORD)  # once: Argon2 is slow on purpose
    made = []
    for n in range(count):
        username = f"load-{kind}-{n}"
        email = f"{username}@example.org"
        user = get_user_model().objects.create(
            username=username,
            email=email,
            password=password_hash,
            date_joined=timezone.now() - timedelta(days=365),
        )
        profile = user.profile
        profile.pseudonym = f"load_{kind}_{n}"
        profile.role = role
        profile.save(update_fields=["pseudonym", "role"])
        EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
        account = {"username": username, "email": email}
        if token:
            account["token"] = token_create(user=user, name="load test")[1]
        made.append(account)
    return made


def wait_until_idle(stack: Stack, *, timeout: float = 180.0) -> float:
    """Until Celery has nothing queued, unacknowledged or pending for QUIET_SECONDS; returns
    how long that took. A recompute scheduled in a burst's delay counts as pending."""
    import redis

    client = redis.Redis.from_url(stack.redis_url)
    started = time.monotonic()
    quiet_since = None
    while time.monotonic() - started < timeout:
        busy = (
            client.llen("celery")
            + client.hlen("unacked")
            + sum(1 for _ in client.scan_iter(match="*recompute-pending*", count=1000))
        )
        now = time.monotonic()
        if busy:
            quiet_since = None
        elif quiet_since is None:
            quiet_since = now
        elif now - quiet_since >= QUIET_SECONDS:
            return quiet_since - started
        time.sleep(0.2)
    raise RuntimeError(f"Celery still busy after {timeout:.0f} s:\n{stack.tails()}")


def snapshot_check() -> dict[str, int]:
    """Every stored snapshot against a recompute at the moment it was computed (rolled back,
    so nothing is stored or published), and against what Redis publishes.

    A snapshot counts every published review, whenever written, so one that missed a later
    change (a review, an edit, a moderator's hide) differs from its recompute."""
    from django.db import transaction

    from reviews.models import RequesterScore
    from reviews.services.scores import published_score, requester_scores_recompute

    checked = differ = unpublished = 0
    scores = RequesterScore.objects.select_related("requester__platform").filter(
        requester__merged_into=None
    )
    for score in scores.iterator(chunk_size=500):
        with transaction.atomic():
            requester_scores_recompute(requester_ids=[score.requester_id], now=score.computed_at)
            fresh = RequesterScore.objects.get(requester_id=score.requester_id)
            transaction.set_rollback(True)
        checked += 1
        differ += fresh.data != score.data or fresh.review_count != score.review_count
        published = published_score(
            platform_slug=score.requester.platform.slug, external_id=score.requester.external_id
        )
        unpublished += published is None or published["version"] != score.version
    return {"checked": checked, "differ": differ, "unpublished": unpublished}


def _proc_stats() -> Iterator[tuple[int, int, int, float, str]]:
    """(pid, parent, process group, CPU seconds incl. waited-for children, command line)."""
    ticks = os.sysconf("SC_CLK_TCK")
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
            cmdline = (stat.parent / "cmdline").read_bytes().replace(b"\0", b" ").decode()
        except OSError:  # gone meanwhile
            continue
        seconds = sum(int(f) for f in fields[11:15]) / ticks  # utime stime cutime cstime
        yield int(stat.parent.name), int(fields[1]), int(fields[2]), seconds, cmdline


def cpu_seconds(stack: Stack) -> dict[str, float]:
    """CPU time used so far by each part of the stack, PostgreSQL and Redis (found by their
    ports) included, and by the whole machine (`machine`, every core)."""
    from urllib.parse import urlsplit

    stats = list(_proc_stats())
    groups = {p.popen.pid: name for name, p in stack.processes.items() if p.running()}
    used = dict.fromkeys(["postgres", "redis", *groups.values()], 0.0)
    pg_port = str(urlsplit(stack.database_url).port)
    redis_port = str(urlsplit(stack.redis_url).port)
    postmaster = {
        pid for pid, _, _, _, cmd in stats if cmd.startswith("/") and "postgres" in cmd
        and f"-p {pg_port} " in cmd
    }  # fmt: skip
    for pid, parent, group, seconds, cmd in stats:
        if group in groups:
            used[groups[group]] += seconds
        elif pid in postmaster or parent in postmaster:
            used["postgres"] += seconds
        elif cmd.startswith("redis-server") and f":{redis_port}" in cmd:
            used["redis"] += seconds
    with open("/proc/stat") as f:
        values = [int(v) for v in f.readline().split()[1:]]
    idle = values[3] + values[4]  # idle, iowait
    used["machine"] = (sum(values[:8]) - idle) / os.sysconf("SC_CLK_TCK")
    return used


def percentile(values: list[float], fraction: float) -> float:
    """The nearest-rank percentile (no interpolation: a value that was measured)."""
    if not values:
        return math.nan
    ordered = sorted(values)
    return ordered[max(0, math.ceil(fraction * len(ordered)) - 1)]

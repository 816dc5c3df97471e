"""Benchmark of the periodic abuse sweep against a plain SQL scan of the same rows.

Run with `make bench-abuse` (SIZE=small for a quick run), which starts a throwaway PostgreSQL.
It inserts 1,000,000 reviews (small: 100,000) over two years with SQL generate_series, each
with a network fingerprint, then times in the same run:

- scan: the sweep's own SELECT (same columns, joins and order), fetched through a server-side
  cursor in chunks and discarded;
- sweep: reviews.abuse.sweep.detect_in_db over every row, window by window.

The last line reads `ratio_scan=… peak_mb=…` (peak resident memory of this process).
`--profile N` runs the sweep under cProfile and prints its N costliest functions (by own
time) before that line; the profiler slows the sweep, so the ratio of such a run is not the
benchmark's figure.
"""

import argparse
import cProfile
import os
import pstats
import resource
import sys
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "backend.settings")
os.environ.setdefault("SECRET_KEY", "benchmark-only-secret-key")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from tqdm import tqdm  # noqa: E402

from reviews.abuse import Thresholds  # noqa: E402
from reviews.abuse.sweep import detect_in_db, review_rows_queryset  # noqa: E402
from reviews.models import Platform, Review  # noqa: E402

SIZES = {
    "small": {"reviews": 100_000, "requesters": 2_000, "users": 10_000, "networks": 8_000},
    "full": {"reviews": 1_000_000, "requesters": 20_000, "users": 100_000, "networks": 80_000},
}
WORDS = [
    "pay",
    "approved",
    "rejected",
    "fast",
    "slow",
    "survey",
    "study",
    "batch",
    "task",
    "requester",
    "good",
    "bad",
    "fair",
    "unfair",
    "bonus",
    "timer",
    "minutes",
    "hour",
    "instructions",
    "clear",
    "confusing",
    "email",
    "reply",
    "never",
    "always",
    "quick",
    "worth",
    "underpaid",
    "great",
    "avoid",
    "again",
    "would",
    "recommend",
    "screener",
    "kicked",
    "attention",
    "checks",
    "broken",
    "link",
    "code",
    "completion",
    "payment",
    "week",
    "day",
    "pending",
    "data",
    "images",
    "audio",
    "transcription",
    "labelling",
    "research",
    "lab",
    "university",
    "participants",
    "questions",
    "long",
    "short",
    "easy",
    "hard",
]

GENERATE_SQL = """
INSERT INTO auth_user (password, is_superuser, username, first_name, last_name, email,
                       is_staff, is_active, date_joined)
SELECT '!', false, 'abench' || g, '', '', 'abench' || g || '@example.org', false, true,
       now() - random() * interval '1000 days'
FROM generate_series(1, %(users)s) g;

INSERT INTO reviews_requester (platform_id, external_id, display_name, created_at)
SELECT %(platform)s, 'B' || lpad(g::text, 12, '0'), 'Requester ' || g, now()
FROM generate_series(1, %(requesters)s) g;

INSERT INTO reviews_review (
    author_id, requester_id, task_title, task_id, task_key, reward, bonus, currency,
    time_worked_seconds, did_not_finish, hourly_wage, outcome, approval_seconds, blocked,
    communication, recommend, recommend_reason, tos_violation, tos_context, broken_task,
    broken_context, unpaid_screener, rating_pay, rating_fair, rating_fast, rating_comm,
    text, status, moderation_reason, replies_locked, idempotency_key, helpful_count,
    created_at, updated_at)
SELECT
    u.first_user + (g %% %(users)s),
    q.first_requester + ((g::bigint * 7919) %% %(requesters)s),
    'Task ' || g, '', 'title:task ' || g,
    1.00, 0, 'USD', 600, false, 6.00, 'approved', 3600, false, 'not_contacted',
    random() < 0.8, '', false, '', false, '', false,
    CASE WHEN random() < 0.6 THEN 1 + (random() * 4)::int END,
    CASE WHEN random() < 0.6 THEN 1 + (random() * 4)::int END,
    CASE WHEN random() < 0.6 THEN 1 + (random() * 4)::int END,
    CASE WHEN random() < 0.6 THEN 1 + (random() * 4)::int END,
    (SELECT string_agg((%(words)s::text[])[1 + floor(random() * %(nwords)s)::int], ' ')
     FROM generate_series(1, 6 + (g %% 25))),
    'published', '', false, NULL, 0, x.created_at, x.created_at
FROM generate_series(1, %(reviews)s) g
CROSS JOIN (SELECT min(id) AS first_user FROM auth_user WHERE username LIKE 'abench%%') u
CROSS JOIN (SELECT min(id) AS first_requester FROM reviews_requester
            WHERE external_id LIKE 'B%%') q
CROSS JOIN LATERAL (
    SELECT now() - random() * interval '730 days' + g * interval '0' AS created_at
) x;

INSERT INTO reviews_networkfingerprint (user_id, review_id, action, network_hash, agent_hash,
                                        created_at)
SELECT r.author_id, r.id, 'review_create',
       md5('net' || ((r.author_id * 7) %% %(networks)s)), md5('agent'), r.created_at
FROM reviews_review r;
ANALYZE;
"""


def generate(size: dict) -> None:
    platform = Platform.objects.get(slug="mturk")
    with connection.cursor() as cursor:
        cursor.execute(
            "TRUNCATE reviews_networkfingerprint, reviews_abusesignal, reviews_flag, "
            "reviews_review, reviews_requester CASCADE"
        )
        cursor.execute("DELETE FROM auth_user WHERE username LIKE 'abench%%'")
        cursor.execute(
            GENERATE_SQL,
            {**size, "platform": platform.pk, "words": WORDS, "nwords": len(WORDS)},
        )


def timed(label: str, work):
    start = time.perf_counter()
    result = work()
    elapsed = time.perf_counter() - start
    print(f"{label:<44} {elapsed:9.3f} s", flush=True)
    return elapsed, result


def scan(since, until, chunk_size: int) -> int:
    """The sweep's SELECT, fetched in chunks through a server-side cursor and discarded."""
    sql, params = review_rows_queryset(since, until).query.sql_with_params()
    rows = 0
    with transaction.atomic(), connection.chunked_cursor() as cursor:
        cursor.execute(sql, params)
        while batch := cursor.fetchmany(chunk_size):
            rows += len(batch)
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", choices=sorted(SIZES), default="full")
    parser.add_argument(
        "--profile", type=int, default=0, metavar="N", help="print the N costliest functions"
    )
    args = parser.parse_args()
    size = SIZES[args.size]
    if connection.vendor != "postgresql":
        sys.exit("bench_abuse needs PostgreSQL: run it through `make bench-abuse`.")
    call_command("migrate", verbosity=0)
    print(f"generating {size['reviews']:,} reviews with fingerprints…", flush=True)
    timed("generate (SQL)", lambda: generate(size))
    thresholds = Thresholds.from_settings()
    first = Review.objects.order_by("created_at").values_list("created_at", flat=True)[0]
    last = Review.objects.order_by("-created_at").values_list("created_at", flat=True)[0]
    since, until = first, last + timedelta(seconds=1)

    t_scan, rows = timed(
        "scan: the sweep's SELECT, fetched", lambda: scan(since, until, thresholds.sweep_chunk_size)
    )
    baseline_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    with tqdm(total=rows, unit="row", disable=None, mininterval=2) as bar:

        def progress(read: int) -> None:
            bar.update(read - bar.n)

        profiler = cProfile.Profile() if args.profile else None

        def sweep():
            if profiler is None:
                return detect_in_db(since, until, thresholds, progress=progress)
            return profiler.runcall(detect_in_db, since, until, thresholds, progress=progress)

        t_sweep, detections = timed("sweep: detect_in_db over every row", sweep)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    t_scan = min(
        t_scan,
        timed("scan again (warm cache)", lambda: scan(since, until, thresholds.sweep_chunk_size))[
            0
        ],
    )
    kinds: dict[str, int] = {}
    for detection in detections:
        kinds[detection.kind] = kinds.get(detection.kind, 0) + 1
    print(f"{rows:,} rows; {len(detections)} detections {kinds}")
    if profiler is not None:
        pstats.Stats(profiler, stream=sys.stdout).sort_stats("tottime").print_stats(args.profile)
    print(f"process memory before the sweep {baseline_mb:.0f} MB, peak {peak_mb:.0f} MB")
    print(f"ratio_scan={t_sweep / t_scan:.1f} peak_mb={peak_mb:.0f}")


if __name__ == "__main__":
    main()

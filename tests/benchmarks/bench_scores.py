"""Benchmark of the nightly score recompute against floors and a naive implementation.

Run with `make bench-scores` (SIZE=small for a quick run, SIZE=scale for the growth
series), which starts throwaway PostgreSQL and Redis servers. Everything is measured side
by side in one run on one database, in interleaved rounds (the best of each is kept), so
the ratios hold even on a busy machine where absolute times don't:

- floor: one SQL GROUP BY computing only counts and sums over the same reviews;
- same-output floor: the plainest correct SQL for the same snapshots, into an unlogged
  table, nothing published (tests/benchmarks/same_output_floor.py); checked against what
  ours stored, number for number, on a sample of requesters;
- ours: scores_recompute_all(), the full snapshot of every requester, written to PostgreSQL
  and published to Redis;
- naive: a per-requester ORM loop with the aggregation in Python, timed on a random sample of
  requesters and scaled to all of them (running it in full would take many minutes).

It also times the platform wage chart's refresh from the stored snapshots against the
nightly pass over the reviews that counts it (`ratio_chart_sum_nightly=…`).

The last line reads `ratio_floor=… ratio_same_output=… ratio_naive=… peak_mb=…`. With
`--size scale` each size of the growth series runs in a process of its own (so that its
peak memory is its own) and the last line reads `per_review_growth=… peak_mb=…`.
"""

import argparse
import json
import os
import random
import resource
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "backend.settings")
os.environ.setdefault("SECRET_KEY", "benchmark-only-secret-key")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.utils import timezone  # noqa: E402

from reviews.models import (  # noqa: E402
    Platform,
    PlatformWageChart,
    Requester,
    RequesterScore,
    Review,
)
from reviews.scoring import sql as score_sql  # noqa: E402
from reviews.scoring import windows  # noqa: E402
from reviews.scoring.aggregates import review_facts  # noqa: E402
from reviews.services.platform_charts import platform_wage_chart_refresh  # noqa: E402
from reviews.services.platform_priors import platform_priors, platform_priors_refresh  # noqa: E402
from reviews.services.score_full_pass import scores_recompute_all  # noqa: E402
from reviews.services.scores import scoring_settings  # noqa: E402
from tests.benchmarks import same_output_floor  # noqa: E402


def _size(reviews: int) -> dict:
    """A database of `reviews` reviews, with requesters and workers in proportion."""
    return {"reviews": reviews, "requesters": reviews // 10, "users": reviews // 20}


SIZES = {
    "small": {**_size(100_000), "naive_sample": 500},
    "full": {**_size(1_000_000), "naive_sample": 1_000},
}
# The growth series: time per review and peak memory of the recompute at each size.
SCALE_SERIES = (250_000, 1_000_000, 4_000_000)
ROUNDS = 2
COMPARED = 1_000

GENERATE_SQL = """
INSERT INTO auth_user (password, is_superuser, username, first_name, last_name, email,
                       is_staff, is_active, date_joined)
SELECT '!', false, 'bench' || g, '', '', 'bench' || g || '@example.org', false, true, now()
FROM generate_series(1, %(users)s) g;

INSERT INTO reviews_requester (platform_id, external_id, display_name, created_at)
SELECT %(platform)s, 'A' || lpad(g::text, 12, '0'), 'Requester ' || g, now()
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
    x.reward, x.bonus, 'USD', x.secs, x.dnf,
    CASE WHEN x.dnf THEN NULL ELSE round((x.reward + x.bonus) * 3600 / x.secs, 2) END,
    x.outcome,
    CASE WHEN x.outcome = 'pending' THEN NULL ELSE (random() * 14 * 86400)::int END,
    random() < 0.02,
    (ARRAY['responsive', 'unresponsive', 'not_contacted'])[1 + floor(random() * 3)::int],
    CASE WHEN random() < 0.1 THEN NULL ELSE random() < 0.8 END, '',
    random() < 0.01, '', random() < 0.03, '', random() < 0.02,
    CASE WHEN random() < 0.6 THEN 1 + (random() * 4)::int END,
    CASE WHEN random() < 0.6 THEN 1 + (random() * 4)::int END,
    CASE WHEN random() < 0.6 THEN 1 + (random() * 4)::int END,
    CASE WHEN random() < 0.6 THEN 1 + (random() * 4)::int END,
    '', CASE WHEN random() < 0.03 THEN 'hidden' ELSE 'published' END, '', false, NULL, 0,
    x.created_at, x.created_at
FROM generate_series(1, %(reviews)s) g
CROSS JOIN (SELECT min(id) AS first_user FROM auth_user WHERE username LIKE 'bench%%') u
CROSS JOIN (SELECT min(id) AS first_requester FROM reviews_requester) q
CROSS JOIN LATERAL (
    SELECT round((0.05 + random() * 4)::numeric, 2) AS reward,
           CASE WHEN random() < 0.1 THEN 0.50 ELSE 0 END::numeric AS bonus,
           30 + (random() * 3600)::int AS secs,
           random() < 0.03 AS dnf,
           (ARRAY['approved', 'approved', 'approved', 'rejected', 'partially_rejected',
                  'pending', 'overturned'])[1 + floor(random() * 7)::int + g * 0] AS outcome,
           now() - random() * interval '730 days' AS created_at
) x;
ANALYZE;
"""

FLOOR_SQL = """
SELECT requester_id, count(*), sum(reward + bonus), sum(time_worked_seconds),
       sum(rating_pay), count(rating_pay)
FROM reviews_review WHERE status = 'published' GROUP BY requester_id
"""


def generate(size: dict) -> None:
    mturk = Platform.objects.get(slug="mturk")
    with connection.cursor() as cursor:
        cursor.execute(
            "TRUNCATE reviews_requesterscore, reviews_review, reviews_requesteralias, "
            "reviews_requester CASCADE"
        )
        cursor.execute("DELETE FROM auth_user WHERE username LIKE 'bench%%'")
        cursor.execute(GENERATE_SQL, {**size, "platform": mturk.pk})


def timed(label: str, work) -> float:
    start = time.perf_counter()
    work()
    elapsed = time.perf_counter() - start
    print(f"{label:<44} {elapsed:9.3f} s", flush=True)
    return elapsed


def floor() -> None:
    with connection.cursor() as cursor:
        cursor.execute(FLOOR_SQL)
        cursor.fetchall()


def _last_recompute_params() -> dict:
    """The snapshot statement's parameters at the moment and with the priors of the last
    recompute, so that the floors compute what it stored."""
    stored = RequesterScore.objects.order_by("-computed_at").values_list("computed_at", flat=True)
    now = stored.first() or timezone.now()
    return score_sql.params(**scoring_settings(now, platform_priors()))


def same_output() -> None:
    same_output_floor.run(_last_recompute_params())


def same_output_in_parts() -> None:
    same_output_floor.run_in_parts(_last_recompute_params(), settings.SCORES_RECOMPUTE_THREADS)


def check_same_output(ids: list[int]) -> None:
    """Stop unless the same-output floor computed what the recompute stored."""
    sample = random.Random(11).sample(ids, min(COMPARED, len(ids)))
    problems = same_output_floor.compare(sample)
    if problems:
        print("\n".join(problems[:20]))
        sys.exit(f"the same-output floor disagrees with scores_recompute_all ({len(problems)})")
    print(f"same-output floor agrees with the stored snapshots on {len(sample):,} requesters")


def pieces() -> None:
    """Each grouped pass of ours alone, one statement each with both cores as PostgreSQL
    plans it: where the recompute's time goes (the chart data's share among them)."""
    statement_params = {**_last_recompute_params(), "part": 0, "parts": 1}
    for name, sql in score_sql.piece_statements().items():

        def run(sql=sql) -> None:
            with transaction.atomic(), connection.cursor() as cursor:
                score_sql.configure_full_pass(cursor, parts=1)
                cursor.execute(sql, statement_params)
                cursor.fetchall()

        timed(f"piece alone: {name}", run)


def naive(requester_ids: list[int]) -> None:
    """What one would write first: per requester, load its reviews and aggregate in Python."""
    now = timezone.now()
    since = now - timedelta(days=settings.SCORES_RECENT_DAYS)
    priors = platform_priors_refresh(now=now)
    for requester in Requester.objects.filter(pk__in=requester_ids):
        rows = Review.objects.filter(requester=requester, status=Review.Status.PUBLISHED).values()
        facts = [f for _, f in review_facts(rows)]
        data = {
            window: windows.window_snapshot(
                facts,
                now=now.timestamp(),
                since=start,
                prior_means=priors[requester.platform_id],
                prior_weight=settings.SCORES_PRIOR_WEIGHT,
                half_life_days=settings.SCORES_HALF_LIFE_DAYS,
            )
            for window, start in (("all", None), ("recent", since.timestamp()))
        }
        RequesterScore.objects.update_or_create(
            requester=requester,
            defaults={
                "computed_at": now,
                "review_count": data["all"]["n"],
                "wage_median": data["all"]["wage"]["median"],
                "data": data,
            },
        )


def chart_refresh() -> None:
    """The platform wage chart's refresh between nights (summing the requesters' stored
    histograms) against the nightly pass over the reviews that counts it with the priors,
    best of ROUNDS each, and checked to give the same bins."""
    mturk = Platform.objects.get(slug="mturk").pk
    t_sum, t_nightly = [], []
    for n in range(1, ROUNDS + 1):
        t_nightly.append(timed(f"[{n}] platform chart: nightly pass", platform_priors_refresh))
        nightly = PlatformWageChart.objects.get(platform_id=mturk).wage_bins
        t_sum.append(
            timed(
                f"[{n}] platform chart: snapshot sum",
                lambda: platform_wage_chart_refresh(platform_id=mturk),
            )
        )
        summed = PlatformWageChart.objects.get(platform_id=mturk).wage_bins
        assert summed == nightly, (summed, nightly)
    print(
        f"platform chart refresh: snapshot sum {min(t_sum):.3f} s, nightly pass "
        f"{min(t_nightly):.3f} s: ratio_chart_sum_nightly={min(t_sum) / min(t_nightly):.2f}"
    )


def compare_all(size: dict) -> None:
    """Floors, ours and naive on one database, side by side."""
    print(
        f"generating {size['reviews']:,} reviews over {size['requesters']:,} requesters…",
        flush=True,
    )
    timed("generate (SQL)", lambda: generate(size))
    baseline_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    t_floor, t_same, t_parts, t_ours = [], [], [], []
    parts = settings.SCORES_RECOMPUTE_THREADS
    for n in range(1, ROUNDS + 1):
        t_floor.append(timed(f"[{n}] floor: SQL GROUP BY counts/sums", floor))
        t_ours.append(timed(f"[{n}] ours: scores_recompute_all", scores_recompute_all))
        # After ours, so that they use the moment and priors of the snapshots just stored.
        t_same.append(timed(f"[{n}] same-output floor, one statement", same_output))
        t_parts.append(timed(f"[{n}] same-output floor, {parts} parts", same_output_in_parts))
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    pieces()

    ids = list(Requester.objects.values_list("pk", flat=True))
    check_same_output(ids)
    sample = random.Random(7).sample(ids, min(size["naive_sample"], len(ids)))
    t_sample = timed(f"naive: ORM loop on {len(sample):,} requesters", lambda: naive(sample))
    t_naive = t_sample * len(ids) / len(sample)
    print(f"{'naive, scaled to all requesters':<44} {t_naive:9.3f} s")
    print(f"process memory before recompute {baseline_mb:.0f} MB, peak {peak_mb:.0f} MB")
    chart_refresh()
    ours = min(t_ours)
    print(
        f"ratio_floor={ours / min(t_floor):.2f} ratio_same_output={ours / min(t_same):.2f} "
        f"ratio_same_output_parts={ours / min(t_parts):.2f} "
        f"ratio_naive={t_naive / ours:.1f} peak_mb={peak_mb:.0f}"
    )


def growth_point(reviews: int) -> None:
    """One size of the growth series; prints one JSON line (run in a process of its own)."""
    generate(_size(reviews))
    before_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    seconds = min(timed(f"ours at {reviews:,} reviews", scores_recompute_all) for _ in range(2))
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        json.dumps(
            {"reviews": reviews, "seconds": seconds, "before_mb": before_mb, "peak_mb": peak_mb}
        )
    )


def growth() -> None:
    points = []
    for reviews in SCALE_SERIES:
        print(f"generating and recomputing {reviews:,} reviews…", flush=True)
        done = subprocess.run(  # noqa: S603 (this script, run again)
            [sys.executable, __file__, "--growth-point", str(reviews)],
            check=True,
            capture_output=True,
            text=True,
        )
        points.append(json.loads(done.stdout.strip().splitlines()[-1]))
    print(f"{'reviews':>10} {'requesters':>10} {'seconds':>9} {'µs/review':>10} {'peak MB':>8}")
    for p in points:
        print(
            f"{p['reviews']:>10,} {p['reviews'] // 10:>10,} {p['seconds']:>9.2f} "
            f"{p['seconds'] / p['reviews'] * 1e6:>10.2f} {p['peak_mb']:>8.0f}"
        )
    first, last = points[0], points[-1]
    growth_ratio = (last["seconds"] / last["reviews"]) / (first["seconds"] / first["reviews"])
    peaks = " ".join(f"{p['peak_mb']:.0f}" for p in points)
    print(f"per_review_growth={growth_ratio:.2f} peak_mb={peaks}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", choices=[*sorted(SIZES), "scale"], default="full")
    parser.add_argument("--growth-point", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        sys.exit("bench_scores needs PostgreSQL: run it through `make bench-scores`.")
    call_command("migrate", verbosity=0)
    if args.growth_point:
        growth_point(args.growth_point)
    elif args.size == "scale":
        growth()
    else:
        compare_all(SIZES[args.size])


if __name__ == "__main__":
    main()

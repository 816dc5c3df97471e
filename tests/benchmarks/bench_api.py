"""Benchmark of the extension's bulk score lookup against a floor and a naive implementation.

Run with `make bench-api` (SIZE=small for a quick run), which starts throwaway PostgreSQL
and Redis servers. The script migrates a fresh database, generates requesters with reviews,
scores them all and publishes the snapshots to Redis, serves the site with gunicorn
(2 workers, deploy/gunicorn.conf.py, DEBUG off) on a free loopback port, and measures with
wrk at 16 connections, in the same run, in interleaved rounds after a warm-up:

- lookup: GET /api/v1/requesters/scores?platform=mturk&ids=… with 100 random ids, with
  the Accept-Encoding browsers send (so the answer is gzip'ed; --identity: none);
- compact: the same lookup with `fields=compact` (what extensions on slow connections ask
  for), always uncompressed, whatever --identity says: the form whose size matters most;
- floor:  /bench/noop, a Django view returning a fixed small JSON answer: what the
  framework, gunicorn and this machine cost for any request;
- naive:  /bench/naive, the same lookup as a DRF ListAPIView with a ModelSerializer
  nesting the score, reading PostgreSQL.

It also builds the daily export and reports its two forms' sizes side by side (gzip'ed and
JSON, bytes per requester, compact / full; tests/benchmarks/export_sizes.py).

Targets: lookup ≥ 0.75 × floor and ≥ 8 × naive, compact ≥ 0.9 × floor, in requests/s.
The last line reads `ratio_floor=… ratio_naive=… p99_ms=… ratio_compact=…` (the first three
for the lookup; requests/s over all rounds, and
the rounds' median p99), after the lookup/floor ratio of each round, which shows how noisy
the machine was. gunicorn is stopped at the end, whatever happens.
"""

import argparse
import functools
import json
import os
import random
import signal
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
# The settings gunicorn will use too: the real ones with the benchmark's views mounted.
BENCH_ENV = {
    "DJANGO_SETTINGS_MODULE": "tests.benchmarks.bench_settings",
    "SECRET_KEY": os.environ.get("SECRET_KEY") or "benchmark-only-secret-key-" + "x" * 32,
    "DEBUG": "0",
    "ALLOWED_HOSTS": "127.0.0.1",
    "LOG_LEVEL": "WARNING",
    # All of wrk's requests come from one address: with the real per-address limit almost
    # all would be refused. The limit is still checked on every request, at its real cost.
    "API_RATE_ANON_READ": "1000000000/min",
}
os.environ.update(BENCH_ENV)

import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.urls import Resolver404, resolve  # noqa: E402

from reviews.models import Platform, Requester, Review  # noqa: E402
from reviews.services.exports import score_export_build  # noqa: E402
from reviews.services.score_full_pass import scores_recompute_all  # noqa: E402
from tests.benchmarks.bench_gunicorn import Gunicorn, ensure_wrk, get  # noqa: E402
from tests.benchmarks.export_sizes import export_sizes, report  # noqa: E402

# Warm-up: each wrk run draws a pool of 2,000 lookups (200,000 ids) and cycles through it,
# so one run asks for only some 98% of the 50,000 requesters, and a worker sees an id
# about twice per pool. The lookup is warmed up with several runs, each with its own pool,
# until each worker has almost surely read every requester into its memory, as a
# long-running server has (after k runs some 50,000 × e^(-2k) ids are left unread; at the
# small size one pool asks for each of the 5,000 requesters some 40 times).
# With one long run instead, the first measured round still read ~900 ids from Redis, one
# at a time, and ran at ~0.7 of the later rounds' rate.
SIZES = {
    "small": {"requesters": 5_000, "reviews": 25_000, "users": 1_000, "rounds": 3, "warm": 1},
    "full": {"requesters": 50_000, "reviews": 250_000, "users": 10_000, "rounds": 5, "warm": 6},
}
ROUND_SECONDS = 2
WARM_SECONDS = 4  # long enough to go through a pool at least once
CONNECTIONS = 16
IDS_PER_LOOKUP = 100
LOOKUP_PATH = "/api/v1/requesters/scores"
COMPACT_PATH = LOOKUP_PATH + "?fields=compact"
FLOOR_PATH = "/bench/noop"
NAIVE_PATH = "/bench/naive"
LUA = Path(__file__).with_name("bench_api.lua")
TARGET_FLOOR = 0.75
TARGET_COMPACT = 0.9
TARGET_NAIVE = 8.0
# Every client of this API sends it: extensions' and userscripts' requests go through the
# browser, which sets it (fetch may not change it); Python's requests, Node's fetch and
# Go's net/http send gzip by default too. wrk sends none unless told (--identity).
BROWSER_ACCEPT_ENCODING = "Accept-Encoding: gzip, deflate, br"

# What the generated rows hold, column by column; every other column gets its field's
# default (so a column added to a model later doesn't break the benchmark). `g` counts rows.
USER_COLUMNS = {
    "password": "'!'",
    "username": "'bench' || g",
    "email": "'bench' || g || '@example.org'",
    "is_active": "true",
    "date_joined": "now()",
}
REQUESTER_COLUMNS = {
    "platform_id": "%(platform)s",
    "external_id": "'A' || lpad(g::text, 12, '0')",
    "display_name": "'Requester ' || g",
    "created_at": "now()",
}
# Reviews spread evenly over the requesters, with varied facts and ratings.
REVIEW_COLUMNS = {
    "author_id": "(SELECT min(id) FROM auth_user WHERE username LIKE 'bench%%') + g %% %(users)s",
    "requester_id": "(SELECT min(id) FROM reviews_requester) + g %% %(requesters)s",
    "task_title": "'Task ' || g",
    "task_key": "'title:task ' || g",
    "reward": "x.reward",
    "currency": "'USD'",
    "time_worked_seconds": "x.secs",
    "hourly_wage": "round(x.reward * 3600 / x.secs, 2)",
    "outcome": "(ARRAY['approved', 'approved', 'approved', 'rejected', 'pending'])[1 + g %% 5]",
    "approval_seconds": "(x.r * 14 * 86400)::int",
    "blocked": "x.r < 0.02",
    "communication": "(ARRAY['responsive', 'unresponsive', 'not_contacted'])[1 + g %% 3]",
    "recommend": "x.r < 0.8",
    "tos_violation": "x.r > 0.99",
    "broken_task": "x.r > 0.97",
    "rating_pay": "1 + g %% 5",
    "rating_fair": "1 + (g / 3) %% 5",
    "rating_fast": "1 + (g / 7) %% 5",
    "rating_comm": "1 + (g / 11) %% 5",
    "status": "'published'",
    "created_at": "x.created_at",
    "updated_at": "x.created_at",
}
REVIEW_SOURCE = """
    generate_series(1, %(reviews)s) g
    CROSS JOIN LATERAL (
        SELECT round((0.05 + random() * 4)::numeric, 2) AS reward,
               30 + (random() * 3600)::int + g * 0 AS secs,
               random() AS r,
               now() - random() * interval '730 days' AS created_at
    ) x
"""


def insert_generated(cursor, model, columns: dict[str, str], source: str, params: dict) -> None:
    """INSERT … SELECT into the model's table: the SQL expressions given for some columns,
    each other column its field's default ('' for a blank text, NULL where allowed)."""
    names, expressions = [], []
    for field in model._meta.concrete_fields:
        if field.column in columns:
            names.append(field.column)
            expressions.append(columns[field.column])
            continue
        if field.primary_key:
            continue
        if field.has_default():
            value = field.get_db_prep_save(field.get_default(), connection)
        elif field.null:
            value = None
        elif field.blank and field.get_internal_type() in ("CharField", "TextField"):
            value = ""
        else:
            raise RuntimeError(f"bench_api: no value for {model.__name__}.{field.name}")
        key = f"default_{field.column}"
        params[key] = value
        names.append(field.column)
        expressions.append(f"CAST(%({key})s AS {field.db_type(connection)})")
    cursor.execute(
        f"INSERT INTO {model._meta.db_table} ({', '.join(names)}) "  # noqa: S608  our own SQL
        f"SELECT {', '.join(expressions)} FROM {source}",
        params,
    )


def step(label: str, work):
    start = time.perf_counter()
    print(f"{label}…", end=" ", flush=True)
    result = work()
    print(f"{time.perf_counter() - start:.1f} s", flush=True)
    return result


def generate(size: dict) -> None:
    mturk = Platform.objects.get(slug="mturk")
    params = {**size, "platform": mturk.pk}
    with connection.cursor() as cursor:
        cursor.execute(
            "TRUNCATE reviews_requesterscore, reviews_review, reviews_requesteralias, "
            "reviews_requester CASCADE"
        )
        cursor.execute("DELETE FROM auth_user WHERE username LIKE 'bench%%'")
        series = "generate_series(1, %(users)s) g"
        insert_generated(cursor, get_user_model(), USER_COLUMNS, series, dict(params))
        series = "generate_series(1, %(requesters)s) g"
        insert_generated(cursor, Requester, REQUESTER_COLUMNS, series, dict(params))
        insert_generated(cursor, Review, REVIEW_COLUMNS, REVIEW_SOURCE, dict(params))
        cursor.execute("ANALYZE")


def sample_ids(count: int, size: dict) -> str:
    numbers = random.sample(range(1, size["requesters"] + 1), count)
    return ",".join(f"A{n:012d}" for n in numbers)


def has_route(path: str) -> bool:
    try:
        resolve(path)
    except Resolver404:
        return False
    return True


def check_answers(server: Gunicorn, size: dict, *, lookup: bool) -> dict[str, int]:
    """Before measuring: each yardstick answers what it should. Returns their body sizes."""
    sizes = {}
    status, body = get(server.base + FLOOR_PATH)
    assert status == 200 and json.loads(body)["ok"] is True, (status, body[:200])
    sizes["floor"] = len(body)
    ids = sample_ids(IDS_PER_LOOKUP, size)
    status, body = get(f"{server.base}{NAIVE_PATH}?platform=mturk&ids={ids}")
    assert status == 200 and len(json.loads(body)) == IDS_PER_LOOKUP, (status, body[:200])
    sizes["naive"] = len(body)
    if lookup:
        status, body = get(f"{server.base}{LOOKUP_PATH}?platform=mturk&ids={ids}")
        assert status == 200, (status, body[:300])
        statuses = [item["status"] for item in json.loads(body)["results"]]
        assert statuses == ["found"] * IDS_PER_LOOKUP, f"lookup answered {statuses[:5]}…"
        sizes["lookup"] = len(body)
        status, body = get(f"{server.base}{COMPACT_PATH}&platform=mturk&ids={ids}")
        assert status == 200 and json.loads(body)["fields"] == "compact", (status, body[:300])
        sizes["compact"] = len(body)
    return sizes


def wrk_run(
    wrk: str, server: Gunicorn, path: str, count: int, size: dict, headers: list[str], seconds: int
) -> dict:
    """One wrk run: its BENCH_JSON summary (requests, duration_us, errors, p50_us, p99_us)."""
    completed = subprocess.run(  # noqa: S603  our own command line
        [
            wrk, "-t1", f"-c{CONNECTIONS}", f"-d{seconds}s", "--timeout", "5s",
            *(f"-H{header}" for header in headers),
            "-s", str(LUA), server.base, "--", path, str(count), str(size["requesters"]),
        ],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    server.wait_idle()
    for line in completed.stdout.splitlines():
        if line.startswith("BENCH_JSON "):
            result = json.loads(line.removeprefix("BENCH_JSON "))
            if result["socket_errors"] or result["bad_status"]:
                raise RuntimeError(f"{path}: errors under load: {result}\n{server.tail()}")
            return result
    raise RuntimeError(f"no summary from wrk:\n{completed.stdout}\n{completed.stderr}")


def combined(rounds: list[dict]) -> dict:
    """A yardstick's rounds together: requests/s over all of them, the rounds' median p50
    and p99 (percentiles of separate runs can't be merged exactly)."""
    return {
        "rps": sum(r["requests"] for r in rounds) / (sum(r["duration_us"] for r in rounds) / 1e6),
        "p50_us": statistics.median(r["p50_us"] for r in rounds),
        "p99_us": statistics.median(r["p99_us"] for r in rounds),
        "round_rps": [r["requests"] / (r["duration_us"] / 1e6) for r in rounds],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", choices=sorted(SIZES), default="full")
    parser.add_argument(
        "--identity",
        action="store_true",
        help="send no Accept-Encoding (wrk's default): uncompressed answers, some 195 kB per "
        "lookup (default: Accept-Encoding as browsers send it, so gzip'ed answers)",
    )
    args = parser.parse_args()
    size = SIZES[args.size]
    if not args.identity:
        # Each web process also compresses a requester's item the first time it serves it
        # gzip'ed (api/read/precompressed.py).
        size = {**size, "warm": size["warm"] + 2}
    if connection.vendor != "postgresql" or not os.environ.get("REDIS_URL"):
        sys.exit("bench_api needs PostgreSQL and Redis: run it through `make bench-api`.")
    wrk = ensure_wrk()
    # A TERM or HUP ends the script through its `finally`, so gunicorn is always stopped.
    for sig in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(sig, lambda signum, frame: sys.exit(128 + signum))

    started = time.perf_counter()
    step("migrate", lambda: call_command("migrate", verbosity=0))
    step(
        f"generate {size['requesters']:,} requesters, {size['reviews']:,} reviews (SQL)",
        lambda: generate(size),
    )
    scored = step("score all and publish to Redis", scores_recompute_all)
    assert scored == Requester.objects.count() == size["requesters"], scored
    step("build the daily export (both forms)", score_export_build)
    connection.close()  # gunicorn's workers open their own

    server = Gunicorn(BENCH_ENV, FLOOR_PATH, workers=2)
    results: dict[str, dict] = {}
    try:
        step("start gunicorn (2 workers)", server.wait_ready)
        has_lookup = has_route(LOOKUP_PATH)
        body_sizes = check_answers(server, size, lookup=has_lookup)
        exports = export_sizes(server.base, get)
        headers = [] if args.identity else [BROWSER_ACCEPT_ENCODING]
        plan = [("floor", FLOOR_PATH, 0, headers), ("naive", NAIVE_PATH, IDS_PER_LOOKUP, headers)]
        if has_lookup:
            plan[1:1] = [
                ("lookup", LOOKUP_PATH, IDS_PER_LOOKUP, headers),
                ("compact", COMPACT_PATH, IDS_PER_LOOKUP, []),
            ]
        else:
            print(f"{LOOKUP_PATH} is not served yet: measuring the yardsticks only")
        # Everything shares the machine's cores: a busy machine lowers all three alike, but
        # say so, since the absolute figures then mean less than the ratios.
        print("load average before measuring: {:.2f} {:.2f} {:.2f}".format(*os.getloadavg()))
        run = functools.partial(wrk_run, wrk, server, size=size)
        for name, path, count, sent in plan:
            # Connections, PostgreSQL's buffers, and the lookup's in-memory snapshots (and
            # their compact forms, made on first use).
            warm = name in ("lookup", "compact")
            runs, seconds = (size["warm"], WARM_SECONDS) if warm else (1, ROUND_SECONDS)
            step(
                f"warm up {name} ({runs} × {seconds} s)",
                lambda p=path, c=count, h=sent, n=runs, s=seconds: [
                    run(p, c, headers=h, seconds=s) for _ in range(n)
                ],
            )
        rounds: dict[str, list[dict]] = {name: [] for name, _, _, _ in plan}
        for number in range(1, size["rounds"] + 1):
            for name, path, count, sent in plan:
                rounds[name].append(run(path, count, headers=sent, seconds=ROUND_SECONDS))
            print(f"round {number}/{size['rounds']} done", flush=True)
        results = {name: combined(done) for name, done in rounds.items()}
    finally:
        server.stop()

    print()
    encoding = "no Accept-Encoding" if args.identity else BROWSER_ACCEPT_ENCODING
    print(f"{'':<8} {'requests/s':>12} {'p50 ms':>9} {'p99 ms':>9} {'body bytes':>11}")
    for name, result in results.items():
        print(
            f"{name:<8} {result['rps']:>12,.0f} {result['p50_us'] / 1000:>9.2f} "
            f"{result['p99_us'] / 1000:>9.2f} {body_sizes[name]:>11,}"
        )
    print(f"(body bytes uncompressed; wrk's requests: {encoding}, compact's: none)")
    print(report(exports))
    print(f"total time {time.perf_counter() - started:.0f} s")
    if "lookup" not in results:
        print("ratio_floor=n/a ratio_naive=n/a p99_ms=n/a")
        return
    lookup = results["lookup"]
    ratio_floor = lookup["rps"] / results["floor"]["rps"]
    ratio_naive = lookup["rps"] / results["naive"]["rps"]
    ratio_compact = results["compact"]["rps"] / results["floor"]["rps"]
    each = [
        f"{a / b:.2f}"
        for a, b in zip(lookup["round_rps"], results["floor"]["round_rps"], strict=True)
    ]
    print(f"lookup / floor, round by round ({ROUND_SECONDS} s each): {' '.join(each)}")
    for label, ratio, target in (
        ("lookup / floor", ratio_floor, TARGET_FLOOR),
        ("lookup / naive", ratio_naive, TARGET_NAIVE),
        ("compact / floor", ratio_compact, TARGET_COMPACT),
    ):
        verdict = "met" if ratio >= target else "MISSED"
        print(f"{label}: {ratio:.2f} (target ≥ {target}) {verdict}")
    print(
        f"ratio_floor={ratio_floor:.2f} ratio_naive={ratio_naive:.1f} "
        f"p99_ms={lookup['p99_us'] / 1000:.2f} ratio_compact={ratio_compact:.2f}"
    )


if __name__ == "__main__":
    main()

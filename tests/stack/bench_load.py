"""The load test (`make bench-load`): many people at once against the deployed stack.

Starts the stack as deployed (tests/stack/stack.py: nginx, gunicorn, a Celery worker and
beat from deploy/), seeds it, then runs the simulated people of tests/stack/load_users.py
(locust, as a library, in its own process) through nginx for --seconds: workers posting and
editing reviews through the API with tokens and through the pages with sessions and CSRF,
extensions looking up 100 ids at a time, a moderator hiding, restoring and resolving flags.
Afterwards, once Celery is idle, it checks in PostgreSQL that every acknowledged review is
there exactly once with its last acknowledged edit, and that every snapshot equals a
recompute at its moment and is the one Redis publishes. Last line:

    ok_writes=… lost=… duplicates=… errors_5xx=… p99_ms=…

(p99_ms over page views and writes together; the lines above it give each on its own and
say which requests they cover). Exits non-zero when anything was lost, duplicated, answered
5xx or left stale. Loopback only; it stops by itself.
"""

import argparse
import json
import os
import resource
import subprocess
import sys
import time
from collections import Counter
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from tests.stack.workload import (  # noqa: E402
    cpu_seconds,
    percentile,
    prepare,
    snapshot_check,
    started_stack,
    step,
    wait_until_idle,
)

# Every lookup comes from this one address; the real per-address limit (600/min) would
# refuse most of them. Writes keep the real per-user limit (60/min): writers stay under it.
SETTINGS = {"API_RATE_ANON_READ": "1000000/min"}
USERS = {"api": 16, "page": 8, "extension": 6, "moderator": 1}


def run_users(stack, plan: dict, *, seconds: float, users: dict[str, int]) -> dict:
    plan_path = stack.workdir / "plan.json"
    out_path = stack.workdir / "result.json"
    plan_path.write_text(json.dumps(plan))
    spec = ",".join(f"{k}={v}" for k, v in users.items())
    command = [
        sys.executable, "-m", "tests.stack.load_users", "--host", stack.base_url,
        "--plan", str(plan_path), "--out", str(out_path), "--seconds", str(seconds),
        "--users", spec,
    ]  # fmt: skip
    log = stack.workdir / "logs" / "locust.log"
    with open(log, "wb") as output:
        done = subprocess.run(  # noqa: S603  our own command line
            command, cwd=ROOT, stdout=output, stderr=subprocess.STDOUT,
            timeout=seconds + 300, check=False,
        )  # fmt: skip
    if done.returncode != 0 or not out_path.exists():
        tail = log.read_text(errors="replace")[-3000:]
        raise RuntimeError(f"the load generator exited with {done.returncode}:\n{tail}")
    return json.loads(out_path.read_text())


def _children_cpu() -> float:
    """CPU seconds of this process's finished children (the load generator, once done)."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def check_reviews(acked: list[dict], load_authors: list[str]) -> dict[str, int]:
    """Every acknowledged review present once, as its last acknowledged write left it."""
    from django.db.models import Count

    from reviews.models import Review

    expected_reward: dict[int, str] = {}
    for write in acked:  # in the order the server acknowledged them, per review one writer
        expected_reward[write["review_id"]] = write["reward"]
    present = dict(Review.objects.filter(pk__in=list(expected_reward)).values_list("pk", "reward"))
    missing = len(expected_reward.keys() - present.keys())
    wrong = sum(1 for pk, reward in present.items() if Decimal(expected_reward[pk]) != reward)
    made = Review.objects.filter(author__username__in=load_authors)
    same_key = (
        made.exclude(idempotency_key=None)
        .values("author", "idempotency_key")
        .annotate(n=Count("id"))
        .filter(n__gt=1)
    )
    duplicates = sum(row["n"] - 1 for row in same_key)
    unacknowledged = made.exclude(pk__in=list(expected_reward)).count()
    return {
        "reviews_acknowledged": len(expected_reward),
        "missing": missing,
        "wrong_content": wrong,
        "duplicates": duplicates,
        "unacknowledged": unacknowledged,
    }


def summarize(records: list) -> dict:
    by_kind: dict[str, list[float]] = {}
    statuses: Counter = Counter()
    for kind, status, ms in records:
        by_kind.setdefault(kind, []).append(ms)
        statuses[(kind, status // 100 if status else 0)] += 1
    return {"by_kind": by_kind, "statuses": statuses}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=300)
    for name, count in USERS.items():
        parser.add_argument(f"--{name}", type=int, default=count, help=f"{name} users")
    args = parser.parse_args()
    users = {name: getattr(args, name) for name in USERS}
    started = time.perf_counter()

    with started_stack("bench-load", settings=SETTINGS) as stack:
        plan = prepare(
            stack,
            api_writers=users["api"],
            page_writers=users["page"],
            moderators=max(1, users["moderator"]),
        )
        print("load average before: {:.2f} {:.2f} {:.2f}".format(*os.getloadavg()))
        cpu_before, children_before = cpu_seconds(stack), _children_cpu()
        result = step(
            f"load: {users} for {args.seconds:.0f} s through nginx",
            lambda: run_users(stack, plan, seconds=args.seconds, users=users),
        )
        cpu = {k: v - cpu_before.get(k, 0.0) for k, v in cpu_seconds(stack).items()}
        cpu["load generator"] = _children_cpu() - children_before
        idle_after = step("wait until Celery is idle", lambda: wait_until_idle(stack))
        authors = [a["username"] for kind in ("api_writers", "page_writers") for a in plan[kind]]
        reviews = step("check reviews", lambda: check_reviews(result["acked"], authors))
        snapshots = step("check every snapshot against a recompute", snapshot_check)
        problems = stack.problems()

    summary = summarize(result["records"])
    by_kind, statuses = summary["by_kind"], summary["statuses"]
    print()
    print(f"{'requests':<10} {'count':>8} {'2xx/3xx':>8} {'4xx':>6} {'5xx':>5} {'none':>5} "
          f"{'p50 ms':>8} {'p99 ms':>8} {'max ms':>8}")  # fmt: skip
    for kind, times in sorted(by_kind.items()):
        ok = statuses[(kind, 2)] + statuses[(kind, 3)]
        print(
            f"{kind:<10} {len(times):>8} {ok:>8} {statuses[(kind, 4)]:>6} "
            f"{statuses[(kind, 5)]:>5} {statuses[(kind, 0)]:>5} {percentile(times, 0.5):>8.1f} "
            f"{percentile(times, 0.99):>8.1f} {max(times):>8.1f}"
        )
    pages, writes = by_kind.get("page:", []), by_kind.get("write:", [])
    ok_writes = statuses[("write:", 2)] + statuses[("write:", 3)]
    errors_5xx = sum(n for (_, cls), n in statuses.items() if cls == 5)
    no_answer = sum(n for (_, cls), n in statuses.items() if cls == 0)
    lost = reviews["missing"] + reviews["wrong_content"]
    print(
        "page: GET of HTML pages (home, requester, my reviews, forms, review after a post); "
        "write: POST/PATCH of reviews, flags and moderator actions, API and forms (a form "
        "POST without its redirect); lookup: anonymous GET of 100 ids; read: the moderation "
        "queue. Times are the client's, through nginx, with retries counted as requests."
    )
    for what, count in sorted(result["unexpected"].items()):
        print(f"  answered {what}: {count}")
    for sample in result["samples"]:
        print(f"  e.g. {sample}")
    print(f"reviews: {reviews}")
    print(f"snapshots: {snapshots}; Celery idle {idle_after:.1f} s after the load stopped")
    print(f"log lines reporting errors: {len(problems)}")
    ours = sum(v for k, v in cpu.items() if k != "machine")
    print(
        f"CPU seconds during the load ({os.cpu_count()} cores × {result['seconds']:.0f} s): "
        + ", ".join(f"{k} {v:.0f}" for k, v in cpu.items() if k != "machine")
        + f"; everything else on the machine {cpu['machine'] - ours:.0f}"
    )
    for line in problems[:20]:
        print(f"  {line}")
    print(
        f"page_views_p99_ms={percentile(pages, 0.99):.1f} ({len(pages)} requests) "
        f"writes_p99_ms={percentile(writes, 0.99):.1f} ({len(writes)} requests) "
        f"lookups_p99_ms={percentile(by_kind.get('lookup:', []), 0.99):.1f}"
    )
    print(f"total time {time.perf_counter() - started:.0f} s")
    print(
        f"ok_writes={ok_writes} lost={lost} duplicates={reviews['duplicates']} "
        f"errors_5xx={errors_5xx} p99_ms={percentile(pages + writes, 0.99):.1f}"
    )
    failed = (
        lost or reviews["duplicates"] or errors_5xx or no_answer or snapshots["differ"]
        or snapshots["unpublished"] or reviews["unacknowledged"] or problems
    )  # fmt: skip
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()

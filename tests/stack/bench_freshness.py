"""Freshness end to end (`make bench-freshness`): from a review's POST answer to the lookup
showing a snapshot that counts it, on the deployed stack, while extensions keep it busy.

The stack is started as deployed (tests/stack/stack.py) with its default settings
(SCORES_RECOMPUTE_DELAY=1, API_SCORES_CHECK_SECONDS=1 from deploy/.env.example) and
seeded; extension users of tests/stack/load_users.py look up 100 ids at a time throughout.
Then, at each write rate in turn, reviews are posted over HTTP through nginx with personal
tokens, each on a requester no other write in flight touches; a poller asks the lookup
(through nginx, gzip'ed as extensions ask) every POLL_SECONDS for every requester still
waiting, and notes when its snapshot's review count includes the new review. Printed per
rate: p50, p99 and max of that delay, split at the snapshot's computed_at into "until the
recompute ran" (after-commit enqueue, the burst delay, the queue) and "until the lookup
served it" (the recompute, publishing to Redis, the web process's check interval, polling).
Last line: `p50_s=… p99_s=…` over all writes, and whether p99 < 5 s.
"""

import argparse
import json
import statistics
import subprocess
import sys
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from tests.stack.workload import percentile, prepare, started_stack, step  # noqa: E402

SETTINGS = {"API_RATE_ANON_READ": "1000000/min"}  # every lookup comes from one address
RATES = (1.0, 4.0, 12.0)
PHASE_SECONDS = 45.0
POLL_SECONDS = 0.05
SEEN_TIMEOUT = 30.0
TARGET_P99 = 5.0
WRITERS = 48  # tokens: each writer stays under the real limit of 60 writes a minute
EXTENSIONS = 16  # locust users looking up 100 ids, each every 0.2–1 s


class Freshness:
    """Posts reviews at a steady rate and watches the lookup until each is counted."""

    def __init__(self, base_url: str, tokens: list[str], requester_ids: list[str], n: dict):
        self.base_url = base_url
        self.tokens = tokens
        self.free_ids = list(reversed(requester_ids))  # each written once, in order
        self.expected_n = dict(n)
        self.lock = threading.Lock()
        self.waiting: dict[str, tuple[float, int, float]] = {}  # id → (answered, n, rate)
        self.results: list[dict] = []
        self.failures: list[str] = []
        self.local = threading.local()

    def session(self) -> requests.Session:
        if not hasattr(self.local, "session"):
            self.local.session = requests.Session()
            self.local.session.headers["X-Forwarded-Proto"] = "https"
        return self.local.session

    def post(self, number: int, rate: float) -> None:
        with self.lock:
            external_id = self.free_ids.pop()
        body = {
            "platform": "mturk",
            "requester_id": external_id,
            "requester_name": f"Fresh {external_id[-5:]}",
            "task_title": f"Freshness task {number}",
            "reward": "2.50",
            "time_worked_seconds": 900,
            "outcome": "approved",
            "text": f"Freshness probe {uuid.uuid4().hex}",
        }
        headers = {
            "Authorization": f"Token {self.tokens[number % len(self.tokens)]}",
            "Idempotency-Key": uuid.uuid4().hex,
        }
        response = self.session().post(
            self.base_url + "/api/v1/reviews", json=body, headers=headers, timeout=30
        )
        answered = time.time()
        if response.status_code != 201:
            self.failures.append(f"POST {response.status_code}: {response.text[:200]}")
            return
        with self.lock:
            self.expected_n[external_id] = self.expected_n.get(external_id, 0) + 1
            self.waiting[external_id] = (answered, self.expected_n[external_id], rate)

    def poll_forever(self, stop: threading.Event) -> None:
        session = requests.Session()
        session.headers["Accept-Encoding"] = "gzip"
        while not stop.is_set():
            with self.lock:
                ids = list(self.waiting)[:100]
            if ids:
                answer = session.get(
                    self.base_url + "/api/v1/requesters/scores",
                    params={"platform": "mturk", "ids": ",".join(ids)},
                    timeout=30,
                )
                seen = time.time()
                if answer.status_code != 200:
                    self.failures.append(f"lookup {answer.status_code}")
                else:
                    self.note(answer.json()["results"], seen)
            time.sleep(POLL_SECONDS)

    def note(self, items: list[dict], seen: float) -> None:
        with self.lock:
            for item in items:
                external_id = item["id"]
                answered, n, rate = self.waiting.get(external_id, (None, None, None))
                if answered is None:
                    continue
                if item["status"] == "found" and item["n"] >= n:
                    computed = datetime.fromisoformat(item["computed_at"]).timestamp()
                    self.results.append(
                        {"rate": rate, "delay": seen - answered,
                         "to_recompute": computed - answered, "to_served": seen - computed}
                    )  # fmt: skip
                    del self.waiting[external_id]
                elif seen - answered > SEEN_TIMEOUT:
                    self.failures.append(f"{external_id}: not shown after {SEEN_TIMEOUT:.0f} s")
                    del self.waiting[external_id]

    def run_phase(self, rate: float, seconds: float, first_number: int) -> int:
        count = int(rate * seconds)
        started = time.monotonic()
        with ThreadPoolExecutor(max_workers=32) as pool:
            for i in range(count):
                time.sleep(max(0.0, started + i / rate - time.monotonic()))
                pool.submit(self.post, first_number + i, rate)
        deadline = time.monotonic() + SEEN_TIMEOUT + 5
        while self.waiting and time.monotonic() < deadline:
            time.sleep(0.2)
        return count


def initial_counts(base_url: str, ids: list[str]) -> dict[str, int]:
    counts = {}
    for start in range(0, len(ids), 100):
        chunk = ids[start : start + 100]
        answer = requests.get(
            base_url + "/api/v1/requesters/scores",
            params={"platform": "mturk", "ids": ",".join(chunk)},
            timeout=30,
        )
        answer.raise_for_status()
        for item in answer.json()["results"]:
            counts[item["id"]] = item.get("n", 0) if item["status"] == "found" else 0
    return counts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rates", default=",".join(f"{r:g}" for r in RATES))
    parser.add_argument("--phase-seconds", type=float, default=PHASE_SECONDS)
    parser.add_argument("--extensions", type=int, default=EXTENSIONS, help="lookup users")
    args = parser.parse_args()
    rates = [float(r) for r in args.rates.split(",")]
    total_writes = sum(int(r * args.phase_seconds) for r in rates)

    with started_stack("bench-freshness", settings=SETTINGS) as stack:
        plan = prepare(stack, api_writers=WRITERS, page_writers=0, moderators=0)
        # Each write on its own requester: the seeded ones, then new ids (a first review).
        new_ids = [f"AFRESH{n:09d}" for n in range(total_writes)]
        pool = plan["existing_requester_ids"] + new_ids
        counts = step("read the current counts", lambda: initial_counts(stack.base_url, pool))
        tokens = [a["token"] for a in plan["api_writers"]]
        bench = Freshness(stack.base_url, tokens, pool, counts)

        plan_path = stack.workdir / "plan.json"
        plan_path.write_text(json.dumps(plan))
        lookups_out = stack.workdir / "lookups.json"
        # Long enough for every phase and its wait for the last writes to show.
        load_seconds = len(rates) * (args.phase_seconds + 10) + 20
        lookups = subprocess.Popen(  # noqa: S603  our own command line
            [sys.executable, "-m", "tests.stack.load_users", "--host", stack.base_url,
             "--plan", str(plan_path), "--out", str(lookups_out), "--seconds",
             str(load_seconds), "--users", f"extension={args.extensions}"],
            cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT,
        )  # fmt: skip
        stop = threading.Event()
        poller = threading.Thread(target=bench.poll_forever, args=(stop,), daemon=True)
        try:
            time.sleep(5)  # the lookup load is on
            poller.start()
            number = 0
            for rate in rates:
                number += step(
                    f"{rate:g} writes/s for {args.phase_seconds:.0f} s, lookups under load",
                    lambda r=rate, n=number: bench.run_phase(r, args.phase_seconds, n),
                )
        finally:
            stop.set()
            lookups.wait(timeout=load_seconds + 120)
        lookup_times = [
            ms for kind, status, ms in json.loads(lookups_out.read_text())["records"]
            if kind == "lookup:"
        ]  # fmt: skip
        problems = stack.problems()

    print()
    print(f"{'writes/s':>8} {'writes':>7} {'p50 s':>7} {'p99 s':>7} {'max s':>7}   "
          f"{'until recomputed p50/p99':>25}   {'until served p50/p99':>21}")  # fmt: skip
    for rate in rates:
        rows = [r for r in bench.results if r["rate"] == rate]
        if not rows:
            continue
        delays = [r["delay"] for r in rows]
        to_recompute = [r["to_recompute"] for r in rows]
        to_served = [r["to_served"] for r in rows]
        print(
            f"{rate:>8g} {len(rows):>7} {percentile(delays, 0.5):>7.2f} "
            f"{percentile(delays, 0.99):>7.2f} {max(delays):>7.2f}   "
            f"{percentile(to_recompute, 0.5):>12.2f} / {percentile(to_recompute, 0.99):<10.2f}"
            f"   {percentile(to_served, 0.5):>9.2f} / {percentile(to_served, 0.99):<9.2f}"
        )
    print(
        f"lookups under load while measuring: {len(lookup_times)} "
        f"({len(lookup_times) / load_seconds:.0f}/s), p50 "
        f"{statistics.median(lookup_times):.1f} ms, p99 {percentile(lookup_times, 0.99):.1f} ms"
    )
    print(f"not shown or refused: {len(bench.failures)}; log lines reporting errors: "
          f"{len(problems)}")  # fmt: skip
    for line in (bench.failures + problems)[:20]:
        print(f"  {line}")
    delays = [r["delay"] for r in bench.results]
    p99 = percentile(delays, 0.99)
    verdict = "met" if p99 < TARGET_P99 and not bench.failures else "MISSED"
    print(f"p50_s={percentile(delays, 0.5):.2f} p99_s={p99:.2f} (target p99 < {TARGET_P99:g} s: "
          f"{verdict}; {len(delays)} writes at {args.rates}/s)")  # fmt: skip
    sys.exit(0 if verdict == "met" and not problems else 1)


if __name__ == "__main__":
    main()

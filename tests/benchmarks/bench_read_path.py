"""Micro-measurements of the score lookup's hot path, in one process (no HTTP server).

    .venv/bin/python tests/benchmarks/bench_read_path.py                 # in-process only
    bash tests/services.sh .venv/bin/python tests/benchmarks/bench_read_path.py   # + Redis

Prints microseconds per call of:
- the rate-limit check: Lantern's ReadThrottle (in-process counters, and with Redis one
  pipelined round trip) next to DRF's AnonRateThrottle on the same cache;
- the score reader for 100 published ids, warm (memory) and after a publish (get_many);
- building the answer for 100 ids (join of pre-serialised items + ETag);
- the whole view through Django's test client, next to a view that answers a fixed {}.
Nothing here is asserted: the figures go in the report and the README.
"""

import json
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "backend.settings")
os.environ.setdefault("SECRET_KEY", "benchmark-only-secret-key")
os.environ.setdefault("ALLOWED_HOSTS", "testserver")

import django  # noqa: E402

django.setup()

import re  # noqa: E402

from django.conf import settings  # noqa: E402
from django.test import Client, RequestFactory  # noqa: E402
from rest_framework.request import Request  # noqa: E402
from rest_framework.throttling import AnonRateThrottle  # noqa: E402

from api import score_reader as reader_module  # noqa: E402
from api.read.examples import SNAPSHOT  # noqa: E402
from api.read.lookup import score_lookup  # noqa: E402
from api.throttles import ReadThrottle, _RedisCounters  # noqa: E402
from reviews.services.scores import GENERATION_KEY, READY_KEY, score_cache  # noqa: E402

IDS = [f"A{n:012d}" for n in range(100)]


def per_call_us(fn, repeat: int = 2000, rounds: int = 5) -> float:
    """Median over rounds of the mean time per call, in microseconds."""
    results = []
    for _ in range(rounds):
        start = time.perf_counter()
        for _ in range(repeat):
            fn()
        results.append((time.perf_counter() - start) / repeat * 1e6)
    return statistics.median(results)


def publish() -> None:
    cache = score_cache()
    cache.set_many(
        {f"mturk:{i}": json.dumps({**SNAPSHOT, "id": i}, separators=(",", ":")) for i in IDS},
        timeout=None,
    )
    cache.set(READY_KEY, "now", timeout=None)
    cache.add(GENERATION_KEY, 0, timeout=None)
    cache.incr(GENERATION_KEY)


def main() -> None:
    backend = "Redis" if settings.REDIS_URL else "in-process (no REDIS_URL)"
    print(f"cache and counters: {backend}")
    settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]["anon_read"] = "100000000/min"
    # No database: the platforms the lookup validates ids against, filled in by hand.
    reader_module.platform_directory._platforms = {
        "mturk": reader_module.PlatformInfo("mturk", "MTurk", re.compile(r"A[A-Z0-9]{9,}"), "")
    }
    reader_module.platform_directory._loaded_at = float("inf")
    publish()

    request = Request(RequestFactory().get("/api/v1/requesters/scores"))
    ours = ReadThrottle()
    report("ReadThrottle.allow_request", per_call_us(lambda: ours.allow_request(request, None)))
    if settings.REDIS_URL:
        counters = _RedisCounters(settings.REDIS_URL)
        # limit=1: every hit is near the limit, so every hit syncs with Redis.
        hit = per_call_us(lambda: counters.hit("bench:", 1, ttl=120, limit=1, weight=0.5))
        report("  a hit that syncs with Redis", hit)

    class DrfAnon(AnonRateThrottle):
        rate = "100000000/min"

    # DRF's throttle keeps a timestamp per request in a cached list: measure it at the
    # length an anonymous reader's list has at our default limit (600 a minute).
    drf = DrfAnon()
    for _ in range(600):
        drf.allow_request(request, None)
    report(
        "DRF AnonRateThrottle (600 kept)",
        per_call_us(lambda: drf.allow_request(request, None), repeat=300),
    )

    reader = reader_module.score_reader
    settings.API_SCORES_CHECK_SECONDS = 1.0
    reader.lookup("mturk", IDS)
    report("reader, 100 ids, warm", per_call_us(lambda: reader.lookup("mturk", IDS)))

    def after_publish():
        reader._epoch += 1  # as if the generation had changed: every id is read again
        reader.lookup("mturk", IDS)

    report("reader, 100 ids, after a publish", per_call_us(after_publish, repeat=200))
    platform = reader_module.platform_directory.get("mturk")
    report("answer for 100 ids (join+ETag)", per_call_us(lambda: score_lookup(platform, IDS).body))
    print(f"  answer size: {len(score_lookup(platform, IDS).body) / 1024:.0f} kB")

    client = Client()
    url = "/api/v1/requesters/scores?platform=mturk&ids=" + ",".join(IDS)
    assert client.get(url).status_code == 200
    report("whole view, test client", per_call_us(lambda: client.get(url), repeat=300))
    gzip_header = {"Accept-Encoding": "gzip"}
    report(
        "  same, gzip'ed",
        per_call_us(lambda: client.get(url, headers=gzip_header), repeat=100),
    )


def report(label: str, microseconds: float) -> None:
    print(f"{label:<36}{microseconds:9.1f} µs")


if __name__ == "__main__":
    main()

"""A Redis that accepts connections but never answers (a stalled server, a network that
drops packets on an open connection): lookups, pages and review writes answer within
seconds, bounded by the Redis read timeout (REDIS_SOCKET_TIMEOUT), not gunicorn's; lookups
say `degraded` and carry PostgreSQL's numbers; every write is saved and acknowledged.

Real processes: gunicorn (deploy/gunicorn.conf.py) whose REDIS_URL is a listening socket of
this test that accepts every connection (the kernel's backlog does) and reads nothing;
PostgreSQL (the test database).
"""

from __future__ import annotations

import socket
import time

import pytest
import requests
from django.db import connection

from reviews.models import Review, ScoreRecomputeDue
from reviews.services.score_full_pass import scores_recompute_all
from reviews.services.tokens import token_create
from tests.factories import RequesterFactory, ReviewFactory, UserFactory
from tests.integration import redis_site
from tests.integration.conftest import database_url

pytestmark = pytest.mark.integration

READ_TIMEOUT = 2.0  # REDIS_SOCKET_TIMEOUT of the web process (the default is 5)
RETRY_AFTER = 4.0  # REDIS_RETRY_AFTER
# An answer may wait on Redis for one read timeout; the rest is the work itself on a busy
# machine. Without a read timeout the first answer would wait until gunicorn's (30 s).
BOUND = READ_TIMEOUT + 3.0


@pytest.fixture
def silent_redis():
    """redis://… of a socket that accepts connections (in the kernel) and never answers."""
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(128)
        yield f"redis://127.0.0.1:{listener.getsockname()[1]}/0"


@pytest.fixture
def web(transactional_db, silent_redis, tmp_path):
    with redis_site.running_web(
        database_url(connection.settings_dict),
        silent_redis,
        tmp_path,
        REDIS_CONNECT_TIMEOUT="1",
        REDIS_SOCKET_TIMEOUT=str(READ_TIMEOUT),
        REDIS_RETRY_AFTER=str(RETRY_AFTER),
    ) as running:
        yield running


def _timed(call):
    started = time.monotonic()
    value = call()
    return value, time.monotonic() - started


def test_a_redis_that_never_answers_costs_seconds_not_the_request(web):
    process, base_url = web
    requesters = [RequesterFactory() for _ in range(2)]
    for index, requester in enumerate(requesters):
        for _ in range(index + 1):
            ReviewFactory(requester=requester)
    scores_recompute_all()  # stored in PostgreSQL (and published to the suite's own Redis)
    ids = [r.external_id for r in requesters]
    page_writer = UserFactory(email="silent.page@example.org")
    _token, secret = token_create(user=UserFactory(email="silent.api@example.org"), name="ext")
    timings = {}
    time.sleep(RETRY_AFTER)  # the readiness probes found Redis silent; it is tried again now

    lookup, timings["first lookup"] = _timed(
        lambda: requests.get(
            f"{base_url}/api/v1/requesters/scores?platform=mturk&ids={','.join(ids)}", timeout=20
        )
    )
    page, timings["requester page"] = _timed(
        lambda: requests.get(f"{base_url}/r/mturk/{ids[0]}/", timeout=20)
    )
    browser, timings["log-in"] = _timed(lambda: redis_site.log_in(base_url, page_writer.email))
    written = []
    for index, rid in enumerate(["ASILENTPAGE01", ids[0]]):
        review_id, timings[f"page write {index}"] = _timed(
            lambda r=rid, i=index: redis_site.post_page_review(
                browser, r, "Silent Lab", f"Page {i}"
            )
        )
        written.append(review_id)
    time.sleep(RETRY_AFTER)  # the process tries Redis again, and waits on it once more
    for index, rid in enumerate(["ASILENTAPI001", ids[1]]):
        review_id, timings[f"api write {index}"] = _timed(
            lambda r=rid, i=index: redis_site.post_api_review(
                base_url, secret, r, "Silent Lab", f"API {i}"
            )
        )
        written.append(review_id)
    home, timings["home page"] = _timed(lambda: browser.get("/"))

    print({name: f"{seconds * 1000:.0f} ms" for name, seconds in timings.items()})
    assert all(seconds < BOUND for seconds in timings.values()), timings
    assert lookup.status_code == 200, lookup.text[:300]
    body = lookup.json()
    assert body["degraded"] is True
    assert [(i["id"], i["status"], i["n"]) for i in body["results"]] == [
        (ids[0], "found", 1),
        (ids[1], "found", 2),
    ]
    assert page.status_code == 200 and home.status_code == 200
    assert Review.objects.filter(pk__in=written).count() == len(written)
    # Nothing could be enqueued: every written requester waits for the due-mark sweep.
    written_to = [*ids, "ASILENTPAGE01", "ASILENTAPI001"]
    assert ScoreRecomputeDue.objects.filter(requester__external_id__in=written_to).count() == 4
    assert redis_site.server_errors(process) == []

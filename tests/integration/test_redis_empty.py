"""Redis back but empty (restarted without its data), before beat's republish has run:
lookups answer PostgreSQL's snapshots, the same items as published ones, saying `degraded`,
not not_found; once the republish marks the publication complete they are healthy again.

Real processes: gunicorn (deploy/gunicorn.conf.py), the suite's Redis (emptied by the test),
PostgreSQL (the test database). No beat: the test runs the republish itself.
"""

import os

import pytest
import requests
from django.db import connection

from reviews.services.score_full_pass import scores_recompute_all
from reviews.services.scores import scores_republish_all
from tests.factories import RequesterFactory, ReviewFactory
from tests.integration import redis_site
from tests.integration.conftest import database_url
from tests.integration.waiting import wait_for

pytestmark = pytest.mark.integration


def _lookup(base_url: str, ids: list[str]) -> requests.Response:
    url = f"{base_url}/api/v1/requesters/scores?platform=mturk&ids={','.join(ids)}"
    answer = requests.get(url, timeout=15)
    assert answer.status_code == 200, answer.text[:300]
    return answer


def _items(answer: requests.Response) -> bytes:
    return answer.content.split(b'"results":[', 1)[1]


def test_an_empty_redis_is_read_through_to_postgresql_until_republished(
    transactional_db, redis_client, tmp_path
):
    requesters = [RequesterFactory() for _ in range(3)]
    for index, requester in enumerate(requesters):
        for _ in range(index + 1):
            ReviewFactory(requester=requester)
    scores_recompute_all()
    ids = [r.external_id for r in requesters]
    redis_client.flushdb()  # Redis restarted without its data
    with redis_site.running_web(
        database_url(connection.settings_dict), os.environ["REDIS_URL"], tmp_path
    ) as (process, base_url):
        empty = _lookup(base_url, ids)
        again = _lookup(base_url, ids)
        scores_republish_all()
        healthy = wait_for(
            lambda: (a := _lookup(base_url, ids)).json()["degraded"] is False and a,
            what="the lookup to see the complete publication",
            timeout=15,
        )
        errors = redis_site.server_errors(process)

    body = empty.json()
    assert body["degraded"] is True and body["ready"] is False
    assert [(i["status"], i["n"]) for i in body["results"]] == [
        ("found", 1),
        ("found", 2),
        ("found", 3),
    ]
    assert _items(empty) == _items(healthy) == _items(again)
    assert errors == []

"""Fixtures shared by the API tests (read and write)."""

import pytest
from rest_framework.test import APIClient

from api import score_reader, throttles
from reviews.services.scores import READY_KEY, requester_score_recompute, score_cache
from tests.factories import RequesterFactory, ReviewFactory


@pytest.fixture(autouse=True)
def _fresh_api_state(settings):
    """No score, platform or rate-limit counter remembered from another test, and the
    score reader checks for new publishes on every request."""
    settings.API_SCORES_CHECK_SECONDS = 0
    score_reader.reset()
    throttles.reset()
    yield
    score_reader.reset()
    throttles.reset()


@pytest.fixture
def api_client():
    return APIClient()


@pytest.fixture
def scores_ready():
    """Mark the score cache as fully published, as the nightly job or a republish does."""
    score_cache().set(READY_KEY, "2024-05-01T03:15:00+00:00", timeout=None)


@pytest.fixture
def scored_requester(db, django_capture_on_commit_callbacks):
    """make(reviews=[{...ReviewFactory fields}, …], **RequesterFactory fields): a requester
    with those published reviews, scored and published to the cache."""

    def make(*, reviews=({},), **fields):
        requester = RequesterFactory(**fields)
        for review in reviews:
            ReviewFactory(requester=requester, **review)
        with django_capture_on_commit_callbacks(execute=True):
            requester_score_recompute(requester_id=requester.pk)
        return requester

    return make

"""Publishing is monotonic: a republish that read a requester's stored snapshot before a
concurrent recompute stored a newer one doesn't put the older one back (real Redis; the
Lua script in reviews/services/score_publish.py)."""

import pytest

from reviews.services import scores
from reviews.services.score_payloads import score_cache_key
from reviews.services.score_publish import publish
from reviews.services.scores import published_score, requester_score_recompute, scores_republish_all
from tests.factories import RequesterFactory, ReviewFactory

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]


def test_a_republish_never_puts_an_older_snapshot_back(redis_client, monkeypatch):
    requester = RequesterFactory()
    ReviewFactory(requester=requester)
    requester_score_recompute(requester_id=requester.pk)  # version 1, published
    read_chunk = scores._payloads_for_merged_duplicates
    interleaved = []

    def recompute_between_read_and_publish(*args, **kwargs):
        # The republish has read its chunk (version 1); a review and its recompute (version
        # 2, published at once) come in before the chunk is published.
        if not interleaved:
            interleaved.append(True)
            ReviewFactory(requester=requester)
            requester_score_recompute(requester_id=requester.pk)
        return read_chunk(*args, **kwargs)

    monkeypatch.setattr(
        scores, "_payloads_for_merged_duplicates", recompute_between_read_and_publish
    )

    scores_republish_all()

    published = published_score(platform_slug="mturk", external_id=requester.external_id)
    assert interleaved
    assert (published["version"], published["all"]["n"]) == (2, 2)


def test_a_key_that_changes_requester_is_written_whatever_the_versions(redis_client):
    """A merged duplicate's id answers with its keeper's snapshot, of a lower version."""
    key = score_cache_key("mturk", "AMERGEDDUP001")

    written = [
        publish({key: '{"own":1}'}, {key: (7, 5)}),
        publish({key: '{"older":1}'}, {key: (7, 4)}),
        publish({key: '{"keeper":1}'}, {key: (3, 1)}),
    ]

    assert written == [1, 0, 1]
    assert scores.score_cache().get(key) == '{"keeper":1}'

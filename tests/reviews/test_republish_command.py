import pytest
from django.core.management import call_command

from reviews.services.scores import published_score, score_cache
from tests.factories import RequesterFactory, ReviewFactory

pytestmark = pytest.mark.django_db


def test_scores_republish_all_puts_every_stored_snapshot_back_after_the_cache_was_lost(
    capsys, django_capture_on_commit_callbacks
):
    requesters = RequesterFactory.create_batch(3)
    for requester in requesters:
        ReviewFactory.create_batch(2, requester=requester)
    with django_capture_on_commit_callbacks(execute=True):
        call_command("recompute_scores")
    before = {
        r.external_id: published_score(platform_slug=r.platform.slug, external_id=r.external_id)
        for r in requesters
    }
    score_cache().clear()

    call_command("scores_republish_all")

    after = {
        r.external_id: published_score(platform_slug=r.platform.slug, external_id=r.external_id)
        for r in requesters
    }
    assert None not in before.values()
    assert after == before
    assert all(snapshot["all"]["n"] == 2 for snapshot in after.values())
    assert "Republished 3 score snapshots" in capsys.readouterr().out

import pytest
from django.core.management import call_command

from reviews.models import RequesterScore
from tests.factories import RequesterFactory, ReviewFactory

pytestmark = pytest.mark.django_db


def test_recompute_scores_command_scores_every_requester(capsys):
    scored = RequesterFactory()
    ReviewFactory.create_batch(2, requester=scored)
    unreviewed = RequesterFactory()

    call_command("recompute_scores")

    assert RequesterScore.objects.get(requester=scored).review_count == 2
    assert RequesterScore.objects.get(requester=unreviewed).review_count == 0
    assert "Recomputed 2 requester scores" in capsys.readouterr().out

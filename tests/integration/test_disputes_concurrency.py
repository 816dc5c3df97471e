"""Two moderators (or one double submit) deciding the same dispute at once on PostgreSQL:
the row lock makes them take turns, so exactly one decision is kept and logged."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from reviews.models import Dispute, ModerationAction
from reviews.services.disputes import dispute_decide, dispute_open
from tests.discussion_cast import make_cast

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]


def test_concurrent_decisions_of_one_dispute_keep_exactly_one():
    cast = make_cast()
    dispute = dispute_open(
        review=cast.review, representative=cast.rep, ground="false", statement="False."
    )
    moderators = [cast.moderator, cast.second_moderator, cast.admin, cast.moderator]
    start = threading.Barrier(len(moderators))
    outcomes: list[str] = []

    def decide(moderator, decision):
        try:
            start.wait()
            dispute_decide(
                dispute=dispute, moderator=moderator, decision=decision, rationale="Decided."
            )
            outcomes.append("decided")
        except ValidationError:
            outcomes.append("refused")
        except Exception as exc:  # surfaced below; a thread can't fail the test itself
            outcomes.append(repr(exc))
        finally:
            connection.close()

    threads = [
        threading.Thread(target=decide, args=(moderator, decision))
        for moderator, decision in zip(
            moderators, ["hide", "uphold", "ask_edit", "hide"], strict=True
        )
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert sorted(outcomes) == ["decided", "refused", "refused", "refused"]
    assert Dispute.objects.get().status == Dispute.Status.DECIDED
    assert ModerationAction.objects.filter(kind="dispute_decide").count() == 1

"""Disputes in the services: who may open, answer, decide, appeal and decide an appeal; the
whole lifecycle; what each decision does to the review, the log and the scores."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from reviews.models import Dispute, ModerationAction, Notification, RequesterScore, Review
from reviews.services.disputes import (
    can_view,
    dispute_actions,
    dispute_answer,
    dispute_appeal,
    dispute_decide,
    dispute_decide_appeal,
    dispute_open,
)
from reviews.services.reviews import review_update
from reviews.services.scores import requester_score_recompute
from tests.discussion_cast import PEOPLE, make_cast, represent, with_role
from tests.factories import ReviewFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def cast():
    return make_cast()


def opened(cast, **fields) -> Dispute:
    return dispute_open(
        review=cast.review,
        representative=cast.rep,
        ground=fields.get("ground", Dispute.Ground.FALSE),
        statement=fields.get("statement", "This worker's submission was approved and paid."),
    )


def decided(cast, decision: str, moderator=None) -> Dispute:
    return dispute_decide(
        dispute=opened(cast),
        moderator=moderator or cast.moderator,
        decision=decision,
        rationale="Both accounts were read.",
    )


def appealed(cast, decision: str) -> Dispute:
    dispute = decided(cast, decision)
    appellant = cast.rep if decision == Dispute.Decision.UPHOLD else cast.author
    return dispute_appeal(dispute=dispute, appellant=appellant, statement="Please look again.")


def suspend(user) -> None:
    user.profile.posting_suspended_until = timezone.now() + timedelta(days=3)
    user.profile.save(update_fields=["posting_suspended_until"])


# --- The permission matrix ----------------------------------------------------------------

OPEN_ALLOWED = {"rep"}


@pytest.mark.parametrize("person", PEOPLE)
def test_only_the_requesters_representative_can_open_a_dispute(cast, person):
    attempt = lambda: dispute_open(  # noqa: E731
        review=cast.review,
        representative=cast.person(person),
        ground="false",
        statement="It is false.",
    )

    if person in OPEN_ALLOWED:
        assert attempt().status == Dispute.Status.OPEN
    else:
        with pytest.raises(PermissionDenied):
            attempt()
        assert not Dispute.objects.exists()


@pytest.mark.parametrize("person", PEOPLE)
def test_only_the_reviews_author_can_answer_a_dispute(cast, person):
    dispute = opened(cast)
    attempt = lambda: dispute_answer(  # noqa: E731
        dispute=dispute, author=cast.person(person), text="It happened as I wrote."
    )

    if person == "author":
        assert attempt().author_answer == "It happened as I wrote."
    else:
        with pytest.raises(PermissionDenied):
            attempt()
        dispute.refresh_from_db()
        assert dispute.author_answered_at is None


@pytest.mark.parametrize("person", PEOPLE)
def test_only_moderators_who_are_no_party_can_decide_a_dispute(cast, person):
    dispute = opened(cast)
    attempt = lambda: dispute_decide(  # noqa: E731
        dispute=dispute, moderator=cast.person(person), decision="uphold", rationale="Accurate."
    )

    if person in ("moderator", "admin"):
        assert attempt().decided_by == cast.person(person)
    else:
        with pytest.raises(PermissionDenied):
            attempt()
        dispute.refresh_from_db()
        assert dispute.status == Dispute.Status.OPEN


@pytest.mark.parametrize(
    ("decision", "losing_side"), [("uphold", "rep"), ("hide", "author"), ("ask_edit", "author")]
)
@pytest.mark.parametrize("person", PEOPLE)
def test_only_the_losing_side_can_appeal(cast, person, decision, losing_side):
    dispute = decided(cast, decision)
    attempt = lambda: dispute_appeal(  # noqa: E731
        dispute=dispute, appellant=cast.person(person), statement="Please look again."
    )

    if person == losing_side:
        assert attempt().status == Dispute.Status.APPEALED
    else:
        with pytest.raises(PermissionDenied):
            attempt()
        dispute.refresh_from_db()
        assert dispute.status == Dispute.Status.DECIDED


@pytest.mark.parametrize("person", PEOPLE)
def test_only_a_moderator_other_than_the_first_decides_the_appeal(cast, person):
    dispute = decided(cast, "uphold", moderator=cast.second_moderator)
    dispute = dispute_appeal(dispute=dispute, appellant=cast.rep, statement="Look again.")
    attempt = lambda: dispute_decide_appeal(  # noqa: E731
        dispute=dispute, moderator=cast.person(person), decision="hide", rationale="On appeal."
    )

    if person in ("moderator", "admin"):
        assert attempt().status == Dispute.Status.CLOSED
    else:
        with pytest.raises(PermissionDenied):
            attempt()
        dispute.refresh_from_db()
        assert dispute.status == Dispute.Status.APPEALED


@pytest.mark.parametrize("person", PEOPLE)
def test_a_dispute_is_seen_by_its_parties_and_moderators_only(cast, person):
    dispute = opened(cast)

    assert can_view(cast.person(person), dispute) == (
        person in ("author", "rep", "moderator", "admin")
    )


def test_a_moderator_cannot_decide_a_dispute_about_their_own_review(cast):
    with_role(cast.author, "moderator")
    dispute = opened(cast)

    with pytest.raises(PermissionDenied, match="You wrote the disputed review"):
        dispute_decide(dispute=dispute, moderator=cast.author, decision="hide", rationale="No.")


def test_a_moderator_who_represents_the_requester_cannot_decide(cast):
    represent(cast.moderator, cast.review.requester)
    dispute = opened(cast)

    with pytest.raises(PermissionDenied, match="party"):
        dispute_decide(dispute=dispute, moderator=cast.moderator, decision="hide", rationale="x")


def test_a_representative_of_the_same_requester_who_did_not_open_it_may_appeal_an_uphold(cast):
    colleague = UserFactory(pseudonym="lab-colleague")
    represent(colleague, cast.review.requester)
    dispute = decided(cast, "uphold")

    dispute = dispute_appeal(dispute=dispute, appellant=colleague, statement="Look again.")

    assert dispute.appealed_by == colleague


def test_a_representative_cannot_dispute_a_review_of_another_requester(cast):
    other_review = ReviewFactory()

    with pytest.raises(PermissionDenied):
        dispute_open(review=other_review, representative=cast.rep, ground="false", statement="x")


# --- The lifecycle ------------------------------------------------------------------------


def test_the_whole_lifecycle_keeps_every_step_with_who_and_when(cast):
    dispute = opened(cast, ground="private_info", statement="It names our staff member.")
    assert (dispute.status, dispute.opened_by, dispute.ground) == ("open", cast.rep, "private_info")
    assert dispute.created_at is not None

    dispute = dispute_answer(dispute=dispute, author=cast.author, text="It names nobody.")
    assert dispute.author_answered_at is not None

    dispute = dispute_decide(
        dispute=dispute, moderator=cast.moderator, decision="hide", rationale="It names a person."
    )
    assert (dispute.status, dispute.decision, dispute.decided_by) == (
        "decided",
        "hide",
        cast.moderator,
    )
    assert dispute.decided_at is not None

    dispute = dispute_appeal(dispute=dispute, appellant=cast.author, statement="I removed it.")
    assert (dispute.status, dispute.appealed_by) == ("appealed", cast.author)
    assert dispute.appealed_at is not None

    with pytest.raises(PermissionDenied, match="different moderator"):
        dispute_decide_appeal(
            dispute=dispute, moderator=cast.moderator, decision="uphold", rationale="Fine."
        )

    dispute = dispute_decide_appeal(
        dispute=dispute,
        moderator=cast.second_moderator,
        decision="uphold",
        rationale="The name was removed.",
    )
    assert (dispute.status, dispute.appeal_decision, dispute.appeal_decided_by) == (
        "closed",
        "uphold",
        cast.second_moderator,
    )
    assert dispute.appeal_decided_at is not None
    assert (
        dispute.created_at
        <= dispute.author_answered_at
        <= dispute.decided_at
        <= dispute.appealed_at
        <= dispute.appeal_decided_at
    )
    # The hide was overturned on appeal: the review is public again.
    cast.review.refresh_from_db()
    assert (cast.review.status, cast.review.moderation_reason) == ("published", "")


def test_a_decided_dispute_cannot_be_decided_again(cast):
    dispute = decided(cast, "uphold")

    with pytest.raises(ValidationError, match="already decided"):
        dispute_decide(
            dispute=dispute, moderator=cast.second_moderator, decision="hide", rationale="No."
        )
    dispute.refresh_from_db()
    assert (dispute.decision, dispute.decided_by) == ("uphold", cast.moderator)


def test_a_stale_copy_of_the_dispute_cannot_be_decided_twice(cast):
    """A double submit: both requests loaded the dispute while it was open."""
    dispute = opened(cast)
    stale = Dispute.objects.get(pk=dispute.pk)
    dispute_decide(dispute=dispute, moderator=cast.moderator, decision="uphold", rationale="Ok.")

    with pytest.raises(ValidationError, match="already decided"):
        dispute_decide(dispute=stale, moderator=cast.moderator, decision="hide", rationale="Ok.")
    assert ModerationAction.objects.filter(kind="dispute_decide").count() == 1


def test_a_dispute_can_be_appealed_only_once(cast):
    dispute = appealed(cast, "hide")

    with pytest.raises(ValidationError, match="already appealed"):
        dispute_appeal(dispute=dispute, appellant=cast.author, statement="Again.")


def test_an_appeal_cannot_be_decided_twice(cast):
    dispute = appealed(cast, "uphold")
    dispute_decide_appeal(
        dispute=dispute, moderator=cast.second_moderator, decision="uphold", rationale="Fine."
    )

    with pytest.raises(ValidationError, match="already decided"):
        dispute_decide_appeal(dispute=dispute, moderator=cast.admin, decision="hide", rationale="x")


def test_an_open_dispute_cannot_be_appealed_yet(cast):
    dispute = opened(cast)

    with pytest.raises(ValidationError, match="isn't decided yet"):
        dispute_appeal(dispute=dispute, appellant=cast.author, statement="Early.")


def test_the_author_answers_only_once_and_only_while_open(cast):
    dispute = opened(cast)
    dispute_answer(dispute=dispute, author=cast.author, text="First.")

    with pytest.raises(ValidationError, match="already answered"):
        dispute_answer(dispute=dispute, author=cast.author, text="Second.")

    other = decided(cast_with_new_review(cast), "uphold")
    with pytest.raises(ValidationError, match="already decided"):
        dispute_answer(dispute=other, author=cast.author, text="Late.")


def cast_with_new_review(cast):
    cast.review = ReviewFactory(author=cast.author, requester=cast.review.requester)
    return cast


def test_one_dispute_in_progress_per_review(cast):
    opened(cast)

    with pytest.raises(ValidationError, match="in progress"):
        opened(cast)
    assert Dispute.objects.count() == 1


def test_a_decided_review_can_be_disputed_again_only_after_its_author_edits_it(cast):
    decided(cast, "uphold")

    with pytest.raises(ValidationError, match="once its author has edited it"):
        opened(cast)

    review_update(review=cast.review, editor=cast.author, text="Edited after the dispute.")
    assert opened(cast).status == Dispute.Status.OPEN


def test_only_published_reviews_can_be_disputed(cast):
    Review.objects.filter(pk=cast.review.pk).update(status=Review.Status.WITHDRAWN)

    with pytest.raises(ValidationError, match="Only published reviews"):
        opened(cast)


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("ground", "rude", "Choose one of"),
        ("statement", "   ", "can't be empty"),
        ("statement", "x" * 3001, "at most 3000"),
    ],
)
def test_a_dispute_needs_a_listed_ground_and_a_statement(cast, field, value, message):
    with pytest.raises(ValidationError) as caught:
        opened(cast, **{field: value})

    assert message in " ".join(caught.value.message_dict[field])


def test_a_decision_needs_a_listed_decision_and_a_rationale(cast):
    dispute = opened(cast)

    with pytest.raises(ValidationError) as caught:
        dispute_decide(dispute=dispute, moderator=cast.moderator, decision="ban", rationale="x")
    assert "decision" in caught.value.message_dict
    with pytest.raises(ValidationError) as caught:
        dispute_decide(dispute=dispute, moderator=cast.moderator, decision="hide", rationale=" ")
    assert "rationale" in caught.value.message_dict


# --- Effects ------------------------------------------------------------------------------


def test_hiding_takes_the_review_out_of_public_view_with_the_rationale(cast):
    decided(cast, "hide")

    cast.review.refresh_from_db()
    assert cast.review.status == Review.Status.HIDDEN
    assert cast.review.moderation_reason == "Both accounts were read."


def test_upholding_and_asking_for_an_edit_leave_the_review_published(cast):
    decided(cast, "ask_edit")

    cast.review.refresh_from_db()
    assert cast.review.status == Review.Status.PUBLISHED


def test_a_hide_decision_removes_the_review_from_the_scores(
    cast, django_capture_on_commit_callbacks
):
    ReviewFactory(requester=cast.review.requester)
    requester_score_recompute(requester_id=cast.review.requester_id)
    assert RequesterScore.objects.get(requester=cast.review.requester).review_count == 2
    dispute = opened(cast)

    with django_capture_on_commit_callbacks(execute=True):
        dispute_decide(dispute=dispute, moderator=cast.moderator, decision="hide", rationale="x")

    assert RequesterScore.objects.get(requester=cast.review.requester).review_count == 1


def test_an_appeal_that_overturns_a_hide_puts_the_review_back_in_the_scores(
    cast, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        dispute = appealed(cast, "hide")
    assert RequesterScore.objects.get(requester=cast.review.requester).review_count == 0

    with django_capture_on_commit_callbacks(execute=True):
        dispute_decide_appeal(
            dispute=dispute, moderator=cast.second_moderator, decision="uphold", rationale="Ok."
        )

    assert RequesterScore.objects.get(requester=cast.review.requester).review_count == 1


def test_an_appeal_decided_as_hide_hides_an_upheld_review(cast):
    dispute = appealed(cast, "uphold")

    dispute_decide_appeal(
        dispute=dispute, moderator=cast.second_moderator, decision="hide", rationale="Private."
    )

    cast.review.refresh_from_db()
    assert (cast.review.status, cast.review.moderation_reason) == ("hidden", "Private.")


def test_a_review_withdrawn_during_the_dispute_stays_withdrawn_whatever_is_decided(cast):
    dispute = opened(cast)
    Review.objects.filter(pk=cast.review.pk).update(status=Review.Status.WITHDRAWN)

    dispute_decide(dispute=dispute, moderator=cast.moderator, decision="hide", rationale="x")

    cast.review.refresh_from_db()
    assert cast.review.status == Review.Status.WITHDRAWN


def test_every_decision_is_in_the_moderation_log(cast):
    dispute = appealed(cast, "uphold")
    dispute_decide_appeal(
        dispute=dispute, moderator=cast.second_moderator, decision="hide", rationale="On appeal."
    )

    entries = ModerationAction.objects.filter(dispute=dispute).order_by("created_at", "id")
    assert [(e.kind, e.actor, e.review, e.reason, e.details["decision"]) for e in entries] == [
        ("dispute_decide", cast.moderator, cast.review, "Both accounts were read.", "uphold"),
        ("appeal_decide", cast.second_moderator, cast.review, "On appeal.", "hide"),
    ]


# --- Notifications ------------------------------------------------------------------------


def notified(user) -> list[str]:
    return list(Notification.objects.filter(user=user).values_list("kind", flat=True))


def test_the_author_is_told_of_a_dispute_with_a_link_to_it(cast):
    dispute = opened(cast)

    note = Notification.objects.get(user=cast.author)
    assert note.kind == "review_disputed"
    assert note.url == f"/disputes/{dispute.pk}/"
    assert "disputed" in note.message


def test_both_sides_are_told_of_each_decision(cast):
    dispute = appealed(cast, "ask_edit")
    dispute_decide_appeal(
        dispute=dispute, moderator=cast.second_moderator, decision="uphold", rationale="Fine."
    )

    assert notified(cast.author).count("dispute_decided") == 1
    assert notified(cast.rep).count("dispute_decided") == 1
    assert notified(cast.author).count("appeal_decided") == 1
    assert notified(cast.rep).count("appeal_decided") == 1
    assert "dispute_appealed" in notified(cast.rep)


def test_asking_for_an_edit_tells_the_author_why(cast):
    decided(cast, "ask_edit")

    message = Notification.objects.get(user=cast.author, kind="dispute_decided").message
    assert "asks you to edit" in message
    assert "Both accounts were read." in message


def test_what_the_requester_is_told_never_names_the_authors_account(cast):
    dispute = opened(cast)
    dispute_answer(dispute=dispute, author=cast.author, text="It happened.")
    dispute_decide(dispute=dispute, moderator=cast.moderator, decision="hide", rationale="x")
    dispute_appeal(dispute=dispute, appellant=cast.author, statement="Look again.")

    for note in Notification.objects.filter(user=cast.rep):
        assert cast.author.email not in note.message
        assert cast.author.username not in note.message


# --- Suspended and unverified people ------------------------------------------------------


def test_a_suspended_representative_cannot_open_a_dispute(cast):
    suspend(cast.rep)

    with pytest.raises(PermissionDenied, match="suspended"):
        opened(cast)


def test_a_suspended_author_cannot_answer_or_appeal(cast):
    dispute = opened(cast)
    suspend(cast.author)

    with pytest.raises(PermissionDenied, match="suspended"):
        dispute_answer(dispute=dispute, author=cast.author, text="Answer.")
    dispute_decide(dispute=dispute, moderator=cast.moderator, decision="hide", rationale="x")
    with pytest.raises(PermissionDenied, match="suspended"):
        dispute_appeal(dispute=dispute, appellant=cast.author, statement="Appeal.")


def test_a_suspended_representative_cannot_appeal(cast):
    dispute = decided(cast, "uphold")
    suspend(cast.rep)

    with pytest.raises(PermissionDenied, match="suspended"):
        dispute_appeal(dispute=dispute, appellant=cast.rep, statement="Appeal.")


def test_a_representative_with_an_unverified_address_cannot_open_a_dispute(cast):
    unverified = UserFactory(verified=False)
    represent(unverified, cast.review.requester)

    with pytest.raises(PermissionDenied, match="Verify"):
        dispute_open(review=cast.review, representative=unverified, ground="false", statement="x")


# --- What a page may offer ----------------------------------------------------------------


def test_the_actions_offered_follow_the_same_rules_as_the_services(cast):
    dispute = opened(cast)
    assert dispute_actions(dispute=dispute, user=cast.author) == ["answer"]
    assert dispute_actions(dispute=dispute, user=cast.moderator) == ["decide"]
    assert dispute_actions(dispute=dispute, user=cast.rep) == []

    dispute = dispute_decide(
        dispute=dispute, moderator=cast.moderator, decision="uphold", rationale="x"
    )
    assert dispute_actions(dispute=dispute, user=cast.rep) == ["appeal"]
    assert dispute_actions(dispute=dispute, user=cast.author) == []

    dispute = dispute_appeal(dispute=dispute, appellant=cast.rep, statement="Again.")
    assert dispute_actions(dispute=dispute, user=cast.moderator) == []
    assert dispute_actions(dispute=dispute, user=cast.second_moderator) == ["decide_appeal"]

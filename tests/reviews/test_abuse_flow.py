"""The abuse-detection flow: after commit a Celery task (eager here) checks each new review or
flag, detections become deduplicated AbuseSignals, strong ones hold their reviews out of the
scores, and moderators clear or confirm them. Detection alone never hides, deletes or
suspends."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from reviews.abuse.detection import Detection
from reviews.abuse.thresholds import Thresholds
from reviews.models import (
    AbuseSignal,
    Flag,
    ModerationAction,
    Notification,
    RequesterScore,
    Review,
    WorkerProfile,
)
from reviews.services.abuse import abuse_check, detections_record, signal_clear, signal_confirm
from reviews.services.fingerprints import Origin
from reviews.services.flags import flag_create
from reviews.services.moderation import AlreadyDone
from reviews.services.reviews import review_create, review_withdraw
from tests.factories import RequesterFactory, ReviewFactory, UserFactory, review_fields
from tests.reviews.abuse_flow_cast import age, background, held_signal, ring_post
from tests.reviews.moderation_cast import with_role
from worker.tasks import sweep_abuse

pytestmark = pytest.mark.django_db

REASON = "Five new accounts from one network, all praising the same lab."
THRESHOLDS = Thresholds()


@pytest.fixture
def moderator():
    return with_role(UserFactory(pseudonym="lamplighter"), "moderator")


@pytest.fixture
def ring(django_capture_on_commit_callbacks):
    background()
    return ring_post(django_capture_on_commit_callbacks)


def statuses(reviews) -> set[str]:
    return set(
        Review.objects.filter(pk__in=[r.pk for r in reviews]).values_list("status", flat=True)
    )


def score_count(review: Review) -> int:
    return RequesterScore.objects.get(requester_id=review.requester_id).review_count


def detection(review_ids, accounts, kind="near_duplicate", strength=0.9) -> Detection:
    return Detection(
        kind=kind,
        strength=strength,
        review_ids=tuple(review_ids),
        accounts=tuple(accounts),
        evidence=f"{len(review_ids)} reviews share a text.",
    )


# --- Detection after commit ----------------------------------------------------------------


def test_a_sock_puppet_ring_gets_a_held_signal_after_commit(ring):
    signal = AbuseSignal.objects.get()

    assert signal.kind == "shared_network"
    assert signal.holds_reviews and signal.status == AbuseSignal.Status.OPEN
    assert set(signal.reviews.all()) == set(ring)
    assert {a.profile.pseudonym for a in signal.accounts.all()} == {f"puppet-{i}" for i in range(5)}
    assert "same network" in signal.evidence
    assert statuses(ring) == {Review.Status.HELD}


def test_held_reviews_leave_the_scores(ring):
    assert score_count(ring[0]) == 0


def test_honest_reviews_are_not_held(ring):
    assert (
        not Review.objects.exclude(pk__in=[r.pk for r in ring])
        .exclude(status=Review.Status.PUBLISHED)
        .exists()
    )


def test_honest_workers_reviewing_one_requester_from_different_networks_raise_nothing(
    django_capture_on_commit_callbacks,
):
    background()
    for i in range(5):
        worker = age(UserFactory(), 300)
        with django_capture_on_commit_callbacks(execute=True):
            review_create(
                author=worker,
                origin=Origin(ip=f"198.51.{100 + i}.7", user_agent="Firefox"),
                **review_fields(requester_id="AHONESTLAB001", task_title=f"Task {i}"),
            )

    assert not AbuseSignal.objects.filter(holds_reviews=True).exists()
    assert not Review.objects.exclude(status=Review.Status.PUBLISHED).exists()


def test_the_author_still_sees_their_held_review_with_its_status(ring, client):
    client.force_login(ring[0].author)

    page = client.get("/reviews/mine/").content.decode()

    assert "Held by abuse check" in page


def test_detection_alone_never_suspends_or_hides_anything(ring):
    assert not WorkerProfile.objects.filter(posting_suspended_until__isnull=False).exists()
    assert not Review.objects.filter(status=Review.Status.HIDDEN).exists()
    assert not ModerationAction.objects.exists()


def test_rerunning_the_check_records_no_second_signal(ring):
    first = AbuseSignal.objects.get()

    again = abuse_check(review_ids=[r.pk for r in ring])

    assert AbuseSignal.objects.get() == first
    assert again.created == [] and again.grown == []


def test_the_sweep_task_finds_what_the_per_review_check_found_without_duplicating(ring):
    assert sweep_abuse.delay().get() in ([], [AbuseSignal.objects.get().pk])
    assert AbuseSignal.objects.count() == 1


def test_the_sweep_task_finds_a_ring_no_check_ran_for():
    background()
    requester = RequesterFactory()
    ring = []
    for _ in range(5):
        # Saved directly (an import, a lost task): no check ran.
        review = ReviewFactory(author=UserFactory(), requester=requester)
        review.fingerprints.create(
            user=review.author, action="review_create", network_hash="ring", agent_hash="a"
        )
        ring.append(review)

    found = sweep_abuse.delay().get()

    signal = AbuseSignal.objects.get()
    assert found == [signal.pk] and signal.kind == "shared_network"
    assert statuses(ring) == {Review.Status.HELD}


def test_the_sweep_looks_only_at_its_recent_window(settings):
    background()
    requester = RequesterFactory()
    for _ in range(5):
        review = ReviewFactory(author=UserFactory(), requester=requester)
        review.fingerprints.create(
            user=review.author, action="review_create", network_hash="ring", agent_hash="a"
        )
        Review.objects.filter(pk=review.pk).update(created_at=timezone.now() - timedelta(days=5))
    settings.ABUSE_SWEEP_LOOKBACK_DAYS = 2

    assert sweep_abuse.delay().get() == []
    assert not AbuseSignal.objects.exists()


def test_a_new_puppet_joining_a_ring_grows_its_open_signal(
    ring, django_capture_on_commit_callbacks
):
    signal = AbuseSignal.objects.get()

    [more] = ring_post(django_capture_on_commit_callbacks, size=1, first=5)

    signal.refresh_from_db()
    assert AbuseSignal.objects.filter(kind="shared_network").get() == signal
    assert more in signal.reviews.all() and signal.reviews.count() == 6
    assert statuses([more]) == {Review.Status.HELD}


def test_a_review_already_hidden_or_withdrawn_is_left_as_it_is():
    a, b, c = ReviewFactory(), ReviewFactory(), ReviewFactory()
    Review.objects.filter(pk=a.pk).update(status=Review.Status.HIDDEN)
    review_withdraw(review=b, actor=b.author)

    detections_record([detection([a.pk, b.pk, c.pk], [a.author_id, b.author_id, c.author_id])])

    assert Review.objects.get(pk=a.pk).status == Review.Status.HIDDEN
    assert Review.objects.get(pk=b.pk).status == Review.Status.WITHDRAWN
    assert Review.objects.get(pk=c.pk).status == Review.Status.HELD


def test_a_weak_signal_is_recorded_but_holds_nothing():
    a, b = ReviewFactory(), ReviewFactory()

    detections_record([detection([a.pk, b.pk], [a.author_id, b.author_id], strength=0.4)])

    signal = AbuseSignal.objects.get()
    assert not signal.holds_reviews
    assert statuses([a, b]) == {Review.Status.PUBLISHED}


def test_a_mass_flagging_signal_never_holds_the_flagged_reviews():
    a, b = ReviewFactory(), ReviewFactory()

    detections_record([detection([a.pk, b.pk], [UserFactory().pk], kind="mass_flagging")])

    assert not AbuseSignal.objects.get().holds_reviews
    assert statuses([a, b]) == {Review.Status.PUBLISHED}


def test_a_smaller_finding_inside_a_recorded_signal_is_not_recorded_again():
    a, b, c = ReviewFactory(), ReviewFactory(), ReviewFactory()
    accounts = [a.author_id, b.author_id, c.author_id]
    detections_record([detection([a.pk, b.pk, c.pk], accounts)])

    recorded = detections_record([detection([a.pk, b.pk], accounts[:2])])

    assert AbuseSignal.objects.count() == 1 and recorded.unchanged == 1


def test_mass_flagging_is_found_after_the_flags_commit(django_capture_on_commit_callbacks):
    requester = RequesterFactory()
    flagger = UserFactory(pseudonym="serial-flagger")
    reviews = [ReviewFactory(requester=requester) for _ in range(6)]

    for review in reviews:
        with django_capture_on_commit_callbacks(execute=True):
            flag_create(review=review, flagger=flagger, reason="spam")

    signal = AbuseSignal.objects.get(kind="mass_flagging")
    assert list(signal.accounts.all()) == [flagger]
    assert set(signal.details["flag_ids"]) == set(Flag.objects.values_list("pk", flat=True))
    assert statuses(reviews) == {Review.Status.PUBLISHED}


# --- Moderators clear ----------------------------------------------------------------------


def test_clearing_returns_the_held_reviews_and_their_scores(
    ring, moderator, django_capture_on_commit_callbacks
):
    signal = AbuseSignal.objects.get()

    with django_capture_on_commit_callbacks(execute=True):
        signal_clear(signal=signal, moderator=moderator, reason="A real class, same campus.")

    signal.refresh_from_db()
    assert signal.status == AbuseSignal.Status.CLEARED
    assert (signal.decided_by, signal.decided_at is not None) == (moderator, True)
    assert statuses(ring) == {Review.Status.PUBLISHED}
    assert score_count(ring[0]) == len(ring)
    action = ModerationAction.objects.get()
    assert (action.kind, action.actor, action.reason) == (
        ModerationAction.Kind.SIGNAL_CLEAR,
        moderator,
        "A real class, same campus.",
    )
    assert sorted(action.details["released"]) == sorted(r.pk for r in ring)
    assert Notification.objects.filter(kind="review_released").count() == len(ring)


def test_a_cleared_signal_is_not_reopened_and_does_not_hold_again_on_a_rerun(ring, moderator):
    signal_clear(signal=AbuseSignal.objects.get(), moderator=moderator, reason="Same campus.")

    abuse_check(review_ids=[r.pk for r in ring])
    sweep_abuse.delay()

    assert AbuseSignal.objects.get().status == AbuseSignal.Status.CLEARED
    assert statuses(ring) == {Review.Status.PUBLISHED}


def test_a_review_cleared_for_a_kind_is_not_held_by_a_larger_signal_of_that_kind(moderator):
    a, b, c = ReviewFactory(), ReviewFactory(), ReviewFactory()
    detections_record([detection([a.pk, b.pk], [a.author_id, b.author_id])])
    signal_clear(signal=AbuseSignal.objects.get(), moderator=moderator, reason="Coincidence.")

    detections_record([detection([a.pk, b.pk, c.pk], [a.author_id, b.author_id, c.author_id])])

    assert AbuseSignal.objects.filter(status=AbuseSignal.Status.OPEN).count() == 1
    assert statuses([a, b]) == {Review.Status.PUBLISHED}
    assert statuses([c]) == {Review.Status.HELD}


def test_clearing_leaves_reviews_that_another_open_signal_still_holds(moderator):
    a, b = ReviewFactory(), ReviewFactory()
    first = held_signal(a, b)
    held_signal(b, kind="self_review")

    signal_clear(signal=first, moderator=moderator, reason="Different people.")

    assert statuses([a]) == {Review.Status.PUBLISHED}
    assert statuses([b]) == {Review.Status.HELD}


def test_a_signal_cannot_be_decided_twice(moderator):
    signal = held_signal(ReviewFactory())
    signal_clear(signal=signal, moderator=moderator, reason="Fine.")

    with pytest.raises(AlreadyDone):
        signal_confirm(signal=signal, moderator=moderator, reason="Changed my mind.")
    assert ModerationAction.objects.count() == 1


def test_a_reason_is_required(moderator):
    signal = held_signal(ReviewFactory())

    with pytest.raises(ValidationError):
        signal_clear(signal=signal, moderator=moderator, reason="  ")

    signal.refresh_from_db()
    assert signal.status == AbuseSignal.Status.OPEN


# --- Moderators confirm --------------------------------------------------------------------


def test_confirming_hides_the_reviews_with_the_reason(ring, moderator):
    signal = AbuseSignal.objects.get()

    signal_confirm(signal=signal, moderator=moderator, reason=REASON)

    signal.refresh_from_db()
    assert signal.status == AbuseSignal.Status.CONFIRMED
    assert statuses(ring) == {Review.Status.HIDDEN}
    assert set(
        Review.objects.filter(pk__in=[r.pk for r in ring]).values_list(
            "moderation_reason", flat=True
        )
    ) == {REASON}
    assert not WorkerProfile.objects.filter(posting_suspended_until__isnull=False).exists()
    action = ModerationAction.objects.get()
    assert action.kind == ModerationAction.Kind.SIGNAL_CONFIRM
    assert action.requester_id == ring[0].requester_id


def test_confirming_can_suspend_the_accounts_through_the_logged_suspension(ring, moderator):
    until = timezone.now() + timedelta(days=30)

    signal_confirm(
        signal=AbuseSignal.objects.get(), moderator=moderator, reason=REASON, suspend_until=until
    )

    for review in ring:
        profile = WorkerProfile.objects.get(user=review.author)
        assert profile.posting_suspended_until == until
    suspensions = ModerationAction.objects.filter(kind=ModerationAction.Kind.USER_SUSPEND)
    assert {a.subject_id for a in suspensions} == {r.author_id for r in ring}


def test_a_suspension_in_the_past_is_refused_and_changes_nothing(moderator):
    review = ReviewFactory()
    signal = held_signal(review)

    with pytest.raises(ValidationError):
        signal_confirm(
            signal=signal,
            moderator=moderator,
            reason=REASON,
            suspend_until=timezone.now() - timedelta(days=1),
        )

    signal.refresh_from_db()
    assert signal.status == AbuseSignal.Status.OPEN
    assert statuses([review]) == {Review.Status.HELD}


def test_confirm_is_all_or_nothing_when_a_suspension_is_refused(moderator):
    fellow_moderator = with_role(UserFactory(), "moderator")
    review = ReviewFactory(author=fellow_moderator)
    signal = held_signal(review)

    with pytest.raises(Exception, match="Only an admin"):
        signal_confirm(
            signal=signal,
            moderator=moderator,
            reason=REASON,
            suspend_until=timezone.now() + timedelta(days=3),
        )

    signal.refresh_from_db()
    assert signal.status == AbuseSignal.Status.OPEN
    assert statuses([review]) == {Review.Status.HELD}
    assert not ModerationAction.objects.exists()


def test_confirming_mass_flagging_dismisses_the_flags_and_leaves_the_reviews(moderator):
    review = ReviewFactory()
    flag = Flag.objects.create(review=review, flagger=UserFactory(), reason=Flag.Reason.SPAM)
    signal = AbuseSignal.objects.create(
        kind="mass_flagging",
        strength=0.8,
        evidence="Account 9 flagged 6 reviews of mturk:A1 in 1 hour.",
        fingerprint="m" * 64,
        details={"flag_ids": [flag.pk]},
    )
    signal.reviews.add(review)
    signal.accounts.add(flag.flagger)

    signal_confirm(signal=signal, moderator=moderator, reason="Burying criticism.")

    flag.refresh_from_db()
    assert flag.status == Flag.Status.DISMISSED
    assert statuses([review]) == {Review.Status.PUBLISHED}

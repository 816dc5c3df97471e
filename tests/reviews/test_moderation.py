"""Moderator actions: what each does, whom it tells, what it logs, and what it refuses."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from reviews.models import (
    Dispute,
    Flag,
    ModerationAction,
    Notification,
    Platform,
    RequesterAlias,
    RequesterClaim,
    RequesterScore,
    Review,
    WorkerProfile,
)
from reviews.services.flags import flag_create
from reviews.services.moderation import (
    AlreadyDone,
    flag_resolve,
    requesters_merge,
    review_ask_edit,
    review_hide,
    review_lock_replies,
    review_restore,
    review_unlock_replies,
    role_assign,
    user_suspend,
    user_unsuspend,
)
from reviews.services.reviews import review_create, review_update, review_withdraw
from reviews.services.scores import requester_score_recompute
from tests.factories import RequesterFactory, ReviewFactory, UserFactory, review_fields
from tests.reviews.moderation_cast import approved_claim, with_role

pytestmark = pytest.mark.django_db

REASON = "Gives the survey's completion code."
Kind = ModerationAction.Kind


@pytest.fixture
def moderator(db):
    return with_role(UserFactory(pseudonym="lamplighter"), "moderator")


@pytest.fixture
def admin(db):
    return with_role(UserFactory(pseudonym="keeper"), "admin")


@pytest.fixture
def review(author):
    return ReviewFactory(author=author)


@pytest.fixture
def flagger(db):
    return UserFactory(pseudonym="quiet-flagger", email="flagger@example.org")


@pytest.fixture
def flag(review, flagger):
    return flag_create(review=review, flagger=flagger, reason=Flag.Reason.DISCLOSURE)


def _notifications(user):
    return list(Notification.objects.filter(user=user))


# --- Flags ----------------------------------------------------------------------------------


def test_dismissing_a_flag_marks_it_dismissed_and_logs_it(flag, moderator, review):
    flag_resolve(flag=flag, moderator=moderator, outcome="dismiss", reason="Not a code.")

    flag.refresh_from_db()
    assert (flag.status, flag.resolved_by) == (Flag.Status.DISMISSED, moderator)
    assert flag.resolved_at is not None
    entry = ModerationAction.objects.get()
    assert (entry.kind, entry.flag, entry.review, entry.reason) == (
        Kind.FLAG_DISMISS,
        flag,
        review,
        "Not a code.",
    )
    review.refresh_from_db()
    assert review.status == Review.Status.PUBLISHED


def test_hiding_through_a_flag_hides_the_review_and_resolves_all_its_open_flags(
    flag, moderator, review
):
    second = flag_create(review=review, flagger=UserFactory(), reason=Flag.Reason.SPAM)

    flag_resolve(flag=flag, moderator=moderator, outcome="hide", reason=REASON)

    review.refresh_from_db()
    assert (review.status, review.moderation_reason) == (Review.Status.HIDDEN, REASON)
    assert set(Flag.objects.values_list("status", flat=True)) == {Flag.Status.ACTED_ON}
    second.refresh_from_db()
    assert second.resolved_by == moderator
    entry = ModerationAction.objects.get()
    assert (entry.kind, entry.flag, entry.review) == (Kind.REVIEW_HIDE, flag, review)


def test_the_flagger_is_told_the_outcome_and_reason_but_not_the_moderator(
    flag, moderator, flagger, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        flag_resolve(flag=flag, moderator=moderator, outcome="dismiss", reason="Not a code.")

    (notification,) = _notifications(flagger)
    assert notification.kind == "flag_resolved"
    assert "Not a code." in notification.message
    assert "lamplighter" not in notification.message
    assert [m.to for m in mail.outbox] == [[flagger.email]]
    assert "lamplighter" not in mail.outbox[0].body


def test_the_author_is_told_their_review_was_hidden_but_never_who_flagged_it(
    flag, moderator, author, flagger, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        flag_resolve(flag=flag, moderator=moderator, outcome="hide", reason=REASON)

    (notification,) = _notifications(author)
    assert notification.kind == "review_hidden"
    assert REASON in notification.message
    author_mail = [m for m in mail.outbox if m.to == [author.email]]
    assert len(author_mail) == 1
    for text in (notification.message, author_mail[0].body, author_mail[0].subject):
        assert "quiet-flagger" not in text
        assert flagger.email not in text
        assert "flag" not in text.lower()


def test_a_dismissed_flag_tells_the_author_nothing(flag, moderator, author):
    flag_resolve(flag=flag, moderator=moderator, outcome="dismiss", reason="Fine.")

    assert _notifications(author) == []


def test_a_flag_is_resolved_only_once(flag, moderator):
    flag_resolve(flag=flag, moderator=moderator, outcome="dismiss", reason="Fine.")

    with pytest.raises(AlreadyDone):
        flag_resolve(flag=flag, moderator=moderator, outcome="hide", reason="Changed my mind.")

    assert ModerationAction.objects.count() == 1


def test_a_moderator_cannot_resolve_their_own_flag(review, moderator):
    own = flag_create(review=review, flagger=moderator, reason=Flag.Reason.SPAM)

    with pytest.raises(PermissionDenied):
        flag_resolve(flag=own, moderator=moderator, outcome="dismiss", reason="Mine.")


def test_an_unknown_flag_outcome_is_refused(flag, moderator):
    with pytest.raises(ValidationError) as caught:
        flag_resolve(flag=flag, moderator=moderator, outcome="delete", reason="x")

    assert "outcome" in caught.value.message_dict


@pytest.mark.parametrize(
    "action",
    [
        lambda review, moderator, reason: review_hide(
            review=review, moderator=moderator, reason=reason
        ),
        lambda review, moderator, reason: review_ask_edit(
            review=review, moderator=moderator, reason=reason
        ),
        lambda review, moderator, reason: review_lock_replies(
            review=review, moderator=moderator, reason=reason
        ),
        lambda review, moderator, reason: user_suspend(
            moderator=moderator,
            user=review.author,
            until=timezone.now() + timedelta(days=1),
            reason=reason,
        ),
        lambda review, moderator, reason: requesters_merge(
            moderator=moderator, keep=review.requester, duplicate=RequesterFactory(), reason=reason
        ),
    ],
    ids=["hide", "ask_edit", "lock_replies", "suspend", "merge"],
)
def test_every_moderator_action_needs_a_reason(action, review, moderator):
    with pytest.raises(ValidationError) as caught:
        action(review, moderator, "   ")

    assert "reason" in caught.value.message_dict
    assert not ModerationAction.objects.exists()


# --- Hiding and restoring -------------------------------------------------------------------


def _score_count(requester) -> int:
    return RequesterScore.objects.get(requester=requester).review_count


def test_a_hidden_review_leaves_the_scores_and_returns_on_restore(
    author, moderator, django_capture_on_commit_callbacks
):
    requester = RequesterFactory()
    hidden = ReviewFactory(author=author, requester=requester)
    ReviewFactory(requester=requester)
    requester_score_recompute(requester_id=requester.pk)
    assert _score_count(requester) == 2

    with django_capture_on_commit_callbacks(execute=True):
        review_hide(review=hidden, moderator=moderator, reason=REASON)
    assert _score_count(requester) == 1

    with django_capture_on_commit_callbacks(execute=True):
        review_restore(review=hidden, moderator=moderator, reason="Code was already public.")
    assert _score_count(requester) == 2


def test_restoring_publishes_the_review_clears_its_reason_and_tells_the_author(
    review, moderator, author
):
    review_hide(review=review, moderator=moderator, reason=REASON)

    review_restore(review=review, moderator=moderator, reason="Code was already public.")

    review.refresh_from_db()
    assert (review.status, review.moderation_reason) == (Review.Status.PUBLISHED, "")
    assert [n.kind for n in _notifications(author)] == ["review_restored", "review_hidden"]
    assert list(ModerationAction.objects.values_list("kind", flat=True)) == [
        Kind.REVIEW_RESTORE,
        Kind.REVIEW_HIDE,
    ]


def test_a_review_that_is_not_hidden_cannot_be_restored(review, moderator):
    with pytest.raises(AlreadyDone):
        review_restore(review=review, moderator=moderator, reason="x")


def test_a_hidden_review_cannot_be_hidden_again(review, moderator):
    review_hide(review=review, moderator=moderator, reason=REASON)

    with pytest.raises(AlreadyDone):
        review_hide(review=review, moderator=moderator, reason=REASON)

    assert ModerationAction.objects.count() == 1


def test_a_withdrawn_review_cannot_be_hidden(review, moderator, author):
    review_withdraw(review=review, actor=author)

    with pytest.raises(ValidationError):
        review_hide(review=review, moderator=moderator, reason=REASON)


def test_a_moderator_cannot_act_on_their_own_review(moderator):
    own = ReviewFactory(author=moderator)

    for action in (review_hide, review_ask_edit, review_lock_replies):
        with pytest.raises(PermissionDenied):
            action(review=own, moderator=moderator, reason=REASON)
    flag = flag_create(review=own, flagger=UserFactory(), reason=Flag.Reason.SPAM)
    with pytest.raises(PermissionDenied):
        flag_resolve(flag=flag, moderator=moderator, outcome="dismiss", reason="Mine is fine.")


def test_a_moderator_who_represents_the_requester_cannot_act_on_its_reviews(review, moderator):
    approved_claim(moderator, review.requester)

    with pytest.raises(PermissionDenied):
        review_hide(review=review, moderator=moderator, reason=REASON)


def test_a_moderator_who_disputed_a_review_cannot_act_on_it(review, moderator):
    Dispute.objects.create(
        review=review, opened_by=moderator, ground=Dispute.Ground.FALSE, statement="Untrue."
    )

    with pytest.raises(PermissionDenied):
        review_restore(review=review, moderator=moderator, reason=REASON)
    with pytest.raises(PermissionDenied):
        review_hide(review=review, moderator=moderator, reason=REASON)


def test_asking_for_an_edit_tells_the_author_and_logs_it(
    review, moderator, author, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        review_ask_edit(review=review, moderator=moderator, reason="Remove the code, please.")

    (notification,) = _notifications(author)
    assert "Remove the code, please." in notification.message
    assert notification.url == f"/reviews/{review.pk}/edit/"
    assert mail.outbox[0].to == [author.email]
    assert ModerationAction.objects.get().kind == Kind.REVIEW_ASK_EDIT
    review.refresh_from_db()
    assert review.status == Review.Status.PUBLISHED


def test_locking_and_unlocking_replies(review, moderator):
    review_lock_replies(review=review, moderator=moderator, reason="Heated thread.")
    review.refresh_from_db()
    assert review.replies_locked

    with pytest.raises(AlreadyDone):
        review_lock_replies(review=review, moderator=moderator, reason="Again.")

    review_unlock_replies(review=review, moderator=moderator, reason="Calmer now.")
    review.refresh_from_db()
    assert not review.replies_locked
    assert list(ModerationAction.objects.values_list("kind", flat=True)) == [
        Kind.REPLIES_UNLOCK,
        Kind.REPLIES_LOCK,
    ]


# --- Accounts -------------------------------------------------------------------------------


def test_a_suspended_worker_cannot_post_until_the_suspension_ends(
    author, moderator, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        user_suspend(
            moderator=moderator,
            user=author,
            until=timezone.now() + timedelta(days=7),
            reason="Posted completion codes.",
        )

    with pytest.raises(PermissionDenied):
        review_create(author=author, **review_fields())
    entry = ModerationAction.objects.get()
    assert (entry.kind, entry.subject) == (Kind.USER_SUSPEND, author)
    assert "until" in entry.details
    (notification,) = _notifications(author)
    assert "Posted completion codes." in notification.message
    assert mail.outbox[0].to == [author.email]


def test_a_suspension_ends_in_the_future(author, moderator):
    with pytest.raises(ValidationError) as caught:
        user_suspend(
            moderator=moderator, user=author, until=timezone.now() - timedelta(hours=1), reason="x"
        )

    assert "until" in caught.value.message_dict


def test_lifting_a_suspension_lets_the_worker_post_again(author, moderator):
    user_suspend(
        moderator=moderator, user=author, until=timezone.now() + timedelta(days=7), reason="x"
    )

    user_unsuspend(moderator=moderator, user=author, reason="Appeal accepted.")

    assert review_create(author=author, **review_fields()).pk is not None
    assert ModerationAction.objects.first().kind == Kind.USER_UNSUSPEND


def test_lifting_a_suspension_nobody_has_is_refused(author, moderator):
    with pytest.raises(AlreadyDone):
        user_unsuspend(moderator=moderator, user=author, reason="x")


def test_a_moderator_cannot_suspend_another_moderator_but_an_admin_can(moderator, admin):
    colleague = with_role(UserFactory(), "moderator")
    until = timezone.now() + timedelta(days=1)

    with pytest.raises(PermissionDenied):
        user_suspend(moderator=moderator, user=colleague, until=until, reason="x")
    user_suspend(moderator=admin, user=colleague, until=until, reason="Abused the role.")

    assert WorkerProfile.objects.get(user=colleague).is_suspended()


def test_nobody_suspends_themselves(moderator):
    with pytest.raises(PermissionDenied):
        user_suspend(
            moderator=moderator, user=moderator, until=timezone.now() + timedelta(1), reason="x"
        )


def test_an_admin_assigns_a_role_and_the_log_says_from_what_to_what(admin, author):
    role_assign(admin=admin, user=author, role="moderator", reason="Elected by the forum.")

    assert WorkerProfile.objects.get(user=author).role == "moderator"
    entry = ModerationAction.objects.get()
    assert (entry.kind, entry.subject, entry.details) == (
        Kind.ROLE_ASSIGN,
        author,
        {"from": "worker", "to": "moderator"},
    )
    assert _notifications(author)[0].kind == "role_assigned"


def test_an_admin_cannot_change_their_own_role(admin):
    with pytest.raises(PermissionDenied):
        role_assign(admin=admin, user=admin, role="worker", reason="Stepping down.")


def test_an_unknown_role_is_refused(admin, author):
    with pytest.raises(ValidationError):
        role_assign(admin=admin, user=author, role="owner", reason="x")


# --- Merging requesters ---------------------------------------------------------------------


def test_a_merge_moves_reviews_aliases_and_claims_and_marks_the_duplicate(moderator):
    keep = RequesterFactory(display_name="Psychology Lab")
    duplicate = RequesterFactory(display_name="Psych Lab")
    RequesterAlias.objects.create(requester=duplicate, name="PsychLab 2019")
    moved = ReviewFactory(requester=duplicate)
    claim = approved_claim(UserFactory(), duplicate)

    requesters_merge(moderator=moderator, keep=keep, duplicate=duplicate, reason="Same lab.")

    moved.refresh_from_db()
    duplicate.refresh_from_db()
    claim.refresh_from_db()
    assert moved.requester == keep
    assert duplicate.merged_into == keep
    assert claim.requester == keep
    assert {"Psych Lab", "PsychLab 2019"} <= set(keep.aliases.values_list("name", flat=True))
    entry = ModerationAction.objects.get()
    assert (entry.kind, entry.requester) == (Kind.REQUESTERS_MERGE, keep)
    assert entry.details["duplicate"]["external_id"] == duplicate.external_id


def test_a_merge_keeps_both_reviews_when_one_author_reviewed_the_same_task_under_both(moderator):
    keep, duplicate = RequesterFactory(), RequesterFactory()
    author = UserFactory()
    first = ReviewFactory(author=author, requester=keep, task_title="Same survey")
    second = ReviewFactory(author=author, requester=duplicate, task_title="Same survey")

    requesters_merge(moderator=moderator, keep=keep, duplicate=duplicate, reason="Same lab.")

    assert set(keep.reviews.values_list("pk", flat=True)) == {first.pk, second.pk}
    assert set(keep.reviews.values_list("status", flat=True)) == {Review.Status.PUBLISHED}
    assert ModerationAction.objects.get().details["kept_apart"] == [second.pk]
    assert _notifications(author)[0].kind == "requesters_merged"
    # The author can still withdraw either one.
    review_withdraw(review=second, actor=author)


def test_a_merge_refuses_requesters_of_different_platforms(moderator):
    keep = RequesterFactory()
    other = RequesterFactory(platform=Platform.objects.exclude(pk=keep.platform_id).first())

    with pytest.raises(ValidationError):
        requesters_merge(moderator=moderator, keep=keep, duplicate=other, reason="x")


def test_a_requester_is_not_merged_into_itself_nor_merged_twice(moderator):
    keep, duplicate = RequesterFactory(), RequesterFactory()
    with pytest.raises(ValidationError):
        requesters_merge(moderator=moderator, keep=keep, duplicate=keep, reason="x")

    requesters_merge(moderator=moderator, keep=keep, duplicate=duplicate, reason="Same lab.")
    with pytest.raises(AlreadyDone):
        requesters_merge(moderator=moderator, keep=keep, duplicate=duplicate, reason="Again.")


def test_a_merge_recomputes_both_requesters_scores(moderator, django_capture_on_commit_callbacks):
    keep, duplicate = RequesterFactory(), RequesterFactory()
    ReviewFactory(requester=keep)
    ReviewFactory(requester=duplicate)
    for requester in (keep, duplicate):
        requester_score_recompute(requester_id=requester.pk)

    with django_capture_on_commit_callbacks(execute=True):
        requesters_merge(moderator=moderator, keep=keep, duplicate=duplicate, reason="Same lab.")

    assert _score_count(keep) == 2
    assert _score_count(duplicate) == 0


def test_a_new_review_under_a_merged_id_goes_to_the_kept_requester(moderator, author):
    keep = RequesterFactory()
    duplicate = RequesterFactory(external_id="A1B2C3D4E5F6G7")
    requesters_merge(moderator=moderator, keep=keep, duplicate=duplicate, reason="Same lab.")

    review = review_create(author=author, **review_fields(requester_id="A1B2C3D4E5F6G7"))

    assert review.requester == keep


def test_a_claim_on_both_requesters_stays_on_the_duplicate_when_merging(moderator):
    keep, duplicate = RequesterFactory(), RequesterFactory()
    claimant = UserFactory()
    on_keep = approved_claim(claimant, keep)
    on_duplicate = approved_claim(claimant, duplicate)

    requesters_merge(moderator=moderator, keep=keep, duplicate=duplicate, reason="Same lab.")

    assert RequesterClaim.objects.get(pk=on_keep.pk).requester == keep
    assert RequesterClaim.objects.get(pk=on_duplicate.pk).requester == duplicate
    assert ModerationAction.objects.get().details["claims_left_on_duplicate"] == [on_duplicate.pk]


def test_a_representative_cannot_edit_their_earlier_review_of_the_requester(author):
    review = review_create(author=author, **review_fields())
    approved_claim(author, review.requester)

    with pytest.raises(PermissionDenied):
        review_update(review=review, editor=author, text="Actually they are great.")

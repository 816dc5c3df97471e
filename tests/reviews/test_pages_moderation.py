"""The moderation pages: the queue stays usable under a flood of flags, the case shows all
a moderator needs, the public log and hidden list show nothing private, the author still sees
a hidden review with its reason, and notifications are one's own."""

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from reviews.models import (
    AbuseSignal,
    Dispute,
    Flag,
    Notification,
    RequesterClaim,
    Review,
    ReviewRevision,
)
from reviews.services.claims import claim_approve, claim_create
from reviews.services.flags import flag_create
from reviews.services.moderation import flag_resolve, review_hide, user_suspend
from reviews.services.notifications import notify
from reviews.views.moderation import public as moderation_public_views
from tests.factories import RequesterFactory, ReviewFactory, UserFactory
from tests.reviews.moderation_cast import with_role

pytestmark = pytest.mark.django_db

QUEUE = reverse("reviews:moderation_queue")
LOG = reverse("reviews:moderation_log")
HIDDEN = reverse("reviews:hidden_reviews")
NOTIFICATIONS = reverse("reviews:notifications")
REASON = "Gives the survey completion code."
CONTACT = "private-contact@lab.example"


@pytest.fixture
def moderator(db):
    return with_role(
        UserFactory(pseudonym="lamplighter", email="moderator-private@example.org"), "moderator"
    )


@pytest.fixture
def mod_client(moderator):
    client = Client()
    client.force_login(moderator)
    return client


@pytest.fixture
def review(author):
    return ReviewFactory(author=author, task_title="Decision survey")


@pytest.fixture
def flagger(db):
    return UserFactory(pseudonym="secret-flagger", email="flagger-private@example.org")


def _login(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


# --- The queue ------------------------------------------------------------------------------


def test_a_flood_of_flags_shows_one_row_per_review_most_flagged_first(mod_client):
    quiet, loud = ReviewFactory(task_title="Quiet review"), ReviewFactory(task_title="Loud review")
    flag_create(review=quiet, flagger=UserFactory(), reason=Flag.Reason.SPAM)
    for _ in range(30):
        flag_create(review=loud, flagger=UserFactory(), reason=Flag.Reason.INSULT)

    page = mod_client.get(QUEUE).content.decode()

    assert page.count("Loud review") == 1
    assert page.index("Loud review") < page.index("Quiet review")
    assert "31 open flags on 2 reviews" in page
    assert "Insults or threats × 30" in page


def test_equally_flagged_reviews_wait_oldest_first(mod_client):
    older, newer = ReviewFactory(task_title="Older case"), ReviewFactory(task_title="Newer case")
    first = flag_create(review=older, flagger=UserFactory(), reason=Flag.Reason.SPAM)
    second = flag_create(review=newer, flagger=UserFactory(), reason=Flag.Reason.SPAM)
    Flag.objects.filter(pk=first.pk).update(created_at=timezone.now() - timedelta(days=2))
    Flag.objects.filter(pk=second.pk).update(created_at=timezone.now() - timedelta(days=1))

    page = mod_client.get(QUEUE).content.decode()

    assert page.index("Older case") < page.index("Newer case")


def test_the_flag_queue_is_paginated(mod_client, settings):
    settings.REVIEWS_PER_PAGE = 5
    for _ in range(7):
        flag_create(review=ReviewFactory(), flagger=UserFactory(), reason=Flag.Reason.SPAM)

    first = mod_client.get(QUEUE)
    second = mod_client.get(QUEUE, {"page": 2})

    assert len(first.context["page_obj"]) == 5
    assert len(second.context["page_obj"]) == 2
    assert "Page 1 of 2" in first.content.decode()


def test_resolved_flags_leave_the_queue(mod_client, review, flagger, moderator):
    flag = flag_create(review=review, flagger=flagger, reason=Flag.Reason.SPAM)
    mod_client.post(
        reverse("reviews:moderation_flag_resolve", args=[flag.pk]),
        {"outcome": "dismiss", "reason": "Not spam."},
    )

    assert "Decision survey" not in mod_client.get(QUEUE).content.decode()


def test_the_queue_lists_disputes_appeals_claims_and_abuse_signals(mod_client, review):
    Dispute.objects.create(
        review=review, opened_by=UserFactory(), ground=Dispute.Ground.FALSE, statement="Untrue."
    )
    appealed = ReviewFactory(task_title="Appealed review")
    Dispute.objects.create(
        review=appealed,
        opened_by=UserFactory(),
        ground=Dispute.Ground.PRIVATE_INFO,
        statement="Names me.",
        status=Dispute.Status.APPEALED,
        appealed_at=timezone.now(),
    )
    claim_create(
        user=UserFactory(pseudonym="claimant"),
        requester=RequesterFactory(display_name="Claimed Lab"),
        statement="I run it.",
        contact=CONTACT,
    )
    signal = AbuseSignal.objects.create(
        kind="new_account_burst",
        strength=0.9,
        evidence="12 reviews in 5 minutes",
        fingerprint="f1",
        holds_reviews=True,
    )
    signal.reviews.add(review)

    disputes = mod_client.get(QUEUE, {"queue": "disputes"}).content.decode()
    appeals = mod_client.get(QUEUE, {"queue": "appeals"}).content.decode()
    claims = mod_client.get(QUEUE, {"queue": "claims"}).content.decode()
    signals = mod_client.get(QUEUE, {"queue": "signals"}).content.decode()

    assert "Decision survey" in disputes and "The review is false" in disputes
    assert "Appealed review" in appeals
    assert "Claimed Lab" in claims and "claimant" in claims
    assert CONTACT not in claims  # only on the claim's own page
    assert "new_account_burst" in signals and "12 reviews in 5 minutes" in signals
    assert "1 open dispute, 1 appeal, 1 pending claim, 1 open abuse signal needing" in disputes


def test_abuse_hints_are_grouped_per_requester_and_day_and_need_no_decision(mod_client):
    for i, day in enumerate(["2026-02-01", "2026-02-01", "2026-02-02"]):
        AbuseSignal.objects.create(
            kind="burst",
            strength=0.5,
            evidence=f"burst number {i}",
            fingerprint=f"h{i}",
            details={"requester": ["mturk", "A1"], "start": f"{day}T10:00:00+00:00"},
        )

    page = mod_client.get(QUEUE, {"queue": "signals"}).content.decode()

    assert "No open abuse signals need a decision." in page
    assert "0 open abuse signals needing a decision (3 hints)" in page
    assert "(2 groups)" in page
    assert page.count("mturk:A1, 2026-02-01") == 1 and "mturk:A1, 2026-02-02" in page


# --- The case -------------------------------------------------------------------------------


def test_the_case_shows_the_review_revisions_flags_with_flaggers_and_history(
    mod_client, review, flagger, moderator
):
    flag_create(review=review, flagger=flagger, reason=Flag.Reason.OTHER, explanation="Odd.")
    ReviewRevision.objects.create(
        review=review, number=1, values={"text": "Earlier words"}, edited_by=review.author
    )
    review_hide(review=review, moderator=moderator, reason=REASON)

    page = mod_client.get(reverse("reviews:moderation_case", args=[review.pk])).content.decode()

    assert "Decision survey" in page
    assert "Earlier words" in page
    assert "secret-flagger" in page and "Odd." in page
    assert "Hid a review" in page and REASON in page
    assert reverse("reviews:moderation_review_action", args=[review.pk, "restore"]) in page
    assert "flagger-private@example.org" not in page


def test_the_case_offers_no_forms_on_the_moderators_own_review(mod_client, moderator):
    own = ReviewFactory(author=moderator)

    page = mod_client.get(reverse("reviews:moderation_case", args=[own.pk])).content.decode()

    assert "act on your own review" in page
    assert reverse("reviews:moderation_review_action", args=[own.pk, "hide"]) not in page


def test_a_forged_hide_of_the_moderators_own_review_is_refused(mod_client, moderator):
    own = ReviewFactory(author=moderator)

    response = mod_client.post(
        reverse("reviews:moderation_review_action", args=[own.pk, "hide"]), {"reason": "Mine."}
    )

    assert response.status_code == 403
    own.refresh_from_db()
    assert own.status == Review.Status.PUBLISHED


def test_an_action_without_a_reason_is_refused_with_a_message(mod_client, review):
    response = mod_client.post(
        reverse("reviews:moderation_review_action", args=[review.pk, "hide"]),
        {"reason": ""},
        follow=True,
    )

    assert "Give a reason" in response.content.decode()
    review.refresh_from_db()
    assert review.status == Review.Status.PUBLISHED


def test_hiding_from_the_case_page_hides_the_review(mod_client, review):
    response = mod_client.post(
        reverse("reviews:moderation_review_action", args=[review.pk, "hide"]), {"reason": REASON}
    )

    assert response["Location"] == reverse("reviews:moderation_case", args=[review.pk])
    review.refresh_from_db()
    assert (review.status, review.moderation_reason) == (Review.Status.HIDDEN, REASON)


def test_the_claim_page_shows_the_contact_details_to_moderators(mod_client):
    claim = claim_create(
        user=UserFactory(), requester=RequesterFactory(), statement="I run it.", contact=CONTACT
    )

    page = mod_client.get(reverse("reviews:moderation_claim", args=[claim.pk])).content.decode()

    assert CONTACT in page
    assert reverse("reviews:moderation_claim_decide", args=[claim.pk, "approve"]) in page


def test_a_merge_from_the_form_redirects_to_the_kept_requester_and_the_old_page_follows(
    mod_client,
):
    keep, duplicate = RequesterFactory(), RequesterFactory()
    ReviewFactory(requester=duplicate, task_title="Moved review")

    response = mod_client.post(
        reverse("reviews:moderation_merge"),
        {
            "platform": keep.platform.slug,
            "keep": keep.external_id,
            "duplicate": duplicate.external_id,
            "reason": "Same lab.",
        },
    )

    keep_url = reverse("reviews:requester_detail", args=[keep.platform.slug, keep.external_id])
    assert response["Location"] == keep_url
    old = Client().get(
        reverse("reviews:requester_detail", args=[duplicate.platform.slug, duplicate.external_id])
    )
    assert old["Location"] == keep_url
    assert "Moved review" in Client().get(keep_url).content.decode()


def test_a_merge_with_an_unknown_id_says_which(mod_client):
    keep = RequesterFactory()

    response = mod_client.post(
        reverse("reviews:moderation_merge"),
        {"platform": "mturk", "keep": keep.external_id, "duplicate": "A0NOPE", "reason": "x"},
    )

    assert response.status_code == 200
    assert "duplicate" in response.context["form"].errors


# --- The public record ----------------------------------------------------------------------


def test_the_log_shows_time_kind_moderator_reason_and_a_link_to_a_public_review(
    review, moderator, flagger
):
    flag = flag_create(review=review, flagger=flagger, reason=Flag.Reason.SPAM)
    flag_resolve(flag=flag, moderator=moderator, outcome="dismiss", reason="Not spam at all.")

    page = Client().get(LOG).content.decode()

    assert "Dismissed a flag" in page
    assert "lamplighter" in page
    assert "Not spam at all." in page
    assert reverse("reviews:review_detail", args=[review.pk]) in page


def test_the_log_names_a_hidden_review_only_by_its_id(review, moderator):
    review_hide(review=review, moderator=moderator, reason=REASON)

    page = Client().get(LOG).content.decode()

    assert f"Review #{review.pk}" in page
    assert reverse("reviews:review_detail", args=[review.pk]) not in page
    assert "Decision survey" not in page


def test_the_log_shows_no_private_data(review, moderator, flagger, author):
    flag = flag_create(review=review, flagger=flagger, reason=Flag.Reason.SPAM)
    flag_resolve(flag=flag, moderator=moderator, outcome="hide", reason=REASON)
    claimant = UserFactory(pseudonym="hopeful-claimant", email="claimant-private@example.org")
    claim = claim_create(
        user=claimant, requester=review.requester, statement="I run it.", contact=CONTACT
    )
    claim_approve(claim=claim, moderator=moderator, reason="Checked the staff page.")
    user_suspend(
        moderator=moderator, user=author, until=timezone.now() + timedelta(days=3), reason="x"
    )

    page = Client().get(LOG).content.decode()

    for private in (
        moderator.email,
        author.email,
        flagger.email,
        claimant.email,
        CONTACT,
        "secret-flagger",
        "hopeful-claimant",
        "I run it.",
    ):
        assert private not in page
    assert "Approved a requester claim" in page
    assert "Suspended posting" in page


def test_the_log_is_paginated(moderator, monkeypatch):
    for _ in range(3):
        review_hide(review=ReviewFactory(), moderator=moderator, reason=REASON)
    monkeypatch.setattr(moderation_public_views, "LOG_PER_PAGE", 2)

    response = Client().get(LOG)

    assert "Page 1 of 2" in response.content.decode()


def test_logged_in_workers_list_hidden_reviews_with_the_public_reason(review, moderator):
    review_hide(review=review, moderator=moderator, reason=REASON)

    page = _login(UserFactory()).get(HIDDEN).content.decode()

    assert f"#{review.pk}" in page
    assert REASON in page
    assert review.text not in page


def test_the_hidden_list_never_shows_flaggers(review, moderator, flagger):
    flag = flag_create(review=review, flagger=flagger, reason=Flag.Reason.SPAM)
    flag_resolve(flag=flag, moderator=moderator, outcome="hide", reason=REASON)

    page = _login(UserFactory()).get(HIDDEN).content.decode()

    assert "secret-flagger" not in page


def test_a_hidden_review_is_gone_for_the_public_but_its_author_sees_it_with_the_reason(
    review, moderator, author
):
    review_hide(review=review, moderator=moderator, reason=REASON)
    url = reverse("reviews:review_detail", args=[review.pk])

    assert Client().get(url).status_code == 404
    assert _login(UserFactory()).get(url).status_code == 404
    own = _login(author)
    detail = own.get(url).content.decode()
    mine = own.get(reverse("reviews:my_reviews")).content.decode()
    assert "hidden by a moderator" in detail and REASON in detail
    assert REASON in mine
    requester_page = (
        Client()
        .get(
            reverse(
                "reviews:requester_detail",
                args=[review.requester.platform.slug, review.requester.external_id],
            )
        )
        .content.decode()
    )
    assert "Decision survey" not in requester_page


def test_the_author_never_sees_who_flagged_their_review(review, author, flagger, moderator):
    flag = flag_create(review=review, flagger=flagger, reason=Flag.Reason.SPAM)
    flag_resolve(flag=flag, moderator=moderator, outcome="hide", reason=REASON)
    own = _login(author)

    for url in (
        reverse("reviews:review_detail", args=[review.pk]),
        reverse("reviews:my_reviews"),
        NOTIFICATIONS,
        HIDDEN,
        LOG,
    ):
        assert "secret-flagger" not in own.get(url).content.decode()


# --- Notifications --------------------------------------------------------------------------


def test_notifications_are_listed_for_their_owner_only(author, other_worker):
    notify(user=author, kind="test", message="Your review was hidden.", url="/")
    notify(user=other_worker, kind="test", message="Someone else's news.", url="/")

    page = _login(author).get(NOTIFICATIONS).content.decode()

    assert "Your review was hidden." in page
    assert "Someone else&#x27;s news." not in page and "Someone else's news." not in page


def test_the_nav_counts_unread_notifications(author):
    notify(user=author, kind="test", message="One.", url="/")
    notify(user=author, kind="test", message="Two.", url="/")

    page = _login(author).get(reverse("reviews:home")).content.decode()

    assert '<span class="badge">2<span class="visually-hidden"> unread</span></span>' in page


def test_marking_all_read_clears_the_count(author):
    notify(user=author, kind="test", message="One.", url="/")
    client = _login(author)

    client.post(reverse("reviews:notifications_read"))

    assert not Notification.objects.filter(user=author, read_at__isnull=True).exists()
    assert 'class="badge"' not in client.get(NOTIFICATIONS).content.decode()


def test_one_cannot_mark_someone_elses_notification_read(author, other_worker):
    theirs = notify(user=other_worker, kind="test", message="Theirs.", url="/")

    _login(author).post(reverse("reviews:notifications_read"), {"id": theirs.pk})

    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_a_suspended_worker_can_still_read_and_clear_notifications(author, moderator):
    user_suspend(
        moderator=moderator, user=author, until=timezone.now() + timedelta(days=3), reason="x"
    )
    client = _login(author)

    assert "suspended your posting" in client.get(NOTIFICATIONS).content.decode()
    client.post(reverse("reviews:notifications_read"))
    assert not Notification.objects.filter(user=author, read_at__isnull=True).exists()


def test_the_moderation_link_is_in_the_nav_for_moderators_only(moderator, author):
    link = f'href="{QUEUE}"'
    assert link in _login(moderator).get(reverse("reviews:home")).content.decode()
    assert link not in _login(author).get(reverse("reviews:home")).content.decode()


# --- Claims ---------------------------------------------------------------------------------


def test_the_requester_page_offers_logged_in_users_the_claim_form(review, author):
    requester = review.requester
    page_url = reverse(
        "reviews:requester_detail", args=[requester.platform.slug, requester.external_id]
    )
    claim_url = reverse("reviews:claim_new", args=[requester.platform.slug, requester.external_id])

    assert claim_url in _login(author).get(page_url).content.decode()
    assert claim_url not in Client().get(page_url).content.decode()


def test_sending_a_claim_from_the_form(author):
    requester = RequesterFactory()
    url = reverse("reviews:claim_new", args=[requester.platform.slug, requester.external_id])
    client = _login(author)

    response = client.post(url, {"statement": "I run the lab.", "contact": CONTACT})

    claim = RequesterClaim.objects.get()
    assert (claim.user, claim.requester, claim.contact) == (author, requester, CONTACT)
    assert response.status_code == 302
    assert "waiting for a moderator" in client.get(url).content.decode()
    public = Client().get(response["Location"]).content.decode()
    assert CONTACT not in public


def test_the_claim_form_needs_a_statement_and_contact(author):
    requester = RequesterFactory()
    url = reverse("reviews:claim_new", args=[requester.platform.slug, requester.external_id])

    response = _login(author).post(url, {"statement": "", "contact": ""})

    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"statement", "contact"}
    assert not RequesterClaim.objects.exists()


def test_an_unverified_user_is_asked_to_verify_before_claiming():
    unverified = UserFactory(verified=False)
    requester = RequesterFactory()
    url = reverse("reviews:claim_new", args=[requester.platform.slug, requester.external_id])

    response = _login(unverified).post(url, {"statement": "Me.", "contact": CONTACT})

    assert response.status_code == 403
    assert not RequesterClaim.objects.exists()

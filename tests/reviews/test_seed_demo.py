import re
from io import StringIO

import pytest
from allauth.account.models import EmailAddress
from django.core.management import CommandError, call_command

from reviews.management.commands.seed_demo import DEMO_PASSWORD, LOGIN_ACCOUNTS
from reviews.models import Platform, Requester, RequesterScore, Review, WorkerProfile
from reviews.models.reviews import task_key_for

pytestmark = pytest.mark.django_db

SMALL = {"requesters": 25, "reviews": 200, "verbosity": 0, "force": True}


def seed(**options) -> str:
    out = StringIO()
    call_command("seed_demo", stdout=out, **{**SMALL, **options})
    return out.getvalue()


def test_seed_demo_creates_requesters_reviews_and_accounts():
    output = seed()

    assert Requester.objects.count() == 25
    assert Review.objects.count() == 200
    assert RequesterScore.objects.count() > 0  # scored, though the services were bypassed
    assert "Created" in output
    assert DEMO_PASSWORD in output
    for email, *_ in LOGIN_ACCOUNTS:
        assert email in output


def test_seed_demo_second_run_creates_nothing_and_says_so():
    seed()
    counts = (Requester.objects.count(), Review.objects.count(), EmailAddress.objects.count())

    output = seed()

    assert (Requester.objects.count(), Review.objects.count(), EmailAddress.objects.count()) == (
        counts
    )
    assert "nothing new" in output


def test_seed_demo_with_more_reviews_adds_only_the_missing_ones():
    seed(reviews=100)
    seed(reviews=150)
    assert Review.objects.count() == 150


def test_seeded_reviews_obey_the_model_rules():
    seed(reviews=120)
    for review in Review.objects.select_related("requester__platform"):
        review.full_clean()
        assert review.task_key == task_key_for(review.task_id, review.task_title)
        assert review.hourly_wage == review.compute_hourly_wage()
        assert review.currency == review.requester.platform.currency
        if review.outcome == Review.Outcome.PENDING:
            assert review.approval_seconds is None


def test_seeded_requester_ids_match_their_platform_patterns():
    seed(requesters=60, reviews=120)
    for requester in Requester.objects.select_related("platform"):
        assert re.fullmatch(requester.platform.requester_id_pattern, requester.external_id)
        assert requester.reviews.exists()
        assert requester.aliases.filter(name=requester.display_name).exists()


def test_seed_demo_spreads_over_every_platform_and_two_years():
    seed(requesters=80, reviews=300)
    assert set(Requester.objects.values_list("platform__slug", flat=True)) == set(
        Platform.objects.values_list("slug", flat=True)
    )
    dates = sorted(Review.objects.values_list("created_at", flat=True))
    assert (dates[-1] - dates[0]).days > 365


def test_seeded_wages_are_mostly_plausible_with_some_awful():
    seed(requesters=50, reviews=400)
    wages = [
        float(w)
        for w in Review.objects.exclude(hourly_wage=None).values_list("hourly_wage", flat=True)
    ]
    plausible = sum(6 <= w <= 20 for w in wages) / len(wages)
    awful = sum(w < 5 for w in wages) / len(wages)
    assert plausible > 0.5
    assert 0 < awful < 0.3


def test_demo_accounts_are_verified_and_can_log_in(client):
    seed()
    for email, _, pseudonym, role in LOGIN_ACCOUNTS:
        address = EmailAddress.objects.get(email=email)
        assert address.verified
        assert address.user.profile.pseudonym == pseudonym
        assert address.user.profile.role == role
        assert client.login(email=email, password=DEMO_PASSWORD)
    assert WorkerProfile.objects.filter(role=WorkerProfile.Role.MODERATOR).exists()


def test_seed_demo_refuses_to_run_without_debug(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG"):
        call_command("seed_demo", requesters=1, reviews=1, verbosity=0)
    assert not Review.objects.exists()

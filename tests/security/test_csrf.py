"""CSRF on every session form: a POST without the token is refused and changes nothing.

The routes come from the URL conf (tests/security/site_urls.py), so a form added later is
covered without anyone remembering to list it. Every site route is posted to, also the ones
that only answer GET: Django's CSRF check runs before the view, so a 403 there proves the view
is not csrf-exempt. The same POST with the token is not refused for CSRF (so the refusal above
is the CSRF check's, not a permission or method refusal that would hide a missing check).
"""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client

from reviews.models import AbuseSignal, Comment, Dispute, Flag, RequesterClaim
from tests.db_dump import database_text
from tests.own_data_cast import make_life
from tests.security.site_urls import concrete_path, site_routes

pytestmark = pytest.mark.django_db

CSRF_REFUSAL = "This form expired or was sent from another site"


def route_values(life) -> dict[str, list[str]]:
    requester = life.own_review.requester
    signal = AbuseSignal.objects.create(
        kind="burst", strength=0.9, evidence="Five reviews in a minute.", fingerprint="csrf-test"
    )
    return {
        "platform": [requester.platform.slug],
        "external_id": [requester.external_id],
        "review_id": [str(life.own_review.pk)],
        "token_id": [str(life.worker.api_tokens.first().pk)],
        "comment_id": [str(Comment.objects.first().pk)],
        "dispute_id": [str(Dispute.objects.first().pk)],
        "flag_id": [str(Flag.objects.first().pk)],
        "claim_id": [str(RequesterClaim.objects.first().pk)],
        "signal_id": [str(signal.pk)],
        "pseudonym": [life.other.profile.pseudonym],
        "action": ["hide", "restore", "ask-edit", "lock-replies", "unlock-replies"],
        "decision": ["clear", "confirm", "approve", "reject"],
        "key": ["some-confirmation-key"],
        "uidb36": ["1z"],
    }


@pytest.fixture
def site_paths(db) -> tuple[object, list[str]]:
    life = make_life()
    values = route_values(life)
    return life, [concrete_path(route, values) for route in site_routes()]


def test_the_routes_are_read_from_the_url_conf():
    names = {route.name for route in site_routes()}
    assert {"reviews:review_new", "reviews:dispute_decide", "account_login"} <= names
    assert not any(route.route.startswith(("api/", "admin/")) for route in site_routes())
    assert len(names) > 50


def test_every_site_post_without_the_token_is_refused_and_changes_nothing(site_paths):
    life, paths = site_paths
    for user in (None, life.worker, life.admin):
        client = Client(enforce_csrf_checks=True)
        if user is not None:
            client.force_login(user)
        for path in paths:
            before = database_text()
            response = client.post(path, {"text": "Posted from another site.", "reason": "x"})
            assert response.status_code == 403, (path, user, response.status_code)
            assert CSRF_REFUSAL in response.content.decode(), path
            assert database_text() == before, path


def test_the_same_post_with_the_token_passes_the_csrf_check(site_paths):
    life, paths = site_paths
    for path in paths:
        client = Client(enforce_csrf_checks=True)
        client.force_login(life.admin)
        client.get("/")  # sets the CSRF cookie
        token = client.cookies[settings.CSRF_COOKIE_NAME].value
        response = client.post(path, {"csrfmiddlewaretoken": token})
        assert CSRF_REFUSAL not in response.content.decode(), path


_POST_FORM = re.compile(r"<form\b[^>]*method=\"post\"[^>]*>(.*?)</form>", re.I | re.S)


def test_every_post_form_in_the_templates_carries_the_token():
    templates = list(Path(settings.BASE_DIR, "reviews", "templates").rglob("*.html"))
    forms = [(path, form) for path in templates for form in _POST_FORM.findall(path.read_text())]
    assert len(forms) > 10  # the pattern does find the site's forms
    missing = [str(path) for path, form in forms if "{% csrf_token %}" not in form]
    assert not missing, missing

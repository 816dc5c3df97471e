"""The security headers on every kind of page, and pages that need no inline script or style.

A Content-Security-Policy without 'unsafe-inline' only holds if no page relies on inline
code, so every page kind is also checked for inline <script>, <style>, style="…" and on…=
handlers (a data block such as json_script's `type="application/json"` is not a script).
"""

import re

import pytest
from django.test import Client

from tests.security.pages import page_kinds

pytestmark = pytest.mark.django_db

_INLINE_SCRIPT = re.compile(r"<script(?![^>]*\b(?:src=|type=\"application/json\"))[^>]*>", re.I)
_INLINE_STYLE = re.compile(r"<style\b|\sstyle=\"", re.I)
_HANDLER = re.compile(r"<[^>]+\son[a-z]+=", re.I)


def directives(policy: str) -> dict[str, list[str]]:
    parts = [p.strip().split() for p in policy.split(";") if p.strip()]
    return {p[0]: p[1:] for p in parts}


@pytest.fixture
def pages(db):
    return page_kinds()


def fetch(path: str, user, **extra):
    client = Client()
    if user is not None:
        client.force_login(user)
    return client.get(path, **extra)


def test_every_page_kind_answers_with_the_security_headers(pages):
    for label, path, user in pages:
        response = fetch(path, user)
        assert response.status_code in (200, 404), (label, response.status_code)
        policy = directives(response["Content-Security-Policy"])
        assert policy["script-src"] == ["'self'"], label
        assert policy["style-src"] == ["'self'"], label
        assert policy["object-src"] == ["'none'"] and policy["frame-ancestors"] == ["'none'"]
        assert policy["base-uri"] == ["'none'"] and policy["form-action"] == ["'self'"]
        assert "'unsafe-inline'" not in response["Content-Security-Policy"], label
        assert "'unsafe-eval'" not in response["Content-Security-Policy"], label
        assert response["X-Content-Type-Options"] == "nosniff", label
        assert response["X-Frame-Options"] == "DENY", label
        assert response["Referrer-Policy"] == "same-origin", label
        assert response["Cross-Origin-Opener-Policy"] == "same-origin", label
        assert "camera=()" in response["Permissions-Policy"], label
        assert "geolocation=()" in response["Permissions-Policy"], label


def test_no_page_kind_relies_on_inline_script_or_style(pages):
    for label, path, user in pages:
        response = fetch(path, user)
        if not response["Content-Type"].startswith("text/html"):
            continue
        html = response.content.decode()
        assert not _INLINE_SCRIPT.findall(html), (label, _INLINE_SCRIPT.findall(html))
        assert not _INLINE_STYLE.findall(html), (label, _INLINE_STYLE.findall(html)[:3])
        assert not _HANDLER.findall(html), (label, _HANDLER.findall(html)[:3])


def test_hsts_is_sent_on_https_answers_in_production(pages, settings):
    settings.SECURE_HSTS_SECONDS = 31_536_000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    settings.SECURE_HSTS_PRELOAD = True

    secure = fetch("/", None, secure=True)
    plain = fetch("/", None)

    assert secure["Strict-Transport-Security"] == ("max-age=31536000; includeSubDomains; preload")
    assert "Strict-Transport-Security" not in plain  # browsers ignore it over HTTP anyway


def test_the_checks_catch_inline_code():
    """The patterns above do find what they look for (so the test can fail)."""
    assert _INLINE_SCRIPT.findall("<script>alert(1)</script>")
    assert not _INLINE_SCRIPT.findall('<script src="/static/x.js"></script>')
    assert not _INLINE_SCRIPT.findall('<script id="d" type="application/json">{}</script>')
    assert _INLINE_STYLE.findall('<p style="color:red">') and _INLINE_STYLE.findall("<style>")
    assert _HANDLER.findall('<img src=x onerror="alert(1)">')

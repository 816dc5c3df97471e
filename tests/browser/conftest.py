"""Pages in a real headless Chromium (Debian's /usr/bin/chromium, driven by Playwright).

`make test` installs Chromium when it is missing (tests/services.sh). Without it these tests
fail under CI and skip locally, saying why.
"""

import os
import shutil

import pytest
from django.db import connections

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
# The sandbox needs user namespaces (absent as root in containers); the rest keeps a
# headless browser from reaching out to the network on its own.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def require_chromium() -> None:
    """Skip the test when Chromium is missing, or fail under CI (a broken harness)."""
    if not shutil.which(CHROMIUM):
        reason = f"browser tests need Chromium at {CHROMIUM}; run `make test`, which installs it"
        if os.environ.get("CI", "").lower() in {"1", "true", "yes"}:
            pytest.fail(reason, pytrace=False)
        pytest.skip(reason)


@pytest.fixture
def browser(monkeypatch):
    """A fresh headless Chromium for each test (a second or so; isolation is worth it)."""
    require_chromium()
    from playwright.sync_api import sync_playwright

    # Playwright's sync API keeps an event loop in this thread; the test's own database
    # calls are still synchronous, so Django's async-safety check doesn't apply to them.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        yield chromium
        chromium.close()
        # Close the connections opened while Playwright's sync API was running: Django keeps
        # connections in asgiref's Local, which follows the context, and pytest-django's
        # teardown never closed them. Seen in pg_stat_activity: one, opened by the main
        # thread during the first browser test, outlived the test database and made its
        # teardown fail ("database is being accessed by other users").
        connections.close_all()


@pytest.fixture
def page_as(live_server, client, browser):
    """A browser page logged in as the given user: `page_as(user)`."""
    contexts = []

    def open_page(user):
        client.force_login(user)
        context = browser.new_context(base_url=live_server.url)
        context.add_cookies(
            [
                {
                    "name": "sessionid",
                    "value": client.cookies["sessionid"].value,
                    "url": live_server.url,
                }
            ]
        )
        contexts.append(context)
        return context.new_page()

    yield open_page
    for context in contexts:
        context.close()

"""The reference extension (extension/) loaded unpacked in Debian's Chromium.

Playwright launches a persistent context with `--load-extension` in Chromium's new headless
mode. The fixture pages (fixtures/*.html, copies of the structure of MTurk's and Prolific's
pages) are served at the real sites' addresses by routing them in the browser, so the
shipped content-script match patterns apply unchanged. The extension talks to a live test
server of its own (`api_server`), which a test can stop, and which records every request it
is sent. The copy of the extension under test differs from extension/ in one line of its
manifest: the optional host permission for a local server is granted up front, as the
options page would ask for it.
"""

import contextlib
import json
import shutil
import time
from pathlib import Path

import pytest
from django.db import connections

from tests.api.conftest import (  # noqa: F401
    _fresh_api_state,
    api_client,
    scored_requester,
    scores_ready,
)
from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS, require_chromium
from tests.extension.api_server import EXPORT_PATH, LOOKUP_PATH, ApiServer, running_api_server

__all__ = ["EXPORT_PATH", "LOOKUP_PATH", "MTURK", "PROLIFIC", "query_ids"]

EXTENSION = Path(__file__).resolve().parents[2] / "extension"
FIXTURES = Path(__file__).parent / "fixtures"
MTURK = "https://worker.mturk.com"
PROLIFIC = "https://app.prolific.com"


@pytest.fixture
def api_server(transactional_db):
    with running_api_server() as api:
        yield api


@pytest.fixture
def other_api_server(transactional_db):
    """A second server on the same database, as a self-hoster's instance would be."""
    with running_api_server() as api:
        yield api


def query_ids(request: dict) -> list[str]:
    """The ids of a recorded lookup, in the order sent."""
    params = dict(part.split("=", 1) for part in request["query"].split("&"))
    return params["ids"].split(",")


class LoadedExtension:
    """The browser with the extension, the pages it shows, and its storage (read and written
    from an extension page of its own, which, unlike the service worker, Chromium never stops
    for being idle)."""

    def __init__(self, context, net_log: Path) -> None:
        self.context = context
        self.net_log = net_log
        self.api: ApiServer | None = None
        self.pages: dict[str, str] = {}
        workers = context.service_workers
        worker = workers[0] if workers else context.wait_for_event("serviceworker")
        self.id = worker.url.split("/")[2]
        self._control = context.new_page()
        self._control.goto(f"chrome-extension://{self.id}/options/options.html")
        context.route(f"{MTURK}/**", self._serve)
        context.route(f"{PROLIFIC}/**", self._serve)

    def reset(self, api: ApiServer) -> None:
        """As freshly installed, pointed at `api`: no other tab, cookie, page or storage."""
        for page in self.context.pages:
            if page is not self._control:
                page.close()
        self.context.clear_cookies()
        self.pages.clear()
        self.api = api
        self._control.evaluate("chrome.storage.local.clear()")
        self.settings(apiBase=api.url)

    def _serve(self, route) -> None:
        fixture = self.pages.get(route.request.url)
        if fixture is None:
            route.fulfill(status=404, body="not a fixture page")
            return
        body = fixture if fixture.lstrip().startswith("<") else (FIXTURES / fixture).read_text()
        route.fulfill(status=200, body=body, content_type="text/html; charset=utf-8")

    def open(self, url: str, fixture: str, page=None):
        """Show `fixture` (a file in fixtures/, or HTML) at `url` (in a new tab, or in `page`)."""
        self.pages[url] = fixture
        page = page or self.context.new_page()
        page.goto(url)
        return page

    def options_page(self):
        page = self.context.new_page()
        page.goto(f"chrome-extension://{self.id}/options/options.html")
        page.locator("#api-base").wait_for()
        page.wait_for_function("document.getElementById('api-base').value !== ''")
        return page

    def requested_urls(self) -> list[tuple[str, str]]:
        """(initiating origin, URL) of every request the browser started, read from
        Chromium's own net log (written out when the browser closes, so this closes it):
        pages, content scripts, the service worker. The browser's own background requests
        have the initiator "not an origin"."""
        self.context.close()
        events = json.loads(self.net_log.read_text())["events"]
        params = [event.get("params", {}) for event in events]
        return [(p["initiator"], p["url"]) for p in params if "url" in p and "initiator" in p]

    def settings(self, **values) -> None:
        self._control.evaluate(
            """async (values) => {
                const { settings } = await chrome.storage.local.get("settings");
                await chrome.storage.local.set({ settings: { ...(settings || {}), ...values } });
            }""",
            values,
        )

    def stored(self, key: str):
        script = "async (key) => (await chrome.storage.local.get(key))[key]"
        return self.run(script, key)

    def run(self, script: str, arg=None):
        """`script` (a JS function of `arg`) run in an extension page, where chrome.* is."""
        return self._control.evaluate(script, arg)

    def wait_for_stored(self, key: str, ready, timeout: float = 15.0):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            value = self.stored(key)
            if value is not None and ready(value):
                return value
            time.sleep(0.1)
        raise AssertionError(f"chrome.storage.local[{key!r}] never got ready: {value!r}")


def _test_copy(target: Path) -> Path:
    shutil.copytree(EXTENSION, target)
    manifest_path = target / "manifest.json"
    manifest = json.loads(manifest_path.read_text())
    manifest["host_permissions"].append("http://localhost/*")
    manifest_path.write_text(json.dumps(manifest, indent=2))
    return target


@contextlib.contextmanager
def _launched(directory: Path):
    """Chromium with the extension (copied into `directory`), writing a net log there."""
    require_chromium()
    from playwright.sync_api import sync_playwright

    extension = _test_copy(directory / "extension")
    net_log = directory / "net-log.json"
    args = [
        *CHROMIUM_ARGS,
        "--headless=new",
        f"--disable-extensions-except={extension}",
        f"--load-extension={extension}",
        f"--log-net-log={net_log}",
    ]
    # Playwright's sync API keeps an event loop in this thread; Django's own calls in it
    # stay synchronous (see tests/browser/conftest.py).
    with pytest.MonkeyPatch.context() as patch, sync_playwright() as playwright:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        # headless=False in Playwright's terms: the new headless mode is asked for in args.
        context = playwright.chromium.launch_persistent_context(
            str(directory / "profile"), executable_path=CHROMIUM, headless=False, args=args
        )
        try:
            yield LoadedExtension(context, net_log)
        finally:
            context.close()
            connections.close_all()


@pytest.fixture(scope="module")
def _module_browser(tmp_path_factory):
    """One browser for a test module (launching Chromium is most of a test's time);
    `extension` resets it before each test."""
    with _launched(tmp_path_factory.mktemp("extension")) as loaded:
        yield loaded


@pytest.fixture
def extension(api_server, _module_browser):
    """The unpacked extension in Chromium, as freshly installed, pointed at `api_server`."""
    _module_browser.reset(api_server)
    yield _module_browser
    connections.close_all()


@pytest.fixture
def extension_alone(api_server, tmp_path):
    """The extension in a browser of this test's own, from its start to the end (for the
    whole net log)."""
    with _launched(tmp_path) as loaded:
        loaded.reset(api_server)
        yield loaded

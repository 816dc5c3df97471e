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
import socket
import threading
import time
from dataclasses import dataclass, field
from http import HTTPStatus
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

EXTENSION = Path(__file__).resolve().parents[2] / "extension"
FIXTURES = Path(__file__).parent / "fixtures"
LOOKUP_PATH = "/api/v1/requesters/scores"
EXPORT_PATH = "/api/v1/export/scores.json.gz"
MTURK = "https://worker.mturk.com"
PROLIFIC = "https://app.prolific.com"


@dataclass
class ApiServer:
    """A live test server of one test's own that records every request it is sent
    (method, path, query and the headers that could name the worker or the page), and can
    fail: answer lookups with an error status, answer them slowly, or stop altogether."""

    server: object
    requests: list = field(default_factory=list)
    running: bool = True
    # None, ("status", 503) or ("delay", seconds): how lookups are answered meanwhile.
    outage: tuple | None = None
    _sockets: list = field(default_factory=list)
    _recovered: threading.Event = field(default_factory=threading.Event)

    @property
    def url(self) -> str:
        return self.server.url

    def lookups(self) -> list[dict]:
        return [r for r in self.requests if r["path"] == LOOKUP_PATH and r["method"] == "GET"]

    def fail_lookups(self, status: int = 503) -> None:
        self.outage = ("status", status)

    def slow_lookups(self, seconds: float) -> None:
        self._recovered.clear()
        self.outage = ("delay", seconds)

    def recover(self) -> None:
        self.outage = None
        self._recovered.set()

    def stop(self) -> None:
        """Stop listening and cut the connections the browser keeps alive (the server's
        threads would otherwise go on answering them): from now on, network errors."""
        if self.running:
            self.running = False
            self.recover()
            self.server.stop()
            for sock in self._sockets:
                with contextlib.suppress(OSError):
                    sock.shutdown(socket.SHUT_RDWR)

    def attach(self) -> None:
        httpd = self.server.thread.httpd
        accept = httpd.get_request

        def get_request():
            sock, address = accept()
            self._sockets.append(sock)
            return sock, address

        httpd.get_request = get_request
        httpd.set_app(self._wrap(httpd.get_app()))

    def _wrap(self, app):
        def serve(environ, start_response):
            self.requests.append(
                {
                    "method": environ["REQUEST_METHOD"],
                    "path": environ["PATH_INFO"],
                    "query": environ.get("QUERY_STRING", ""),
                    "if_none_match": environ.get("HTTP_IF_NONE_MATCH"),
                    "cookie": environ.get("HTTP_COOKIE"),
                    "referer": environ.get("HTTP_REFERER"),
                    "origin": environ.get("HTTP_ORIGIN"),
                }
            )
            outage = self.outage
            if outage and environ["PATH_INFO"] == LOOKUP_PATH:
                kind, value = outage
                if kind == "status":
                    body = b"down for maintenance"
                    start_response(
                        f"{value} {HTTPStatus(value).phrase}",
                        [("Content-Type", "text/plain"), ("Content-Length", str(len(body)))],
                    )
                    return [body]
                self._recovered.wait(value)
            return app(environ, start_response)

        return serve


@contextlib.contextmanager
def _running_api_server():
    from pytest_django.live_server_helper import LiveServer

    server = LiveServer("localhost:0")
    server._live_server_modified_settings.enable()
    api = ApiServer(server)
    api.attach()
    try:
        yield api
    finally:
        api.stop()
        server._live_server_modified_settings.disable()


@pytest.fixture
def api_server(transactional_db):
    with _running_api_server() as api:
        yield api


@pytest.fixture
def other_api_server(transactional_db):
    """A second server on the same database, as a self-hoster's instance would be."""
    with _running_api_server() as api:
        yield api


def query_ids(request: dict) -> list[str]:
    """The ids of a recorded lookup, in the order sent."""
    params = dict(part.split("=", 1) for part in request["query"].split("&"))
    return params["ids"].split(",")


class LoadedExtension:
    """The browser with the extension, its service worker, and the pages it shows."""

    def __init__(self, context, worker, api: ApiServer, net_log: Path) -> None:
        self.context = context
        self.worker = worker
        self.api = api
        self.net_log = net_log
        self.pages: dict[str, str] = {}
        self.id = worker.url.split("/")[2]
        context.route(f"{MTURK}/**", self._serve)
        context.route(f"{PROLIFIC}/**", self._serve)

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
        self.worker.evaluate(
            """async (values) => {
                const { settings } = await chrome.storage.local.get("settings");
                await chrome.storage.local.set({ settings: { ...(settings || {}), ...values } });
            }""",
            values,
        )

    def stored(self, key: str):
        script = "async (key) => (await chrome.storage.local.get(key))[key]"
        return self.worker.evaluate(script, key)

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


@pytest.fixture
def extension(api_server, tmp_path, monkeypatch):
    """The unpacked extension in Chromium, pointed at `api_server`."""
    require_chromium()
    from playwright.sync_api import sync_playwright

    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    directory = _test_copy(tmp_path / "extension")
    args = [
        *CHROMIUM_ARGS,
        "--headless=new",
        f"--disable-extensions-except={directory}",
        f"--load-extension={directory}",
        f"--log-net-log={tmp_path / 'net-log.json'}",
    ]
    with sync_playwright() as playwright:
        # headless=False in Playwright's terms: the new headless mode is asked for in args.
        context = playwright.chromium.launch_persistent_context(
            str(tmp_path / "profile"), executable_path=CHROMIUM, headless=False, args=args
        )
        try:
            workers = context.service_workers
            worker = workers[0] if workers else context.wait_for_event("serviceworker")
            loaded = LoadedExtension(context, worker, api_server, tmp_path / "net-log.json")
            loaded.settings(apiBase=api_server.url)
            yield loaded
        finally:
            context.close()
            connections.close_all()

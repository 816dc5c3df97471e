"""A live test server for the extension to talk to: records every request it is sent, and
can fail on demand (an error status, slow answers, or stopped altogether)."""

import contextlib
import socket
import threading
from dataclasses import dataclass, field
from http import HTTPStatus

LOOKUP_PATH = "/api/v1/requesters/scores"
# What the extension downloads: the compact form of the daily export.
EXPORT_PATH = "/api/v1/export/scores-compact.json.gz"


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
    # Served for the export instead of the database's (bytes, extra headers), when set.
    export: tuple | None = None
    # The status the export is answered with instead, when set (lookups still answer).
    export_outage: int | None = None
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
        self.export_outage = None
        self._recovered.set()

    def fail_export(self, status: int = 503) -> None:
        self.export_outage = status

    def exports(self) -> list[dict]:
        return [r for r in self.requests if r["path"] == EXPORT_PATH]

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
        def serve(environ, respond):
            record = {
                "method": environ["REQUEST_METHOD"],
                "path": environ["PATH_INFO"],
                "query": environ.get("QUERY_STRING", ""),
                "if_none_match": environ.get("HTTP_IF_NONE_MATCH"),
                "cookie": environ.get("HTTP_COOKIE"),
                "referer": environ.get("HTTP_REFERER"),
                "origin": environ.get("HTTP_ORIGIN"),
                "status": None,  # the answer's, once it is sent
            }
            self.requests.append(record)

            def start_response(status, headers, *rest):
                record["status"] = int(status.split(" ", 1)[0])
                return respond(status, headers, *rest)

            outage = self.outage
            if outage and environ["PATH_INFO"] == LOOKUP_PATH:
                kind, value = outage
                if kind == "status":
                    return _failed(start_response, value)
                self._recovered.wait(value)
            if self.export_outage and environ["PATH_INFO"] == EXPORT_PATH:
                return _failed(start_response, self.export_outage)
            if self.export and environ["PATH_INFO"] == EXPORT_PATH:
                body, headers = self.export
                start_response(
                    "200 OK",
                    [
                        ("Content-Type", "application/gzip"),
                        ("Content-Length", str(len(body))),
                        *headers,
                    ],
                )
                return [body]
            return app(environ, start_response)

        return serve


def _failed(start_response, status: int) -> list[bytes]:
    body = b"down for maintenance"
    start_response(
        f"{status} {HTTPStatus(status).phrase}",
        [("Content-Type", "text/plain"), ("Content-Length", str(len(body)))],
    )
    return [body]


@contextlib.contextmanager
def running_api_server():
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

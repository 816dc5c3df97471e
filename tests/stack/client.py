"""HTTP clients for the deployed stack, as a browser or an extension behind TLS meets it.

In production a TLS terminator sits in front of nginx and says so with
X-Forwarded-Proto: https (deploy/nginx.conf passes it on), so Django treats every request
as HTTPS: cookies are Secure, form posts need a matching Origin. These clients play that
part on plain loopback HTTP: they send the header, keep Secure cookies, and read the
https:// links Django writes (e-mails) as the loopback URLs they stand for.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlsplit

import requests

CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
CONFIRM_LINK = re.compile(r"https?://[^/\s]+(/accounts/confirm-email/[^\s]+)")
TIMEOUT = 15


class BehindTlsCookieJar(requests.cookies.RequestsCookieJar):
    """Keeps Secure cookies for plain loopback HTTP: the connection is secure up to the TLS
    terminator this client stands in for. Remembers which cookies came marked Secure."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.arrived_secure: set[str] = set()

    def set_cookie(self, cookie, *args, **kwargs):
        if cookie.secure:
            self.arrived_secure.add(cookie.name)
            cookie.secure = False
        return super().set_cookie(cookie, *args, **kwargs)


def csrf_token(page: str) -> str:
    match = CSRF_INPUT.search(page)
    if not match:
        raise AssertionError("no csrfmiddlewaretoken in the page")
    return match.group(1)


def behind_tls(session: requests.Session, base_url: str) -> requests.Session:
    """Make any requests.Session (locust's HttpSession too) talk as if through TLS."""
    # Not a cookie policy: requests copies the jar into a default one for each request.
    session.cookies = BehindTlsCookieJar()
    origin = "https://" + urlsplit(base_url).netloc
    session.headers.update({"X-Forwarded-Proto": "https", "Origin": origin})
    return session


class Browser:
    """A person's browser: cookies, CSRF tokens from the forms, redirects followed."""

    def __init__(self, base_url: str):
        self.base_url = base_url
        self.session = behind_tls(requests.Session(), base_url)

    def _url(self, path_or_url: str) -> str:
        parts = urlsplit(path_or_url)
        if parts.scheme:  # Django's own https:// link to this site
            return self.base_url + parts.path + (f"?{parts.query}" if parts.query else "")
        return self.base_url + path_or_url

    def get(self, path: str, **kwargs) -> requests.Response:
        return self.session.get(self._url(path), timeout=TIMEOUT, **kwargs)

    def post_form(self, path: str, fields: dict, *, page: str | None = None) -> requests.Response:
        """Submit the form on `path` (fetched first unless its HTML is given) with its token."""
        if page is None:
            shown = self.get(path)
            shown.raise_for_status()
            page = shown.text
        url = self._url(path)
        return self.session.post(
            url,
            data={**fields, "csrfmiddlewaretoken": csrf_token(page)},
            headers={"Referer": "https://" + urlsplit(self.base_url).netloc + urlsplit(url).path},
            timeout=TIMEOUT,
        )


def confirmation_link(mail_dir: Path, address: str) -> str:
    """The e-mail confirmation link of the newest mail to `address` (file e-mail backend)."""
    for path in sorted(mail_dir.glob("*.log"), key=lambda p: p.stat().st_mtime, reverse=True):
        text = path.read_text(errors="replace")
        if f"To: {address}" in text:
            match = CONFIRM_LINK.search(text)
            if match:
                return match.group(0)
    raise AssertionError(f"no confirmation mail to {address} in {mail_dir}")

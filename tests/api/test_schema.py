"""The OpenAPI schema and the docs page: complete, valid, and served without any CDN."""

import io
import json
import re
from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest
import yaml
from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.management import call_command
from django.urls import URLPattern, URLResolver, get_resolver
from drf_spectacular.drainage import GENERATOR_STATS
from drf_spectacular.validation import validate_schema

from api.docs.guide import GUIDE

HTTP_METHODS = {"get", "put", "post", "delete", "options", "head", "patch", "trace"}
# The documentation's own routes document the API; they are not part of it.
DOCS_ROUTES = {"/api/schema/", "/api/docs/"}


@pytest.fixture
def spectacular_stats():
    """drf-spectacular counts warnings process-wide; count only this test's."""
    GENERATOR_STATS.reset()
    yield GENERATOR_STATS
    GENERATOR_STATS.reset()


@pytest.fixture
def served_schema(client) -> dict:
    response = client.get("/api/schema/", {"format": "json"})
    assert response.status_code == 200
    return json.loads(response.content)


def _operations(schema: dict):
    for path, item in schema["paths"].items():
        for method, operation in item.items():
            if method in HTTP_METHODS:
                yield f"{method.upper()} {path}", operation


def _openapi_path(route: str) -> str:
    """A Django route or regex as an OpenAPI path: `<str:rid>` and `(?P<rid>…)` → `{rid}`."""
    route = route.lstrip("^").rstrip("$")
    route = re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", route)
    route = re.sub(r"\(\?P<(\w+)>[^)]*\)", r"{\1}", route)
    route = route.replace("\\", "")
    return "/" + route


def _api_routes(patterns=None, prefix: str = "") -> set[str]:
    """Every route of the site whose URL starts with /api/."""
    routes = set()
    for entry in get_resolver().url_patterns if patterns is None else patterns:
        route = prefix + str(entry.pattern).lstrip("^").rstrip("$")
        if isinstance(entry, URLResolver):
            routes |= _api_routes(entry.url_patterns, route)
        elif isinstance(entry, URLPattern):
            path = _openapi_path(route)
            if path.startswith("/api/") and "{format}" not in path:
                routes.add(path)
    return routes


def test_schema_generates_without_warnings_or_errors(spectacular_stats, tmp_path):
    """The equivalent of `manage.py spectacular --validate --fail-on-warn`."""
    target = tmp_path / "schema.yml"
    stderr = io.StringIO()
    call_command(
        "spectacular", "--validate", "--fail-on-warn", "--file", str(target), stderr=stderr
    )
    assert not spectacular_stats, stderr.getvalue()
    assert yaml.safe_load(target.read_text())["openapi"].startswith("3.")


def test_served_schema_is_valid_openapi_with_the_guide(served_schema, spectacular_stats):
    validate_schema(served_schema)
    assert not spectacular_stats
    assert served_schema["info"]["description"] == GUIDE


def test_schema_is_served_as_yaml_by_default(client):
    response = client.get("/api/schema/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.oai.openapi")
    assert yaml.safe_load(response.content)["info"]["title"] == "Lantern API"


def test_every_api_route_is_in_the_schema(served_schema):
    routes = _api_routes() - DOCS_ROUTES
    missing = sorted(routes - set(served_schema["paths"]))
    assert not missing, f"routes under /api/ missing from the schema: {missing}"


def test_the_docs_routes_are_not_operations_of_the_api(served_schema):
    assert not DOCS_ROUTES & set(served_schema["paths"])


def test_every_operation_documents_its_responses(served_schema):
    undocumented = []
    for name, operation in _operations(served_schema):
        responses = operation.get("responses") or {}
        if not any(code.startswith("2") or code == "304" for code in responses):
            undocumented.append(f"{name}: no success response")
        for code, response in responses.items():
            if not response.get("description") and not response.get("content"):
                undocumented.append(f"{name} {code}: neither a description nor a body")
            for media_type, content in (response.get("content") or {}).items():
                if not content.get("schema"):
                    undocumented.append(f"{name} {code} {media_type}: no schema")
        if not operation.get("description") and not operation.get("summary"):
            undocumented.append(f"{name}: no summary or description")
    assert not undocumented, "\n".join(undocumented)


def _has_example(operation: dict) -> bool:
    bodies = [
        *(operation.get("responses") or {}).values(),
        operation.get("requestBody") or {},
    ]
    for body in bodies:
        for content in (body.get("content") or {}).values():
            if content.get("examples") or "example" in content:
                return True
    return False


def test_every_operation_has_an_example(served_schema):
    without = [
        name for name, operation in _operations(served_schema) if not _has_example(operation)
    ]
    assert not without, f"operations without a request or response example: {without}"


def test_every_operation_has_a_success_response_example(served_schema):
    """What an extension author wants to see first: what a good answer looks like."""
    without = []
    for name, operation in _operations(served_schema):
        examples = [
            content
            for code, response in (operation.get("responses") or {}).items()
            if code.startswith("2")
            for content in (response.get("content") or {}).values()
            if content.get("examples") or "example" in content
        ]
        no_body = all(
            not response.get("content")
            for code, response in operation["responses"].items()
            if code.startswith("2")
        )
        if not examples and not no_body:
            without.append(name)
    assert not without, f"operations without an example of a successful answer: {without}"


def test_operations_that_need_a_token_say_so(served_schema):
    """A write documents its security scheme and its 401, so a client knows to send one."""
    schemes = served_schema.get("components", {}).get("securitySchemes", {})
    for name, operation in _operations(served_schema):
        if not name.startswith(("POST /api/v1/reviews", "PATCH /api/v1/reviews")):
            continue
        assert operation.get("security"), f"{name}: no security requirement"
        for requirement in operation["security"]:
            for scheme in requirement:
                assert scheme in schemes, f"{name}: unknown security scheme {scheme}"
        assert "401" in operation["responses"], f"{name}: 401 not documented"


class _AssetCollector(HTMLParser):
    def __init__(self):
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.urls += [value for name, value in attrs if name in ("src", "href") and value]


SCRIPT = "/api/docs/?script="


def test_docs_page_is_served_with_its_start_up_script_apart(client):
    response = client.get("/api/docs/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    html = response.content.decode()
    assert f'src="{SCRIPT}"' in html
    assert "<style" not in html and not re.search(r"<script(?![^>]*\bsrc=)", html)
    script = client.get(SCRIPT)
    assert script.status_code == 200
    assert script["Content-Type"].startswith("application/javascript")
    assert "/api/schema/" in script.content.decode()


def test_docs_page_loads_nothing_from_another_host(client):
    html = client.get("/api/docs/").content.decode()
    parser = _AssetCollector()
    parser.feed(html)
    assert parser.urls, "the page references no assets at all"
    foreign = [url for url in parser.urls if urlsplit(url).scheme or urlsplit(url).netloc]
    assert not foreign, f"assets from another host: {foreign}"
    # Nor in the start-up script: no absolute URL at all (Swagger UI's validator badge would
    # send the schema to validator.swagger.io).
    script = client.get(SCRIPT).content.decode()
    assert '"validatorUrl": null' in script
    assert not re.findall(r"(?:https?:)?//[\w.-]+\.\w+", html + script)


def test_docs_assets_are_served_locally_from_the_sidecar_package(client):
    parser = _AssetCollector()
    parser.feed(client.get("/api/docs/").content.decode())
    static_url = "/" + settings.STATIC_URL.lstrip("/")
    for url in [u for u in parser.urls if u != SCRIPT]:
        path = urlsplit(url).path
        assert path.startswith(static_url), url
        assert finders.find(path.removeprefix(static_url)), f"{url} is not a static file"
    assert any("drf_spectacular_sidecar/swagger-ui-dist/" in url for url in parser.urls)


def test_docs_page_needs_no_account(client):
    """Extension authors read the docs before they have a token."""
    assert client.get("/api/docs/").status_code == 200
    assert client.get("/api/schema/").status_code == 200

"""Every page kind under the Content-Security-Policy in a real Chromium: nothing the page
needs is blocked (no violation reported, the API docs' Swagger UI renders), and an inline
script is refused (so the policy is really in force)."""

import pytest

from tests.security.pages import page_kinds

pytestmark = pytest.mark.django_db(transaction=True)

# Collected in the page before any of its own code runs.
WATCH_VIOLATIONS = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__violations.push(event.violatedDirective + " " + event.blockedURI);
});
"""
INJECT_INLINE = """() => {
  const script = document.createElement("script");
  script.textContent = "window.__inline_ran = true;";
  document.head.appendChild(script);
  return new Promise((done) => setTimeout(done, 100));
}"""


@pytest.fixture
def open_as(live_server, browser, page_as):
    def open_page(user):
        if user is not None:
            page = page_as(user)
        else:
            page = browser.new_context(base_url=live_server.url).new_page()
        page.add_init_script(WATCH_VIOLATIONS)
        return page

    return open_page


def test_no_page_kind_is_broken_by_the_policy(open_as):
    for label, path, user in page_kinds():
        page = open_as(user)
        errors = []
        page.on("pageerror", lambda error, errors=errors: errors.append(str(error)))
        page.goto(path)
        page.wait_for_load_state("networkidle")
        if label == "API docs":
            page.locator(".swagger-ui .info .title").wait_for(timeout=10_000)
            assert "Lantern API" in page.locator(".swagger-ui .info .title").inner_text()
        assert page.evaluate("window.__violations") == [], label
        assert errors == [], (label, errors)


def test_an_injected_inline_script_is_refused(open_as):
    page = open_as(None)
    page.goto("/")

    page.evaluate(INJECT_INLINE)

    assert page.evaluate("window.__inline_ran === undefined")
    violations = page.evaluate("window.__violations")
    assert any(v.startswith("script-src") for v in violations), violations

"""The options page (chrome-extension://<id>/options/options.html), used in the browser: its
changes show on the next page the worker opens."""

import pytest

from tests.extension.conftest import PROLIFIC
from tests.extension.test_mturk_pages import GOOD, LOW, SEARCH, UNKNOWN, badges, requesters  # noqa: F401

pytestmark = pytest.mark.django_db(transaction=True)

GREEN, AMBER, RED = "rgb(30, 142, 62)", "rgb(176, 96, 0)", "rgb(197, 34, 31)"


def colour_of(badge) -> str:
    return badge.evaluate("(node) => getComputedStyle(node).borderLeftColor")


def save(options, **fields):
    """Fill the options form (by element id) and press Save; the status it shows."""
    options.evaluate("document.getElementById('status').textContent = ''")
    for selector, value in fields.items():
        box = options.locator(f"#{selector.replace('_', '-')}")
        if isinstance(value, bool):
            box.set_checked(value)
        else:
            box.fill(value)
    options.get_by_role("button", name="Save").click()
    options.wait_for_function("document.getElementById('status').textContent !== ''")
    return options.locator("#status")


def test_colour_thresholds_set_on_the_options_page_change_the_colour_cue(
    extension,
    requesters,  # noqa: F811
):
    page = extension.open(SEARCH, "mturk_search_results.html")
    badges(page, LOW).wait_for()
    assert colour_of(badges(page, GOOD).first) == GREEN  # 18.00 ≥ 12
    assert colour_of(badges(page, LOW)) == RED  # 2.70 < 7.25

    options = extension.options_page()
    assert options.locator("#wage-good").input_value() == "12"
    status = save(options, wage_good="20", wage_low="2.5")
    assert "Saved" in status.inner_text()
    assert extension.stored("settings")["wageGood"] == 20

    page.reload()
    badges(page, LOW).wait_for()
    good, low = badges(page, GOOD).first, badges(page, LOW)
    assert "lantern-wage-fair" in good.get_attribute("class")
    assert colour_of(good) == AMBER  # 18.00 now below 20
    assert colour_of(low) == AMBER  # 2.70 now above 2.50

    # Thresholds the wrong way round are refused and change nothing.
    status = save(options, wage_good="5", wage_low="9")
    assert "must not be above" in status.inner_text()
    assert "error" in status.get_attribute("class")
    assert extension.stored("settings")["wageGood"] == 20


def test_a_site_turned_off_gets_no_badges_and_sends_no_lookup(extension, requesters):  # noqa: F811
    options = extension.options_page()
    assert options.locator("#site-mturk").is_checked()
    save(options, site_mturk=False)
    assert extension.stored("settings")["sites"] == {"mturk": False, "prolific": True}

    # Prolific, still on, shows its badge: the extension is running, MTurk is just off.
    prolific = extension.open(f"{PROLIFIC}/studies", "prolific_studies.html")
    prolific.locator(".lantern-badge").first.wait_for()
    page = extension.open(SEARCH, "mturk_search_results.html")
    page.wait_for_timeout(1500)

    assert page.locator(".lantern-badge").count() == 0
    assert page.locator("a[href*='/requesters/']").count() > 0  # requesters were there
    assert all("platform=prolific" in r["query"] for r in extension.api.lookups())


def test_the_api_address_is_checked_and_lookups_go_to_the_new_one(
    extension,
    requesters,  # noqa: F811
    other_api_server,
):
    options = extension.options_page()
    before = extension.stored("settings")
    for wrong in ("ftp://lantern.example.org", "javascript:alert(1)", "lantern.example.org"):
        status = save(options, api_base=wrong)
        assert "error" in status.get_attribute("class")
        assert "https://" in status.inner_text()
        assert extension.stored("settings") == before

    status = save(options, api_base=f"{other_api_server.url}/")
    assert "Saved" in status.inner_text() and "error" not in status.get_attribute("class")
    assert extension.stored("settings")["apiBase"] == other_api_server.url  # normalised

    page = extension.open(SEARCH, "mturk_search_results.html")
    badges(page, UNKNOWN).wait_for()
    assert "$18.00/h" in badges(page, GOOD).first.inner_text()
    assert len(other_api_server.lookups()) == 1
    assert extension.api.requests == []
    link = badges(page, GOOD).first.locator("a.lantern-page").get_attribute("href")
    assert link.startswith(f"{other_api_server.url}/r/mturk/")

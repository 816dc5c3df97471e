"""The badge's "review this" link, followed in the browser: Lantern's review form opens with
the platform, requester, task title and reward read from the page already filled in."""

from urllib.parse import parse_qs, urlsplit

import pytest

from tests.extension.conftest import MTURK, PROLIFIC
from tests.extension.test_mturk_pages import LOW, SEARCH, badges, requesters  # noqa: F401
from tests.factories import platform

pytestmark = pytest.mark.django_db(transaction=True)


def logged_in(extension, client, user) -> None:
    """The worker is signed in to Lantern in this browser (its session cookie)."""
    client.force_login(user)
    cookie = {"name": "sessionid", "value": client.cookies["sessionid"].value}
    extension.context.add_cookies([{**cookie, "url": extension.api.url}])


def follow_review_link(extension, badge):
    with extension.context.expect_page() as opened:
        badge.locator("a.lantern-review").click()
    form = opened.value
    form.wait_for_load_state()
    return form


def field(form, name: str) -> str:
    return form.locator(f"[name='{name}']").input_value()


@pytest.mark.parametrize(
    ("url", "fixture", "requester_id", "name", "title", "reward"),
    [
        (SEARCH, "mturk_search_results.html", LOW, "Low Payer Inc", "Caption 20 images", "0.50"),
        (
            f"{MTURK}/projects/3LOWCAPTION1BBBBBBBBBBBBBBBBB/tasks/3TASK?assignment_id=3ASSIGN",
            "mturk_task.html",
            LOW,
            "Low Payer Inc",
            "Caption 20 images",
            "0.5",  # the page's props carry the reward as a number
        ),
    ],
    ids=["search results", "task page"],
)
def test_review_this_opens_the_form_filled_from_the_page(
    extension,
    requesters,  # noqa: F811
    client,
    author,
    url,
    fixture,
    requester_id,
    name,
    title,
    reward,
):
    logged_in(extension, client, author)
    page = extension.open(url, fixture)
    badge = badges(page, requester_id).first
    badge.wait_for()
    href = badge.locator("a.lantern-review").get_attribute("href")
    query = parse_qs(urlsplit(href).query)
    assert query["platform"] == ["mturk"] and query["requester_id"] == [requester_id]
    assert query["title"] == [title]
    assert query["reward"] == [reward]

    form = follow_review_link(extension, badge)

    assert urlsplit(form.url).path == "/reviews/new/"
    assert field(form, "platform") == "mturk"
    assert field(form, "requester_id") == requester_id
    assert field(form, "requester_name") == name
    assert field(form, "task_title") == title
    assert field(form, "reward") == reward


def test_review_this_on_prolific_fills_the_prolific_form(extension, scores_ready, client, author):
    platform("prolific")
    logged_in(extension, client, author)
    page = extension.open(f"{PROLIFIC}/studies", "prolific_studies.html")
    badge = page.locator(".lantern-badge[data-lantern-id='5f1a2b3c4d5e6f7a8b9c0d1e']")
    badge.wait_for()

    form = follow_review_link(extension, badge)

    assert field(form, "platform") == "prolific"
    assert field(form, "requester_id") == "5f1a2b3c4d5e6f7a8b9c0d1e"
    assert field(form, "task_title") == "Memory and attention study"
    assert field(form, "reward") == "2.25"

"""On MTurk's pages (fixture copies) the worker sees each requester's numbers from Lantern,
asked in one batched lookup per page, and a page that adds requesters later gets them too."""

from decimal import Decimal
from urllib.parse import parse_qs, urlsplit

import pytest

from reviews.models import Review
from tests.extension.conftest import MTURK, query_ids

pytestmark = pytest.mark.django_db(transaction=True)

GOOD, LOW = "A2GOODPAYER0001", "A3LOWPAYER00002"
UNKNOWN, LATE = "A4NOREVIEWS0003", "A5LATECOMER0004"
SEARCH = f"{MTURK}/projects?filters%5Bsearch_term%5D=survey&page_size=20"
# Reviews of 10 minutes each (the factory's time): the reward × 6 is the hourly wage.
GOOD_REVIEWS = [
    {"reward": Decimal("3.00")},
    {"reward": Decimal("3.00")},
    {"reward": Decimal("2.00"), "outcome": Review.Outcome.REJECTED},
    {"reward": Decimal("3.00"), "recommend": False},
]  # wages 18, 18, 12, 18: median 18.00; rejected 1 of 4, blocked none, recommend 3 of 4
LOW_REVIEWS = [
    {"reward": Decimal("0.50"), "blocked": True},
    {"reward": Decimal("0.40"), "recommend": False},
]  # wages 3.00 and 2.40: median 2.70; blocked 1 of 2, recommend 1 of 2


@pytest.fixture
def requesters(scored_requester, scores_ready):
    scored_requester(external_id=GOOD, display_name="Good Payer Lab", reviews=GOOD_REVIEWS)
    scored_requester(external_id=LOW, display_name="Low Payer Inc", reviews=LOW_REVIEWS)


def badges(page, requester_id):
    return page.locator(f".lantern-badge[data-lantern-id='{requester_id}']")


def settle(page):
    """Time for a second lookup, if the extension were to send one."""
    page.wait_for_timeout(600)


def test_search_results_show_each_requesters_numbers_from_one_lookup(extension, requesters):
    page = extension.open(SEARCH, "mturk_search_results.html")

    good = badges(page, GOOD)
    good.first.wait_for()
    settle(page)
    assert good.count() == 2  # two of the good requester's projects are listed
    text = good.first.inner_text()
    for shown in ("$18.00/h", "(4 reviews)", "rejected 25%", "blocked 0%", "recommend 75%"):
        assert shown in text
    assert "lantern-wage-good" in good.first.get_attribute("class")
    low = badges(page, LOW)
    for shown in ("$2.70/h", "(2 reviews)", "rejected 0%", "blocked 50%", "recommend 50%"):
        assert shown in low.inner_text()
    assert "lantern-wage-low" in low.get_attribute("class")
    assert "no reviews yet" in badges(page, UNKNOWN).inner_text()
    assert "from the daily export" not in page.content()

    (lookup,) = extension.api.lookups()
    assert sorted(query_ids(lookup)) == sorted([GOOD, LOW, UNKNOWN])
    assert lookup["query"].endswith("&fields=compact")


def test_the_links_lead_to_the_requester_page_and_a_prefilled_review_form(
    extension, requesters, client, author
):
    page = extension.open(SEARCH, "mturk_search_results.html")
    badge = badges(page, LOW)
    badge.wait_for()

    lantern = badge.locator("a.lantern-page").get_attribute("href")
    assert lantern == f"{extension.api.url}/r/mturk/{LOW}/"
    review = urlsplit(badge.locator("a.lantern-review").get_attribute("href"))
    assert f"{review.scheme}://{review.netloc}{review.path}" == f"{extension.api.url}/reviews/new/"
    assert parse_qs(review.query) == {
        "platform": ["mturk"],
        "requester_id": [LOW],
        "requester_name": ["Low Payer Inc"],
        "title": ["Caption 20 images"],
        "reward": ["0.50"],
    }
    # The form the worker lands on carries those values.
    client.force_login(author)
    form = client.get(f"{review.path}?{review.query}").content.decode()
    assert f'value="{LOW}"' in form
    assert 'value="Caption 20 images"' in form
    assert 'value="0.50"' in form
    assert client.get(lantern.removeprefix(extension.api.url)).status_code == 200


@pytest.mark.parametrize(
    ("url", "fixture", "requester_id", "title", "reward"),
    [
        (f"{MTURK}/tasks", "mturk_task_queue.html", GOOD, "Decision survey (10 minutes)", "3.00"),
        (
            f"{MTURK}/requesters/{GOOD}/projects?ref=w_pl_prvw",
            "mturk_requester_projects.html",
            GOOD,
            None,
            None,
        ),
        (
            f"{MTURK}/projects/3LOWCAPTION1BBBBBBBBBBBBBBBBB/tasks/3TASK?assignment_id=3ASSIGN",
            "mturk_task.html",
            LOW,
            "Caption 20 images",
            "0.5",
        ),
    ],
    ids=["task queue", "requester's projects", "task page"],
)
def test_every_kind_of_page_shows_its_requesters(
    extension, requesters, url, fixture, requester_id, title, reward
):
    page = extension.open(url, fixture)

    badge = badges(page, requester_id)
    badge.first.wait_for()
    settle(page)
    assert "/h" in badge.first.inner_text() and "reviews)" in badge.first.inner_text()
    query = parse_qs(urlsplit(badge.first.locator("a.lantern-review").get_attribute("href")).query)
    assert query.get("title") == ([title] if title else None)
    assert query.get("reward") == ([reward] if reward else None)
    (lookup,) = extension.api.lookups()
    assert requester_id in query_ids(lookup)


def test_the_requesters_own_project_list_gets_one_badge(extension, requesters):
    page = extension.open(f"{MTURK}/requesters/{GOOD}/projects", "mturk_requester_projects.html")
    badges(page, GOOD).first.wait_for()
    settle(page)
    assert page.locator(".lantern-badge").count() == 1
    assert "$18.00/h" in badges(page, GOOD).inner_text()


def test_requesters_added_after_load_are_looked_up_in_one_more_request(
    extension, requesters, scored_requester
):
    late = [{"reward": Decimal("1.00")}]
    scored_requester(external_id=LATE, display_name="Late Lab", reviews=late)
    page = extension.open(SEARCH, "mturk_search_results.html")
    badges(page, UNKNOWN).wait_for()
    settle(page)

    # What React does when the worker pages on: rows appear, one of a requester already
    # shown and one of a new one.
    page.evaluate(
        """([late, good]) => {
            const list = document.querySelector("ol.table-body");
            for (const [id, title] of [[late, "Late survey"], [good, "Another good one"]]) {
                const row = document.createElement("li");
                row.className = "table-row";
                row.innerHTML = `<div class="desktop-row">
                    <span><a href="/requesters/${id}/projects">Lab</a></span>
                    <span><a href="/projects/3X/tasks">${title}</a></span>
                    <span class="reward-column">$1.00</span></div>`;
                list.append(row);
            }
        }""",
        [LATE, GOOD],
    )

    badges(page, LATE).wait_for()
    settle(page)
    assert "$6.00/h" in badges(page, LATE).inner_text()
    assert badges(page, GOOD).count() == 3
    first, second = extension.api.lookups()
    assert query_ids(second) == [LATE]


def test_a_page_seen_again_within_max_age_asks_nothing(extension, requesters):
    page = extension.open(SEARCH, "mturk_search_results.html")
    badges(page, UNKNOWN).wait_for()

    page.reload()
    badges(page, UNKNOWN).wait_for()
    settle(page)

    assert len(extension.api.lookups()) == 1
    assert "$18.00/h" in badges(page, GOOD).first.inner_text()


def test_after_max_age_the_answer_is_revalidated_with_its_etag(
    extension, requesters, settings, api_client
):
    settings.API_CACHE_MAX_AGE = 0
    url = f"{MTURK}/tasks"
    page = extension.open(url, "mturk_task_queue.html")
    badges(page, LOW).wait_for()
    settle(page)

    page.reload()
    badges(page, LOW).wait_for()
    settle(page)

    first, second = extension.api.lookups()
    assert first["if_none_match"] is None
    path = f"/api/v1/requesters/scores?{second['query']}"
    # The browser asks for gzip, so the ETag it was given is the gzip'ed answer's.
    current = api_client.get(path, headers={"Accept-Encoding": "gzip"})
    assert second["if_none_match"] == current["ETag"]
    conditional = {"Accept-Encoding": "gzip", "If-None-Match": current["ETag"]}
    again = api_client.get(path, headers=conditional)
    assert again.status_code == 304
    # Shown from the cached answer the 304 confirmed.
    assert "$2.70/h" in badges(page, LOW).inner_text()

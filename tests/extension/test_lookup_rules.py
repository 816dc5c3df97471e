"""The rules of the lookup, held in the browser: a page with more than 100 requesters is asked
in chunks of at most 100, and an answer is reused for exactly its Cache-Control max-age."""

import pytest

from tests.extension.conftest import MTURK, query_ids
from tests.extension.test_mturk_pages import GOOD, LOW, SEARCH, UNKNOWN, badges, requesters  # noqa: F401

pytestmark = pytest.mark.django_db(transaction=True)

MANY = 250
ROW = """<li class="table-row"><div class="desktop-row">
  <span class="requester-column"><a href="/requesters/{id}/projects">Lab {n}</a></span>
  <span class="project-name-column"><a href="/projects/3P{n:028d}/tasks">Survey {n}</a></span>
  <span class="reward-column">$1.00</span></div></li>"""


def busy_page(ids: list[str]) -> str:
    rows = "\n".join(ROW.format(id=id_, n=n) for n, id_ in enumerate(ids))
    return f"""<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<title>HITs | Amazon Mechanical Turk</title></head><body><div id="MainContent">
<div class="hit-set-table"><ol class="table-body">{rows}</ol></div></div></body></html>"""


def test_a_page_of_250_requesters_is_asked_in_chunks_of_at_most_100(extension, requesters):  # noqa: F811
    ids = [GOOD, *(f"A{n:013d}" for n in range(MANY - 2)), LOW]
    page = extension.open(f"{MTURK}/projects?page_size=250", busy_page(ids))

    badges(page, LOW).wait_for()
    badges(page, GOOD).wait_for()
    page.wait_for_timeout(600)

    lookups = extension.api.lookups()
    assert sorted(len(query_ids(lookup)) for lookup in lookups) == [50, 100, 100]
    asked = [id_ for lookup in lookups for id_ in query_ids(lookup)]
    assert sorted(asked) == sorted(ids)  # each id once
    assert page.locator(".lantern-badge").count() == MANY
    assert "$18.00/h" in badges(page, GOOD).inner_text()
    assert "$2.70/h" in badges(page, LOW).inner_text()
    assert "no reviews yet" in badges(page, ids[100]).inner_text()


def test_an_answer_is_reused_for_its_max_age_and_asked_again_after(
    extension,
    requesters,  # noqa: F811
    settings,
):
    settings.API_CACHE_MAX_AGE = 3
    page = extension.open(SEARCH, "mturk_search_results.html")
    badges(page, UNKNOWN).wait_for()
    (first,) = extension.api.lookups()
    entry = extension.stored(f"c|{extension.api.url}|mturk|{GOOD}")
    assert entry["expires"] - entry["savedAt"] == 3000  # the header's max-age, in ms

    page.reload()
    badges(page, UNKNOWN).wait_for()
    page.wait_for_timeout(300)
    assert len(extension.api.lookups()) == 1  # within max-age: not asked

    page.wait_for_timeout(3000)
    page.reload()
    badges(page, UNKNOWN).wait_for()
    page.wait_for_timeout(300)
    first, second = extension.api.lookups()
    assert second["if_none_match"]  # after max-age: revalidated with the ETag
    assert "$18.00/h" in badges(page, GOOD).first.inner_text()

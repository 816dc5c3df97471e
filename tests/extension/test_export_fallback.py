"""When Lantern's API is stopped, failing or slow, the extension shows the daily export it
downloaded earlier and says so; once the API answers again, the live numbers are back."""

import gzip
from decimal import Decimal

import pytest

from reviews.models import Requester
from reviews.services.exports import score_export_build
from reviews.services.scores import requester_score_recompute
from tests.extension.conftest import EXPORT_PATH, MTURK, query_ids
from tests.extension.test_lookup_rules import busy_page
from tests.extension.test_mturk_pages import GOOD, LOW, SEARCH, UNKNOWN, badges, requesters  # noqa: F401
from tests.factories import ReviewFactory

pytestmark = pytest.mark.django_db(transaction=True)

TASK = f"{MTURK}/projects/3L/tasks/3T?assignment_id=3A"
EXPORTED = "from the daily export"
LARGE = 175_000


def seen_once_with_the_export(extension):
    """A first page (the task page: only LOW) looked up live, and the export it fetched."""
    score_export_build()
    page = extension.open(TASK, "mturk_task.html")
    badges(page, LOW).wait_for()
    return extension.wait_for_stored("export", lambda stored: "rows" in stored)


def test_the_export_answers_when_the_api_is_stopped(extension, requesters):  # noqa: F811
    seen_once_with_the_export(extension)
    # Downloaded once, after the first lookup, not before it.
    first, export = extension.api.requests[:2]
    assert first["path"] != EXPORT_PATH and export["path"] == EXPORT_PATH

    extension.api.stop()
    page = extension.open(SEARCH, "mturk_search_results.html")

    good = badges(page, GOOD).first
    good.wait_for()
    assert "$18.00/h" in good.inner_text() and EXPORTED in good.inner_text()
    assert good.get_attribute("data-lantern-source") == "export"
    unknown = badges(page, UNKNOWN).inner_text()
    assert "no reviews yet" in unknown and EXPORTED in unknown
    # Looked up a moment ago and still fresh: the cached answer, not the export.
    low = badges(page, LOW).inner_text()
    assert "$2.70/h" in low and EXPORTED not in low


def test_without_an_export_a_failing_api_shows_what_was_seen_before_or_says_it_has_no_answer(
    extension,
    requesters,  # noqa: F811
    settings,
):
    settings.API_CACHE_MAX_AGE = 0  # every answer is stale at once
    page = extension.open(TASK, "mturk_task.html")  # LOW, looked up live; no export built
    badges(page, LOW).wait_for()
    extension.wait_for_stored("export", lambda stored: bool(stored.get("triedAt")))

    extension.api.fail_lookups(503)
    page = extension.open(SEARCH, "mturk_search_results.html")

    good = badges(page, GOOD).first
    good.wait_for()
    assert "no answer from Lantern" in good.inner_text()
    assert "/h" not in good.inner_text() and EXPORTED not in good.inner_text()
    low = badges(page, LOW).inner_text()
    assert "$2.70/h" in low and "from an earlier lookup" in low


def live_numbers_change(django_capture_on_commit_callbacks):
    """Three more reviews of the good requester after the export was built: wages 6, 6, 6,
    12, 18, 18, 18, so the live median is 12.00 of 7 reviews (the export says 18.00 of 4)."""
    good = Requester.objects.get(external_id=GOOD)
    for _ in range(3):
        ReviewFactory(requester=good, reward=Decimal("1.00"))
    with django_capture_on_commit_callbacks(execute=True):
        requester_score_recompute(requester_id=good.pk)


@pytest.mark.parametrize("outage", ["503", "slow"])
def test_a_failing_or_slow_api_gives_way_to_the_export_until_it_answers_again(
    extension,
    requesters,  # noqa: F811
    django_capture_on_commit_callbacks,
    outage,
):
    seen_once_with_the_export(extension)
    live_numbers_change(django_capture_on_commit_callbacks)
    if outage == "503":
        extension.api.fail_lookups(503)
    else:
        extension.api.slow_lookups(seconds=30)  # the extension gives up after 5 s

    page = extension.open(SEARCH, "mturk_search_results.html")
    good = badges(page, GOOD).first
    good.wait_for(timeout=15_000)
    assert "$18.00/h" in good.inner_text() and "(4 reviews)" in good.inner_text()
    assert EXPORTED in good.inner_text()
    unknown = badges(page, UNKNOWN).inner_text()
    assert "no reviews yet" in unknown and EXPORTED in unknown
    tried = extension.api.lookups()[-1]
    assert sorted(query_ids(tried)) == sorted([GOOD, UNKNOWN])

    extension.api.recover()
    page = extension.open(SEARCH, "mturk_search_results.html")
    good = badges(page, GOOD).first
    good.wait_for()
    assert "$12.00/h" in good.inner_text() and "(7 reviews)" in good.inner_text()
    assert EXPORTED not in page.locator("body").inner_text()
    assert good.get_attribute("data-lantern-source") == "api"


def synthetic_export(count: int) -> tuple[bytes, str]:
    """A gzip'ed compact export of `count` MTurk requesters, and one id."""
    window = '{"n":3,"wage":6.5,"wage_n":3,"rejected":33.3,"blocked":0.0,"recommend":66.7}'
    items = ",".join(
        f'{{"status":"found","id":"A{n:013d}","n":3,"confidence":"low",'
        f'"all":{window},"recent":{window}}}'
        for n in range(count)
    )
    document = (
        '{"format":1,"fields":"compact","created_at":"2026-12-06T04:00:00+00:00",'
        f'"platforms":{{"mturk":[{items}],"prolific":[]}},"requester_count":{count}}}'
    )
    return gzip.compress(document.encode(), compresslevel=1), f"A{count - 1:013d}"


def test_a_large_export_is_kept_and_used(extension, requesters):  # noqa: F811
    # Packed, 175 000 requesters take some 11 MB (in buckets: x|0 … x|4095): over
    # chrome.storage.local's 10 MiB quota without the unlimitedStorage permission.
    body, last = synthetic_export(LARGE)
    extension.api.export = (body, [("ETag", '"big"')])
    page = extension.open(TASK, "mturk_task.html")
    badges(page, LOW).wait_for()
    # Measured in the browser: the kept copy is too big to hand to the test quickly.
    kept = extension.run(
        """async () => {
            const ready = (meta) => meta && ("rows" in meta || meta.triedAt);
            const measure = async (meta) => {
                const all = await chrome.storage.local.get(null);
                const kept = Object.keys(all).filter((key) => key.startsWith("x|"));
                const size = kept.reduce((sum, key) => sum + JSON.stringify(all[key]).length, 0);
                return [meta.rows ?? 0, size];
            };
            const { export: meta } = await chrome.storage.local.get("export");
            if (ready(meta)) return measure(meta);
            return new Promise((resolve) =>
                chrome.storage.onChanged.addListener((changes) => {
                    if (ready(changes.export?.newValue)) resolve(measure(changes.export.newValue));
                }),
            );
        }"""
    )
    assert kept[0] == LARGE
    assert kept[1] > 10 * 1024 * 1024

    extension.api.fail_lookups(503)
    page = extension.open(f"{MTURK}/projects?page=2", busy_page([last, UNKNOWN]))
    badge = badges(page, last)
    badge.wait_for()
    text = badge.inner_text()
    assert "$6.50/h" in text and "rejected 33.3%" in text and EXPORTED in text


def test_an_export_a_proxy_sent_with_content_encoding_gzip_is_read_too(
    extension,
    requesters,  # noqa: F811
):
    # fetch() undoes a Content-Encoding itself, so the extension gets plain JSON this time.
    export = score_export_build()
    extension.api.export = (bytes(export.compact_content), [("Content-Encoding", "gzip")])
    page = extension.open(TASK, "mturk_task.html")
    badges(page, LOW).wait_for()
    stored = extension.wait_for_stored(
        "export", lambda stored: "rows" in stored or "triedAt" in stored
    )
    assert stored["rows"] == 2

    extension.api.fail_lookups(503)
    page = extension.open(SEARCH, "mturk_search_results.html")
    good = badges(page, GOOD).first
    good.wait_for()
    assert "$18.00/h" in good.inner_text() and EXPORTED in good.inner_text()

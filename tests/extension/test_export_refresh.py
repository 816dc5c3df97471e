"""The extension's copy of the daily compact export is refreshed once a day: a day-old copy
is downloaded again when the export changed, only renewed when the API answers 304 to the
conditional request, and kept (and still used, as "from the daily export") when the
refresh fails."""

import pytest

from reviews.models import ScoreExport
from reviews.services.exports import score_export_build
from tests.extension.test_export_fallback import (
    EXPORTED,
    TASK,
    live_numbers_change,
    seen_once_with_the_export,
)
from tests.extension.test_mturk_pages import GOOD, LOW, SEARCH, badges, requesters  # noqa: F401

pytestmark = pytest.mark.django_db(transaction=True)

DAY_AND_AN_HOUR_MS = 25 * 3600 * 1000

AGE = """async (ms) => {
    const { export: meta } = await chrome.storage.local.get("export");
    meta.downloadedAt -= ms;
    await chrome.storage.local.set({ export: meta });
    return meta.downloadedAt;
}"""

# Write a wage of 99 into the kept copy's row for `id` (in whichever bucket holds it), so
# that a download replacing the copy would show.
MARK = """async (id) => {
    const all = await chrome.storage.local.get(null);
    const key = Object.keys(all).find((k) => k.startsWith("x|") && all[k][`mturk|${id}`]);
    const row = all[key][`mturk|${id}`];
    row[0][1] = 99;
    await chrome.storage.local.set({ [key]: all[key] });
    return key;
}"""

# The refresh itself, called from an extension page as the service worker calls it.
REFRESH = """async (base) => {
    const { refreshExportIfDue } = await import(chrome.runtime.getURL("lib/export.js"));
    return refreshExportIfDue(base, Date.now());
}"""


def aged(extension) -> int:
    """Make the kept copy a day and an hour old; its new download time."""
    return extension.run(AGE, DAY_AND_AN_HOUR_MS)


def after_a_page(extension, ready):
    """Open a page (its lookup is answered from the cache or the API), which starts the
    background refresh; the kept copy's description once `ready` holds for it."""
    page = extension.open(TASK, "mturk_task.html")
    badges(page, LOW).wait_for()
    return extension.wait_for_stored("export", ready)


def shown_with_the_api_stopped(extension) -> str:
    extension.api.stop()
    page = extension.open(SEARCH, "mturk_search_results.html")
    good = badges(page, GOOD).first
    good.wait_for()
    assert good.get_attribute("data-lantern-source") == "export"
    return good.inner_text()


def test_a_day_old_export_is_downloaded_again(
    extension,
    requesters,  # noqa: F811
    django_capture_on_commit_callbacks,
):
    first = seen_once_with_the_export(extension)
    live_numbers_change(django_capture_on_commit_callbacks)
    newer = score_export_build()

    # Less than a day old: not asked for again.
    assert extension.run(REFRESH, extension.api.url) is False
    assert len(extension.api.exports()) == 1

    downloaded_at = aged(extension)
    stored = after_a_page(extension, lambda meta: meta["downloadedAt"] > downloaded_at)

    again = extension.api.exports()[-1]
    assert first["etag"] == f'"{ScoreExport.objects.earliest("created_at").compact_etag}"'
    assert again["if_none_match"] == first["etag"]
    assert again["status"] == 200
    assert stored["etag"] == f'"{newer.compact_etag}"' != first["etag"]
    text = shown_with_the_api_stopped(extension)
    # The new export's numbers: the three reviews added since the first one.
    assert "$12.00/h" in text and "(7 reviews)" in text and EXPORTED in text


def test_an_unchanged_export_answered_304_is_renewed_without_downloading_it(
    extension,
    requesters,  # noqa: F811
):
    first = seen_once_with_the_export(extension)
    extension.run(MARK, GOOD)
    downloaded_at = aged(extension)

    stored = after_a_page(extension, lambda meta: meta["downloadedAt"] > downloaded_at)

    again = extension.api.exports()[-1]
    assert again["if_none_match"] == first["etag"] and again["status"] == 304
    assert stored["etag"] == first["etag"] and stored["rows"] == first["rows"]
    assert stored["downloadedAt"] >= first["downloadedAt"]
    # A day old no more: the next pages don't ask for it.
    assert extension.run(REFRESH, extension.api.url) is False
    assert len(extension.api.exports()) == 2
    # The kept rows are the ones we had, not a new copy (which would not say 99).
    text = shown_with_the_api_stopped(extension)
    assert "$99.00/h" in text and EXPORTED in text


@pytest.mark.parametrize("failure", ["503", "broken file"])
def test_a_failed_refresh_keeps_the_old_export_in_use(
    extension,
    requesters,  # noqa: F811
    failure,
):
    first = seen_once_with_the_export(extension)
    if failure == "503":
        extension.api.fail_export(503)
    else:
        extension.api.export = (b"\x1f\x8b not really gzip", [("ETag", '"broken"')])
    downloaded_at = aged(extension)

    stored = after_a_page(extension, lambda meta: bool(meta.get("triedAt")))

    failed = extension.api.exports()[-1]
    assert failed["if_none_match"] == first["etag"]
    assert failed["status"] == (503 if failure == "503" else 200)
    assert stored["etag"] == first["etag"] and stored["rows"] == first["rows"] == 2
    assert stored["downloadedAt"] == downloaded_at  # still due, but not tried again at once
    assert extension.run(REFRESH, extension.api.url) is False
    assert len(extension.api.exports()) == 2
    text = shown_with_the_api_stopped(extension)
    assert "$18.00/h" in text and "(4 reviews)" in text and EXPORTED in text

"""No analytics, and no id or URL leaves the browser except the lookup itself (and the
daily export, which names nothing): checked on the server's side and in Chromium's own net
log, which sees every request the page, its content scripts and the service worker make."""

import pytest

from reviews.services.exports import score_export_build
from tests.extension.conftest import EXPORT_PATH, LOOKUP_PATH, MTURK, query_ids
from tests.extension.test_mturk_pages import GOOD, LOW, SEARCH, UNKNOWN, badges, requesters  # noqa: F401

pytestmark = pytest.mark.django_db(transaction=True)


def test_nothing_but_the_lookup_and_the_export_leaves_the_browser(
    extension_alone,
    requesters,  # noqa: F811
    client,
    author,
):
    # Even signed in to Lantern in this browser, the lookup carries no cookie.
    client.force_login(author)
    session = {"name": "sessionid", "value": client.cookies["sessionid"].value}
    extension_alone.context.add_cookies([{**session, "url": extension_alone.api.url}])
    score_export_build()
    page = extension_alone.open(SEARCH, "mturk_search_results.html")
    badges(page, UNKNOWN).wait_for()
    extension_alone.wait_for_stored("export", lambda stored: "rows" in stored)
    page.locator("a[href*='/requesters/']").first.hover()

    sent = extension_alone.api.requests
    assert [r["path"] for r in sent] == [LOOKUP_PATH, EXPORT_PATH]
    assert all(r["cookie"] is None and r["referer"] is None for r in sent)
    assert sorted(query_ids(sent[0])) == sorted([GOOD, LOW, UNKNOWN])
    assert sent[0]["query"].startswith("platform=mturk&ids=")
    assert sent[0]["query"].endswith("&fields=compact")

    # Every request the browser started for the extension or the page, from Chromium's net
    # log: the extension's service worker asked for the two, the page (and so a content
    # script) for nothing off its own site.
    started = extension_alone.requested_urls()
    by_extension = {url for origin, url in started if origin.startswith("chrome-extension://")}
    assert by_extension == {
        f"{extension_alone.api.url}{LOOKUP_PATH}?{sent[0]['query']}",
        f"{extension_alone.api.url}{EXPORT_PATH}",
    }
    off_site = [u for origin, u in started if origin == MTURK and not u.startswith(f"{MTURK}/")]
    assert off_site == []

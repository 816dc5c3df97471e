"""Prolific's study list (a fixture copy): the same core with the Prolific adapter."""

from decimal import Decimal
from urllib.parse import parse_qs, urlsplit

import pytest

from tests.extension.conftest import PROLIFIC, query_ids
from tests.factories import platform

pytestmark = pytest.mark.django_db(transaction=True)

KNOWN, UNKNOWN = "5f1a2b3c4d5e6f7a8b9c0d1e", "6a0b1c2d3e4f5a6b7c8d9e0f"


def test_the_study_list_shows_researchers_from_one_lookup(
    extension, scored_requester, scores_ready
):
    review = {"reward": Decimal("2.00"), "currency": "GBP"}  # 10 minutes: 12.00 an hour
    scored_requester(platform=platform("prolific"), external_id=KNOWN, reviews=[review])
    page = extension.open(f"{PROLIFIC}/studies", "prolific_studies.html")

    known = page.locator(f".lantern-badge[data-lantern-id='{KNOWN}']")
    known.wait_for()
    page.wait_for_timeout(600)
    assert "£12.00/h" in known.inner_text()
    unknown = page.locator(f".lantern-badge[data-lantern-id='{UNKNOWN}']")
    assert "no reviews yet" in unknown.inner_text()
    query = parse_qs(urlsplit(known.locator("a.lantern-review").get_attribute("href")).query)
    assert query["platform"] == ["prolific"]
    assert query["title"] == ["Memory and attention study"]
    assert query["reward"] == ["2.25"]
    (lookup,) = extension.api.lookups()
    assert lookup["query"].startswith("platform=prolific&")
    assert sorted(query_ids(lookup)) == sorted([KNOWN, UNKNOWN])

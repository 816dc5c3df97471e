"""Public pages: search, requester records, single reviews, error pages."""

from decimal import Decimal

import pytest
from django.test import RequestFactory
from django.urls import reverse

from reviews.models import Requester, RequesterAlias, Review
from reviews.services.scores import requester_score_recompute
from reviews.views.errors import server_error
from tests.factories import RequesterFactory, ReviewFactory, UserFactory, platform

pytestmark = pytest.mark.django_db


def requester_url(requester: Requester) -> str:
    return reverse(
        "reviews:requester_detail", args=[requester.platform.slug, requester.external_id]
    )


def search(client, **params):
    return client.get(reverse("reviews:home"), params)


def results(client, **params) -> str:
    """The search results alone, without the recent reviews listed below them."""
    page = search(client, **params).content.decode()
    return page[page.index('id="results-heading"') : page.index('id="recent-heading"')]


def scored(*requesters: Requester) -> None:
    for requester in requesters:
        requester_score_recompute(requester_id=requester.pk)


def in_order(page: str, *names: str) -> bool:
    positions = [page.index(name) for name in names]
    return positions == sorted(positions)


def test_home_finds_a_requester_by_part_of_its_name(client):
    RequesterFactory(display_name="Stanford Decision Lab")
    RequesterFactory(display_name="Acme Transcriptions")

    page = search(client, q="decision").content.decode()

    assert "Stanford Decision Lab" in page
    assert "Acme Transcriptions" not in page


def test_home_finds_a_requester_by_a_former_name(client):
    requester = RequesterFactory(display_name="New Name Research")
    RequesterAlias.objects.create(requester=requester, name="Old Name Surveys")

    page = search(client, q="old name").content.decode()

    assert "New Name Research" in page


def test_home_finds_a_requester_by_its_exact_id(client):
    RequesterFactory(external_id="AZYXWVUTSRQ", display_name="Found By Id")
    RequesterFactory(display_name="Someone Else")

    page = search(client, q="AZYXWVUTSRQ").content.decode()

    assert "Found By Id" in page
    assert "Someone Else" not in page


def test_home_platform_filter_leaves_out_other_platforms(client):
    RequesterFactory(display_name="Turk Lab")
    RequesterFactory(
        platform=platform("prolific"),
        external_id="5f1a2b3c4d5e6f7a8b9c0d1e",
        display_name="Prolific Lab",
    )

    page = search(client, q="lab", platform="prolific").content.decode()

    assert "Prolific Lab" in page
    assert "Turk Lab" not in page


def test_home_sorts_requesters_by_review_count_with_unscored_ones_last(client):
    quiet = RequesterFactory(display_name="Aaa Quiet Lab")
    busy = RequesterFactory(display_name="Mmm Busy Lab")
    RequesterFactory(display_name="Bbb Unscored Lab")
    ReviewFactory.create_batch(3, requester=busy)
    ReviewFactory(requester=quiet)
    scored(quiet, busy)

    by_name = results(client, q="lab")
    by_reviews = results(client, q="lab", sort="reviews")

    assert in_order(by_name, "Aaa Quiet Lab", "Bbb Unscored Lab", "Mmm Busy Lab")
    assert in_order(by_reviews, "Mmm Busy Lab", "Aaa Quiet Lab", "Bbb Unscored Lab")


def test_home_sorts_requesters_by_median_wage_highest_first_and_unknown_wages_last(client):
    cheap = RequesterFactory(display_name="Aaa Cheap Lab")
    generous = RequesterFactory(display_name="Zzz Generous Lab")
    unfinished = RequesterFactory(display_name="Bbb Unfinished Lab")
    RequesterFactory(display_name="Ccc Unscored Lab")
    ReviewFactory.create_batch(3, requester=cheap, reward=Decimal("0.50"))
    ReviewFactory(requester=generous, reward=Decimal("3.00"))
    ReviewFactory(requester=unfinished, did_not_finish=True, time_worked_seconds=None)
    scored(cheap, generous, unfinished)

    page = results(client, q="lab", sort="wage")

    assert in_order(page, "Zzz Generous Lab", "Aaa Cheap Lab", "Bbb Unfinished Lab")
    assert in_order(page, "Aaa Cheap Lab", "Ccc Unscored Lab")


def test_search_results_show_each_requesters_median_wage_and_review_count(client):
    requester = RequesterFactory(display_name="Counted Lab")
    ReviewFactory.create_batch(2, requester=requester, reward=Decimal("2.00"))
    ReviewFactory(requester=requester, reward=Decimal("1.00"))
    RequesterFactory(display_name="Unscored Lab")
    scored(requester)

    page = results(client, q="lab")

    assert "<td>12.00 USD/h</td>\n            <td>3</td>" in page
    assert "Being computed" in page


def test_search_by_former_name_counts_each_requester_once(client):
    requester = RequesterFactory(display_name="Renamed Lab")
    RequesterAlias.objects.create(requester=requester, name="Old Lab One")
    RequesterAlias.objects.create(requester=requester, name="Old Lab Two")
    ReviewFactory(requester=requester)
    scored(requester)

    page = results(client, q="old lab", sort="reviews")

    assert page.count("Renamed Lab") == 1
    assert "Requesters found: 1" in page


def test_home_paginates_search_results(client, settings):
    settings.REVIEWS_PER_PAGE = 2
    for letter in "ABC":
        RequesterFactory(display_name=f"Lab {letter}")

    first = search(client, q="lab").content.decode()
    second = search(client, q="lab", page=2).content.decode()

    assert "Lab A" in first and "Lab B" in first and "Lab C" not in first
    assert "Lab C" in second and "Lab A" not in second
    assert "page=2" in first


def test_home_shows_recent_public_reviews_but_not_withdrawn_ones(client):
    ReviewFactory(task_title="A survey everyone can see")
    ReviewFactory(task_title="A review taken back", status=Review.Status.WITHDRAWN)

    page = client.get(reverse("reviews:home")).content.decode()

    assert "A survey everyone can see" in page
    assert "A review taken back" not in page


def test_home_with_an_unknown_platform_shows_an_error_not_a_crash(client):
    response = search(client, platform="nonsense")

    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()


def test_requester_page_shows_published_reviews_and_hides_withdrawn_held_and_hidden(client):
    requester = RequesterFactory()
    ReviewFactory(requester=requester, task_title="Published one")
    for status in (Review.Status.WITHDRAWN, Review.Status.HIDDEN, Review.Status.HELD):
        ReviewFactory(requester=requester, task_title=f"Not public: {status}", status=status)

    page = client.get(requester_url(requester)).content.decode()

    assert "Published one" in page
    assert "Not public" not in page


def test_requester_page_shows_its_platform_id_aliases_and_review_count(client):
    requester = RequesterFactory(external_id="AQWERTYUIOP", display_name="Current Name")
    RequesterAlias.objects.create(requester=requester, name="Earlier Name")
    ReviewFactory.create_batch(2, requester=requester)

    page = client.get(requester_url(requester)).content.decode()

    assert "Amazon Mechanical Turk" in page
    assert "AQWERTYUIOP" in page
    assert "Earlier Name" in page
    assert "<dt>Public reviews</dt><dd>2</dd>" in page


def test_requester_page_lists_reviews_newest_first_and_paginates(client, settings):
    settings.REVIEWS_PER_PAGE = 2
    requester = RequesterFactory()
    for n in range(3):
        ReviewFactory(requester=requester, task_title=f"Task number {n}")

    first = client.get(requester_url(requester)).content.decode()
    second = client.get(requester_url(requester), {"page": 2}).content.decode()

    assert first.index("Task number 2") < first.index("Task number 1")
    assert "Task number 0" not in first
    assert "Task number 0" in second


def test_requester_page_links_to_a_review_form_prefilled_for_it(client):
    requester = RequesterFactory(external_id="AQWERTYUIOP", display_name="Lab & Co")

    page = client.get(requester_url(requester)).content.decode()

    assert (
        "/reviews/new/?platform=mturk&amp;requester_id=AQWERTYUIOP&amp;requester_name=Lab+%26+Co"
        in page
    )


def test_unknown_requester_is_a_404(client):
    response = client.get(reverse("reviews:requester_detail", args=["mturk", "ANOBODYHERE"]))

    assert response.status_code == 404


def test_404_page_uses_the_site_template(client):
    response = client.get("/no/such/page/")

    page = response.content.decode()
    assert response.status_code == 404
    assert "<h1>Page not found</h1>" in page
    assert 'aria-label="Main"' in page
    assert "reviews/site.css" in page


def test_500_page_renders_without_the_database_or_context_processors():
    # No django_db mark here: any query would make pytest-django fail the test.
    request = RequestFactory().get("/")

    response = server_error(request)

    assert response.status_code == 500
    assert "Something went wrong" in response.content.decode()
    assert "reviews/site.css" in response.content.decode()


def test_public_review_page_shows_a_published_review(client):
    review = ReviewFactory(task_title="Memory game")

    response = client.get(reverse("reviews:review_detail", args=[review.pk]))

    assert response.status_code == 200
    assert "Memory game" in response.content.decode()


def test_public_review_page_is_a_404_for_a_withdrawn_review(client):
    review = ReviewFactory(status=Review.Status.WITHDRAWN)

    response = client.get(reverse("reviews:review_detail", args=[review.pk]))

    assert response.status_code == 404


def test_author_email_never_appears_on_any_page(client):
    author = UserFactory(email="secret.person@example.org", pseudonym="quietfox")
    review = ReviewFactory(author=author)
    urls = [
        reverse("reviews:home"),
        reverse("reviews:home") + "?q=lab",
        requester_url(review.requester),
        reverse("reviews:review_detail", args=[review.pk]),
    ]
    pages = [client.get(url).content.decode() for url in urls]
    client.force_login(author)
    urls += [reverse("reviews:my_reviews"), reverse("reviews:review_edit", args=[review.pk])]
    pages += [client.get(url).content.decode() for url in urls]

    for page in pages:
        assert "quietfox" in page
        assert "secret.person" not in page


def test_html_in_review_text_is_escaped(client):
    attack = '<script>alert("x")</script><img src=x onerror=alert(1)>'
    review = ReviewFactory(
        text=attack, task_title="<b>bold title</b>", recommend_reason="<i>why</i>"
    )

    pages = [
        client.get(url).content.decode()
        for url in (
            reverse("reviews:review_detail", args=[review.pk]),
            requester_url(review.requester),
            reverse("reviews:home"),
        )
    ]

    for page in pages:
        assert "<script>alert" not in page
        assert "<img src=x" not in page
        assert "<b>bold title</b>" not in page
        assert "&lt;b&gt;bold title&lt;/b&gt;" in page
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in pages[0]


def test_html_in_a_requester_name_is_escaped_on_its_page_and_in_search_results(client):
    requester = RequesterFactory(display_name='<script>alert("name")</script> Lab')
    ReviewFactory(requester=requester)
    scored(requester)

    pages = [
        client.get(requester_url(requester)).content.decode(),
        search(client, q="lab").content.decode(),
        client.get(reverse("reviews:home")).content.decode(),  # recent reviews name it
    ]

    for page in pages:
        assert '<script>alert("name")' not in page
        assert "&lt;script&gt;alert(&quot;name&quot;)&lt;/script&gt; Lab" in page


def test_a_form_posted_without_csrf_token_is_refused_on_a_site_page(db):
    from django.test import Client

    from tests.factories import UserFactory

    user = UserFactory()
    checked = Client(enforce_csrf_checks=True)
    checked.force_login(user)

    response = checked.post("/reviews/new/", {"task_title": "x"})

    assert response.status_code == 403
    assert "expired" in response.content.decode()


def test_an_unknown_api_address_answers_json_and_a_page_address_answers_html(client, db):
    api = client.get("/api/v1/no-such-thing")
    page = client.get("/no-such-page/")

    assert api.status_code == page.status_code == 404
    assert api.json() == {"detail": "Not found.", "code": "not_found"}
    assert page["Content-Type"].startswith("text/html")

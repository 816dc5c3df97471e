"""Public pages: search, requester records, single reviews."""

from django.conf import settings
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode

from reviews.charts.context import platform_chart, requester_charts
from reviews.forms.reviews import RequesterSearchForm
from reviews.selectors.requesters import requester_get, requester_search
from reviews.selectors.reviews import (
    REVIEW_ORDERS,
    helpful_voted_review_ids,
    requester_public_reviews,
    review_of_author,
    review_public_get,
    reviews_recent_public,
)
from reviews.selectors.scores import platform_wage_charts, requester_score_get

RECENT_REVIEWS = 10


def _page(request, items):
    return Paginator(items, settings.REVIEWS_PER_PAGE).get_page(request.GET.get("page"))


def _voting(request, reviews) -> dict:
    """What the helpful button under each review needs: which ones the viewer marked, and
    the page to come back to."""
    return {
        "voted": helpful_voted_review_ids(user=request.user, review_ids=[r.pk for r in reviews]),
        "next": request.get_full_path(),
    }


def home(request):
    searching = any(request.GET.get(name) for name in ("q", "platform", "sort"))
    form = RequesterSearchForm(request.GET if searching else None)
    # The form's own choices predate sorting by wage; offer every order the selector knows.
    results = None
    if searching and form.is_valid():
        data = form.cleaned_data
        results = _page(
            request,
            requester_search(
                query=data["q"], platform=data["platform"], order=data["sort"] or "name"
            ),
        )
    return render(
        request,
        "reviews/home.html",
        {
            "form": form,
            "results": results,
            "recent_reviews": reviews_recent_public(limit=RECENT_REVIEWS),
            "platform_charts": [
                {"platform": stored.platform, "chart": chart, "as_of": stored.computed_at}
                for stored in platform_wage_charts()
                if (chart := platform_chart(stored.wage_bins))
            ],
        },
    )


def requester_detail(request, platform: str, external_id: str):
    requester = requester_get(platform=platform, external_id=external_id)
    if requester.merged_into_id is not None:
        # A duplicate merged by a moderator: its reviews are on the requester it became.
        target = requester.merged_into
        return redirect("reviews:requester_detail", target.platform.slug, target.external_id)
    score = requester_score_get(requester=requester)
    windows = []
    if score is not None:
        windows = [
            {"title": title, "window": score.data[key]}
            for key, title in (
                ("recent", f"Recent ({settings.SCORES_RECENT_DAYS} days)"),
                ("all", "All time"),
            )
        ]
    aliases = [a.name for a in requester.aliases.all() if a.name != requester.display_name]
    order = request.GET.get("sort", "newest")
    order = order if order in REVIEW_ORDERS else "newest"
    page_obj = _page(request, requester_public_reviews(requester=requester, order=order))
    return render(
        request,
        "reviews/requester_detail.html",
        {
            "requester": requester,
            "aliases": aliases,
            "review_link": reverse("reviews:review_new")
            + "?"
            + urlencode(
                {
                    "platform": requester.platform.slug,
                    "requester_id": requester.external_id,
                    "requester_name": requester.display_name,
                }
            ),
            "score": score,
            "windows": windows,
            "charts": score
            and requester_charts(
                score.charts,
                median=score.data["all"]["wage"]["median"],
                currency=requester.platform.currency,
            ),
            "currency": requester.platform.currency,
            "page_obj": page_obj,
            "review_order": order,
            "voting": _voting(request, page_obj),
        },
    )


def review_detail(request, review_id: int):
    """A published review for everyone; its author also sees it while not published."""
    try:
        review = review_public_get(review_id=review_id)
    except Http404:
        if not request.user.is_authenticated:
            raise
        review = review_of_author(author=request.user, review_id=review_id)
    return render(
        request,
        "reviews/review_detail.html",
        {
            "review": review,
            "is_author": review.author_id == request.user.pk,
            "revision_count": review.revisions.count(),
            "voting": _voting(request, [review]),
        },
    )

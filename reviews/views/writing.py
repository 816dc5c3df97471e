"""Writing pages: a worker's own reviews. Every write goes through reviews.services."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from reviews.errors import ReviewAlreadyExists
from reviews.forms.reviews import NewReviewForm, ReviewForm
from reviews.http import request_origin
from reviews.models import Review
from reviews.selectors.requesters import platforms_list
from reviews.selectors.reviews import review_of_author, reviews_of_author
from reviews.services.profiles import ensure_can_post, has_verified_email
from reviews.services.reviews import review_create, review_update, review_withdraw


def _posting_refusal(request) -> HttpResponse | None:
    """A page saying why this person can't post now, or None when they can.

    An unverified address gets its own page with the way to fix it; any other refusal
    (suspension, deactivation) is a PermissionDenied shown by the 403 page.
    """
    if not has_verified_email(request.user):
        return render(request, "reviews/verify_email_required.html", status=403)
    ensure_can_post(request.user)
    return None


def _wage_message(review: Review) -> str:
    if review.hourly_wage is None:
        return "No hourly wage, as you didn't finish the task."
    return f"Hourly wage: {review.hourly_wage} {review.currency} per hour."


def _currencies() -> dict[str, str]:
    return {p.slug: p.currency for p in platforms_list()}


@login_required
@require_http_methods(["GET", "POST"])
def review_new(request):
    refusal = _posting_refusal(request)
    if refusal is not None:
        return refusal
    if request.method == "POST":
        form = NewReviewForm(request.POST)
        if form.is_valid():
            try:
                review = review_create(
                    author=request.user, origin=request_origin(request), **form.create_values()
                )
            except ReviewAlreadyExists as exc:
                return _edit_existing_instead(request, exc.review)
            except ValidationError as exc:
                form.add_service_errors(exc)
            else:
                messages.success(
                    request, f"Thank you, your review is saved. {_wage_message(review)}"
                )
                return redirect("reviews:review_detail", review_id=review.pk)
    else:
        form = NewReviewForm(initial=NewReviewForm.initial_from_query(request.GET))
    return render(request, "reviews/review_new.html", {"form": form, "currencies": _currencies()})


def _edit_existing_instead(request, review: Review) -> HttpResponse:
    """Keep what the worker typed: offer it as an edit of the review they already wrote."""
    form = ReviewForm(request.POST)
    form.is_valid()
    messages.info(
        request,
        "You already reviewed this task for this requester. Check the form below: "
        "saving it will update your earlier review with what you just typed.",
    )
    return _render_edit(request, review, form)


def _render_edit(request, review: Review, form: ReviewForm) -> HttpResponse:
    return render(
        request,
        "reviews/review_edit.html",
        {
            "form": form,
            "review": review,
            "revision_count": review.revisions.count(),
            "currencies": {review.requester.platform.slug: review.currency},
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def review_edit(request, review_id: int):
    review = review_of_author(author=request.user, review_id=review_id)
    if review.status == Review.Status.WITHDRAWN:
        messages.error(request, "That review is withdrawn; a withdrawn review can't be edited.")
        return redirect("reviews:my_reviews")
    refusal = _posting_refusal(request)
    if refusal is not None:
        return refusal
    if request.method == "POST":
        form = ReviewForm(request.POST)
        if form.is_valid():
            try:
                review = review_update(
                    review=review,
                    editor=request.user,
                    origin=request_origin(request),
                    **form.review_values(),
                )
            except ValidationError as exc:
                form.add_service_errors(exc)
            else:
                messages.success(request, f"Your review is updated. {_wage_message(review)}")
                return redirect("reviews:review_detail", review_id=review.pk)
    else:
        form = ReviewForm(initial=ReviewForm.initial_for(review))
    return _render_edit(request, review, form)


@login_required
@require_http_methods(["GET", "POST"])
def review_withdraw_view(request, review_id: int):
    review = review_of_author(author=request.user, review_id=review_id)
    if request.method == "POST":
        review_withdraw(review=review, actor=request.user)
        messages.success(
            request, "Your review is withdrawn. It no longer appears on the requester's page."
        )
        return redirect("reviews:my_reviews")
    return render(request, "reviews/review_withdraw.html", {"review": review})


@login_required
def my_reviews(request):
    page_obj = Paginator(
        reviews_of_author(author=request.user), settings.REVIEWS_PER_PAGE
    ).get_page(request.GET.get("page"))
    return render(request, "reviews/my_reviews.html", {"page_obj": page_obj})

"""Marking a review helpful from a page: a POST form under each review, no JavaScript needed.

The form says where it was (``next``, the page with its sort and page number) and the answer
goes back there, to the review, with a message saying what happened or why not.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from reviews.errors import DomainError
from reviews.selectors.reviews import review_for_vote_withdrawal, review_public_get
from reviews.services.votes import helpful_vote_cast, helpful_vote_withdraw


def _back(request, review_id: int):
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = reverse("reviews:review_detail", args=[review_id])
    return redirect(f"{target.split('#', 1)[0]}#review-{review_id}")


@login_required
@require_POST
def review_helpful(request, review_id: int):
    """``vote=cast`` marks the review helpful, ``vote=withdraw`` takes the mark back."""
    action = request.POST.get("vote")
    if action not in ("cast", "withdraw"):
        messages.error(request, "Choose whether to mark the review helpful or take it back.")
        return _back(request, review_id)
    try:
        if action == "cast":
            helpful_vote_cast(review=review_public_get(review_id=review_id), voter=request.user)
            messages.success(request, "Thank you: you marked this review helpful.")
        else:
            review = review_for_vote_withdrawal(voter=request.user, review_id=review_id)
            if helpful_vote_withdraw(review=review, voter=request.user):
                messages.success(request, "Your helpful mark on this review is taken back.")
            else:
                messages.info(request, "You had not marked this review helpful.")
    except (PermissionDenied, DomainError) as exc:
        messages.error(request, str(exc))
    return _back(request, review_id)

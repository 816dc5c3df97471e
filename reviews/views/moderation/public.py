"""The two public lists: the moderation log and the hidden reviews."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from reviews.selectors.moderation import moderation_log, reviews_hidden

from .common import page

LOG_PER_PAGE = 50


def moderation_log_page(request):
    """Every moderation action, for anyone: no e-mails, contacts, flaggers or network data."""
    return render(
        request,
        "reviews/moderation/log.html",
        {"page_obj": page(request, moderation_log(), LOG_PER_PAGE)},
    )


@login_required
def hidden_reviews(request):
    """Which reviews moderators hid and why, for logged-in workers to hold them to account."""
    return render(
        request, "reviews/moderation/hidden.html", {"page_obj": page(request, reviews_hidden())}
    )

"""What the moderation pages share: pagination and the message for a refused action."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator


def page(request, items, per_page: int | None = None):
    return Paginator(items, per_page or settings.REVIEWS_PER_PAGE).get_page(request.GET.get("page"))


def refused(request, exc: Exception) -> None:
    text = " ".join(exc.messages) if isinstance(exc, ValidationError) else str(exc)
    messages.error(request, f"Nothing was done: {text}")

"""A person's own notifications: the list, and marking them read."""

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from reviews.selectors.moderation import notifications_of, notifications_unread_count
from reviews.services.notifications import notifications_mark_read


@login_required
def notifications(request):
    page_obj = Paginator(notifications_of(user=request.user), settings.REVIEWS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "reviews/notifications.html",
        {"page_obj": page_obj, "unread": notifications_unread_count(user=request.user)},
    )


@login_required
@require_POST
def notifications_read(request):
    """Mark one notification (`id`) or all of them as read."""
    raw_id = request.POST.get("id", "")
    notifications_mark_read(
        user=request.user, notification_id=int(raw_id) if raw_id.isdigit() else None
    )
    return redirect("reviews:notifications")

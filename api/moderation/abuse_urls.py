"""Abuse-signal routes, mounted under /api/v1/ by api/urls.py."""

from django.urls import path

from api.moderation import abuse

urlpatterns = [
    path("abuse-signals", abuse.AbuseSignalListView.as_view(), name="abuse-signals"),
    path(
        "abuse-signals/<int:signal_id>/clear",
        abuse.AbuseSignalClearView.as_view(),
        name="abuse-signal-clear",
    ),
    path(
        "abuse-signals/<int:signal_id>/confirm",
        abuse.AbuseSignalConfirmView.as_view(),
        name="abuse-signal-confirm",
    ),
]

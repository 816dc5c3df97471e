"""Read routes: mounted under /api/v1/ (urlpatterns) and /api/ (legacy_urlpatterns)."""

from django.urls import path

from api.read import legacy_views, service_views, views

urlpatterns = [
    path("requesters/scores", views.RequesterScoresView.as_view(), name="requester-scores"),
    path(
        "requesters/<slug:platform>/<str:external_id>",
        views.RequesterDetailView.as_view(),
        name="requester-detail",
    ),
    path(
        "requesters/<slug:platform>/<str:external_id>/reviews",
        views.RequesterReviewsView.as_view(),
        name="requester-reviews",
    ),
    path("platforms", service_views.PlatformListView.as_view(), name="platforms"),
    path("status", service_views.StatusView.as_view(), name="status"),
    path("export/scores.json.gz", service_views.ScoreExportView.as_view(), name="score-export"),
    path(
        "export/scores-compact.json.gz",
        service_views.CompactScoreExportView.as_view(),
        name="score-export-compact",
    ),
]

legacy_urlpatterns = [
    path("multi-attrs.php", legacy_views.Turkopticon1View.as_view(), name="to1-multi-attrs"),
    path("v2/requesters", legacy_views.Turkopticon2ListView.as_view(), name="to2-requesters"),
    path(
        "v2/requesters/<str:rid>",
        legacy_views.Turkopticon2DetailView.as_view(),
        name="to2-requester",
    ),
]

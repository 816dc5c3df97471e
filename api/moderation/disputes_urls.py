"""Reply, dispute and comment routes, mounted under /api/v1/ by api/urls.py."""

from django.urls import path

from api.moderation import disputes as views

urlpatterns = [
    path("reviews/<int:review_id>/reply", views.ReplyCreateView.as_view(), name="review-reply"),
    path(
        "reviews/<int:review_id>/disputes",
        views.DisputeOpenView.as_view(),
        name="review-disputes",
    ),
    path(
        "reviews/<int:review_id>/comments",
        views.ReviewCommentsView.as_view(),
        name="review-comments",
    ),
    path("disputes/<int:dispute_id>", views.DisputeDetailView.as_view(), name="dispute-detail"),
    path(
        "disputes/<int:dispute_id>/answer",
        views.DisputeAnswerView.as_view(),
        name="dispute-answer",
    ),
    path(
        "disputes/<int:dispute_id>/decide",
        views.DisputeDecideView.as_view(),
        name="dispute-decide",
    ),
    path(
        "disputes/<int:dispute_id>/appeal",
        views.DisputeAppealView.as_view(),
        name="dispute-appeal",
    ),
    path(
        "disputes/<int:dispute_id>/decide-appeal",
        views.DisputeDecideAppealView.as_view(),
        name="dispute-decide-appeal",
    ),
    path("comments/<int:comment_id>/hide", views.CommentHideView.as_view(), name="comment-hide"),
]

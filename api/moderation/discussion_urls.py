"""Reply, dispute and comment routes, mounted under /api/v1/ by api/urls.py."""

from django.urls import path

from api.moderation import comments, disputes

urlpatterns = [
    path("reviews/<int:review_id>/reply", comments.ReplyCreateView.as_view(), name="review-reply"),
    path(
        "reviews/<int:review_id>/disputes",
        disputes.DisputeOpenView.as_view(),
        name="review-disputes",
    ),
    path(
        "reviews/<int:review_id>/comments",
        comments.ReviewCommentsView.as_view(),
        name="review-comments",
    ),
    path("disputes/<int:dispute_id>", disputes.DisputeDetailView.as_view(), name="dispute-detail"),
    path(
        "disputes/<int:dispute_id>/answer",
        disputes.DisputeAnswerView.as_view(),
        name="dispute-answer",
    ),
    path(
        "disputes/<int:dispute_id>/decide",
        disputes.DisputeDecideView.as_view(),
        name="dispute-decide",
    ),
    path(
        "disputes/<int:dispute_id>/appeal",
        disputes.DisputeAppealView.as_view(),
        name="dispute-appeal",
    ),
    path(
        "disputes/<int:dispute_id>/decide-appeal",
        disputes.DisputeDecideAppealView.as_view(),
        name="dispute-decide-appeal",
    ),
    path("comments/<int:comment_id>/hide", comments.CommentHideView.as_view(), name="comment-hide"),
]

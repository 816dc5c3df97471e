"""Moderation routes, mounted under /api/v1/ by api/urls.py."""

from django.urls import path

from api.moderation import actions

urlpatterns = [
    path("moderation/queue", actions.ModerationQueueView.as_view(), name="moderation-queue"),
    path("moderation/log", actions.ModerationLogView.as_view(), name="moderation-log"),
    path("flags/<int:flag_id>/resolve", actions.FlagResolveView.as_view(), name="flag-resolve"),
    path("reviews/<int:review_id>/hide", actions.ReviewHideView.as_view(), name="review-hide"),
    path(
        "reviews/<int:review_id>/restore",
        actions.ReviewRestoreView.as_view(),
        name="review-restore",
    ),
    path(
        "reviews/<int:review_id>/ask-edit",
        actions.ReviewAskEditView.as_view(),
        name="review-ask-edit",
    ),
    path(
        "reviews/<int:review_id>/lock-replies",
        actions.ReviewLockRepliesView.as_view(),
        name="review-lock-replies",
    ),
    path(
        "reviews/<int:review_id>/unlock-replies",
        actions.ReviewUnlockRepliesView.as_view(),
        name="review-unlock-replies",
    ),
    path("users/<str:pseudonym>/suspend", actions.UserSuspendView.as_view(), name="user-suspend"),
    path(
        "users/<str:pseudonym>/unsuspend",
        actions.UserUnsuspendView.as_view(),
        name="user-unsuspend",
    ),
    path("users/<str:pseudonym>/role", actions.UserRoleView.as_view(), name="user-role"),
    path("requesters/merge", actions.RequestersMergeView.as_view(), name="requesters-merge"),
    path(
        "requesters/<slug:platform>/<str:external_id>/claims",
        actions.ClaimCreateView.as_view(),
        name="requester-claims",
    ),
    path("claims/<int:claim_id>/approve", actions.ClaimApproveView.as_view(), name="claim-approve"),
    path("claims/<int:claim_id>/reject", actions.ClaimRejectView.as_view(), name="claim-reject"),
]

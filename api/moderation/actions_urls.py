"""Moderation routes, mounted under /api/v1/ by api/urls.py."""

from django.urls import path

from api.moderation import account_actions, queue_views, requester_actions, review_actions

urlpatterns = [
    path("moderation/queue", queue_views.ModerationQueueView.as_view(), name="moderation-queue"),
    path("moderation/log", queue_views.ModerationLogView.as_view(), name="moderation-log"),
    path(
        "flags/<int:flag_id>/resolve", review_actions.FlagResolveView.as_view(), name="flag-resolve"
    ),
    path(
        "reviews/<int:review_id>/hide", review_actions.ReviewHideView.as_view(), name="review-hide"
    ),
    path(
        "reviews/<int:review_id>/restore",
        review_actions.ReviewRestoreView.as_view(),
        name="review-restore",
    ),
    path(
        "reviews/<int:review_id>/ask-edit",
        review_actions.ReviewAskEditView.as_view(),
        name="review-ask-edit",
    ),
    path(
        "reviews/<int:review_id>/lock-replies",
        review_actions.ReviewLockRepliesView.as_view(),
        name="review-lock-replies",
    ),
    path(
        "reviews/<int:review_id>/unlock-replies",
        review_actions.ReviewUnlockRepliesView.as_view(),
        name="review-unlock-replies",
    ),
    path(
        "users/<str:pseudonym>/suspend",
        account_actions.UserSuspendView.as_view(),
        name="user-suspend",
    ),
    path(
        "users/<str:pseudonym>/unsuspend",
        account_actions.UserUnsuspendView.as_view(),
        name="user-unsuspend",
    ),
    path("users/<str:pseudonym>/role", account_actions.UserRoleView.as_view(), name="user-role"),
    path(
        "requesters/merge", requester_actions.RequestersMergeView.as_view(), name="requesters-merge"
    ),
    path(
        "requesters/<slug:platform>/<str:external_id>/claims",
        requester_actions.ClaimCreateView.as_view(),
        name="requester-claims",
    ),
    path(
        "claims/<int:claim_id>/approve",
        requester_actions.ClaimApproveView.as_view(),
        name="claim-approve",
    ),
    path(
        "claims/<int:claim_id>/reject",
        requester_actions.ClaimRejectView.as_view(),
        name="claim-reject",
    ),
]

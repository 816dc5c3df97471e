from django.urls import path, re_path

from reviews.views import (
    abuse,
    account,
    claims,
    discussion,
    moderation,
    notifications,
    pages,
    tokens,
    votes,
    writing,
)

app_name = "reviews"

urlpatterns = [
    path("", pages.home, name="home"),
    path("r/<slug:platform>/<str:external_id>/", pages.requester_detail, name="requester_detail"),
    path("r/<slug:platform>/<str:external_id>/claim/", claims.claim_new, name="claim_new"),
    path("reviews/new/", writing.review_new, name="review_new"),
    path("reviews/hidden/", moderation.hidden_reviews, name="hidden_reviews"),
    path("reviews/mine/", writing.my_reviews, name="my_reviews"),
    path("reviews/<int:review_id>/", pages.review_detail, name="review_detail"),
    path("reviews/<int:review_id>/edit/", writing.review_edit, name="review_edit"),
    path("reviews/<int:review_id>/withdraw/", writing.review_withdraw_view, name="review_withdraw"),
    path("reviews/<int:review_id>/helpful/", votes.review_helpful, name="review_helpful"),
    path("account/", account.account, name="account"),
    path("account/export.json", account.export_json, name="account_export_json"),
    path("account/export/reviews.csv", account.export_reviews_csv, name="account_export_csv"),
    path("account/delete/", account.account_delete_view, name="account_delete"),
    path("account/tokens/", tokens.tokens, name="tokens"),
    path("account/tokens/<int:token_id>/revoke/", tokens.token_revoke_view, name="token_revoke"),
    path("notifications/", notifications.notifications, name="notifications"),
    path("notifications/read/", notifications.notifications_read, name="notifications_read"),
    path("moderation/", moderation.moderation_queue, name="moderation_queue"),
    path("moderation/log/", moderation.moderation_log_page, name="moderation_log"),
    path("moderation/merge/", moderation.moderation_merge, name="moderation_merge"),
    path(
        "moderation/reviews/<int:review_id>/",
        moderation.moderation_case,
        name="moderation_case",
    ),
    # The known actions only (not any slug), so other routes under a case are never shadowed.
    re_path(
        r"^moderation/reviews/(?P<review_id>[0-9]+)/"
        r"(?P<action>hide|restore|ask-edit|lock-replies|unlock-replies)/$",
        moderation.moderation_review_action,
        name="moderation_review_action",
    ),
    path(
        "moderation/flags/<int:flag_id>/resolve/",
        moderation.moderation_flag_resolve,
        name="moderation_flag_resolve",
    ),
    path(
        "moderation/users/<str:pseudonym>/",
        moderation.moderation_account,
        name="moderation_account",
    ),
    path(
        "moderation/users/<str:pseudonym>/suspend/",
        moderation.moderation_account_suspend,
        name="moderation_account_suspend",
    ),
    path(
        "moderation/users/<str:pseudonym>/unsuspend/",
        moderation.moderation_account_unsuspend,
        name="moderation_account_unsuspend",
    ),
    path(
        "moderation/users/<str:pseudonym>/role/",
        moderation.moderation_account_role,
        name="moderation_account_role",
    ),
    path("moderation/signals/<int:signal_id>/", abuse.moderation_signal, name="moderation_signal"),
    re_path(
        r"^moderation/signals/(?P<signal_id>[0-9]+)/(?P<decision>clear|confirm)/$",
        abuse.moderation_signal_decide,
        name="moderation_signal_decide",
    ),
    path("moderation/claims/<int:claim_id>/", moderation.moderation_claim, name="moderation_claim"),
    re_path(
        r"^moderation/claims/(?P<claim_id>[0-9]+)/(?P<decision>approve|reject)/$",
        moderation.moderation_claim_decide,
        name="moderation_claim_decide",
    ),
]

# Under a review: the requester's reply, disputes, comments (reviews/views/discussion.py).
urlpatterns += [
    path("reviews/<int:review_id>/reply/", discussion.reply_new, name="reply_new"),
    path("reviews/<int:review_id>/dispute/", discussion.dispute_new, name="dispute_new"),
    path("reviews/<int:review_id>/comments/", discussion.comment_new, name="comment_new"),
    path("comments/<int:comment_id>/hide/", discussion.comment_hide_view, name="comment_hide"),
    path("disputes/<int:dispute_id>/", discussion.dispute_detail, name="dispute_detail"),
    path(
        "disputes/<int:dispute_id>/answer/", discussion.dispute_answer_view, name="dispute_answer"
    ),
    path(
        "disputes/<int:dispute_id>/decide/", discussion.dispute_decide_view, name="dispute_decide"
    ),
    path(
        "disputes/<int:dispute_id>/appeal/", discussion.dispute_appeal_view, name="dispute_appeal"
    ),
    path(
        "disputes/<int:dispute_id>/decide-appeal/",
        discussion.dispute_decide_appeal_view,
        name="dispute_decide_appeal",
    ),
]

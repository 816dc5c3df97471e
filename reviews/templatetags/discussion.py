"""`{% review_discussion review %}`: the requester's reply, public dispute decisions,
comments and the forms the viewer may use, under a review.

An inclusion tag, so that the review page's view needn't know about discussion at all.
"""

from django import template
from django.core.exceptions import PermissionDenied, ValidationError

from reviews.forms.discussion import CommentForm, DisputeOpenForm, ReplyForm
from reviews.permissions import is_moderator
from reviews.selectors.discussion import (
    review_comments,
    review_decided_disputes,
    review_dispute_in_progress,
    review_reply_get,
)
from reviews.services.comments import ensure_can_comment
from reviews.services.disputes import can_view, ensure_can_open
from reviews.services.replies import ensure_can_reply

register = template.Library()


def _refusal(check, **arguments) -> str | None:
    """None when the check passes, else the reason it gives."""
    try:
        check(**arguments)
    except (PermissionDenied, ValidationError) as exc:
        return " ".join(exc.messages) if isinstance(exc, ValidationError) else str(exc)
    return None


@register.inclusion_tag("reviews/disputes/_on_review.html", takes_context=True)
def review_discussion(context, review):
    user = context["request"].user
    in_progress = review_dispute_in_progress(review=review)
    can_reply = _refusal(ensure_can_reply, review=review, user=user) is None
    can_dispute = _refusal(ensure_can_open, review=review, user=user) is None
    comment_refusal = (
        _refusal(ensure_can_comment, review=review, user=user) if user.is_authenticated else None
    )
    return {
        "review": review,
        "user": user,
        "reply": review_reply_get(review=review),
        "decided_disputes": review_decided_disputes(review=review),
        # Only the parties and moderators learn that a dispute is under way.
        "dispute_in_progress": in_progress if in_progress and can_view(user, in_progress) else None,
        "comments": review_comments(review=review, viewer=user),
        "is_moderator": is_moderator(user),
        "reply_form": ReplyForm() if can_reply else None,
        "dispute_form": DisputeOpenForm() if can_dispute else None,
        "comment_form": CommentForm() if user.is_authenticated and not comment_refusal else None,
        "comment_refusal": comment_refusal,
    }

"""Forms for replies, comments and disputes. They only parse what the browser sent; the
services check who may do it and the domain rules, and save."""

from django import forms
from django.core.exceptions import ValidationError

from reviews.models import Dispute
from reviews.services.comments import COMMENT_MAX_LENGTH
from reviews.services.disputes import RATIONALE_MAX_LENGTH, STATEMENT_MAX_LENGTH
from reviews.services.moderation_log import REASON_MAX_LENGTH
from reviews.services.replies import REPLY_MAX_LENGTH


class _ServiceErrors:
    # Several of these forms can share a page; their fields' HTML ids must differ.
    id_prefix = "form"

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", f"id_{self.id_prefix}_%s")
        super().__init__(*args, **kwargs)

    def add_service_errors(self, exc: ValidationError) -> None:
        """Show a service's ValidationError on the fields it names; others above the form."""
        if not hasattr(exc, "error_dict"):
            self.add_error(None, exc.messages)
            return
        for name, errors in exc.error_dict.items():
            messages = [m for e in errors for m in e.messages]
            self.add_error(name if name in self.fields else None, messages)


def _text(label: str, max_length: int, rows: int = 5, help_text: str = "") -> forms.CharField:
    return forms.CharField(
        label=label,
        max_length=max_length,
        help_text=help_text,
        widget=forms.Textarea(attrs={"rows": rows, "cols": 60}),
    )


class ReplyForm(_ServiceErrors, forms.Form):
    id_prefix = "reply"
    text = _text(
        "The requester's reply",
        REPLY_MAX_LENGTH,
        help_text="Shown under the review, marked as the requester's. One reply per review; "
        "it can't be changed later.",
    )


class CommentForm(_ServiceErrors, forms.Form):
    id_prefix = "comment"
    text = _text("Your comment", COMMENT_MAX_LENGTH, rows=3)


class CommentHideForm(_ServiceErrors, forms.Form):
    id_prefix = "hide"
    reason = _text(
        "Why hide this comment?",
        REASON_MAX_LENGTH,
        rows=3,
        help_text="Shown in the public moderation log.",
    )


class DisputeOpenForm(_ServiceErrors, forms.Form):
    id_prefix = "dispute"
    ground = forms.ChoiceField(
        label="What is wrong with this review?",
        choices=Dispute.Ground.choices,
        widget=forms.RadioSelect,
    )
    statement = _text(
        "Your statement",
        STATEMENT_MAX_LENGTH,
        help_text="Seen by the review's author and the moderators, not the public.",
    )


class DisputeAnswerForm(_ServiceErrors, forms.Form):
    id_prefix = "answer"
    text = _text(
        "Your answer",
        STATEMENT_MAX_LENGTH,
        help_text="Seen by the requester's representative and the moderators. You can answer "
        "once; you can also edit your review.",
    )


class DisputeDecideForm(_ServiceErrors, forms.Form):
    id_prefix = "decide"
    decision = forms.ChoiceField(
        label="Decision", choices=Dispute.Decision.choices, widget=forms.RadioSelect
    )
    rationale = _text(
        "Rationale",
        RATIONALE_MAX_LENGTH,
        help_text="Public: shown under the review and in the moderation log.",
    )


class DisputeAppealForm(_ServiceErrors, forms.Form):
    id_prefix = "appeal"
    statement = _text(
        "Why the decision should change",
        STATEMENT_MAX_LENGTH,
        help_text="A different moderator decides. An appeal is made once.",
    )

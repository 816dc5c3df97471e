"""Forms for the review pages. They only parse what the browser sent; the services validate
the domain rules and save, so these forms never save anything themselves."""

import uuid
from decimal import Decimal, InvalidOperation

from django import forms
from django.core.exceptions import ValidationError

from reviews.models import Review
from reviews.models.reviews import CONTEXT_MAX_LENGTH, TEXT_MAX_LENGTH
from reviews.selectors.requesters import platforms_list

RECOMMEND_CHOICES = [("yes", "Yes"), ("no", "No"), ("", "Rather not say")]
RATING_CHOICES = [("", "No rating"), *[(str(n), str(n)) for n in range(1, 6)]]
SORT_CHOICES = [("name", "Name"), ("reviews", "Most reviewed"), ("wage", "Highest hourly wage")]

# Which form field shows a service error about a model field the form splits or renames.
SERVICE_FIELD_TO_FORM_FIELD = {
    "time_worked_seconds": "time_minutes",
    "approval_seconds": "approval_hours",
}


def _rating_field(label: str) -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        label=label,
        choices=RATING_CHOICES,
        coerce=int,
        empty_value=None,
        required=False,
        initial="",
        widget=forms.RadioSelect,
    )


def _platform_choices() -> list[tuple[str, str]]:
    return [(p.slug, p.name) for p in platforms_list()]


class _Form(forms.Form):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)


class RequesterSearchForm(_Form):
    q = forms.CharField(
        label="Requester name, former name or id",
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )
    platform = forms.ChoiceField(label="Platform", required=False)
    sort = forms.ChoiceField(label="Sort by", choices=SORT_CHOICES, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["platform"].choices = [("", "All platforms"), *_platform_choices()]


class ReviewForm(_Form):
    """The fields an author may change; used as it is for editing."""

    task_title = forms.CharField(label="Task title", max_length=255)
    task_id = forms.CharField(
        label="Task or group id",
        max_length=128,
        required=False,
        help_text="Optional. Reviews of the same id count as the same task.",
    )
    reward = forms.DecimalField(
        label="Reward",
        min_value=0,
        max_digits=10,
        decimal_places=2,
        help_text="What the task paid, in the platform's currency.",
    )
    bonus = forms.DecimalField(
        label="Bonus", min_value=0, max_digits=10, decimal_places=2, required=False
    )
    time_minutes = forms.IntegerField(label="Minutes", min_value=0, required=False)
    time_seconds = forms.IntegerField(label="Seconds", min_value=0, max_value=59, required=False)
    did_not_finish = forms.BooleanField(
        label="I didn't finish this task (returned, timed out or screened out)", required=False
    )
    outcome = forms.ChoiceField(label="Outcome", choices=Review.Outcome.choices)
    approval_hours = forms.DecimalField(
        label="Hours from submission to approval or rejection",
        min_value=0,
        max_digits=8,
        decimal_places=2,
        required=False,
        help_text="Optional; leave empty while the task is pending.",
    )
    blocked = forms.BooleanField(label="The requester blocked me", required=False)
    communication = forms.ChoiceField(
        label="Communication with the requester",
        choices=Review.Communication.choices,
        initial=Review.Communication.NOT_CONTACTED,
        widget=forms.RadioSelect,
    )
    recommend = forms.ChoiceField(
        label="Would you recommend this requester to other workers?",
        choices=RECOMMEND_CHOICES,
        required=False,
        widget=forms.RadioSelect,
    )
    recommend_reason = forms.CharField(
        label="Why?",
        max_length=CONTEXT_MAX_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    tos_violation = forms.BooleanField(
        label="The task broke the platform's terms of service", required=False
    )
    tos_context = forms.CharField(
        label="What was against the terms?",
        max_length=CONTEXT_MAX_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    broken_task = forms.BooleanField(label="The task was broken", required=False)
    broken_context = forms.CharField(
        label="What was broken?",
        max_length=CONTEXT_MAX_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    unpaid_screener = forms.BooleanField(label="It had an unpaid screener", required=False)
    rating_pay = _rating_field("Pay")
    rating_fair = _rating_field("Fairness")
    rating_fast = _rating_field("Promptness")
    rating_comm = _rating_field("Communication")
    text = forms.CharField(
        label="Your review",
        max_length=TEXT_MAX_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="Anything other workers should know. Don't include personal data.",
    )

    def clean(self):
        cleaned = super().clean()
        minutes = cleaned.get("time_minutes")
        seconds = cleaned.get("time_seconds")
        if minutes is None and seconds is None:
            cleaned["time_worked_seconds"] = None
        else:
            cleaned["time_worked_seconds"] = (minutes or 0) * 60 + (seconds or 0)
        if cleaned.get("did_not_finish"):
            # A time typed before ticking the box would make a wage from an unfinished task.
            cleaned["time_worked_seconds"] = None
        hours = cleaned.get("approval_hours")
        cleaned["approval_seconds"] = None if hours is None else int(hours * 3600)
        return cleaned

    def review_values(self) -> dict:
        """The cleaned data as keyword arguments for review_create / review_update."""
        data = self.cleaned_data
        values = {name: data[name] for name in Review.EDITABLE_FIELDS if name in data}
        values["bonus"] = data.get("bonus") or Decimal("0")
        values["time_worked_seconds"] = data["time_worked_seconds"]
        values["approval_seconds"] = data["approval_seconds"]
        values["recommend"] = {"yes": True, "no": False}.get(data.get("recommend") or "")
        return values

    def add_service_errors(self, exc: ValidationError) -> None:
        """Show a service's ValidationError on the fields it names; others above the form."""
        if not hasattr(exc, "error_dict"):
            self.add_error(None, exc.messages)
            return
        for name, errors in exc.error_dict.items():
            field = SERVICE_FIELD_TO_FORM_FIELD.get(name, name)
            messages = [m for e in errors for m in e.messages]
            shown = field in self.fields and not self.fields[field].widget.is_hidden
            self.add_error(field if shown else None, messages)

    @classmethod
    def initial_for(cls, review: Review) -> dict:
        initial = {name: getattr(review, name) for name in Review.EDITABLE_FIELDS}
        if review.time_worked_seconds is not None:
            initial["time_minutes"], initial["time_seconds"] = divmod(
                review.time_worked_seconds, 60
            )
        if review.approval_seconds is not None:
            initial["approval_hours"] = (Decimal(review.approval_seconds) / 3600).quantize(
                Decimal("0.01")
            )
        initial["recommend"] = {True: "yes", False: "no"}.get(review.recommend, "")
        return initial


class NewReviewForm(ReviewForm):
    """Everything in ReviewForm plus who is reviewed and the retry key."""

    platform = forms.ChoiceField(label="Platform")
    requester_id = forms.CharField(
        label="Requester id",
        max_length=64,
        help_text="As the platform shows it, e.g. A1B2C3D4E5F6G7 on Mechanical Turk.",
    )
    requester_name = forms.CharField(label="Requester name", max_length=200, required=False)
    idempotency_key = forms.CharField(max_length=64, required=False, widget=forms.HiddenInput)

    field_order = ["platform", "requester_id", "requester_name"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["platform"].choices = _platform_choices()
        if not self.is_bound and not self.initial.get("idempotency_key"):
            self.initial["idempotency_key"] = uuid.uuid4().hex

    @staticmethod
    def initial_from_query(params) -> dict:
        """Prefill from a link such as an extension's ?platform=&requester_id=&title=&reward=."""
        initial = {}
        for param, field in (
            ("platform", "platform"),
            ("requester_id", "requester_id"),
            ("requester_name", "requester_name"),
            ("title", "task_title"),
            ("task_id", "task_id"),
        ):
            value = params.get(param, "").strip()
            if value:
                initial[field] = value[:255]
        try:
            reward = Decimal(params.get("reward", "").strip())
        except (InvalidOperation, ValueError):
            reward = None
        if reward is not None and reward.is_finite() and reward >= 0:
            initial["reward"] = reward
        return initial

    def create_values(self) -> dict:
        data = self.cleaned_data
        return {
            "platform": data["platform"],
            "requester_id": data["requester_id"].strip(),
            "requester_name": data.get("requester_name", "").strip(),
            "idempotency_key": data.get("idempotency_key") or None,
            **self.review_values(),
        }

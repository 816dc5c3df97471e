from django import forms

from reviews.services.tokens import NAME_MAX_LENGTH


class TokenForm(forms.Form):
    name = forms.CharField(
        label="Token name",
        max_length=NAME_MAX_LENGTH,
        help_text="Something to recognise it by, e.g. “Firefox extension at home”.",
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)

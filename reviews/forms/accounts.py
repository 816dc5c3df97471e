from django import forms
from django.core.exceptions import ValidationError

from reviews.services.profiles import profile_set_pseudonym, pseudonym_validate


class PseudonymSignupForm(forms.Form):
    """Extra signup field for allauth: the public name shown on reviews."""

    pseudonym = forms.CharField(
        max_length=40,
        help_text="Shown on your reviews instead of your e-mail, which nobody else ever sees.",
    )

    def clean_pseudonym(self) -> str:
        pseudonym = self.cleaned_data["pseudonym"].strip()
        try:
            pseudonym_validate(pseudonym)
        except ValidationError as exc:
            raise ValidationError(exc.message_dict["pseudonym"]) from None
        return pseudonym

    def signup(self, request, user) -> None:
        profile_set_pseudonym(user=user, pseudonym=self.cleaned_data["pseudonym"])


class AccountDeleteForm(forms.Form):
    """Deleting the account: the password again, and what becomes of the reviews."""

    password = forms.CharField(
        label="Your password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        help_text="To be sure it is you.",
    )
    reviews = forms.ChoiceField(
        label="Your reviews",
        choices=[
            (
                "keep",
                "Keep them public under my pseudonym, tied to no e-mail address, so other "
                "workers can still read them and the scores still count them",
            ),
            (
                "withdraw",
                "Withdraw them: nobody sees them any more and the scores are recomputed "
                "without them (my helpful votes are withdrawn too)",
            ),
        ],
        widget=forms.RadioSelect,
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)

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

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError

from reviews.models import WorkerProfile
from reviews.services.profiles import profile_set_pseudonym, pseudonym_validate
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_every_new_account_gets_a_profile_with_a_pseudonym():
    user = get_user_model().objects.create_user("someone", "someone@example.org", "pw-123456789")

    assert WorkerProfile.objects.get(user=user).pseudonym.startswith("worker-")
    assert user.profile.role == WorkerProfile.Role.WORKER


def test_pseudonyms_are_unique_regardless_of_case():
    UserFactory(pseudonym="NightOwl")

    with pytest.raises(ValidationError, match="taken"):
        pseudonym_validate("nightowl")


@pytest.mark.parametrize("bad", ["ab", "me@example.org", "-dash-first", "x" * 41, "has space"])
def test_malformed_pseudonym_is_refused(bad):
    with pytest.raises(ValidationError):
        pseudonym_validate(bad)


def test_worker_may_keep_their_own_pseudonym_when_saving_it_again():
    user = UserFactory(pseudonym="Lamplighter")

    assert profile_set_pseudonym(user=user, pseudonym="Lamplighter").pseudonym == "Lamplighter"

import pytest
from django.core.exceptions import ValidationError

from reviews.models import Platform

pytestmark = pytest.mark.django_db


def test_the_five_platforms_are_seeded():
    assert set(Platform.objects.values_list("slug", flat=True)) == {
        "mturk",
        "prolific",
        "connect",
        "toloka",
        "clickworker",
    }


@pytest.mark.parametrize("good", ["A1B2C3D4E5", "AZZZZZZZZZZZZZ", "A123456789"])
def test_mturk_accepts_its_requester_ids(good):
    Platform.objects.get(slug="mturk").validate_requester_id(good)


@pytest.mark.parametrize("bad", ["A12345678", "a1b2c3d4e5f6", "B1B2C3D4E5F6", "A1B2C3D4E5 ", ""])
def test_mturk_refuses_malformed_requester_ids(bad):
    with pytest.raises(ValidationError, match="Mechanical Turk"):
        Platform.objects.get(slug="mturk").validate_requester_id(bad)


def test_prolific_ids_are_24_hex_characters():
    prolific = Platform.objects.get(slug="prolific")
    prolific.validate_requester_id("5f1a2b3c4d5e6f7a8b9c0d1e")
    with pytest.raises(ValidationError):
        prolific.validate_requester_id("A1B2C3D4E5F6G7")

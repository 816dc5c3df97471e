from decimal import Decimal

import factory
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model

from reviews.models import Platform, Requester, Review


class UserFactory(factory.django.DjangoModelFactory):
    """A worker whose e-mail is verified, so they may post."""

    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.Sequence(lambda n: f"user{n}@example.org")
    password = factory.django.Password("correct horse battery staple")

    @factory.post_generation
    def verified(obj, create, extracted, **kwargs):
        if create:
            EmailAddress.objects.create(
                user=obj, email=obj.email, verified=extracted is not False, primary=True
            )

    @factory.post_generation
    def pseudonym(obj, create, extracted, **kwargs):
        if create:
            obj.profile.pseudonym = extracted or f"worker{obj.pk}"
            obj.profile.save(update_fields=["pseudonym"])


def platform(slug: str = "mturk") -> Platform:
    return Platform.objects.get(slug=slug)


class RequesterFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Requester

    platform = factory.LazyFunction(platform)
    external_id = factory.Sequence(lambda n: f"A{n:012d}")
    display_name = factory.Sequence(lambda n: f"Research Lab {n}")


class ReviewFactory(factory.django.DjangoModelFactory):
    """A published review saved directly, for setting up reads (writes go through services)."""

    class Meta:
        model = Review

    author = factory.SubFactory(UserFactory)
    requester = factory.SubFactory(RequesterFactory)
    task_title = factory.Sequence(lambda n: f"Survey about daily habits #{n}")
    reward = Decimal("1.50")
    currency = "USD"
    time_worked_seconds = 600
    outcome = Review.Outcome.APPROVED
    approval_seconds = 3 * 24 * 3600
    communication = Review.Communication.NOT_CONTACTED
    recommend = True
    text = "Clear instructions, paid quickly."


def review_fields(**overrides) -> dict:
    """Valid keyword arguments for review_create."""
    values = {
        "platform": "mturk",
        "requester_id": "A1B2C3D4E5F6G7",
        "requester_name": "Psychology Lab",
        "task_title": "Decision-making survey",
        "reward": Decimal("2.00"),
        "time_worked_seconds": 900,
        "outcome": Review.Outcome.APPROVED,
        "communication": Review.Communication.NOT_CONTACTED,
        "recommend": True,
        "text": "Fair pay for the time.",
    }
    values.update(overrides)
    return values

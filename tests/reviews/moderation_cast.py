"""The people of the moderation permission matrix, shared by the service, page and API tests.

Seven personas, each a different relation to one review of one requester:
stranger (not logged in), worker, the review's author, a representative of another
requester, the requester's representative, moderator, admin.
"""

from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser

from reviews.models import Requester, RequesterClaim, Review, WorkerProfile
from tests.factories import RequesterFactory, ReviewFactory, UserFactory

PERSONAS = (
    "stranger",
    "worker",
    "author",
    "other_representative",
    "representative",
    "moderator",
    "admin",
)
MODERATORS = {"moderator", "admin"}


def with_role(user, role: str):
    WorkerProfile.objects.filter(user=user).update(role=role)
    user.profile.refresh_from_db()
    return user


def approved_claim(user, requester: Requester) -> RequesterClaim:
    return RequesterClaim.objects.create(
        user=user,
        requester=requester,
        statement="I run this lab's studies.",
        contact="pi@lab.example",
        status=RequesterClaim.Status.APPROVED,
    )


@dataclass
class Cast:
    requester: Requester
    other_requester: Requester
    review: Review
    people: dict

    def __getitem__(self, persona: str):
        return self.people[persona]


def cast_make() -> Cast:
    requester = RequesterFactory(display_name="Psychology Lab")
    other_requester = RequesterFactory(display_name="Market Research Inc")
    author = UserFactory(pseudonym="the-author")
    review = ReviewFactory(author=author, requester=requester)
    people = {
        "stranger": AnonymousUser(),
        "worker": UserFactory(pseudonym="a-worker"),
        "author": author,
        "other_representative": UserFactory(pseudonym="other-rep"),
        "representative": UserFactory(pseudonym="the-rep"),
        "moderator": with_role(UserFactory(pseudonym="lamplighter"), "moderator"),
        "admin": with_role(UserFactory(pseudonym="keeper"), "admin"),
    }
    approved_claim(people["other_representative"], other_requester)
    approved_claim(people["representative"], requester)
    return Cast(requester=requester, other_requester=other_requester, review=review, people=people)

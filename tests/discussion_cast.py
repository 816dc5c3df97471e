"""The people of the permission matrix for replies, disputes and comments, around one
published review: who may do what is tested for each of them, in services, pages and API."""

from dataclasses import dataclass

from reviews.models import RequesterClaim, Review, WorkerProfile
from tests.factories import RequesterFactory, ReviewFactory, UserFactory

# Everyone of the matrix; "stranger" is nobody logged in (None for services).
PEOPLE = (
    "stranger",
    "worker",
    "author",
    "other_rep",
    "rep",
    "moderator",
    "admin",
)


def represent(user, requester) -> RequesterClaim:
    """Make `user` an approved representative of `requester` (claim approval is tested
    elsewhere)."""
    return RequesterClaim.objects.create(
        user=user,
        requester=requester,
        statement="I run this lab's studies.",
        contact="lab@example.org",
        status=RequesterClaim.Status.APPROVED,
    )


def with_role(user, role: str):
    user.profile.role = role
    user.profile.save(update_fields=["role"])
    return user


@dataclass
class Cast:
    review: Review
    worker: object
    author: object
    other_rep: object
    rep: object
    moderator: object
    second_moderator: object
    admin: object
    stranger: None = None

    def person(self, name: str):
        return getattr(self, name)


def make_cast() -> Cast:
    requester = RequesterFactory(display_name="Psychology Lab")
    author = UserFactory(pseudonym="early-bird", email="early.bird@private.example")
    review = ReviewFactory(author=author, requester=requester, task_title="Memory study")
    rep = UserFactory(pseudonym="lab-team")
    represent(rep, requester)
    other_rep = UserFactory(pseudonym="other-lab")
    represent(other_rep, RequesterFactory(display_name="Another Lab"))
    return Cast(
        review=review,
        worker=UserFactory(pseudonym="night-owl"),
        author=author,
        other_rep=other_rep,
        rep=rep,
        moderator=with_role(UserFactory(pseudonym="fair-mod"), WorkerProfile.Role.MODERATOR),
        second_moderator=with_role(
            UserFactory(pseudonym="second-mod"), WorkerProfile.Role.MODERATOR
        ),
        admin=with_role(UserFactory(pseudonym="the-admin"), WorkerProfile.Role.ADMIN),
    )

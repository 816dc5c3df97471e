"""Domain errors. Views map them to pages or HTTP codes; services raise them.

Validation failures are Django's ValidationError (with a field -> message dict) and refusals
are Django's PermissionDenied, so forms, the admin and DRF understand them as they are.
"""


class DomainError(Exception):
    """A rule of the domain refused the operation; the message is for the person."""


class ReviewAlreadyExists(DomainError):
    """The author already has a live review of this task; they should edit that one."""

    def __init__(self, review):
        self.review = review
        super().__init__(
            "You already reviewed this task for this requester. Edit that review instead."
        )


class FlagAlreadyExists(DomainError):
    """The worker already flagged this review; a second flag would only add noise."""

    def __init__(self, flag):
        self.flag = flag
        super().__init__("You already flagged this review; a moderator will look at it.")


class VoteAlreadyExists(DomainError):
    """The worker already marked this review helpful; one vote per account."""

    def __init__(self):
        super().__init__("You already marked this review helpful.")


class RateLimited(DomainError):
    """Too many actions of one kind in a while; ``retry_after`` says in how many seconds the
    next one fits."""

    def __init__(self, message: str, *, retry_after: int):
        self.retry_after = retry_after
        super().__init__(message)

from reviews.models.platforms import Platform, Requester, RequesterAlias
from reviews.models.profiles import WorkerProfile
from reviews.models.reviews import Review, ReviewRevision
from reviews.models.scores import PlatformRatingPrior, RequesterScore

__all__ = [
    "Platform",
    "PlatformRatingPrior",
    "Requester",
    "RequesterAlias",
    "RequesterScore",
    "Review",
    "ReviewRevision",
    "WorkerProfile",
]

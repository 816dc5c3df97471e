from reviews.models.platforms import Platform, Requester, RequesterAlias
from reviews.models.profiles import WorkerProfile
from reviews.models.reviews import Review, ReviewRevision

__all__ = [
    "Platform",
    "Requester",
    "RequesterAlias",
    "Review",
    "ReviewRevision",
    "WorkerProfile",
]

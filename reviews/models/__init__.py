from reviews.models.exports import ScoreExport
from reviews.models.flags import Flag
from reviews.models.platforms import Platform, Requester, RequesterAlias
from reviews.models.profiles import WorkerProfile
from reviews.models.reviews import Review, ReviewRevision
from reviews.models.scores import PlatformRatingPrior, RequesterScore
from reviews.models.tokens import ApiToken

__all__ = [
    "ApiToken",
    "Flag",
    "ScoreExport",
    "Platform",
    "PlatformRatingPrior",
    "Requester",
    "RequesterAlias",
    "RequesterScore",
    "Review",
    "ReviewRevision",
    "WorkerProfile",
]

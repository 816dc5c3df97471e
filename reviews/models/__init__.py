from reviews.models.abuse import AbuseSignal, NetworkFingerprint
from reviews.models.exports import ScoreExport
from reviews.models.flags import Flag
from reviews.models.moderation import (
    AppendOnlyError,
    Comment,
    Dispute,
    ModerationAction,
    Notification,
    RequesterClaim,
    RequesterReply,
)
from reviews.models.periodic import PeriodicTaskRun
from reviews.models.platforms import Platform, Requester, RequesterAlias
from reviews.models.profiles import WorkerProfile
from reviews.models.reviews import Review, ReviewRevision
from reviews.models.scores import (
    PlatformRatingPrior,
    PlatformWageChart,
    RequesterScore,
    ScoreRecomputeDue,
)
from reviews.models.tokens import ApiToken
from reviews.models.votes import HelpfulVote

__all__ = [
    "AbuseSignal",
    "NetworkFingerprint",
    "AppendOnlyError",
    "Comment",
    "Dispute",
    "ModerationAction",
    "Notification",
    "RequesterClaim",
    "RequesterReply",
    "ApiToken",
    "Flag",
    "HelpfulVote",
    "ScoreExport",
    "PeriodicTaskRun",
    "Platform",
    "PlatformRatingPrior",
    "PlatformWageChart",
    "Requester",
    "RequesterAlias",
    "RequesterScore",
    "ScoreRecomputeDue",
    "Review",
    "ReviewRevision",
    "WorkerProfile",
]

"""Moderation pages: the queue, a review's case, an account, a claim, merging requesters,
and the two public lists (the moderation log and hidden reviews).

The moderators' pages check the role up front so a worker gets a 403 rather than a form;
every write still goes through a service that checks it again, so a forged POST is refused
there too. A refused or invalid action comes back to the page it was sent from with a message.
"""

from .accounts import (
    moderation_account,
    moderation_account_role,
    moderation_account_suspend,
    moderation_account_unsuspend,
)
from .public import hidden_reviews, moderation_log_page
from .queue import (
    moderation_case,
    moderation_flag_resolve,
    moderation_queue,
    moderation_review_action,
)
from .requesters import moderation_claim, moderation_claim_decide, moderation_merge

__all__ = [
    "hidden_reviews",
    "moderation_account",
    "moderation_account_role",
    "moderation_account_suspend",
    "moderation_account_unsuspend",
    "moderation_case",
    "moderation_claim",
    "moderation_claim_decide",
    "moderation_flag_resolve",
    "moderation_log_page",
    "moderation_merge",
    "moderation_queue",
    "moderation_review_action",
]

"""What moderators do: resolve flags, hide and restore reviews, ask for edits, lock replies,
suspend posting, assign roles, merge duplicate requesters.

Every function checks who is acting itself, so a forged form or API call is refused the same
way as a click on a button that wasn't shown. Every action needs a reason and leaves an entry
in the public moderation log (reviews.services.moderation_log); the people concerned are told
(reviews.services.notifications), and never who flagged a review.

- rules.py: who may act (moderator, not a party to the review), AlreadyDone.
- review_actions.py: flags and reviews.
- accounts.py: suspensions and roles.
- requester_merge.py: merging duplicate requesters.
"""

from .accounts import role_assign, user_suspend, user_unsuspend
from .requester_merge import requesters_merge
from .review_actions import (
    FLAG_OUTCOMES,
    flag_resolve,
    review_ask_edit,
    review_hide,
    review_lock_replies,
    review_restore,
    review_unlock_replies,
)
from .rules import AlreadyDone, ensure_can_moderate, ensure_not_party

__all__ = [
    "FLAG_OUTCOMES",
    "AlreadyDone",
    "ensure_can_moderate",
    "ensure_not_party",
    "flag_resolve",
    "requesters_merge",
    "review_ask_edit",
    "review_hide",
    "review_lock_replies",
    "review_restore",
    "review_unlock_replies",
    "role_assign",
    "user_suspend",
    "user_unsuspend",
]

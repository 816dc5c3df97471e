"""Disputes: a requester's representative challenges a review, a moderator decides once,
the losing side may appeal once to a different moderator, and the dispute is closed.

    open ──decide──▶ decided ──appeal──▶ appealed ──decide appeal──▶ closed

Every step keeps who and when. The decisions:

- uphold: the review stays as it is;
- hide: the review leaves public view and the scores (status hidden, the rationale as its
  moderation reason, shown to its author);
- ask_edit: the review stays published and its author is asked to edit it.

The appeal decision replaces the first one and is final: `hide` hides the review (if it is
still published or held), while `uphold` or `ask_edit` after a first `hide` restore the
review to published. A review the author withdrew meanwhile stays withdrawn whatever is
decided. The losing side is the representative after `uphold` and the review's author after
`hide` or `ask_edit`.

Parties are the review's author, whoever opened the dispute and every representative of the
requester; no party decides, and the appeal goes to a moderator other than the first one.
Rationales are public (under the review); statements and answers are seen by the parties
and moderators only. Requesters see the author's pseudonym and nothing else about them.

A review is disputed once per version: after a decision, a new dispute needs the author to
have edited the review since (otherwise the losing side appeals instead).
"""

from .rules import (
    IN_PROGRESS,
    IN_PROGRESS_MESSAGE,
    can_view,
    dispute_actions,
    dispute_ensure_can,
    ensure_can_open,
    is_party,
)
from .steps import (
    RATIONALE_MAX_LENGTH,
    STATEMENT_MAX_LENGTH,
    dispute_answer,
    dispute_appeal,
    dispute_decide,
    dispute_decide_appeal,
    dispute_open,
)

__all__ = [
    "IN_PROGRESS",
    "IN_PROGRESS_MESSAGE",
    "RATIONALE_MAX_LENGTH",
    "STATEMENT_MAX_LENGTH",
    "can_view",
    "dispute_actions",
    "dispute_answer",
    "dispute_appeal",
    "dispute_decide",
    "dispute_decide_appeal",
    "dispute_ensure_can",
    "dispute_open",
    "ensure_can_open",
    "is_party",
]

"""Helpful votes from the database for the vote-ring detector (reviews.abuse.vote_rings).

Withdrawn votes count too: a ring that tidies up after itself still traded the votes.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta

from reviews.abuse.detection import Detection
from reviews.abuse.vote_rings import VoteRingLimits, VoteRow, detect_vote_rings
from reviews.models import HelpfulVote

# Rings build up over weeks; a sweep of the last days judges its new votes against these.
CONTEXT_DAYS = 30


def vote_rows(since: datetime, until: datetime, chunk_size: int = 5000) -> Iterator[VoteRow]:
    votes = (
        HelpfulVote.objects.filter(created_at__gte=since, created_at__lt=until)
        .order_by("created_at", "pk")
        .values_list("voter_id", "review_id", "review__author_id", "created_at")
    )
    for voter, review, author, created in votes.iterator(chunk_size=chunk_size):
        yield VoteRow(voter=voter, review_id=review, review_author=author, created_at=created)


def vote_rings_in_db(
    since: datetime, until: datetime, limits: VoteRingLimits | None = None
) -> list[Detection]:
    """Rings and cliques with a vote in [since, until), judged on the CONTEXT_DAYS before
    ``until`` (or from ``since``, if that is earlier)."""
    start = min(since, until - timedelta(days=CONTEXT_DAYS))
    return detect_vote_rings(list(vote_rows(start, until)), limits, since=since)

"""A detector's signal, written by hand, for the moderation queue's tests."""

from reviews.abuse.detection import Detection


def signal(kind, strength, reviews, accounts, requester=("mturk", "A1"), day="2026-02-01"):
    return Detection(
        kind=kind,
        strength=strength,
        review_ids=tuple(reviews),
        accounts=tuple(accounts),
        evidence="…",
        details={"requester": list(requester), "start": f"{day}T10:00:00+00:00"},
    )

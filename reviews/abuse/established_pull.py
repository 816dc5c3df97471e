"""How far a requester's established reviewers pull its rating right now, as a multiple of
what established reviewers usually do: the rating swing's yardstick for a requester that
really is doing better (or worse) than its consensus for a while.

``swings.py`` counts ``k`` thin accounts far from a requester's consensus among the ``n``
accounts reviewing it in a span, and judges ``k`` against a *rate of thin-and-far accounts
among all accounts*: platform-wide that is ``q``, a few per cent, because most accounts are
not thin and most reviews are not far. One of the rates it takes the largest of is meant to
allow for a requester that really pays a bonus or really rejected a batch: then its
established reviewers in the span are far the same way too, and thin ones with them are no
campaign. That evidence is a share of *established accounts* that are far, a different
quantity: platform-wide a fifth to a quarter of established accounts' reviews that could be
far above are far above (measured on the everyday honest model, small, seeds 1–3: 22–25 %;
workers differ in how easy they are to please, and a middling requester's fans give it 5).
Comparing ``k / n`` with that share, as the swing first did, judged a requester whose
established reviewers were perfectly ordinary (two fans among nine) as if one account in
eleven of all its reviewers were expected to be a thin fan, against the platform's one in
forty, and spread puppets praising it passed unnoticed (everyday, small, seed 1: six
one-review accounts of 16, p = 1.6e-3 at that rate, 2.5e-6 at the platform's).

So the established reviewers say how *unusual* the requester's span is, a relative pull:
the share of its established reviewers in the span that are far that way, shrunk towards the
platform's established share ``e`` with the weight of ``prior`` accounts, divided by ``e``.
A requester whose established reviewers are far as often as anywhere else has pull 1 (its
thin accounts are judged at ``q``); one whose established reviewers all gave it 5 in a good
week has pull ``1 / e`` and its thin fans are judged at ``q / e``. The pull is applied to the
rate of the thin accounts, ``q``, the quantity it is compared with.

Not at the thin limit (``swing_thin_max_reviews``), measured: there casual raters are as
likely as established ones to praise, and at full size on the everyday model (honest
traffic alone, seed 6) six thin fans of one requester, 6 of the 9 accounts reviewing it in
16 days, came to p = 8.7e-6 over the depths tested and were held; the one- and two-review
depths, where spread puppets are found, keep the pull.
"""

from __future__ import annotations

from reviews.abuse.stats import shrunk_share


def platform_share(far_accounts: int, accounts: int, floor: float) -> float:
    """The platform's share of established accounts far one way among those whose reviews
    could be (counted per requester and account), never under ``floor``."""
    return max(floor, far_accounts / accounts) if accounts else floor


def relative_pull(far_inside: int, inside: int, share: float, prior: int) -> float:
    """How many times the platform's established share ``share`` the requester's established
    reviewers in the span are far: (far_inside + prior·share) / (inside + prior) / share."""
    return shrunk_share(far_inside, inside, share, prior) / share

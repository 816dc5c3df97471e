"""All detectors over one set of rows, the single entry point for callers."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from reviews.abuse.bursts import detect_bursts, detect_new_account_bursts, find_burst_episodes
from reviews.abuse.consensus import detect_consensus_outliers
from reviews.abuse.detection import Detection, held_review_ids, sort_detections
from reviews.abuse.mass_flagging import detect_mass_flagging
from reviews.abuse.near_duplicates import detect_near_duplicates
from reviews.abuse.praise_bursts import detect_praise_bursts
from reviews.abuse.rare_text import FeaturesOf
from reviews.abuse.rows import AccountNetworks, FlagRow, Representatives, ReviewRow
from reviews.abuse.self_review import detect_self_reviews
from reviews.abuse.shared_network import detect_shared_networks
from reviews.abuse.swing_folding import fold_swings
from reviews.abuse.swings import detect_rating_swings
from reviews.abuse.thresholds import Thresholds


def run_all(
    rows: Sequence[ReviewRow],
    flags: Sequence[FlagRow] = (),
    representatives: Representatives | None = None,
    thresholds: Thresholds | None = None,
    *,
    account_networks: AccountNetworks | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
    history_start: datetime | None = None,
    every_requester: bool = True,
    features_of: FeaturesOf | None = None,
) -> list[Detection]:
    """Every detection in ``rows`` and ``flags``, strongest first. Acts on nothing.

    With ``since``/``until``, rows outside that range are context only (the burst baseline,
    the consensus, earlier copies of a text): a detection is returned only when it names at
    least one review or flag created in [since, until). ``history_start`` is when complete
    data begins (default: the first row), so a burst baseline never looks before it.
    ``every_requester=False`` says the rows are some requesters' only (the per-review check):
    rating swings, which judge accounts' whole histories against the platform's base rate,
    are then left to the periodic sweep. ``features_of`` is how the near-duplicate detector
    gets a text's features (``rare_text.FeatureCache`` for a sweep over windows).
    """
    thresholds = thresholds or Thresholds()
    representatives = representatives or {}
    rows = list(rows)
    episodes = find_burst_episodes(rows, thresholds, history_start)
    detections = [
        *detect_bursts(rows, thresholds, episodes=episodes),
        *detect_new_account_bursts(rows, thresholds, episodes=episodes),
        *detect_shared_networks(rows, thresholds, account_networks=account_networks),
        *detect_near_duplicates(
            rows, thresholds, account_networks=account_networks, features_of=features_of
        ),
        *detect_consensus_outliers(rows, thresholds),
        *detect_self_reviews(rows, representatives, thresholds, account_networks=account_networks),
    ]
    if every_requester:
        # Swings and praise bursts are folded against the specific signals only, never
        # against each other (swing_folding.py).
        detections = fold_swings(
            [
                *detections,
                *detect_rating_swings(rows, thresholds),
                *detect_praise_bursts(rows, episodes, thresholds),
            ],
            thresholds,
        )
    held = held_review_ids(detections, thresholds)
    detections.extend(detect_mass_flagging(flags, thresholds, held_review_ids=held))
    if since is not None or until is not None:
        review_times = {r.review_id: r.created_at for r in rows}
        flag_times = {f.flag_id: f.created_at for f in flags}

        def inside(moment: datetime) -> bool:
            return (since is None or moment >= since) and (until is None or moment < until)

        detections = [
            d
            for d in detections
            if any(inside(flag_times[i]) for i in d.flag_ids)
            or (not d.flag_ids and any(inside(review_times[i]) for i in d.review_ids))
        ]
    return sort_detections(detections)

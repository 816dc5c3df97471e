"""Every number the detectors use, in one place, overridable from Django settings.

Each field ``name`` is read from the setting ``ABUSE_<NAME>`` (e.g. ``ABUSE_HOLD_THRESHOLD``)
when it exists, else the default below. The detectors take a ``Thresholds`` object instead of
reading settings, so they stay pure and tests can pass any values.
"""

from __future__ import annotations

from dataclasses import dataclass, fields


@dataclass(frozen=True)
class Thresholds:
    # A detection at least this strong holds the reviews it names (out of the scores until a
    # moderator decides). Mass-flagging detections never hold: their reviews are the victims.
    hold_threshold: float = 0.7
    # An account younger than this when it writes a review counts as new.
    new_account_days: float = 7.0

    # burst: reviews on one requester within a window, against its trailing rate.
    burst_window_hours: float = 24.0
    burst_baseline_days: float = 30.0
    burst_min_reviews: int = 6
    burst_min_ratio: float = 4.0
    # Poisson tail probability of seeing that many reviews at the trailing rate.
    burst_max_p_value: float = 1e-4
    # A requester with (almost) no history is assumed to get at least this many reviews a day,
    # so its first batch is not a burst by itself.
    burst_min_daily_rate: float = 0.5

    # new-account burst: a burst in which new accounts wrote at least this share of the
    # reviews, from at least this many accounts, when that many would be this unlikely
    # (binomial tail) at the share new accounts usually write (never assumed below the floor).
    new_account_burst_min_share: float = 0.25
    new_account_burst_min_accounts: int = 4
    new_account_burst_max_p_value: float = 1e-5
    new_account_burst_min_usual_share: float = 0.02
    # Older accounts in the same burst rating the requester like the new ones (within this many
    # points), while that rating is far from the requester's usual one, are named too.
    new_account_burst_companion_gap: float = 0.75
    new_account_burst_min_shift: float = 1.5
    # ...when that many of the burst's older reviewers rating it so would be this unlikely
    # (binomial tail) at the share of the requester's earlier reviews that did (bursts.py).
    new_account_burst_companion_max_p_value: float = 0.05

    # shared network: distinct accounts on one fingerprint reviewing one requester.
    shared_network_min_accounts: int = 3
    shared_network_window_days: float = 14.0
    # ...and that many would be this unlikely (binomial tail) if the network's accounts
    # reviewed the requester as often as everyone else does: a mobile carrier's or a campus's
    # shared addresses put many accounts on one fingerprint, and a popular requester is
    # reviewed by many of them.
    shared_network_max_p_value: float = 1e-4

    # near-duplicate text across accounts (rare_text.py, corroboration.py): texts of at least
    # this many words, with rarity-weighted Jaccard similarity at least this high, sharing at
    # least this much information (nats: ln(N/df) summed over shared words and word pairs;
    # about twenty features each used by 1 in 400 accounts), with document frequencies out of at
    # least this many accounts.
    near_duplicate_min_words: int = 12
    near_duplicate_min_similarity: float = 0.5
    near_duplicate_min_information: float = 60.0
    near_duplicate_min_population: int = 1000
    # A word or word pair used by at least this share of all accounts weighs nothing.
    near_duplicate_common_share: float = 0.05
    # A group with one corroborating factor holds from this many accounts; two factors hold
    # at any size; none never holds.
    near_duplicate_hold_accounts: int = 4
    # A corroborating factor that honest groups of the same size could show by chance counts
    # only when it is at least this improbable (corroboration.py: new accounts among a group).
    corroboration_max_p_value: float = 0.01
    # ...and at most this improbable, it counts as a weak factor: one more beside another
    # factor, never one alone (corroboration.py).
    corroboration_weak_max_p_value: float = 0.05
    # The same-target pass (near_duplicates.py): on one requester, within this many days of
    # each other, texts are linked at these looser thresholds (half the similarity and half
    # the information of a copy anywhere); a linked group of at least this many accounts is
    # reported, and holds with as many factors as a pair of accounts needs.
    near_duplicate_target_min_similarity: float = 0.25
    near_duplicate_target_min_information: float = 30.0
    near_duplicate_target_window_days: float = 7.0
    near_duplicate_target_min_accounts: int = 3

    # consensus outlier: an account repeatedly far from other reviewers of the same requesters.
    consensus_min_others: int = 3
    consensus_min_gap: float = 2.0
    consensus_min_support: int = 4
    consensus_min_share: float = 0.75

    # rating swing (swings.py): at least this many accounts with at most this many reviews in
    # the rows, far the same way from the requester's established median within this many
    # days, when that many would be this unlikely (binomial tail) at the platform's share of
    # such reviews (never assumed below the floor).
    swing_min_accounts: int = 4
    swing_thin_max_reviews: int = 5
    # ...searched also among accounts with at most this many reviews, each depth against its
    # own platform rate, the least probable kept with its tail multiplied by the number of
    # depths tested (history_depth.py).
    swing_thin_tiers: tuple[int, ...] = (1, 2)
    swing_window_days: float = 42.0
    swing_max_p_value: float = 1e-5
    swing_min_base_rate: float = 0.005
    swing_min_gap: float = 1.5
    # praise burst (praise_bursts.py): in a burst, at least swing_min_accounts thin accounts
    # rating the requester at the end of the scale and at least this far above its established
    # median, when that many would be this unlikely (binomial tail).
    praise_burst_min_lift: float = 0.5
    praise_burst_max_p_value: float = 1e-5

    # self-review: a network with this many accounts or more is too shared to tie an account
    # to a representative.
    self_review_max_network_accounts: int = 10

    # mass flagging: one account, or a requester's representatives, flagging many reviews of
    # one requester within a window.
    mass_flag_window_hours: float = 24.0
    mass_flag_min_flags: int = 5

    # The periodic sweep: step through time in windows of this many days (each run also reads
    # the burst baseline before it), fetching rows from the database in chunks of this size.
    sweep_window_days: float = 30.0
    sweep_chunk_size: int = 2000

    @classmethod
    def from_settings(cls, **overrides) -> Thresholds:
        """The defaults, overridden by ``ABUSE_*`` settings, overridden by keyword arguments."""
        from django.conf import settings

        values = {}
        for f in fields(cls):
            setting = "ABUSE_" + f.name.upper()
            if hasattr(settings, setting):
                values[f.name] = type(f.default)(getattr(settings, setting))
        values.update(overrides)
        return cls(**values)

    @classmethod
    def setting_names(cls) -> list[str]:
        return ["ABUSE_" + f.name.upper() for f in fields(cls)]

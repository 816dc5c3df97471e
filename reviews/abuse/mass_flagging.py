"""One account, or a requester's representatives together, flagging many reviews of one
requester in a short time: an attempt to get criticism hidden by volume.

Flags on reviews that other detectors already hold don't count: a worker reporting a wave of
copy-paste spam is doing moderators a favour. Mass-flagging detections never hold the flagged
reviews (see ``detection.HOLDING_KINDS``); they point moderators at the flaggers.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Sequence
from datetime import timedelta

from reviews.abuse.detection import MASS_FLAGGING, Detection, plural, span_phrase
from reviews.abuse.rows import FlagRow, Id, RequesterKey, id_key, requester_key, requester_label
from reviews.abuse.thresholds import Thresholds


def _flags_in_dense_windows(flags: list[FlagRow], thresholds: Thresholds) -> list[FlagRow]:
    window = timedelta(hours=thresholds.mass_flag_window_hours)
    marked: set[int] = set()
    lo = 0
    for i, flag in enumerate(flags):
        while flags[lo].created_at < flag.created_at - window:
            lo += 1
        if i - lo + 1 >= thresholds.mass_flag_min_flags:
            marked.update(range(lo, i + 1))
    return [flags[i] for i in sorted(marked)]


def detect_mass_flagging(
    flags: Sequence[FlagRow],
    thresholds: Thresholds,
    *,
    held_review_ids: Collection[Id] = (),
) -> list[Detection]:
    by_flagger: dict[tuple[RequesterKey, Id], list[FlagRow]] = defaultdict(list)
    by_representatives: dict[RequesterKey, list[FlagRow]] = defaultdict(list)
    held = set(held_review_ids)
    for flag in flags:
        if flag.review_id in held:
            continue
        by_flagger[(flag.requester, flag.flagger)].append(flag)
        if flag.flagger_is_representative:
            by_representatives[flag.requester].append(flag)
    order = lambda f: (f.created_at, id_key(f.flag_id))  # noqa: E731
    detections = []
    covered: set[Id] = set()
    for requester in sorted(by_representatives, key=requester_key):
        ordered = sorted(by_representatives[requester], key=order)
        dense = _flags_in_dense_windows(ordered, thresholds)
        if not dense:
            continue
        covered.update(f.flag_id for f in dense)
        flaggers = {f.flagger for f in dense}
        detections.append(_detection(dense, requester, flaggers, thresholds, representatives=True))
    for key in sorted(by_flagger, key=lambda k: (requester_key(k[0]), id_key(k[1]))):
        dense = _flags_in_dense_windows(sorted(by_flagger[key], key=order), thresholds)
        if not dense or all(f.flag_id in covered for f in dense):
            continue
        detections.append(_detection(dense, key[0], {key[1]}, thresholds, representatives=False))
    return detections


def _detection(
    flags: list[FlagRow],
    requester: RequesterKey,
    flaggers: set[Id],
    thresholds: Thresholds,
    *,
    representatives: bool,
) -> Detection:
    reviews = {f.review_id for f in flags}
    strength = min(0.9, 0.5 + 0.05 * (len(flags) - thresholds.mass_flag_min_flags))
    label = requester_label(requester)
    span = span_phrase(flags[0].created_at, flags[-1].created_at)
    if representatives:
        strength = min(0.95, strength + 0.2)
        who = (
            f"{label}'s representative {next(iter(flaggers))}"
            if len(flaggers) == 1
            else f"{len(flaggers)} of {label}'s representatives"
        )
        evidence = (
            f"{who} flagged {plural(len(reviews), 'review')} of {label} in {span} "
            f"({plural(len(flags), 'flag')})."
        )
    else:
        evidence = (
            f"Account {next(iter(flaggers))} flagged {plural(len(reviews), 'review')} of "
            f"{label} in {span}."
        )
    return Detection(
        kind=MASS_FLAGGING,
        strength=strength,
        review_ids=tuple(reviews),
        accounts=tuple(flaggers),
        evidence=evidence,
        details={
            "requester": list(requester),
            "by_representatives": representatives,
            "flags": len(flags),
            "start": flags[0].created_at.isoformat(),
            "end": flags[-1].created_at.isoformat(),
        },
        flag_ids=tuple(f.flag_id for f in flags),
    )

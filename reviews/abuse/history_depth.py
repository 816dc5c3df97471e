"""How thin a history is, in tiers: the rating swing judges each depth against its own rate.

``swings.py`` calls an account *thin* when it has at most ``swing_thin_max_reviews`` (5)
reviews in the rows, and judges the thin accounts far from a requester's consensus against
the platform's share of such reviews. That pool is mixed. Accounts with two to five reviews
include the platform's casual raters, some of them easy to please, who praise a middling
requester now and then as part of an ordinary history; an account whose *only* review is
far from the consensus has nothing else behind it. Measured on the everyday honest model at
small size (honest traffic alone, seeds 1–3), thin accounts wrote a far-above review in
6.9–9.2 % of the reviews that could be far above, accounts with one review in 1.3–2.1 %:
six one-review accounts praising one requester in three weeks, ordinary against the first
rate, can be improbable against the second. A campaign that opens or buys an account per
review (spread puppets, aged rings) is exactly that, and it cannot hide it: every extra
review it gives an account costs effort, and ``swings.py`` names it as cover.

So a swing far *above* is searched at each depth ``d`` in ``swing_thin_tiers`` plus
``swing_thin_max_reviews`` (by default one review, at most two, at most five): the far
reviews by accounts with at most ``d`` reviews, against the platform's share of far reviews
by such accounts, each with the same span search, requester rate and established rate. The
depth whose test is least probable wins, and since several tests were made its tail is
multiplied by their number (Bonferroni: the chance that any of them passes by luck is at
most their sum), so the extra depths never make a chance swing likelier than the single
test was. What the swing names is the far reviews by accounts of the winning depth only: an
honest fan with four ordinary reviews, far above next to one-review puppets, is not named
with them when the one-review test wins (on the everyday model at full size such fans were
most of the honest reviews the swing held, their other reviews held as cover). Taking the
thinnest depth that passes, rather than the least probable, names fewer honest fans still,
but loses filler puppets whose fillers put them at depth 2–5 (measured at full size, seeds
1–3: filler recall 0.99 → 0.92), so it is not the rule.

A swing far *below* is tested at the thin limit only: honest workers mostly write when
something went wrong, so one-review complaints are common (on the same scenarios one-review
accounts are over half as likely as thin ones to be far below, against a third for far
above), and a brigade tested at depth 1 picked a longer span with stragglers, which the
damning rule then reads as spread out (everyday brigade, small seed 2: recall 1.00 → 0).

The consensus (established medians) and the established reviewers' rate do not depend on
the depth: they are what the far reviews are measured against.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TypeVar

from reviews.abuse.rows import Id
from reviews.abuse.thresholds import Thresholds

Found = TypeVar("Found")


def depths(thresholds: Thresholds, praise: bool = True) -> tuple[int, ...]:
    """The history depths tested, thinnest first: the configured tiers under the thin limit,
    and the thin limit itself; for a swing far below, the thin limit only (module
    docstring: a one-review complaint is what honest workers write)."""
    limit = thresholds.swing_thin_max_reviews
    tiers = {d for d in thresholds.swing_thin_tiers if 1 <= d < limit} if praise else set()
    return tuple(sorted(tiers | {limit}))


def accounts_within(per_author: Mapping[Id, int], depth: int) -> set[Id]:
    """The accounts with at most ``depth`` reviews in the rows."""
    return {author for author, count in per_author.items() if count <= depth}


def corrected_tail(p_value: float, tests: int) -> float:
    """A tail probability found as the least of ``tests`` tests, multiplied by their number
    (Bonferroni, capped at 1): the chance that any of them passes by luck is at most that."""
    return min(1.0, p_value * tests)


def least_probable(
    search: Callable[[int], tuple[float, Found] | None], tested: tuple[int, ...]
) -> tuple[float, int, Found] | None:
    """Runs ``search`` at each depth (it returns the tail probability and what it found, or
    None) and keeps the least probable, its tail multiplied by the number of depths tested
    (capped at 1): (corrected p, depth, found). On a tie the thinner depth wins, as it
    names fewer accounts."""
    best = None
    for depth in tested:
        result = search(depth)
        if result is None:
            continue
        corrected = corrected_tail(result[0], len(tested))
        if best is None or corrected < best[0]:
            best = (corrected, depth, result[1])
    return best

"""Property: honest reviews made of everyday phrases, added to a scenario, never create a hold.

The added reviews come from the everyday model's vocabulary (the phrases strangers share),
rated as everyone rates that requester, by long-standing accounts each on a home network of
its own or by the scenario's own honest workers, spread over the scenario's span or in a
wave on one to three requesters within a day. Whatever hypothesis picks, nothing new is held:
neither the added reviews nor any review that wasn't held before.
"""

import random
from datetime import timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reviews.abuse import Thresholds, held_review_ids, run_all
from reviews.abuse import scenario_everyday_texts as words
from reviews.abuse.rows import ReviewRow
from reviews.abuse.scenario_attacks import attack_rows
from reviews.abuse.scenario_mix import build_scenario

BASE = build_scenario("everyday", "none", 1, "small")
START = min(r.created_at for r in BASE.reviews)
SPAN_HOURS = int((max(r.created_at for r in BASE.reviews) - START).total_seconds() // 3600)
AUTHORS = sorted({r.author: r.author_joined_at for r in BASE.reviews}.items())
REQUESTERS = sorted({r.requester for r in BASE.reviews})
PHRASES = [*words.POSITIVE, *words.MIXED, *words.NEGATIVE]


def _consensus() -> dict:
    ratings: dict = {}
    for r in BASE.reviews:
        if r.mean_rating() is not None:
            ratings.setdefault(r.requester, []).append(r.mean_rating())
    return {k: round(sum(v) / len(v)) for k, v in ratings.items()}


CONSENSUS = _consensus()


def _held(reviews) -> set:
    thresholds = Thresholds()
    detections = run_all(reviews, BASE.flags, BASE.representatives, thresholds, account_networks={})
    return set(held_review_ids(detections, thresholds))


HELD_BEFORE = _held(BASE.reviews)


def _review(requesters, hours):
    return st.fixed_dictionaries(
        {
            "phrases": st.lists(st.sampled_from(PHRASES), min_size=1, max_size=3),
            "requester": requesters,
            "hour": hours,
            # None: a new long-standing account; else one of the scenario's honest workers.
            "author": st.none() | st.sampled_from(AUTHORS),
            "age_days": st.integers(365, 3000),
        }
    )


@st.composite
def wave(draw):
    """Many honest reviews of one to three requesters within a day: a batch went up."""
    requesters = draw(st.lists(st.sampled_from(REQUESTERS), min_size=1, max_size=3))
    start = draw(st.integers(0, SPAN_HOURS - 24))
    hours = st.integers(start, start + 24)
    return draw(st.lists(_review(st.sampled_from(requesters), hours), min_size=2, max_size=40))


spread = st.lists(
    _review(st.sampled_from(REQUESTERS), st.integers(0, SPAN_HOURS)), min_size=1, max_size=40
)


def _row(number: int, spec: dict) -> ReviewRow:
    moment = START + timedelta(hours=spec["hour"], minutes=number % 60)
    if spec["author"] is None:
        author, joined = f"H{number:04d}", moment - timedelta(days=spec["age_days"])
        network = f"home-{number:04d}"
    else:
        author, joined = spec["author"]
        network = f"home-of-{author}"
    stars = CONSENSUS.get(spec["requester"], 4)
    return ReviewRow(
        review_id=f"h{number:04d}",
        author=author,
        author_joined_at=joined,
        network=network,
        platform=spec["requester"][0],
        requester_id=spec["requester"][1],
        created_at=moment,
        text=" ".join(spec["phrases"]),
        ratings=dict.fromkeys(("pay", "fair", "fast", "comm"), stars),
        recommend=stars >= 3,
        label="honest",
    )


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(spread | wave())
def test_adding_honest_reviews_of_common_phrases_never_creates_a_hold(specs):
    added = [_row(number, spec) for number, spec in enumerate(specs, start=1)]
    reviews = sorted([*BASE.reviews, *added], key=lambda r: (r.created_at, str(r.review_id)))

    held = _held(reviews)

    assert held <= HELD_BEFORE, sorted(held - HELD_BEFORE)[:10]


def test_the_check_sees_a_hold_when_one_is_created():
    """The property can fail: a sock-puppet ring added the same way is held."""
    ring = attack_rows(BASE, ["sock_puppet_ring"], random.Random(3))
    reviews = sorted([*BASE.reviews, *ring], key=lambda r: (r.created_at, str(r.review_id)))

    held = _held(reviews)

    assert len(held & {r.review_id for r in ring}) >= len(ring) // 2

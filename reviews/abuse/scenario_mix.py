"""A scenario from an honest-traffic model and a choice of attacks.

Honest models (two independent ones, written by different hands):
- ``templates`` (``scenario_generator``): texts assembled from many templates and slots;
  with ``attacks="own"`` it is exactly ``generate_scenario``, its own attack mix included.
- ``everyday`` (``scenario_everyday``): short formulaic texts, households, campuses, a popular
  requester, honest batch and rejection waves; ``own`` means every kind of ``scenario_attacks``.

Attacks: ``own``, ``none``, ``all`` or a list of kinds of ``scenario_attacks.KINDS``, each
added once at size small and three times at size full. The same model, attacks, seed and size
always give the same rows.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from dataclasses import replace

from reviews.abuse.rows import ReviewRow, Scenario
from reviews.abuse.scenario_attacks import KINDS, attack_rows
from reviews.abuse.scenario_everyday import everyday_traffic
from reviews.abuse.scenario_generator import generate_honest_traffic, generate_scenario

HONEST_MODELS: dict[str, Callable[..., Scenario]] = {
    "templates": generate_honest_traffic,
    "everyday": everyday_traffic,
}
REPEATS = {"small": 1, "full": 3}
ATTACK_CHOICES = ("own", "none", "all", *KINDS)


def attack_kinds(model: str, attacks: str | Sequence[str]) -> list[str] | None:
    """The kinds to add, or None for the templates model's own mix."""
    if isinstance(attacks, str):
        attacks = [a.strip() for a in attacks.split(",") if a.strip()]
    if list(attacks) == ["own"]:
        return None if model == "templates" else list(KINDS)
    if list(attacks) == ["none"]:
        return []
    if list(attacks) == ["all"]:
        return list(KINDS)
    unknown = [a for a in attacks if a not in KINDS]
    if unknown or not attacks:
        raise ValueError(
            f"unknown attacks {', '.join(unknown) or '(none given)'}: use own, none, all or "
            f"kinds from {', '.join(KINDS)}"
        )
    return list(attacks)


def build_scenario(
    model: str = "templates",
    attacks: str | Sequence[str] = "own",
    seed: int = 1,
    size: str = "small",
    progress: Callable[[str], None] | None = None,
) -> Scenario:
    if model not in HONEST_MODELS:
        raise ValueError(f"model must be one of {', '.join(HONEST_MODELS)}, not {model!r}")
    if size not in REPEATS:
        raise ValueError(f"size must be one of {', '.join(REPEATS)}, not {size!r}")
    kinds = attack_kinds(model, attacks)
    if kinds is None:
        return generate_scenario(seed, size, progress)
    honest = HONEST_MODELS[model](seed, size, progress)
    # The attacks draw from a stream of their own: the honest rows are the same whatever
    # attacks are added to them.
    rng = random.Random(f"{model}:{seed}:{size}:{','.join(kinds)}")
    added = attack_rows(honest, kinds, rng, REPEATS[size]) if kinds else []
    if progress and kinds:
        progress(f"{len(added)} abusive reviews ({', '.join(kinds)})")
    return merge(honest, added)


def merge(honest: Scenario, added: list[ReviewRow]) -> Scenario:
    """Honest and abusive rows in one time order, numbered afresh (so an id says nothing
    about which side wrote a review), flags pointing at the new numbers."""
    rows = sorted(
        [*honest.reviews, *added], key=lambda r: (r.created_at, str(r.author), str(r.review_id))
    )
    renumbered, new_ids = [], {}
    for number, row in enumerate(rows, start=1):
        review_id = f"r{number:06d}"
        new_ids[row.review_id] = review_id
        renumbered.append(replace(row, review_id=review_id))
    flags = [replace(f, review_id=new_ids[f.review_id]) for f in honest.flags]
    return Scenario(
        reviews=renumbered,
        flags=flags,
        representatives=dict(honest.representatives),
        account_networks=dict(honest.account_networks),
    )

"""Plans of made-up requesters: ids in each platform's pattern, names, wages and tasks, each
derived from the seed and its index alone."""

import math
import random
import string
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from reviews.demo.vocabulary import (
    COMPANY_SUFFIXES,
    COMPANY_WORDS,
    FIELDS,
    FIRST_NAMES,
    HISTORY_DAYS,
    LABEL_OBJECTS,
    PLACES,
    PLATFORM_WEIGHTS,
    SURNAMES,
    SURVEY_TOPICS,
    TASK_TEMPLATES,
)
from reviews.models import Platform


@dataclass
class Task:
    title: str
    task_id: str
    minutes: float
    reward: Decimal


@dataclass
class RequesterPlan:
    index: int
    platform: Platform
    external_id: str
    display_name: str
    old_name: str
    first_seen_days_ago: float
    popularity: float
    base_wage: float
    rejection_rate: float
    responsiveness: float
    approval_hours: float
    tos_rate: float
    broken_rate: float
    tasks: list[Task] = field(default_factory=list)


def _money(value: float) -> Decimal:
    return Decimal(str(value)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def _alnum(rng: random.Random, alphabet: str, length: int) -> str:
    return "".join(rng.choice(alphabet) for _ in range(length))


UPPER_DIGITS = string.ascii_uppercase + string.digits
HEX = "0123456789abcdef"


def _external_id(rng: random.Random, slug: str) -> str:
    if slug == "mturk":  # "A" + 9 or more capitals or digits; real ones are 12-14 long
        return "A" + _alnum(rng, UPPER_DIGITS, rng.randint(11, 13))
    if slug == "prolific":  # 24 lowercase hex, like a MongoDB object id
        return _alnum(rng, HEX, 24)
    if slug == "toloka":
        return str(rng.randint(1_000_000, 99_999_999))
    if slug == "clickworker":
        return str(rng.randint(10_000, 999_999))
    return _alnum(rng, string.ascii_letters + string.digits, 12)


def _task_id(rng: random.Random, slug: str) -> str:
    if slug == "mturk":  # HIT group ids
        return "3" + _alnum(rng, UPPER_DIGITS, 29)
    if slug == "prolific":
        return _alnum(rng, HEX, 24)
    return ""


def _requester_name(rng: random.Random) -> str:
    kind = rng.random()
    if kind < 0.30:
        return f"{rng.choice(SURNAMES)} {rng.choice(['Lab', 'Research Group', 'Lab Studies'])}"
    if kind < 0.55:
        return f"{rng.choice(PLACES)} University {rng.choice(FIELDS)} Lab"
    if kind < 0.80:
        return f"{rng.choice(COMPANY_WORDS)}{rng.choice(COMPANY_WORDS).lower()} " + rng.choice(
            COMPANY_SUFFIXES
        )
    if kind < 0.92:
        return f"Dr. {rng.choice(FIRST_NAMES)} {rng.choice(SURNAMES)}"
    return f"{rng.choice(FIELDS)} Study Team {rng.randint(1, 9)}"


def _base_wage(rng: random.Random) -> float:
    tier = rng.random()
    if tier < 0.07:  # the awful ones workers warn each other about
        return rng.uniform(1.0, 5.0)
    if tier < 0.25:
        return rng.uniform(5.0, 8.0)
    if tier < 0.75:
        return rng.uniform(8.0, 14.0)
    return rng.uniform(14.0, 22.0)


def _plan_requester(seed: int, index: int, platforms: list[Platform]) -> RequesterPlan:
    rng = random.Random(f"{seed}:requester:{index}")
    platform = rng.choices(platforms, weights=[PLATFORM_WEIGHTS.get(p.slug, 5) for p in platforms])[
        0
    ]
    name = _requester_name(rng)
    plan = RequesterPlan(
        index=index,
        platform=platform,
        external_id=_external_id(rng, platform.slug),
        display_name=name,
        old_name=_requester_name(rng) if rng.random() < 0.06 else "",
        # Lantern grew over time: more requesters first seen recently.
        first_seen_days_ago=HISTORY_DAYS * (1 - math.sqrt(rng.random())),
        popularity=rng.lognormvariate(0, 1.0),
        base_wage=_base_wage(rng),
        rejection_rate=rng.uniform(0.15, 0.45) if rng.random() < 0.08 else rng.uniform(0, 0.04),
        responsiveness=rng.random(),
        approval_hours=rng.choice([2, 6, 24, 48, 72, 72, 72, 168, 336]) * rng.uniform(0.5, 1.5),
        tos_rate=rng.uniform(0.1, 0.4) if rng.random() < 0.05 else 0.0,
        broken_rate=rng.uniform(0.0, 0.05),
    )
    for _ in range(rng.randint(2, 12)):
        minutes = min(120.0, max(1.0, rng.lognormvariate(math.log(10), 0.7)))
        template = rng.choice(TASK_TEMPLATES)
        title = template.format(
            topic=rng.choice(SURVEY_TOPICS),
            objects=rng.choice(LABEL_OBJECTS),
            minutes=max(1, round(minutes)),
        )
        reward = _money(max(0.01, plan.base_wage * rng.uniform(0.8, 1.2) * minutes / 60))
        plan.tasks.append(Task(title, _task_id(rng, platform.slug), minutes, reward))
    return plan


def _duration_words(seconds: int) -> str:
    hours = seconds / 3600
    if hours < 1:
        return "under an hour"
    if hours < 36:
        return f"{round(hours)} hours"
    return f"{round(hours / 24)} days"

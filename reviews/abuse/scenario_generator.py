"""Made-up but realistic review traffic with labelled attacks, for evaluating the detectors.

Honest background: requesters with Zipf-like popularity and a true quality, reviewed both
steadily and in waves after they post batches (honest bursts); workers with long histories,
some new ones joining during the period, home networks with a few shared households, campus
networks and mobile carriers shared by many; ratings around each requester's quality with
personal bias and occasional bad experiences; texts assembled from many templates and slots;
a few honest flags, and a regular who flags a brigade's reviews.

Attacks (each labelled ``abusive``, written in scenario_template_attacks): a sock-puppet
ring, a brigade, copy-paste spam, a self-reviewing representative who then mass-flags its
critics, a paid reviewer, and an account mass-flagging one requester's reviews. ``full`` has
three of each attack.

Everything comes from one ``random.Random(seed)``: the same seed gives the same file.
"""

from __future__ import annotations

import math
import random
from collections.abc import Callable
from datetime import datetime

from reviews.abuse import scenario_texts as words
from reviews.abuse.rows import FlagRow, ReviewRow, Scenario
from reviews.abuse.scenario_template_attacks import TemplateAttacks
from reviews.abuse.scenario_template_drafts import DAY, END, HOUR, Draft, RequesterSpec, Worker

PLATFORMS = [("mturk", 45), ("prolific", 30), ("connect", 12), ("toloka", 7), ("clickworker", 6)]
SIZES = {
    "small": {"requesters": 120, "workers": 600, "days": 42, "reviews": 3000, "attacks": 1},
    "full": {"requesters": 1200, "workers": 6000, "days": 70, "reviews": 30000, "attacks": 3},
}


class Generator(TemplateAttacks):
    def __init__(self, seed: int, size: str):
        self.rng = random.Random(seed)
        self.size = SIZES[size]
        self.start = END - self.size["days"] * DAY
        self.drafts: list[Draft] = []
        self.flags: list[tuple[str, Draft, datetime, str]] = []
        self.representatives: dict[tuple[str, str], list[str]] = {}
        self.rep_networks: dict[str, list[str]] = {}
        self._ids: set[str] = set()

    # --- identities ---------------------------------------------------------------------
    def new_id(self, prefix: str, length: int = 10) -> str:
        while True:
            value = prefix + "".join(self.rng.choices("ABCDEFGHJKLMNPQRSTUVWXYZ23456789", k=length))
            if value not in self._ids:
                self._ids.add(value)
                return value

    def network(self) -> str:
        return f"{self.rng.getrandbits(64):016x}"

    def make_worker(self, joined_at: datetime, activity: float = 1.0) -> Worker:
        return Worker(
            id=self.new_id("w"),
            joined_at=joined_at,
            activity=activity,
            bias=self.rng.gauss(0, 0.35),
            home=self.network(),
        )

    # --- honest background --------------------------------------------------------------
    def honest_population(self) -> None:
        rng = self.rng
        n = self.size["workers"]
        self.workers: list[Worker] = []
        for _ in range(n):
            if rng.random() < 0.12:
                joined = self.start + rng.uniform(-10, self.size["days"] - 3) * DAY
            else:
                joined = self.start - rng.uniform(20, 1500) * DAY
            self.workers.append(self.make_worker(joined, rng.paretovariate(1.3)))
        carriers = [self.network() for _ in range(5)]
        campuses = [self.network() for _ in range(2)]
        for worker in self.workers:
            roll = rng.random()
            if roll < 0.05:
                # A household: two (rarely three) accounts behind one home connection.
                housemate = rng.choice(self.workers)
                worker.home = housemate.home
            if rng.random() < 0.25:
                worker.extra_networks.append((rng.choice(carriers), 0.25))
            if rng.random() < 0.05:
                worker.extra_networks.append((rng.choice(campuses), 0.4))
        self.requesters: list[RequesterSpec] = []
        names, weights = zip(*PLATFORMS, strict=True)
        for rank in range(1, self.size["requesters"] + 1):
            platform = rng.choices(names, weights)[0]
            quality = min(4.8, max(1.4, rng.betavariate(3, 2) * 4 + 1))
            self.requesters.append(
                RequesterSpec(platform, self.new_id("A", 12), quality, 1 / rank**0.9)
            )
        rng.shuffle(self.requesters)
        self.cumulative_activity = []
        total = 0.0
        for worker in self.workers:
            total += worker.activity
            self.cumulative_activity.append(total)

    def pick_worker(self, moment: datetime) -> Worker:
        for _ in range(100):
            worker = self.rng.choices(self.workers, cum_weights=self.cumulative_activity)[0]
            if worker.joined_at + 0.2 * DAY < moment:
                return worker
        return self.workers[0]

    def honest_times(self, spec: RequesterSpec, expected: float) -> list[datetime]:
        rng = self.rng
        days = self.size["days"]
        times = []
        steady = _poisson(rng, expected * 0.6)
        for _ in range(steady):
            times.append(self.start + rng.uniform(0, days) * DAY)
        batches = max(1, _poisson(rng, days / 10))
        in_batches = _poisson(rng, expected * 0.4)
        moments = [self.start + rng.uniform(0, days) * DAY for _ in range(batches)]
        for _ in range(in_batches):
            times.append(rng.choice(moments) + rng.expovariate(1 / 10) * HOUR)
        return sorted(t for t in times if t < END)

    def honest_reviews(self) -> None:
        total_weight = sum(r.weight for r in self.requesters)
        for spec in self.requesters:
            expected = self.size["reviews"] * spec.weight / total_weight
            for moment in self.honest_times(spec, expected):
                self.drafts.append(self.honest_review(self.pick_worker(moment), spec, moment))

    def honest_review(self, worker: Worker, spec: RequesterSpec, moment: datetime) -> Draft:
        rng = self.rng
        shift = 0.0
        roll = rng.random()
        if roll < 0.05:
            shift = -2.5  # a bad experience: a rejection, a broken task
        elif roll < 0.08:
            shift = 1.2
        level = spec.quality + worker.bias + shift
        ratings = None
        if rng.random() < 0.7:
            names = ("pay", "fair", "fast", "comm") if rng.random() < 0.8 else ("pay", "fair")
            ratings = {n: _clip(round(level + rng.gauss(0, 0.6))) for n in names}
        recommend = None
        if rng.random() < 0.85:
            recommend = (level + rng.gauss(0, 0.5)) >= 3
        tone = "good" if level >= 3.6 else "bad" if level < 2.4 else "mixed"
        return Draft(
            worker, spec, moment, self.honest_text(spec, tone), ratings, recommend, "honest"
        )

    def honest_text(self, spec: RequesterSpec, tone: str) -> str:
        rng = self.rng
        roll = rng.random()
        if roll < 0.08:
            return ""
        if roll < 0.2:
            return rng.choice(words.SHORT_TEXTS)
        minutes = rng.randint(2, 60)
        amount = round(rng.uniform(0.1, 6.0), 2)
        slots = {
            "kind": rng.choice(words.TASK_KINDS),
            "topic": rng.choice(words.TOPICS),
            "count": rng.randint(2, 40),
            "amount": f"{amount:.2f}",
            "minutes": minutes,
            "minutes2": minutes + rng.randint(3, 20),
            "hourly": f"{amount * 60 / minutes:.2f}",
            "days": rng.randint(2, 20),
            "hours": rng.randint(1, 48),
            "weeks": rng.randint(2, 5),
            "problem": rng.choice(words.PROBLEMS),
            "adjective": rng.choice(words.ADJECTIVES),
            "platform": spec.platform,
            "period": rng.choice(words.PERIODS),
            "bonus": f"{rng.uniform(0.05, 2):.2f}",
        }
        parts = [rng.choice(words.TASK_SENTENCES)]
        if rng.random() < 0.85:
            parts.append(rng.choice(words.PAY_SENTENCES))
        if rng.random() < 0.5:
            parts.append(rng.choice(words.APPROVAL_SENTENCES))
        if rng.random() < 0.25:
            parts.append(rng.choice(words.COMM_SENTENCES))
        parts.extend(rng.sample(words.OPINIONS[tone], rng.randint(0, 2)))
        rng.shuffle(parts)
        return " ".join(p.format(**slots) for p in parts)

    def honest_flags(self) -> None:
        rng = self.rng
        honest = [d for d in self.drafts if d.label == "honest"]
        for draft in rng.sample(honest, len(honest) // 100):
            flagger = self.pick_worker(draft.created_at)
            self.flags.append(
                (flagger.id, draft, draft.created_at + rng.uniform(1, 72) * HOUR, "honest")
            )

    # --- attacks ------------------------------------------------------------------------
    # --- assembly -----------------------------------------------------------------------
    def build(
        self, progress: Callable[[str], None] | None = None, *, attacks: bool = True
    ) -> Scenario:
        self._targets: set[str] = set()
        self._brigade: list[Draft] = []
        self.honest_population()
        self.honest_reviews()
        if progress:
            progress(f"{len(self.drafts)} honest reviews")
        self.honest_flags()
        for _ in range(self.size["attacks"] if attacks else 0):
            self.sock_puppet_ring()
            self.brigade()
            self.copy_paste_spam()
            self.self_review()
            self.paid_reviewer()
            self.lone_mass_flagger()
        self.regular_flags_brigade()
        return self.assemble()

    def assemble(self) -> Scenario:
        rng = self.rng
        self.drafts.sort(key=lambda d: (d.created_at, d.worker.id, d.requester.id))
        ids = {}
        reviews = []
        for number, draft in enumerate(self.drafts, start=1):
            network = draft.network
            if network is None:
                network = draft.worker.home
                for extra, share in draft.worker.extra_networks:
                    if rng.random() < share:
                        network = extra
                        break
            row = ReviewRow(
                review_id=f"r{number:06d}",
                author=draft.worker.id,
                author_joined_at=draft.worker.joined_at,
                network=network,
                platform=draft.requester.platform,
                requester_id=draft.requester.id,
                created_at=draft.created_at,
                text=draft.text,
                ratings=draft.ratings,
                recommend=draft.recommend,
                label=draft.label,
            )
            ids[id(draft)] = row
            reviews.append(row)
        reps = {k: frozenset(v) for k, v in self.representatives.items()}
        flags = []
        self.flags.sort(key=lambda f: (f[2], f[0], ids[id(f[1])].review_id))
        seen = set()
        for number, (flagger, draft, moment, label) in enumerate(self.flags, start=1):
            row = ids[id(draft)]
            if (flagger, row.review_id) in seen or flagger == row.author:
                continue  # one flag per worker and review, and nobody flags their own
            seen.add((flagger, row.review_id))
            flags.append(
                FlagRow(
                    flag_id=f"f{number:05d}",
                    flagger=flagger,
                    review_id=row.review_id,
                    platform=row.platform,
                    requester_id=row.requester_id,
                    created_at=moment,
                    flagger_is_representative=flagger in reps.get(row.requester, ()),
                    label=label,
                )
            )
        return Scenario(
            reviews=reviews,
            flags=flags,
            representatives=reps,
            account_networks={k: frozenset(v) for k, v in self.rep_networks.items()},
        )


def _poisson(rng: random.Random, mean: float) -> int:
    if mean <= 0:
        return 0
    if mean > 50:
        return max(0, round(rng.gauss(mean, math.sqrt(mean))))
    limit, k, product = math.exp(-mean), 0, rng.random()
    while product > limit:
        k += 1
        product *= rng.random()
    return k


def _clip(value: int) -> int:
    return min(5, max(1, value))


def generate_scenario(
    seed: int = 1, size: str = "small", progress: Callable[[str], None] | None = None
) -> Scenario:
    """A labelled scenario; the same seed and size always give the same rows."""
    if size not in SIZES:
        raise ValueError(f"size must be one of {', '.join(SIZES)}, not {size!r}")
    return Generator(seed, size).build(progress)


def generate_honest_traffic(
    seed: int = 1, size: str = "small", progress: Callable[[str], None] | None = None
) -> Scenario:
    """This model's honest reviews and flags only, for attacks written elsewhere
    (``scenario_attacks``) to be added to."""
    if size not in SIZES:
        raise ValueError(f"size must be one of {', '.join(SIZES)}, not {size!r}")
    return Generator(seed, size).build(progress, attacks=False)

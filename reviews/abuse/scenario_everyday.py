"""The second honest-traffic model, written from how crowd workers behave, not from what any
detector looks for: only honest reviews (and a few honest flags), every one labelled honest.

- **Texts are short and formulaic**: mostly 3–20 words from a small everyday vocabulary
  drawn by popularity, so strangers write the very same phrases ("Great requester, fast
  pay.") all the time; some reviews are empty; a few workers now and then tell a longer story.
- **Personal habits**: a third of the workers have a personal template (the same facts with
  new numbers, their usual praise) they reuse across requesters; others sign every review the
  same way; some write all in lower case or drop the full stops, and phones make typos; Toloka
  workers often write in Russian; rating styles differ (all fives unless something went
  wrong, recommend only, nuanced), and some workers are harder to please than others.
- **When**: work follows the workers' day (the Americas for MTurk, Europe for Prolific).
- **Who reviews**: a heavy-tailed activity (a few power reviewers write hundreds), workers
  joining during the period, and one-timers who open an account to write a single review,
  usually after a bad experience.
- **Networks**: households (2–4 accounts behind one home connection, often doing the same
  batch on the same day after telling each other about it), campus networks shared by dozens
  of students (many of them new accounts, several reviewing their university's lab), mobile
  carriers and VPN exits shared by strangers, home addresses that change now and then.
- **Requesters**: Zipf-like popularity over five platforms, one very popular requester
  reviewed by hundreds, batch posters whose batches bring waves of honest reviews within
  hours, and a requester that rejects a whole batch and gets a wave of honest one-star reviews.

Everything comes from one ``random.Random(seed)``: the same seed and size give the same rows.
"""

from __future__ import annotations

import math
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from reviews.abuse import scenario_everyday_texts as texts
from reviews.abuse.rows import FlagRow, ReviewRow, Scenario
from reviews.abuse.scenario_everyday_writing import EverydayWriting, ranked

END = datetime(2026, 6, 1, tzinfo=UTC)
DAY = timedelta(days=1)
HOUR = timedelta(hours=1)
SIZES = {
    "small": {"requesters": 180, "workers": 800, "days": 45, "reviews": 4500, "rejections": 1},
    "full": {"requesters": 1000, "workers": 3000, "days": 90, "reviews": 27000, "rejections": 3},
}
PLATFORMS = [("mturk", 50), ("prolific", 30), ("connect", 10), ("toloka", 5), ("clickworker", 5)]
# Share of all reviews that the most popular requester gets.
POPULAR_SHARE = 0.1
STYLES = [("casual", 40), ("template", 30), ("signature", 15), ("silent", 15)]
RATING_STYLES = [("generous", 45), ("recommend_only", 25), ("nuanced", 30)]


PEAK_HOUR = {"mturk": 19, "prolific": 14, "toloka": 11, "connect": 19}


def _awake(peak: int) -> list[float]:
    """Activity by UTC hour: a broad day around the peak, a quiet night."""
    return [0.15 + math.exp(-(min(abs(h - peak), 24 - abs(h - peak)) ** 2) / 32) for h in range(24)]


_AWAKE = {peak: _awake(peak) for peak in {*PEAK_HOUR.values(), 12}}


@dataclass
class Worker:
    id: str
    joined_at: datetime
    activity: float
    platforms: list[str]
    style: str
    rating_style: str
    homes: list[str]
    # How much better or worse than others this worker finds the same work.
    bias: float = 0.0
    lower_case: bool = False
    no_stops: bool = False
    # A personal template: the facts this worker always gives, and their usual praise.
    template: list[str] = field(default_factory=list)
    praise: list[str] = field(default_factory=list)
    signature: str = ""
    storyteller: bool = False
    household: list[Worker] = field(default_factory=list)
    campus: str | None = None
    # (fingerprint, share of reviews written from it): mobile carrier, VPN exit, campus.
    other_networks: list[tuple[str, float]] = field(default_factory=list)


@dataclass
class Requester:
    platform: str
    id: str
    quality: float
    weight: float
    batches: bool


@dataclass
class Draft:
    worker: Worker
    requester: Requester
    created_at: datetime
    tone: str
    # Set when the place decides the network (a campus lab study); else the worker's habit.
    network: str | None = None


class EverydayTraffic(EverydayWriting):
    def __init__(self, seed: int, size: str):
        if size not in SIZES:
            raise ValueError(f"size must be one of {', '.join(SIZES)}, not {size!r}")
        self.rng = random.Random(seed)
        self.size = SIZES[size]
        self.start = END - self.size["days"] * DAY
        self.drafts: list[Draft] = []
        self._ids: set[str] = set()
        self._labs: list[str] = []

    # --- identities -----------------------------------------------------------------------
    def new_id(self, prefix: str, length: int) -> str:
        while True:
            value = prefix + "".join(
                self.rng.choices("ABCDEFGHJKLMNPQRSTUVWXYZ0123456789", k=length)
            )
            if value not in self._ids:
                self._ids.add(value)
                return value

    def fingerprint(self) -> str:
        return f"{self.rng.getrandbits(64):016x}"

    def worker(self, joined_at: datetime, activity: float) -> Worker:
        rng = self.rng
        names, weights = zip(*PLATFORMS, strict=True)
        platforms = [rng.choices(names, weights)[0]]
        if rng.random() < 0.4:
            platforms.append(rng.choices(names, weights)[0])
        style = rng.choices(*zip(*STYLES, strict=True))[0]
        w = Worker(
            id=self.new_id("W", 13),
            joined_at=joined_at,
            activity=activity,
            platforms=sorted(set(platforms)),
            style=style,
            rating_style=rng.choices(*zip(*RATING_STYLES, strict=True))[0],
            homes=[self.fingerprint() for _ in range(rng.choice((1, 1, 1, 2, 3)))],
            bias=rng.gauss(0, 0.4),
            lower_case=rng.random() < 0.2,
            no_stops=rng.random() < 0.25,
            storyteller=rng.random() < 0.08,
        )
        if style == "template":
            w.template = rng.sample(texts.FACTS, rng.randint(1, 2))
            w.praise = [ranked(rng, texts.POSITIVE) for _ in range(rng.randint(0, 2))]
        if style == "signature" or rng.random() < 0.1:
            w.signature = ranked(rng, texts.SIGN_OFFS if rng.random() < 0.5 else texts.POSITIVE)
        return w

    # --- population -----------------------------------------------------------------------
    def population(self) -> None:
        rng = self.rng
        days = self.size["days"]
        self.workers = []
        for _ in range(self.size["workers"]):
            if rng.random() < 0.15:
                joined = self.start + rng.uniform(-5, days - 2) * DAY
            else:
                joined = self.start - rng.uniform(30, 2500) * DAY
            self.workers.append(self.worker(joined, rng.paretovariate(1.2)))
        self.households()
        self.campuses()
        self.shared_pools()
        self.requesters = []
        names, weights = zip(*PLATFORMS, strict=True)
        for rank in range(1, self.size["requesters"] + 1):
            quality = min(4.9, max(1.3, rng.betavariate(3.5, 1.8) * 4 + 1))
            self.requesters.append(
                Requester(
                    platform=rng.choices(names, weights)[0],
                    id=self.new_id("A", 13),
                    quality=quality,
                    weight=1 / rank**1.0,
                    batches=rng.random() < 0.45,
                )
            )
        # The most popular requester: a well-liked batch poster everybody works for.
        popular = self.requesters[0]
        popular.quality, popular.batches, popular.platform = 4.5, True, "mturk"
        self.by_platform: dict[str, tuple[list[Worker], list[float]]] = {}
        for name in names:
            pool = [w for w in self.workers if name in w.platforms]
            cumulative, total = [], 0.0
            for w in pool:
                total += w.activity
                cumulative.append(total)
            self.by_platform[name] = (pool, cumulative)

    def households(self) -> None:
        rng = self.rng
        for w in self.workers:
            if w.household or rng.random() >= 0.05:
                continue
            others = [o for o in rng.sample(self.workers, rng.randint(1, 3)) if o is not w]
            members = [w] + [o for o in others if not o.household]
            for member in members:
                member.homes = list(w.homes)
                member.household = [m for m in members if m is not member]
                # Housemates tell each other about good work: they share a platform.
                if w.platforms[0] not in member.platforms:
                    member.platforms.append(w.platforms[0])

    def campuses(self) -> None:
        rng = self.rng
        count = 2 if self.size["days"] < 60 else 5
        self.campus_groups: list[tuple[str, list[Worker]]] = []
        for _ in range(count):
            network = self.fingerprint()
            students = rng.sample(self.workers, rng.randint(15, 40))
            self.campus_groups.append((network, students))
            for s in students:
                s.campus = network
                s.other_networks.append((network, 0.5))
                if "prolific" not in s.platforms:
                    s.platforms.append("prolific")
                if rng.random() < 0.5:  # signed up at the start of term
                    s.joined_at = self.start - rng.uniform(0, 40) * DAY

    def shared_pools(self) -> None:
        rng = self.rng
        carriers = [self.fingerprint() for _ in range(6)]
        exits = [self.fingerprint() for _ in range(3)]
        for w in self.workers:
            if rng.random() < 0.3:
                w.other_networks.append((rng.choice(carriers), 0.2))
            if rng.random() < 0.03:
                w.other_networks.insert(0, (rng.choice(exits), 0.9))

    def pick_worker(self, platform: str, moment: datetime, *, everyone: bool = False) -> Worker:
        """A worker by activity; ``everyone``: any worker of the platform alike (the biggest
        requester's work is done by nearly everybody, not mostly by the power reviewers)."""
        pool, cumulative = self.by_platform[platform]
        for _ in range(50):
            if everyone:
                w = self.rng.choice(pool)
            else:
                w = self.rng.choices(pool, cum_weights=cumulative)[0]
            if w.joined_at + 2 * HOUR < moment:
                return w
        return self.make_one_timer(moment)

    def make_one_timer(self, moment: datetime) -> Worker:
        w = self.worker(moment - self.rng.uniform(0.02, 3) * DAY, 0.0)
        self.workers.append(w)
        return w

    # --- traffic --------------------------------------------------------------------------
    def traffic(self) -> None:
        rng = self.rng
        total = self.size["reviews"]
        rest = sum(r.weight for r in self.requesters[1:])
        for index, r in enumerate(self.requesters):
            if index == 0:
                expected = total * POPULAR_SHARE
            else:
                expected = total * (1 - POPULAR_SHARE) * 1.15 * r.weight / rest
            for moment in self.moments(r, expected):
                worker = self.pick_worker(r.platform, moment, everyone=index == 0)
                self.review(worker, r, moment)
        # One-timers: a tenth of the traffic, an account opened to write one review.
        for _ in range(int(total * 0.1 * (1 - POPULAR_SHARE))):
            r = rng.choices(self.requesters[1:], cum_weights=self._cumulative_weights())[0]
            moment = self.daytime(r.platform)
            tone = "negative" if rng.random() < 0.6 else None
            self.review(self.make_one_timer(moment), r, moment, tone=tone)
        for _ in range(self.size["rejections"]):
            self.rejection_wave()
        for network, students in self.campus_groups:
            self.campus_lab(network, students)

    def _cumulative_weights(self) -> list[float]:
        if not hasattr(self, "_weights"):
            self._weights, total = [], 0.0
            for r in self.requesters[1:]:
                total += r.weight
                self._weights.append(total)
        return self._weights

    def daytime(self, platform: str) -> datetime:
        """A moment in the period, at an hour when that platform's workers are awake (in UTC:
        the Americas for MTurk, Europe for Prolific, Russia for Toloka)."""
        rng = self.rng
        day = rng.randrange(self.size["days"])
        hour = rng.choices(range(24), weights=_AWAKE[PEAK_HOUR.get(platform, 12)])[0]
        return self.start + day * DAY + (hour + rng.random()) * HOUR

    def moments(self, r: Requester, expected: float) -> list[datetime]:
        rng = self.rng
        days = self.size["days"]
        count = max(0, round(rng.gauss(expected, expected**0.5)))
        in_waves = round(count * (0.6 if r.batches else 0.1))
        out = [self.daytime(r.platform) for _ in range(count - in_waves)]
        if in_waves:
            waves = [self.start + rng.uniform(0, days - 1) * DAY for _ in range(1 + count // 60)]
            for _ in range(in_waves):
                # Work starts as the batch goes up; reviews follow within hours.
                out.append(rng.choice(waves) + rng.expovariate(1 / 4) * HOUR)
        return sorted(m for m in out if m < END)

    def review(self, w: Worker, r: Requester, moment: datetime, tone: str | None = None) -> None:
        rng = self.rng
        if tone is None:
            tone = self.tone(w, r)
        self.drafts.append(Draft(w, r, moment, tone))
        for mate in w.household:
            if rng.random() < 0.25 and mate.joined_at < moment:
                # Told a housemate about it; they did it too and reviewed it that evening.
                self.drafts.append(Draft(mate, r, moment + rng.uniform(0.2, 8) * HOUR, tone))

    def tone(self, w: Worker, r: Requester) -> str:
        rng = self.rng
        experience = r.quality + w.bias + rng.gauss(0, 0.7)
        if rng.random() < 0.06:
            experience -= 2.5  # a rejection, a broken task, a screen-out
        return "positive" if experience >= 3.2 else "negative" if experience < 2.2 else "mixed"

    def rejection_wave(self) -> None:
        """A requester with a good record rejects a whole batch: many honest one-star reviews
        on one day, most with the same few words, from workers of every age."""
        rng = self.rng
        r = rng.choice([r for r in self.requesters[3:40] if r.batches and r.platform == "mturk"])
        moment = self.start + rng.uniform(self.size["days"] * 0.4, self.size["days"] - 2) * DAY
        for _ in range(rng.randint(12, 35)):
            w = self.pick_worker(r.platform, moment)
            draft = Draft(w, r, moment + rng.expovariate(1 / 6) * HOUR, "rejected")
            self.drafts.append(draft)

    def campus_lab(self, network: str, students: list[Worker]) -> None:
        """The university's own lab recruits on Prolific through a class: a third to a half
        of the campus's workers take its study within a week, many on the campus network."""
        rng = self.rng
        labs = [r for r in self.requesters[5:] if r.platform == "prolific"]
        lab = rng.choice([r for r in labs[:40] if r.id not in self._labs] or labs)
        self._labs.append(lab.id)
        opens = self.start + rng.uniform(0, self.size["days"] - 8) * DAY
        for s in rng.sample(students, round(len(students) * rng.uniform(0.33, 0.5))):
            moment = max(opens, s.joined_at + HOUR) + rng.uniform(0, 7) * DAY
            on_campus = network if rng.random() < 0.7 else None
            self.drafts.append(Draft(s, lab, moment, self.tone(s, lab), network=on_campus))

    # --- writing --------------------------------------------------------------------------

    def network(self, w: Worker, moment: datetime) -> str:
        for fingerprint, share in w.other_networks:
            if self.rng.random() < share:
                return fingerprint
        # A dynamic home address: the one in use depends on the week.
        week = int((moment - self.start) / (7 * DAY))
        return w.homes[week * 7919 % len(w.homes)]

    # --- assembly -------------------------------------------------------------------------
    def build(self, progress: Callable[[str], None] | None = None) -> Scenario:
        self.population()
        self.traffic()
        self.drafts = [d for d in self.drafts if d.created_at < END]
        self.drafts.sort(key=lambda d: (d.created_at, d.worker.id, d.requester.id))
        reviews, seen = [], set()
        for d in self.drafts:
            key = (d.worker.id, d.requester.id)
            if key in seen and self.rng.random() < 0.5:
                continue  # many workers review a requester once and then only edit it
            seen.add(key)
            ratings, recommend = self.ratings(d)
            reviews.append(
                ReviewRow(
                    review_id=f"e{len(reviews) + 1:06d}",
                    author=d.worker.id,
                    author_joined_at=d.worker.joined_at,
                    network=d.network or self.network(d.worker, d.created_at),
                    platform=d.requester.platform,
                    requester_id=d.requester.id,
                    created_at=d.created_at,
                    text=self.text(d),
                    ratings=ratings,
                    recommend=recommend,
                    label="honest",
                )
            )
        if progress:
            progress(f"{len(reviews)} honest reviews (everyday model)")
        return Scenario(reviews=reviews, flags=self.flags(reviews))

    def flags(self, reviews: list[ReviewRow]) -> list[FlagRow]:
        """Honest flags: a worker now and then reports a review they think is wrong."""
        rng = self.rng
        out = []
        for row in rng.sample(reviews, len(reviews) // 150):
            flagger = self.pick_worker(row.platform, row.created_at)
            if flagger.id == row.author:
                continue
            out.append(
                FlagRow(
                    flag_id=f"g{len(out) + 1:05d}",
                    flagger=flagger.id,
                    review_id=row.review_id,
                    platform=row.platform,
                    requester_id=row.requester_id,
                    created_at=row.created_at + rng.uniform(1, 96) * HOUR,
                    label="honest",
                )
            )
        return sorted(out, key=lambda f: (f.created_at, f.flag_id))


def everyday_traffic(
    seed: int = 1, size: str = "small", progress: Callable[[str], None] | None = None
) -> Scenario:
    """Honest reviews only, labelled honest; the same seed and size give the same rows."""
    return EverydayTraffic(seed, size).build(progress)

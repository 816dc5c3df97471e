"""Labelled attacks added on top of any honest traffic, written from what attackers do.

An attack reads only the honest rows (which requesters exist, how they are rated, the time
span, short texts to copy) and adds reviews by accounts of its own, each labelled abusive,
so it mixes with either honest model. Kinds:

Classic:
- ``sock_puppet_ring``: 8–14 new accounts (0.3–6 days old) on 2–3 networks praise a poor requester
  within a day and a half, pasting one glowing message with small changes.
- ``brigade``: 15–30 accounts (about 60% new) bury a well rated requester with one-star
  slogans within six hours, a fifth of them from two shared networks.
- ``copy_paste_spam``: 3–6 accounts paste one long promotional text on 2–5 requesters each.
- ``slow_drip_puppets``: 6–10 accounts, each opened a day or three before its only review,
  praise one poor requester every 2–5 days, on 1–2 networks, one message lightly varied.

Variants the detectors were not shaped on:
- ``aged_ring``: 8–12 accounts opened 200–1,500 days ago and never used, each on its own
  residential network, praise a poor requester within two days in varied short words.
- ``spread_puppets``: 6–10 accounts of mixed ages, each on its own network, praise a poor
  requester at random moments over five to six weeks, in varied short words.
- ``paraphrased_ring``: 8–12 new accounts on 2–4 networks post paraphrases of one message
  (a wording per sentence, shuffled, one sentence sometimes dropped) within three days.
- ``filler_puppets``: 6–10 accounts opened weeks before write 1–3 filler reviews each on
  popular requesters (rated like everyone rates them, with short texts copied from real
  reviews), then praise a poor requester within two days. The filler reviews are fabricated
  too (no work was done), so they are labelled abusive.
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from reviews.abuse import scenario_attack_texts as texts
from reviews.abuse.rows import Id, ReviewRow, Scenario

DAY = timedelta(days=1)
HOUR = timedelta(hours=1)
FIVE_STARS = ("pay", "fair", "fast", "comm")


@dataclass
class Target:
    platform: str
    id: Id
    reviews: int
    mean: float


class World:
    """What an attacker can see of the honest traffic, and the rows it adds."""

    def __init__(self, honest: Scenario, rng: random.Random):
        self.rng = rng
        self.start = min(r.created_at for r in honest.reviews)
        self.end = max(r.created_at for r in honest.reviews)
        self.span = self.end - self.start
        sums: dict[tuple[str, Id], list[float]] = {}
        for row in honest.reviews:
            mean = row.mean_rating()
            entry = sums.setdefault(row.requester, [0, 0.0, 0])
            entry[0] += 1
            if mean is not None:
                entry[1] += mean
                entry[2] += 1
        self.ranked = sorted(
            (
                Target(platform, rid, n, total / rated if rated else 3.0)
                for (platform, rid), (n, total, rated) in sums.items()
            ),
            key=lambda t: (-t.reviews, t.platform, str(t.id)),
        )
        self.short_texts = [
            r.text for r in honest.reviews if r.text and len(r.text.split()) <= 12
        ] or ["Good."]
        self.taken: set[tuple[str, Id]] = set()
        self.accounts: set[Id] = {r.author for r in honest.reviews}
        self.id_prefix, self.id_length, self.id_alphabet = _account_id_form(self.accounts)
        self.rows: list[ReviewRow] = []

    def moment(self, low: float = 0.45, high: float = 0.9) -> datetime:
        return self.start + self.rng.uniform(low, high) * self.span

    def target(self, good: bool) -> Target:
        """A requester of middling popularity with a clear record: the biggest drown an attack,
        the smallest have nothing to move."""
        pool = [t for t in self.ranked[3 : max(10, len(self.ranked) // 2)] if t.reviews >= 6]
        pool = [t for t in pool if (t.platform, t.id) not in self.taken] or self.ranked
        clear = [t for t in pool if (t.mean >= 3.8 if good else t.mean <= 3.2)]
        if not clear:
            clear = sorted(pool, key=lambda t: -t.mean if good else t.mean)[:5]
        choice = self.rng.choice(clear)
        self.taken.add((choice.platform, choice.id))
        return choice

    def account(self, joined_days_before: float, moment: datetime) -> tuple[str, datetime]:
        """A fresh account id in the honest model's form (``_account_id_form``): a label in
        the id would tell anyone reading a scenario which accounts are the attackers."""
        body = self.id_length - len(self.id_prefix)
        while True:
            # Always 13 draws, whatever the form, so the attacks' randomness after it is the
            # same for every honest model.
            drawn = "".join(self.rng.choices(self.id_alphabet, k=13))
            name = self.id_prefix + drawn[:body]
            if name not in self.accounts:
                self.accounts.add(name)
                return name, moment - joined_days_before * DAY

    def fingerprint(self) -> str:
        return f"{self.rng.getrandbits(64):016x}"

    def review(
        self,
        author: tuple[str, datetime],
        network: str,
        target: Target,
        moment: datetime,
        text: str,
        stars: int | None,
        recommend: bool | None,
    ) -> None:
        ratings = None
        if stars is not None:
            ratings = {n: stars if stars in (1, 5) else self.rng.choice((4, 5)) for n in FIVE_STARS}
        self.rows.append(
            ReviewRow(
                review_id=f"x{len(self.rows) + 1:05d}",
                author=author[0],
                author_joined_at=author[1],
                network=network,
                platform=target.platform,
                requester_id=target.id,
                created_at=moment,
                text=text,
                ratings=ratings,
                recommend=recommend,
                label="abusive",
            )
        )


def _varied(rng: random.Random, message: str, tails: list[str]) -> str:
    text = message + rng.choice(tails)
    roll = rng.random()
    if roll < 0.15:
        return text.lower()
    if roll < 0.3:
        return text.replace(",", "", 1)
    return text


def _ring(world: World, size: int, within: timedelta, networks: int, text) -> None:
    """New accounts, a few networks between them, all praising one poor requester."""
    rng = world.rng
    target = world.target(good=False)
    t0 = world.moment()
    shared = [world.fingerprint() for _ in range(networks)]
    for i in range(size):
        moment = t0 + rng.random() * within
        author = world.account(rng.uniform(0.3, 6), moment)
        world.review(author, shared[i % len(shared)], target, moment, text(), 5, True)


def sock_puppet_ring(world: World) -> None:
    rng = world.rng
    message = rng.choice(texts.RING_MESSAGES)
    size, networks = rng.randint(8, 14), rng.randint(2, 3)
    _ring(world, size, 36 * HOUR, networks, lambda: _varied(rng, message, texts.RING_TAILS))


def brigade(world: World) -> None:
    rng = world.rng
    target = world.target(good=True)
    t0 = world.moment()
    shared = [world.fingerprint() for _ in range(2)]
    for _ in range(rng.randint(15, 30)):
        moment = t0 + rng.uniform(0, 6) * HOUR
        new = rng.random() < 0.6
        author = world.account(rng.uniform(0.5, 7) if new else rng.uniform(60, 900), moment)
        network = rng.choice(shared) if rng.random() < 0.2 else world.fingerprint()
        text = " ".join(rng.sample(texts.BRIGADE_SLOGANS, rng.randint(1, 3)))
        stars = 1 if rng.random() < 0.8 else None
        world.review(author, network, target, moment, text, stars, False)


def copy_paste_spam(world: World) -> None:
    rng = world.rng
    message = rng.choice(texts.SPAM_MESSAGES)
    t0 = world.moment()
    popular = world.ranked[: max(4, len(world.ranked) // 2)]
    for _ in range(rng.randint(3, 6)):
        joined = rng.uniform(1, 6) if rng.random() < 0.5 else rng.uniform(30, 400)
        author = world.account(joined, t0)
        network = world.fingerprint()
        for target in rng.sample(popular, min(len(popular), rng.randint(2, 5))):
            moment = t0 + rng.uniform(0, 5) * DAY
            text = _varied(rng, message, texts.SPAM_TAILS)
            stars = 1 if rng.random() < 0.5 else None
            world.review(author, network, target, moment, text, stars, None)


def slow_drip_puppets(world: World) -> None:
    rng = world.rng
    target = world.target(good=False)
    moment = world.moment(0.2, 0.4)
    networks = [world.fingerprint() for _ in range(rng.randint(1, 2))]
    message = rng.choice(texts.RING_MESSAGES)
    for i in range(rng.randint(6, 10)):
        author = world.account(rng.uniform(0.5, 3), moment)
        text = _varied(rng, message, texts.RING_TAILS)
        world.review(author, networks[i % len(networks)], target, moment, text, 5, True)
        moment += rng.uniform(2, 5) * DAY
        if moment > world.end:
            break


def _praise(rng: random.Random) -> str:
    words = rng.sample(texts.PRAISE, rng.choice((1, 1, 2)))
    return " ".join(words)


def aged_ring(world: World) -> None:
    rng = world.rng
    target = world.target(good=False)
    t0 = world.moment()
    for _ in range(rng.randint(8, 12)):
        moment = t0 + rng.uniform(0, 48) * HOUR
        author = world.account(rng.uniform(200, 1500), moment)
        stars = rng.choice((5, 5, 4))
        world.review(author, world.fingerprint(), target, moment, _praise(rng), stars, True)


def spread_puppets(world: World) -> None:
    rng = world.rng
    target = world.target(good=False)
    t0 = world.moment(0.1, 0.3)
    weeks = rng.uniform(5, 6) * 7 * DAY
    for _ in range(rng.randint(6, 10)):
        moment = min(world.end, t0 + rng.random() * weeks)
        author = world.account(rng.choice((rng.uniform(2, 20), rng.uniform(30, 600))), moment)
        stars = rng.choice((5, 5, 4))
        world.review(author, world.fingerprint(), target, moment, _praise(rng), stars, True)


def paraphrase(rng: random.Random, message: list[list[str]]) -> str:
    sentences = [rng.choice(wordings) for wordings in message]
    rng.shuffle(sentences)
    if rng.random() < 0.4:
        sentences.pop(rng.randrange(len(sentences)))
    return " ".join(sentences)


def paraphrased_ring(world: World) -> None:
    rng = world.rng
    message = rng.choice(texts.PARAPHRASES)
    size, networks = rng.randint(8, 12), rng.randint(2, 4)
    _ring(world, size, 3 * DAY, networks, lambda: paraphrase(rng, message))


def filler_puppets(world: World) -> None:
    rng = world.rng
    target = world.target(good=False)
    t0 = world.moment(0.6, 0.9)
    popular = world.ranked[: max(3, len(world.ranked) // 10)]
    shared = [world.fingerprint() for _ in range(2)]
    for _ in range(rng.randint(6, 10)):
        author = world.account(rng.uniform(20, 90), t0)
        network = rng.choice(shared) if rng.random() < 0.3 else world.fingerprint()
        for place in rng.sample(popular, min(len(popular), rng.randint(1, 3))):
            earliest = max(author[1] + DAY, world.start)
            moment = earliest + rng.random() * (t0 - DAY - earliest)
            stars = max(1, min(5, round(place.mean)))
            text = rng.choice(world.short_texts) if rng.random() < 0.8 else ""
            world.review(author, network, place, moment, text, stars, stars >= 4)
        moment = t0 + rng.uniform(0, 48) * HOUR
        world.review(author, network, target, moment, _praise(rng), 5, True)


KINDS: dict[str, Callable[[World], None]] = {
    "sock_puppet_ring": sock_puppet_ring,
    "brigade": brigade,
    "copy_paste_spam": copy_paste_spam,
    "slow_drip_puppets": slow_drip_puppets,
    "aged_ring": aged_ring,
    "spread_puppets": spread_puppets,
    "paraphrased_ring": paraphrased_ring,
    "filler_puppets": filler_puppets,
}
CLASSIC = ("sock_puppet_ring", "brigade", "copy_paste_spam", "slow_drip_puppets")
VARIANTS = ("aged_ring", "spread_puppets", "paraphrased_ring", "filler_puppets")


def attack_rows(
    honest: Scenario, kinds: list[str], rng: random.Random, repeats: int = 1
) -> list[ReviewRow]:
    """The abusive reviews of ``repeats`` attacks of each kind on top of ``honest``."""
    unknown = [k for k in kinds if k not in KINDS]
    if unknown:
        raise ValueError(f"unknown attack kind {', '.join(unknown)} (use {', '.join(KINDS)})")
    world = World(honest, rng)
    for _ in range(repeats):
        for kind in kinds:
            KINDS[kind](world)
    return world.rows


def _account_id_form(accounts: set[Id]) -> tuple[str, int, str]:
    """The form of the honest accounts' ids: their most common first character, most common
    length and the characters after the first (sorted), so that attackers' ids look alike."""
    names = [str(a) for a in accounts if str(a)] or ["W0000000000000"]
    prefix = Counter(n[0] for n in names).most_common(1)[0][0]
    length = Counter(len(n) for n in names).most_common(1)[0][0]
    alphabet = "".join(sorted({c for n in names for c in n[1:]})) or "0123456789"
    return prefix, max(length, 2), alphabet

"""The templates model's own attacks, each labelled ``abusive``: a sock-puppet ring padding
a mediocre requester, a brigade burying a good one, copy-paste spam across accounts and
requesters, a representative reviewing its own requester (and an alt account on its network)
then mass-flagging its critics, a paid reviewer praising several poor requesters, an account
mass-flagging one requester's reviews, and a regular flagging a brigade (honest flags).

A part of scenario_generator's Generator (its population, networks and random source)."""

from __future__ import annotations

from datetime import datetime

from reviews.abuse import scenario_texts as words
from reviews.abuse.scenario_template_drafts import DAY, END, HOUR, Draft, RequesterSpec


class TemplateAttacks:
    def attack_time(self) -> datetime:
        return self.start + self.rng.uniform(21, self.size["days"] - 2) * DAY

    def target(self, good: bool, first: int = 5, last: int | None = None) -> RequesterSpec:
        """A requester of middling popularity (by rank, from ``first`` to ``last``): attacks on
        the biggest ones drown, tiny ones have no history to compare with."""
        ranked = sorted(self.requesters, key=lambda r: -r.weight)
        pool = ranked[first : last or len(ranked) // 2]
        pool = [r for r in pool if (r.quality >= 3.7 if good else r.quality <= 3.0)]
        pool = [r for r in pool if r.id not in self._targets]
        choice = self.rng.choice(pool)
        self._targets.add(choice.id)
        return choice

    def sock_puppet_ring(self) -> None:
        rng = self.rng
        spec = self.target(good=False)
        t0 = self.attack_time()
        networks = [self.network() for _ in range(rng.randint(2, 3))]
        base = rng.choice(words.GLOWING_BASES)
        for i in range(rng.randint(8, 14)):
            puppet = self.make_worker(t0 - rng.uniform(0.5, 5) * DAY)
            text = base + " " + rng.choice(words.GLOWING_ADDITIONS)
            if rng.random() < 0.3:
                text = text.upper() if rng.random() < 0.2 else text.replace(".", "!", 1)
            moment = t0 + rng.uniform(0, 36) * HOUR
            ratings = {n: rng.choice((5, 5, 5, 4)) for n in ("pay", "fair", "fast", "comm")}
            draft = Draft(
                puppet,
                spec,
                moment,
                text.strip(),
                ratings,
                True,
                "abusive",
                network=networks[i % len(networks)],
            )
            self.drafts.append(draft)

    def brigade(self) -> None:
        rng = self.rng
        spec = self.target(good=True)
        t0 = self.attack_time()
        count = rng.randint(18, 30)
        shared = [self.network() for _ in range(2)]
        for _ in range(count):
            if rng.random() < 0.65:
                member = self.make_worker(t0 - rng.uniform(0.5, 6) * DAY)
                network = rng.choice(shared) if rng.random() < 0.2 else member.home
            else:
                member = self.make_worker(t0 - rng.uniform(60, 900) * DAY)
                network = member.home
            text = " ".join(rng.sample(words.BRIGADE_SENTENCES, rng.randint(1, 3)))
            ratings = None
            if rng.random() < 0.8:
                ratings = {"pay": 1, "fair": 1, "fast": rng.choice((1, 1, 2)), "comm": 1}
            draft = Draft(
                member,
                spec,
                t0 + rng.uniform(0, 5) * HOUR,
                text,
                ratings,
                False,
                "abusive",
                network=network,
            )
            self.drafts.append(draft)
            self._brigade.append(draft)

    def copy_paste_spam(self) -> None:
        rng = self.rng
        base = rng.choice(words.SPAM_BASES)
        t0 = self.attack_time()
        ranked = sorted(self.requesters, key=lambda r: -r.weight)[: len(self.requesters) // 2]
        for _ in range(rng.randint(4, 6)):
            joined = t0 - (rng.uniform(1, 6) if rng.random() < 0.5 else rng.uniform(30, 400)) * DAY
            spammer = self.make_worker(joined)
            for spec in rng.sample(ranked, rng.randint(2, 4)):
                text = base + rng.choice(words.SPAM_ADDITIONS)
                ratings = {"pay": 1, "fair": 1} if rng.random() < 0.5 else None
                moment = t0 + rng.uniform(0, 5) * DAY
                self.drafts.append(Draft(spammer, spec, moment, text, ratings, None, "abusive"))

    def self_review(self) -> None:
        rng = self.rng
        spec = self.target(good=False, first=2, last=len(self.requesters) // 6)
        rep = self.make_worker(self.start - rng.uniform(100, 900) * DAY)
        office = self.network()
        self.representatives[(spec.platform, spec.id)] = [rep.id]
        self.rep_networks[rep.id] = [office]
        t0 = self.attack_time()
        texts = list(words.SELF_REVIEW_TEXTS)
        rng.shuffle(texts)
        ratings = {n: 5 for n in ("pay", "fair", "fast", "comm")}
        self.drafts.append(
            Draft(rep, spec, t0, texts[0], ratings, True, "abusive", network=rep.home)
        )
        alt = self.make_worker(t0 - rng.uniform(2, 20) * DAY)
        self.drafts.append(
            Draft(
                alt,
                spec,
                t0 + rng.uniform(2, 30) * HOUR,
                texts[1],
                dict(ratings),
                True,
                "abusive",
                network=office,
            )
        )
        # Then it flags its critics, all within a few hours.
        critics = self.earlier_honest_reviews(spec, t0)
        critics.sort(key=lambda d: (d.recommend is not False, -d.created_at.timestamp()))
        for draft in critics[: rng.randint(6, 9)]:
            self.flags.append((rep.id, draft, t0 + rng.uniform(0, 3) * HOUR, "abusive"))

    def paid_reviewer(self) -> None:
        """One account praising several poor requesters of one owner over weeks, in varied
        words from its own network: only its disagreement with everyone else gives it away."""
        rng = self.rng
        reviewer = self.make_worker(self.start - rng.uniform(30, 300) * DAY)
        ranked = sorted(self.requesters, key=lambda r: -r.weight)[5 : len(self.requesters) // 2]
        poor = [r for r in ranked if r.quality <= 2.6 and r.id not in self._targets]
        for spec in rng.sample(poor, min(len(poor), rng.randint(5, 7))):
            self._targets.add(spec.id)
            moment = self.start + rng.uniform(7, self.size["days"] - 1) * DAY
            ratings = {n: rng.choice((5, 5, 4)) for n in ("pay", "fair", "fast", "comm")}
            text = self.honest_text(spec, "good")
            self.drafts.append(Draft(reviewer, spec, moment, text, ratings, True, "abusive"))

    def earlier_honest_reviews(self, spec: RequesterSpec, moment: datetime) -> list[Draft]:
        return [
            d
            for d in self.drafts
            if d.requester is spec and d.label == "honest" and d.created_at < moment
        ]

    def lone_mass_flagger(self) -> None:
        rng = self.rng
        spec = self.target(good=True, first=1, last=len(self.requesters) // 6)
        flagger = self.pick_worker(END - 5 * DAY)
        t0 = self.attack_time()
        victims = self.earlier_honest_reviews(spec, t0)
        for draft in rng.sample(victims, min(len(victims), rng.randint(6, 10))):
            self.flags.append((flagger.id, draft, t0 + rng.uniform(0, 2) * HOUR, "abusive"))

    def regular_flags_brigade(self) -> None:
        """A requester's regular reports a brigade: honest flags on abusive reviews."""
        if not self._brigade:
            return
        rng = self.rng
        first = min(d.created_at for d in self._brigade)
        regular = self.pick_worker(first)
        for draft in rng.sample(self._brigade, min(8, len(self._brigade))):
            moment = max(draft.created_at, first + 6 * HOUR) + rng.uniform(0, 3) * HOUR
            self.flags.append((regular.id, draft, moment, "honest"))

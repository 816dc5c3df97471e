"""How the everyday model's workers write a review (scenario_everyday): the words, picked by
popularity from a small everyday vocabulary, a personal template or signature, lower case,
dropped full stops, a phone's typos; and the ratings, by the worker's rating style.

A part of scenario_everyday's EverydayTraffic (its random source)."""

from __future__ import annotations

import bisect
import random
from typing import TYPE_CHECKING

from reviews.abuse import scenario_everyday_texts as texts

if TYPE_CHECKING:
    from reviews.abuse.scenario_everyday import Draft, Worker


def ranked(rng: random.Random, pool: list[str], skew: float = 1.1) -> str:
    """A phrase by popularity: the first of a list is written by far the most often."""
    weights = _RANK_WEIGHTS.setdefault((len(pool), skew), _zipf(len(pool), skew))
    return pool[bisect.bisect(weights, rng.random() * weights[-1])]


def _zipf(n: int, skew: float) -> list[float]:
    total, out = 0.0, []
    for rank in range(1, n + 1):
        total += 1 / rank**skew
        out.append(total)
    return out


_RANK_WEIGHTS: dict[tuple[int, float], list[float]] = {}


class EverydayWriting:
    def slots(self) -> dict[str, str | int]:
        rng = self.rng
        minutes = rng.choice((2, 3, 5, 5, 8, 10, 10, 12, 15, 15, 20, 25, 30, 45))
        amount = round(max(0.05, minutes * rng.uniform(0.06, 0.25)), 2)
        return {
            "amount": f"{amount:.2f}",
            "minutes": minutes,
            "minutes2": minutes + rng.choice((2, 5, 5, 10, 15)),
            "hourly": f"{amount * 60 / minutes:.0f}",
            "days": rng.choice((1, 2, 2, 3, 3, 5, 7)),
            "hours": rng.choice((2, 3, 4, 12, 24)),
            "count": rng.choice((2, 3, 5, 10, 20, 50)),
        }

    def text(self, d: Draft) -> str:
        rng = self.rng
        w = d.worker
        if d.tone == "rejected":
            parts = [ranked(rng, texts.REJECTION_WAVE, 0.9)]
            if rng.random() < 0.3:
                parts.append(ranked(rng, texts.NEGATIVE))
            return self.finish(w, parts, sign=False)
        if w.style == "silent" and rng.random() < 0.7 or rng.random() < 0.08:
            return ""
        if w.storyteller and rng.random() < 0.3:
            parts = [
                " ".join(
                    (
                        rng.choice(texts.STORY_OPENINGS),
                        rng.choice(texts.STORY_MIDDLES),
                        rng.choice(texts.STORY_ENDINGS),
                    )
                )
            ]
            return self.finish(w, parts, sign=False)
        pool = {"positive": texts.POSITIVE, "mixed": texts.MIXED, "negative": texts.NEGATIVE}
        if d.requester.platform == "toloka" and rng.random() < 0.4:
            pool = texts.RUSSIAN
        if w.template and rng.random() < 0.75:
            verdict = w.praise if d.tone == "positive" else [ranked(rng, pool[d.tone])]
            parts = [*w.template, *verdict]
        else:
            parts = [ranked(rng, pool[d.tone]) for _ in range(rng.choice((1, 1, 1, 2, 2, 3)))]
            if rng.random() < 0.2:
                parts.insert(0, rng.choice(texts.FACTS))
        parts = list(dict.fromkeys(parts))
        return self.finish(w, parts, sign=d.tone == "positive")

    def finish(self, w: Worker, parts: list[str], *, sign: bool) -> str:
        slots = self.slots()
        out = []
        for part in parts:
            part = part.format(**slots)
            out.append(part[0].upper() + part[1:] if not w.lower_case else part)
        if sign and w.signature and w.signature not in out:
            out.append(w.signature)
        joined = ". ".join(p.rstrip(".") for p in out) + "."
        if self.rng.random() < 0.05:
            joined = self.typo(joined)
        joined = joined.replace("!.", "!").replace("?.", "?").replace(":).", ":)")
        if w.no_stops:
            joined = joined.rstrip(".")
        return joined.lower() if w.lower_case else joined

    def typo(self, text: str) -> str:
        """A letter dropped or two swapped, as typed on a phone."""
        rng = self.rng
        words = text.split(" ")
        long = [i for i, word in enumerate(words) if len(word) >= 5 and word.isalpha()]
        if not long:
            return text
        i = rng.choice(long)
        word = words[i]
        k = rng.randrange(1, len(word) - 1)
        if rng.random() < 0.5:
            words[i] = word[:k] + word[k + 1 :]
        else:
            words[i] = word[: k - 1] + word[k] + word[k - 1] + word[k + 1 :]
        return " ".join(words)

    def ratings(self, d: Draft) -> tuple[dict[str, int] | None, bool | None]:
        rng = self.rng
        level = {"positive": 5, "mixed": 3, "negative": 2, "rejected": 1}[d.tone]
        if d.tone == "negative" and rng.random() < 0.5:
            level = 1
        style = d.worker.rating_style
        recommend = level >= 4 if d.tone != "mixed" else rng.random() < 0.5
        if style == "recommend_only" or rng.random() < 0.1:
            return None, recommend
        if style == "generous":
            ratings = dict.fromkeys(("pay", "fair", "fast", "comm"), level)
        else:
            names = ("pay", "fair", "fast", "comm") if rng.random() < 0.7 else ("pay", "fast")
            ratings = {n: min(5, max(1, level + rng.choice((-1, 0, 0, 0, 1)))) for n in names}
        return ratings, recommend if rng.random() < 0.8 else None

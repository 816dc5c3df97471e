"""The evaluation grid's figures: one line per honest model × attack kind × seed, pooled per
model and kind, and a Markdown table of them (``manage.py evaluate_abuse``).

Figures are on held reviews, from ``detect_abuse``'s own evaluation (``evaluation.held`` and
``evaluation.queue``): precision, recall, honest reviews held and queue entries per 1,000
honest reviews (moderation-queue entries that are not collapsed; hints grouped per requester
and day, and by the same accounts across them, count once; see ``queue.py``). Pooled
figures add the counts of every seed; the worst seed is shown too, since the targets hold on
every seed.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

TARGETS = {"precision": 0.9, "recall": 0.9, "honest_held_pct": 0.5, "queue_per_1000": 2.0}


@dataclass(frozen=True)
class Run:
    model: str
    attack: str
    seed: int
    honest: int
    abusive: int
    held: int
    held_abusive: int
    queue_entries: int
    # Hint groups listed folded under the queue: shown, not counted as entries.
    collapsed_groups: int = 0

    @classmethod
    def from_evaluation(cls, model: str, attack: str, seed: int, report: dict) -> Run:
        return cls(
            model=model,
            attack=attack,
            seed=seed,
            honest=report["honest"],
            abusive=report["abusive"],
            held=report["held"]["named"],
            held_abusive=report["held"]["true_positives"],
            queue_entries=report["queue"]["entries"],
            collapsed_groups=report["queue"]["collapsed_hint_groups"],
        )

    @property
    def precision(self) -> float | None:
        return self.held_abusive / self.held if self.held else None

    @property
    def recall(self) -> float | None:
        return self.held_abusive / self.abusive if self.abusive else None

    @property
    def honest_held_pct(self) -> float:
        return 100 * (self.held - self.held_abusive) / self.honest

    @property
    def queue_per_1000(self) -> float:
        return 1000 * self.queue_entries / self.honest

    def line(self) -> str:
        return (
            f"{self.model} {self.attack} seed {self.seed}: precision {_num(self.precision)}, "
            f"recall {_num(self.recall)}, honest held {self.honest_held_pct:.2f}% "
            f"({self.held - self.held_abusive} of {self.honest}), queue "
            f"{self.queue_per_1000:.2f} per 1,000 honest ({self.queue_entries} entries; "
            f"{self.collapsed_groups} collapsed hint groups)"
        )


def pooled(runs: list[Run]) -> Run:
    """One run's worth of counts summed over seeds."""
    first = runs[0]
    return Run(
        model=first.model,
        attack=first.attack,
        seed=0,
        honest=sum(r.honest for r in runs),
        abusive=sum(r.abusive for r in runs),
        held=sum(r.held for r in runs),
        held_abusive=sum(r.held_abusive for r in runs),
        queue_entries=sum(r.queue_entries for r in runs),
        collapsed_groups=sum(r.collapsed_groups for r in runs),
    )


def meets_targets(run: Run) -> bool:
    """Targets per run; precision with nothing held and no abuse is vacuously met."""
    precision_ok = (
        run.precision is None
        and run.abusive == 0
        or (run.precision is not None and run.precision >= TARGETS["precision"])
    )
    recall_ok = run.recall is None or run.recall >= TARGETS["recall"]
    return (
        precision_ok
        and recall_ok
        and run.honest_held_pct <= TARGETS["honest_held_pct"]
        and run.queue_per_1000 <= TARGETS["queue_per_1000"]
    )


def _num(value: float | None) -> str:
    return "–" if value is None else f"{value:.2f}"


def _worst(values: Iterable[float | None], lowest: bool) -> float | None:
    present = [v for v in values if v is not None]
    if not present:
        return None
    return min(present) if lowest else max(present)


def markdown_table(runs: list[Run]) -> str:
    """Pooled figures per honest model and attack (worst seed in brackets)."""
    groups: dict[tuple[str, str], list[Run]] = {}
    for run in runs:
        groups.setdefault((run.model, run.attack), []).append(run)
    lines = [
        "| honest model | attack | seeds | abusive | precision | recall | honest held % "
        "| queue / 1,000 honest | targets met |",
        "| --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for (model, attack), group in groups.items():
        total = pooled(group)
        seeds = ",".join(str(r.seed) for r in group)
        worst_p = _worst((r.precision for r in group), lowest=True)
        worst_r = _worst((r.recall for r in group), lowest=True)
        worst_h = _worst((r.honest_held_pct for r in group), lowest=False)
        worst_q = _worst((r.queue_per_1000 for r in group), lowest=False)
        met = sum(1 for r in group if meets_targets(r))
        lines.append(
            f"| {model} | {attack} | {seeds} | {total.abusive} "
            f"| {_num(total.precision)} ({_num(worst_p)}) | {_num(total.recall)} ({_num(worst_r)}) "
            f"| {total.honest_held_pct:.2f} ({worst_h:.2f}) "
            f"| {total.queue_per_1000:.2f} ({worst_q:.2f}) | {met} of {len(group)} |"
        )
    return "\n".join(lines)

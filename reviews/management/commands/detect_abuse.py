"""Run every abuse detector over a scenario file, without touching the database."""

import json
import time

from django.core.management.base import BaseCommand, CommandError

from reviews.abuse import Thresholds, run_all
from reviews.abuse.evaluation import evaluate
from reviews.abuse.scenario_file import ScenarioError, read_scenario


class Command(BaseCommand):
    help = (
        "Run all abuse detectors over a scenario file (JSON Lines; see "
        "reviews/abuse/scenario_file.py) and print each signal with the reviews it names; "
        "with labelled rows, also precision and recall per detector and overall. Reads and "
        "writes no database."
    )
    # System checks may query the database; this command must run without one.
    requires_system_checks: list[str] = []

    def add_arguments(self, parser) -> None:
        parser.add_argument("--scenario", required=True, help="the .jsonl file to read")
        parser.add_argument("--json", action="store_true", help="print one JSON document")

    def handle(self, *args, **options) -> None:
        scenario, as_json = options["scenario"], options["json"]
        thresholds = Thresholds.from_settings()
        started = time.perf_counter()
        try:
            with open(scenario, encoding="utf-8") as lines:
                data = read_scenario(lines)
        except OSError as error:
            raise CommandError(f"can't read {scenario}: {error.strerror}") from None
        except UnicodeDecodeError as error:
            raise CommandError(f"{scenario} is not UTF-8 text: {error}") from None
        except ScenarioError as error:
            raise CommandError(f"{scenario} has malformed lines:\n{error}") from None
        if not as_json:
            self.stderr.write(
                f"read {len(data.reviews)} reviews, {len(data.flags)} flags and "
                f"{len(data.representatives)} represented requesters; detecting…"
            )
        detections = run_all(
            data.reviews,
            data.flags,
            data.representatives,
            thresholds,
            account_networks=data.account_networks,
        )
        elapsed = time.perf_counter() - started
        report = evaluate(data, detections, thresholds)
        if as_json:
            self.print_json(detections, report, thresholds, elapsed)
        else:
            self.print_text(detections, report, thresholds, elapsed)

    def print_json(self, detections, report, thresholds, elapsed) -> None:
        document = {
            "signals": [d.as_dict(thresholds) for d in detections],
            "evaluation": report,
            "seconds": round(elapsed, 3),
        }
        self.stdout.write(json.dumps(document, indent=2, ensure_ascii=False, default=str))

    def print_text(self, detections, report, thresholds, elapsed) -> None:
        write = self.stdout.write
        held = sum(1 for d in detections if d.holds(thresholds))
        write(f"{len(detections)} signals, {held} of them holding reviews ({elapsed:.1f} s)")
        for d in detections:
            mark = "HOLD" if d.holds(thresholds) else "    "
            write(f"{mark} {d.strength:.2f} {d.kind}: {d.evidence}")
            write(f"          reviews: {', '.join(map(str, d.review_ids))}")
            if d.flag_ids:
                write(f"          flags: {', '.join(map(str, d.flag_ids))}")
        if report is None:
            return
        write("")
        write(
            f"Labelled: {report['reviews']} reviews ({report['abusive']} abusive, "
            f"{report['honest']} honest), {report['flags']} flags "
            f"({report['abusive_flags']} abusive); hold threshold {thresholds.hold_threshold}"
        )
        write(f"{'detector':<20}{'signals':>8}{'named':>8}{'precision':>11}{'recall':>8}")
        for kind, row in report["detectors"].items():
            suffix = "  (on flags)" if row["judged_on"] == "flags" else ""
            write(
                f"{kind:<20}{row['signals']:>8}{row['named']:>8}"
                f"{fmt(row['precision']):>11}{fmt(row['recall']):>8}{suffix}"
            )
        overall = report["held"]
        any_signal = report["any_signal"]
        write(
            f"{'held (overall)':<20}{'':>8}{overall['named']:>8}"
            f"{fmt(overall['precision']):>11}{fmt(overall['recall']):>8}"
        )
        write(
            f"{'any signal':<20}{'':>8}{any_signal['named']:>8}"
            f"{fmt(any_signal['precision']):>11}{fmt(any_signal['recall']):>8}"
        )
        share = overall["honest_held_share"]
        write(
            f"honest reviews held: {overall['honest_held']} of {report['honest']}"
            + (f" ({share:.2%})" if share is not None else "")
        )
        queue = report["queue"]
        write(
            f"moderation queue: {queue['entries']} entries "
            f"({fmt(queue['entries_per_1000_honest'])} per 1,000 honest reviews; "
            f"{queue['false_alarm_entries']} naming no abuse), "
            f"{queue['collapsed_hint_groups']} collapsed hint groups"
        )


def fmt(value: float | None) -> str:
    return "-" if value is None else f"{value:.3f}"

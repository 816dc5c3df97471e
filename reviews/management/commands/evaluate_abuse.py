"""Run detect_abuse over every honest model × attack kind × seed and report the figures."""

import json
import tempfile
from io import StringIO
from pathlib import Path

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from reviews.abuse.evaluation_report import Run, markdown_table
from reviews.abuse.scenario_attacks import KINDS
from reviews.abuse.scenario_file import write_scenario
from reviews.abuse.scenario_mix import HONEST_MODELS, REPEATS, build_scenario


def _names(value: str, known, what: str) -> list[str]:
    names = [n.strip() for n in value.split(",") if n.strip()]
    unknown = [n for n in names if n not in known]
    if unknown or not names:
        raise CommandError(
            f"unknown {what} {', '.join(unknown) or '(none given)'}; use {', '.join(known)}"
        )
    return names


def _seeds(value: str) -> list[int]:
    seeds: list[int] = []
    try:
        for part in value.split(","):
            low, _, high = part.partition("-")
            seeds.extend(range(int(low), int(high or low) + 1))
    except ValueError:
        raise CommandError(f"--seeds takes numbers and ranges like 1-3,7, not {value!r}") from None
    if not seeds:
        raise CommandError("--seeds names no seed")
    return seeds


class Command(BaseCommand):
    help = (
        "For every honest model × attack kind × seed, generate a scenario, run detect_abuse "
        "--json over it as a black box and print precision, recall, honest reviews held and "
        "queue entries per 1,000 honest reviews, then a Markdown table pooled over seeds. "
        "Touches no database."
    )
    requires_system_checks: list[str] = []

    def add_arguments(self, parser) -> None:
        parser.add_argument("--size", choices=sorted(REPEATS), default="small")
        parser.add_argument("--seeds", default="1-3", help="e.g. 1-3 or 1,4,9 (default 1-3)")
        parser.add_argument(
            "--models", default=",".join(HONEST_MODELS), help="honest models, comma-separated"
        )
        parser.add_argument(
            "--attacks",
            default=",".join(("none", *KINDS)),
            help="attack kinds, comma-separated; none is honest traffic alone",
        )
        parser.add_argument("--json", action="store_true", help="print one JSON document")

    def handle(self, *args, **options) -> None:
        size = options["size"]
        seeds = _seeds(options["seeds"])
        models = _names(options["models"], list(HONEST_MODELS), "honest model")
        attacks = _names(options["attacks"], ["none", *KINDS], "attack")
        total = len(models) * len(attacks) * len(seeds)
        runs: list[Run] = []
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "scenario.jsonl"
            for model in models:
                for attack in attacks:
                    for seed in seeds:
                        runs.append(self.run_one(path, model, attack, seed, size))
                        self.stderr.write(f"[{len(runs)}/{total}] {runs[-1].line()}")
        if options["json"]:
            document = [{**vars(r), "precision": r.precision, "recall": r.recall} for r in runs]
            self.stdout.write(json.dumps({"size": size, "runs": document}, indent=2))
            return
        self.stdout.write(
            f"Held reviews, size {size}, seeds {options['seeds']}: pooled over seeds, worst seed "
            "in brackets; targets: precision and recall >= 0.9, honest held <= 0.5%, queue <= 2."
        )
        self.stdout.write(markdown_table(runs))

    def run_one(self, path: Path, model: str, attack: str, seed: int, size: str) -> Run:
        scenario = build_scenario(model, attack, seed, size)
        with path.open("w", encoding="utf-8") as out:
            write_scenario(scenario, out)
        # The detectors as a user meets them: the command, its JSON, nothing else.
        output = StringIO()
        call_command("detect_abuse", scenario=str(path), json=True, stdout=output)
        report = json.loads(output.getvalue())["evaluation"]
        return Run.from_evaluation(model, attack, seed, report)

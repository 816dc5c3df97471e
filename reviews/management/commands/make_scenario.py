"""Write a labelled abuse-detection scenario (honest traffic mixed with attacks)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from reviews.abuse.scenario_file import write_scenario
from reviews.abuse.scenario_mix import HONEST_MODELS, REPEATS, attack_kinds, build_scenario


class Command(BaseCommand):
    help = (
        "Generate a scenario file for detect_abuse: honest background reviews over weeks from "
        "one of two independent honest models, mixed with labelled attacks, every row "
        "labelled. The default is the templates model with its own attacks (sock puppets, a "
        "brigade, copy-paste spam, self-reviews, a paid reviewer, mass flagging); --attacks "
        "picks kinds from reviews/abuse/scenario_attacks.py instead. The same seed gives the "
        "same file. Touches no database."
    )
    requires_system_checks: list[str] = []

    def add_arguments(self, parser) -> None:
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--size", choices=sorted(REPEATS), default="small")
        parser.add_argument("--model", choices=list(HONEST_MODELS), default="templates")
        parser.add_argument(
            "--attacks",
            default="own",
            help="own (the model's own mix), none, all, or kinds comma-separated",
        )
        parser.add_argument("-o", "--output", required=True, help="the .jsonl file to write")

    def handle(self, *args, **options) -> None:
        path = Path(options["output"])
        model, attacks = options["model"], options["attacks"]
        try:
            attack_kinds(model, attacks)
        except ValueError as error:
            raise CommandError(str(error)) from None
        self.stderr.write(
            f"generating a {options['size']} {model} scenario with seed {options['seed']}…"
        )
        scenario = build_scenario(
            model,
            attacks,
            options["seed"],
            options["size"],
            progress=lambda m: self.stderr.write(f"  {m}"),
        )
        try:
            with path.open("w", encoding="utf-8") as out:
                lines = write_scenario(scenario, out)
        except OSError as error:
            raise CommandError(f"can't write {path}: {error.strerror}") from None
        abusive = sum(1 for r in scenario.reviews if r.label == "abusive")
        self.stdout.write(
            f"Wrote {lines} lines to {path}: {len(scenario.reviews)} reviews ({abusive} abusive), "
            f"{len(scenario.flags)} flags, {len(scenario.representatives)} represented requesters."
        )

"""Write a labelled abuse-detection scenario (honest traffic mixed with attacks)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from reviews.abuse.scenario_file import write_scenario
from reviews.abuse.scenario_generator import SIZES, generate_scenario


class Command(BaseCommand):
    help = (
        "Generate a scenario file for detect_abuse: honest background reviews over weeks mixed "
        "with sock puppets, a brigade, copy-paste spam, self-reviews, a paid reviewer and mass "
        "flagging, every row labelled. The same seed gives the same file. Touches no database."
    )
    requires_system_checks: list[str] = []

    def add_arguments(self, parser) -> None:
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--size", choices=sorted(SIZES), default="small")
        parser.add_argument("-o", "--output", required=True, help="the .jsonl file to write")

    def handle(self, *args, **options) -> None:
        path = Path(options["output"])
        self.stderr.write(f"generating a {options['size']} scenario with seed {options['seed']}…")
        scenario = generate_scenario(
            options["seed"], options["size"], progress=lambda m: self.stderr.write(f"  {m}")
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

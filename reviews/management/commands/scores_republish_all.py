from django.core.management.base import BaseCommand
from tqdm import tqdm

from reviews.models import RequesterScore
from reviews.services.scores import scores_republish_all


class Command(BaseCommand):
    help = (
        "Copy every stored score snapshot from PostgreSQL into the score cache (Redis), as "
        "they are: after a restore from backup, or when Redis lost its data. Computes nothing."
    )

    def handle(self, *args, **options) -> None:
        with tqdm(total=RequesterScore.objects.count(), unit="snapshot", disable=None) as bar:
            done = scores_republish_all(progress=bar.update)
        self.stdout.write(self.style.SUCCESS(f"Republished {done} score snapshots."))

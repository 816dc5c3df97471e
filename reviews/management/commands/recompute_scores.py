from django.core.management.base import BaseCommand
from tqdm import tqdm

from reviews.models import Requester
from reviews.services.score_full_pass import scores_recompute_all


class Command(BaseCommand):
    help = "Recompute every requester's score snapshot now (what the nightly job does)."

    def handle(self, *args, **options) -> None:
        with tqdm(total=Requester.objects.count(), unit="requester", disable=None) as bar:
            done = scores_recompute_all(progress=bar.update)
        self.stdout.write(self.style.SUCCESS(f"Recomputed {done} requester scores."))

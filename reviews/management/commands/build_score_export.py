from django.core.management.base import BaseCommand
from tqdm import tqdm

from reviews.models import RequesterScore
from reviews.services.exports import score_export_build


class Command(BaseCommand):
    help = "Build the export of every published score now (what the daily job does)."

    def handle(self, *args, **options) -> None:
        with tqdm(total=RequesterScore.objects.count(), unit="requester", disable=None) as bar:
            export = score_export_build(progress=bar.update)
        size_kb = len(export.content) / 1024
        self.stdout.write(
            self.style.SUCCESS(
                f"Exported {export.requester_count} requester scores ({size_kb:.0f} kB gzip'ed)."
            )
        )

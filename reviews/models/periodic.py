"""What the periodic tasks last did, kept where beat's own state is not: in the database."""

from django.db import models


class PeriodicTaskRun(models.Model):
    """The last successful run of one daily periodic task (worker/daily.py).

    A run skips itself when a successful one already began since the task's latest
    scheduled time (a second beat, a redelivery, a catch-up sent twice), and the catch-up
    tick sends any task whose last success began more than a day (plus slack) ago, the day
    its beat was down. `runs` counts the successful runs.
    """

    name = models.CharField(max_length=200, unique=True)
    last_started_at = models.DateTimeField()
    last_finished_at = models.DateTimeField()
    runs = models.PositiveBigIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.name}, last run at {self.last_started_at:%Y-%m-%d %H:%M}"

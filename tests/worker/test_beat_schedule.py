from django.conf import settings

from backend.celery import app


def test_every_beat_entry_names_a_registered_task():
    app.loader.import_default_modules()

    scheduled = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}

    assert scheduled == {
        "worker.recompute_all",
        "worker.ensure_scores_published",
        "worker.build_score_export",
        "worker.sweep_abuse",
        "worker.erase_old_fingerprints",
        "worker.sweep_due_scores",
        "worker.catch_up_daily_tasks",
    }
    assert scheduled <= set(app.tasks)

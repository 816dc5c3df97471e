"""The Celery app: `celery -A backend worker` and `celery -A backend beat` start from here."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "backend.settings")

app = Celery("lantern")
# Every CELERY_* Django setting configures the app (see backend/settings/services.py).
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks(["worker"])

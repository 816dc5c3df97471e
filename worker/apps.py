from django.apps import AppConfig


class WorkerConfig(AppConfig):
    name = "worker"
    verbose_name = "Background work"

    def ready(self) -> None:
        from worker import subscribers  # noqa: F401  (connects to the domain's signals)

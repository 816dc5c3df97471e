from django.apps import AppConfig


class ReviewsConfig(AppConfig):
    name = "reviews"
    verbose_name = "Reviews"

    def ready(self) -> None:
        from reviews import lookups, receivers  # noqa: F401  (register the lookup, connect the receiver)

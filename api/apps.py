from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "api"
    verbose_name = "API"

    def ready(self):
        from corsheaders.signals import check_request_enabled

        from api.read.legacy_host import cors_enabled_for_host

        check_request_enabled.connect(cors_enabled_for_host, dispatch_uid="lantern-legacy-host")

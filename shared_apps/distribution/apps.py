from django.apps import AppConfig


class DistributionConfig(AppConfig):
    name = "shared_apps.distribution"
    label = "distribution"
    verbose_name = "分销平台"

    def ready(self):
        from . import signals  # noqa: F401  (connects the order hooks)

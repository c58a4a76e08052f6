from django.apps import AppConfig


class DistributionConfig(AppConfig):
    name = "shared_apps.distribution"
    label = "distribution"

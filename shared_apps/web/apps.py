from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "shared_apps.web"
    label = "web"
    verbose_name = "Tourist H5 site"

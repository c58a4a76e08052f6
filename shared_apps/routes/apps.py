from django.apps import AppConfig


class RoutesConfig(AppConfig):
    name = "shared_apps.routes"
    label = "routes"
    verbose_name = "线路与组合产品"

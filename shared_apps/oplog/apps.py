from django.apps import AppConfig


class OplogConfig(AppConfig):
    name = "shared_apps.oplog"
    label = "oplog"
    verbose_name = "操作日志"

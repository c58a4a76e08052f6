"""Celery app. Tenant-aware: tasks remember the schema they were sent from."""

import os

from tenant_schemas_celery.app import CeleryApp

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")

app = CeleryApp("tourism")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

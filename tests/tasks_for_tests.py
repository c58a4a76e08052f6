from celery import shared_task
from django.db import connection


@shared_task
def which_schema() -> str:
    return connection.schema_name

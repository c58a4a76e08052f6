from django.apps import AppConfig


class LedgerConfig(AppConfig):
    name = "shared_apps.ledger"
    label = "ledger"

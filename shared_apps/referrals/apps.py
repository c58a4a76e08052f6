from django.apps import AppConfig


class ReferralsConfig(AppConfig):
    name = "shared_apps.referrals"
    label = "referrals"
    verbose_name = "会员分销"

    def ready(self):
        from . import signals  # noqa: F401  (app registry timing: connects the order hooks once models load)

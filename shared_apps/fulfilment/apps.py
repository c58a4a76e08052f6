from django.apps import AppConfig

from shared_apps.accounts.signals import login_locked
from shared_apps.settlement import signals as settlement
from tenant_apps.tickets import joint
from tenant_apps.tickets.signals import tickets_issued


class FulfilmentConfig(AppConfig):
    name = "shared_apps.fulfilment"
    label = "fulfilment"

    def ready(self):
        # Both import models: only once the app registry is ready.
        from . import receivers
        from .joint_registry import FulfilmentJointRegistry

        joint.install(FulfilmentJointRegistry())
        tickets_issued.connect(receivers.on_tickets_issued, dispatch_uid="fulfilment.tickets_issued")
        login_locked.connect(receivers.on_login_locked, dispatch_uid="fulfilment.login_locked")
        settlement.shares_released.connect(receivers.on_shares_released, dispatch_uid="fulfilment.shares_released")

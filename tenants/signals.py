from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from .cache import forget_host, forget_merchant
from .models import Domain, Merchant


@receiver([post_save, post_delete], sender=Domain)
def _domain_changed(sender, instance, **kwargs):
    forget_host(instance.domain)


@receiver([post_save, post_delete], sender=Merchant)
def _merchant_changed(sender, instance, **kwargs):
    forget_merchant(instance)

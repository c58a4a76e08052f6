"""The BundleOffer model now lives in tenant_apps.promotions (promotions 0001): drop it from
shop's state only. The tables `shop_bundleoffer` and `shop_bundleoffer_products` and their rows
stay."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('shop', '0001_initial'),
        ('promotions', '0001_initial'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(state_operations=[migrations.DeleteModel(name='BundleOffer')]),
    ]

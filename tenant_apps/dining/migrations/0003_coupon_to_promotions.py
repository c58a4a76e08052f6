"""The Coupon model now lives in tenant_apps.promotions (promotions 0001): drop it from dining's
state only. The table `dining_coupon`, its rows and its constraints stay."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('dining', '0002_coupon_orders'),
        ('promotions', '0001_initial'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(state_operations=[migrations.DeleteModel(name='Coupon')]),
    ]

"""Coupons (from dining) and bundle offers (from shop) move into promotions by STATE only: the
tables `dining_coupon`, `shop_bundleoffer` and `shop_bundleoffer_products` stay as they are,
with their rows. dining 0003 and shop 0002 drop the old models from their state.

A coupon's `bill` and `order` foreign keys become the plain columns `bill_id` / `order_id`
(same columns, same indexes); the database keeps the foreign-key constraints dining 0001/0002
created, so a coupon still cannot name a missing bill or order, while promotions' code knows
neither app.
"""

from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('catalog', '0001_initial'),
    ]

    state_operations = [
        migrations.CreateModel(
            name='Coupon',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('code', models.CharField(max_length=20, unique=True)),
                ('amount_fen', models.BigIntegerField()),
                ('threshold_fen', models.BigIntegerField(default=0)),
                ('valid_from', models.DateField(blank=True, null=True)),
                ('valid_until', models.DateField(blank=True, null=True)),
                ('status', models.CharField(choices=[('active', '未使用'), ('redeemed', '已核销'), ('void', '已作废')],
                                            default='active', max_length=10)),
                ('bill_id', models.BigIntegerField(blank=True, db_index=True, null=True)),
                ('order_id', models.BigIntegerField(blank=True, db_index=True, null=True)),
                ('discount_fen', models.BigIntegerField(default=0)),
                ('redeemed_at', models.DateTimeField(blank=True, null=True)),
                ('redeemed_by', models.CharField(blank=True, max_length=150)),
                ('batch', models.CharField(blank=True, max_length=32)),
                ('created_at', models.DateTimeField(auto_now_add=True)),
            ],
            options={
                'db_table': 'dining_coupon',
                'ordering': ['-id'],
                'constraints': [
                    models.CheckConstraint(condition=models.Q(('amount_fen__gt', 0), ('threshold_fen__gte', 0)),
                                           name='coupon_amounts'),
                    models.CheckConstraint(
                        condition=models.Q(models.Q(('status', 'redeemed'), _negated=True),
                                           models.Q(('bill_id__isnull', False), ('order_id__isnull', True)),
                                           models.Q(('bill_id__isnull', True), ('order_id__isnull', False)),
                                           _connector='OR'),
                        name='coupon_redeemed_has_target'),
                ],
            },
        ),
        migrations.CreateModel(
            name='BundleOffer',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('name', models.CharField(max_length=100)),
                ('min_quantity', models.PositiveSmallIntegerField()),
                ('discount_fen', models.BigIntegerField()),
                ('is_active', models.BooleanField(default=True)),
                ('valid_from', models.DateField(blank=True, null=True)),
                ('valid_until', models.DateField(blank=True, null=True)),
                ('created_at', models.DateTimeField(auto_now_add=True)),
                ('products', models.ManyToManyField(related_name='bundle_offers', to='catalog.product')),
            ],
            options={
                'db_table': 'shop_bundleoffer',
                'ordering': ['id'],
                'constraints': [models.CheckConstraint(condition=models.Q(('min_quantity__gte', 2),
                                                                          ('discount_fen__gt', 0)),
                                                       name='bundle_offer_valid')],
            },
        ),
    ]

    operations = [migrations.SeparateDatabaseAndState(state_operations=state_operations)]

"""The referrals models, taken over from distribution (distribution.0004_referrals_moved_out).
State only: the tables keep their distribution_* names and their rows. The content types (and
so any permissions on them) follow the models to the new app label."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


MOVED = ["referralbinding", "commissionaccrual", "membertag", "followupnote"]


def relabel(apps, frm: str, to: str) -> None:
    ContentType = apps.get_model("contenttypes", "ContentType")
    ContentType.objects.filter(app_label=frm, model__in=MOVED).update(app_label=to)


def forwards(apps, schema_editor):
    relabel(apps, "distribution", "referrals")


def backwards(apps, schema_editor):
    relabel(apps, "referrals", "distribution")


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('accounts', '0002_initial'),
        ('tenants', '0001_initial'),
        ('distribution', '0004_referrals_moved_out'),
        ('contenttypes', '0002_remove_content_type_name'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(state_operations=[
            migrations.CreateModel(
                name='ReferralBinding',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('source', models.CharField(default='api', max_length=16)),
                    ('created_at', models.DateTimeField(auto_now_add=True)),
                    ('distributor', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='referrals', to='accounts.distributor')),
                    ('user', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='referral', to=settings.AUTH_USER_MODEL)),
                ],
                options={
                    'db_table': 'distribution_referralbinding',
                    'ordering': ['-id'],
                },
            ),
            migrations.CreateModel(
                name='CommissionAccrual',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('order_id', models.BigIntegerField()),
                    ('order_no', models.CharField(max_length=32)),
                    ('level_code', models.CharField(blank=True, max_length=20)),
                    ('rate_bps', models.PositiveIntegerField()),
                    ('order_fen', models.BigIntegerField()),
                    ('amount_fen', models.BigIntegerField()),
                    ('clawed_back_fen', models.BigIntegerField(default=0)),
                    ('status', models.CharField(choices=[('frozen', '冻结中'), ('released', '已结算'), ('clawed_back', '已追回')], default='frozen', max_length=16)),
                    ('fulfilled_at', models.DateTimeField(blank=True, null=True)),
                    ('release_at', models.DateTimeField(blank=True, db_index=True, null=True)),
                    ('released_at', models.DateTimeField(blank=True, null=True)),
                    ('created_at', models.DateTimeField(auto_now_add=True)),
                    ('distributor', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='accruals', to='accounts.distributor')),
                    ('merchant', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='tenants.merchant')),
                    ('user', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                ],
                options={
                    'db_table': 'distribution_commissionaccrual',
                    'ordering': ['-id'],
                    'constraints': [models.UniqueConstraint(fields=('merchant', 'order_id'), name='one_accrual_per_order'), models.CheckConstraint(condition=models.Q(('amount_fen__gt', 0)), name='accrual_positive'), models.CheckConstraint(condition=models.Q(('clawed_back_fen__gte', 0), ('clawed_back_fen__lte', models.F('amount_fen'))), name='clawback_within_accrual')],
                },
            ),
            migrations.CreateModel(
                name='MemberTag',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('name', models.CharField(max_length=20)),
                    ('color', models.CharField(blank=True, max_length=7)),
                    ('created_at', models.DateTimeField(auto_now_add=True)),
                    ('distributor', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='member_tags', to='accounts.distributor')),
                    ('bindings', models.ManyToManyField(blank=True, related_name='tags', to='referrals.referralbinding')),
                ],
                options={
                    'db_table': 'distribution_membertag',
                    'ordering': ['name'],
                    'constraints': [models.UniqueConstraint(fields=('distributor', 'name'), name='uniq_member_tag')],
                },
            ),
            migrations.CreateModel(
                name='FollowUpNote',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('author_name', models.CharField(max_length=150)),
                    ('text', models.CharField(max_length=1000)),
                    ('next_follow_up_on', models.DateField(blank=True, null=True)),
                    ('done_at', models.DateTimeField(blank=True, null=True)),
                    ('done_by', models.CharField(blank=True, max_length=150)),
                    ('created_at', models.DateTimeField(auto_now_add=True)),
                    ('author', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                    ('distributor', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='member_notes', to='accounts.distributor')),
                    ('binding', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='notes', to='referrals.referralbinding')),
                ],
                options={
                    'db_table': 'distribution_followupnote',
                    'ordering': ['-created_at', '-id'],
                    'indexes': [models.Index(fields=['distributor', 'next_follow_up_on'], name='distributio_distrib_99b403_idx')],
                },
            ),
        ], database_operations=[]),
        migrations.RunPython(forwards, backwards),
    ]

"""Referrals (bindings, commission accruals, member tags, follow-up notes) moved to the referrals
app. State only: the tables stay where they are (the referrals models keep their db_table);
referrals.0001_initial takes them over in the state."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('distribution', '0003_discount_policies_crm'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(state_operations=[
            migrations.RemoveField(
                model_name='followupnote',
                name='author',
            ),
            migrations.RemoveField(
                model_name='followupnote',
                name='binding',
            ),
            migrations.RemoveField(
                model_name='followupnote',
                name='distributor',
            ),
            migrations.RemoveField(
                model_name='membertag',
                name='bindings',
            ),
            migrations.RemoveField(
                model_name='membertag',
                name='distributor',
            ),
            migrations.RemoveField(
                model_name='referralbinding',
                name='distributor',
            ),
            migrations.RemoveField(
                model_name='referralbinding',
                name='user',
            ),
            migrations.DeleteModel(
                name='CommissionAccrual',
            ),
            migrations.DeleteModel(
                name='FollowUpNote',
            ),
            migrations.DeleteModel(
                name='MemberTag',
            ),
            migrations.DeleteModel(
                name='ReferralBinding',
            ),
        ], database_operations=[]),
    ]

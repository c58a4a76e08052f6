from django.db import migrations


class Migration(migrations.Migration):
    """DistributionEvent.note becomes `reason`, the one name of every status event (core.models.StatusEvent)."""

    dependencies = [("distribution", "0004_referrals_moved_out")]

    operations = [migrations.RenameField(model_name="distributionevent", old_name="note", new_name="reason")]

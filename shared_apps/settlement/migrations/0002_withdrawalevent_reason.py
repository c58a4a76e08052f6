from django.db import migrations


class Migration(migrations.Migration):
    """WithdrawalEvent.note becomes `reason`, the one name of every status event (core.models.StatusEvent)."""

    dependencies = [("settlement", "0001_initial")]

    operations = [migrations.RenameField(model_name="withdrawalevent", old_name="note", new_name="reason")]

from django.db import migrations


class Migration(migrations.Migration):
    """ReviewEvent.note becomes `reason`, the one name of every status event (core.models.StatusEvent)."""

    dependencies = [("onboarding", "0001_initial")]

    operations = [migrations.RenameField(model_name="reviewevent", old_name="note", new_name="reason")]

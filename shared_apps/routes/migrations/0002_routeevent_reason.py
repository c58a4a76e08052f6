from django.db import migrations


class Migration(migrations.Migration):
    """RouteEvent.note becomes `reason`, the one name of every status event (core.models.StatusEvent)."""

    dependencies = [("routes", "0001_initial")]

    operations = [migrations.RenameField(model_name="routeevent", old_name="note", new_name="reason")]

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

APPEND_ONLY = """
CREATE OR REPLACE FUNCTION oplog_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'operation log is append-only' USING ERRCODE = 'integrity_constraint_violation';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER oplog_no_update_delete BEFORE UPDATE OR DELETE ON oplog_operationlog
    FOR EACH ROW EXECUTE FUNCTION oplog_append_only();
"""


class Migration(migrations.Migration):
    initial = True
    dependencies = [migrations.swappable_dependency(settings.AUTH_USER_MODEL)]

    operations = [
        migrations.CreateModel(
            name="OperationLog",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("at", models.DateTimeField(auto_now_add=True, db_index=True)),
                ("actor", models.CharField(max_length=150)),
                ("actor_kind", models.CharField(max_length=16)),
                ("schema_name", models.CharField(db_index=True, max_length=63)),
                ("action", models.CharField(max_length=100)),
                ("target", models.CharField(blank=True, max_length=200)),
                ("status_code", models.PositiveSmallIntegerField(blank=True, null=True)),
                ("ip", models.GenericIPAddressField(blank=True, null=True)),
                ("detail", models.JSONField(blank=True, default=dict)),
                ("user", models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL,
                                           related_name="+", to=settings.AUTH_USER_MODEL)),
            ],
            options={
                "ordering": ["-at", "-id"],
                "indexes": [models.Index(fields=["schema_name", "-at"], name="oplog_opera_schema__1b0655_idx"),
                            models.Index(fields=["actor", "-at"], name="oplog_opera_actor_09da54_idx")],
            },
        ),
        migrations.RunSQL(APPEND_ONLY, "DROP TRIGGER IF EXISTS oplog_no_update_delete ON oplog_operationlog;"),
    ]

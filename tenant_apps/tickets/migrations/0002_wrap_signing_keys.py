"""Wrap the ticket signing keys that were stored raw (32 bytes) before keywrap.py existed."""

from django.db import migrations


def wrap_raw_keys(apps, schema_editor):
    from tenant_apps.tickets import keywrap

    schema = schema_editor.connection.schema_name
    MerchantKey = apps.get_model("tickets", "MerchantKey")
    for key in MerchantKey.objects.all():
        stored = bytes(key.private_key)
        if len(stored) == keywrap.RAW_LEN:
            key.private_key = keywrap.wrap(stored, schema=schema, kid=key.kid)
            key.save(update_fields=["private_key"])


class Migration(migrations.Migration):
    dependencies = [("tickets", "0001_initial")]
    operations = [migrations.RunPython(wrap_raw_keys, migrations.RunPython.noop)]

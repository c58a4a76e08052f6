from django.db import migrations

LEVELS = [
    ("bronze", "铜牌分销", 1, 200, 0),
    ("silver", "银牌分销", 2, 300, 500_000),
    ("gold", "金牌分销", 3, 500, 2_000_000),
]


def create(apps, schema_editor):
    Level = apps.get_model("distribution", "DistributorLevel")
    for code, name, rank, bps, min_sales in LEVELS:
        Level.objects.get_or_create(code=code, defaults={"name": name, "rank": rank, "commission_bps": bps,
                                                         "min_sales_fen": min_sales})


class Migration(migrations.Migration):
    dependencies = [("distribution", "0001_initial")]
    operations = [migrations.RunPython(create, migrations.RunPython.noop)]

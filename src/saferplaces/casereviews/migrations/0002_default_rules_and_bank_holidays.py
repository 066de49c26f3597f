"""The force-wide default rules (the model's field defaults) and England and Wales bank holidays."""

from django.db import migrations


def load(apps, schema_editor):  # type: ignore[no-untyped-def]
    from saferplaces.casereviews.rules import load_bank_holidays

    rules = apps.get_model("casereviews", "LocalRules")
    if not rules.objects.filter(district__isnull=True).exists():
        rules.objects.create(district=None)
    load_bank_holidays(apps.get_model("casereviews", "BankHoliday"))


class Migration(migrations.Migration):
    dependencies = [("casereviews", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]

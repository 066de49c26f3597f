"""Load the shipped default reference lists (data/reference, Home Office offence codes)."""

from types import SimpleNamespace

from django.conf import settings
from django.db import migrations


def load(apps, schema_editor):  # type: ignore[no-untyped-def]
    from saferplaces.reference.loaders import load_reference_data

    models = SimpleNamespace(
        AsbCategory=apps.get_model("reference", "AsbCategory"),
        IncidentCode=apps.get_model("reference", "IncidentCode"),
        OffenceCode=apps.get_model("reference", "OffenceCode"),
        Threshold=apps.get_model("reference", "Threshold"),
    )
    load_reference_data(models, settings.DATA_DIR)


class Migration(migrations.Migration):
    dependencies = [("reference", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]

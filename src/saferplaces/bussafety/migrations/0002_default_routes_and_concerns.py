"""Load the shipped route list and "What happened?" checklist (bussafety/data/)."""

from django.db import migrations


def load(apps, schema_editor):  # type: ignore[no-untyped-def]
    from saferplaces.bussafety.defaults import load_defaults

    load_defaults(
        apps.get_model("bussafety", "BusRoute"),
        apps.get_model("bussafety", "ConcernType"),
        apps.get_model("areas", "District"),
    )


class Migration(migrations.Migration):
    dependencies = [("bussafety", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]

from typing import Any

from django.core.management.base import CommandParser

from saferplaces.analytics.sources.boundaries import LEVELS
from saferplaces.imports.management.commands._importing import ImportCommand
from saferplaces.imports.models import ImportRun


class Command(ImportCommand):
    help = "Import boundary GeoJSON: LSOAs (with population), wards or districts."
    kind = ImportRun.Kind.BOUNDARIES

    def add_arguments(self, parser: CommandParser) -> None:
        super().add_arguments(parser)
        parser.add_argument("--level", choices=LEVELS, help="detected from the properties when not given")
        parser.add_argument("--code-field", help="property holding the area code")
        parser.add_argument("--name-field", help="property holding the area name")
        parser.add_argument("--district", default="", help="district of every ward in the file")

    def options_for(self, options: dict[str, Any]) -> dict[str, Any]:
        return {k: options[k] for k in ("level", "code_field", "name_field", "district") if options.get(k)}

from typing import Any

from django.core.management.base import CommandParser

from saferplaces.analytics.sources.policeuk import ASB
from saferplaces.imports.management.commands._importing import ImportCommand
from saferplaces.imports.models import ImportRun


class Command(ImportCommand):
    help = "Import police.uk street-level CSVs (any force) or the reduced month/longitude/latitude ASB table."
    kind = ImportRun.Kind.POLICEUK

    def add_arguments(self, parser: CommandParser) -> None:
        super().add_arguments(parser)
        parser.add_argument("--crime-type", default=ASB, help="crime type of a reduced table's rows")
        parser.add_argument("--force", default="", help="force name for a reduced table (Falls within)")

    def options_for(self, options: dict[str, Any]) -> dict[str, Any]:
        return {"crime_type": options["crime_type"], "force": options["force"]}

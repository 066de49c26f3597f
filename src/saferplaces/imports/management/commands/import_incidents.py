from typing import Any

from django.core.management.base import CommandParser

from saferplaces.imports.management.commands._importing import ImportCommand
from saferplaces.imports.models import ImportRun


class Command(ImportCommand):
    help = "Import incident logs in the interchange CSV format (docs/formats/incident-log.md)."
    kind = ImportRun.Kind.INCIDENTS

    def add_arguments(self, parser: CommandParser) -> None:
        super().add_arguments(parser)
        parser.add_argument("--source", default="", help="name of the system the export came from")

    def options_for(self, options: dict[str, Any]) -> dict[str, Any]:
        return {"source": options["source"]}

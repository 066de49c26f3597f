"""The `saferplaces` command.

Framework-free analytics commands (``generate``, ``hotspots``, ``report``, ``asvat``) run without
Django so that an analyst with only an export can use them. Everything else is a Django management
command: ``saferplaces import policeuk FILE`` runs ``import_policeuk``, ``saferplaces migrate`` runs
``migrate``.
"""

from __future__ import annotations

import importlib
import os
import sys

# Command name -> module with a ``main(argv: list[str]) -> int`` that never imports Django.
ANALYTICS_COMMANDS = {
    "generate": "saferplaces.analytics.synthetic.cli",
    "hotspots": "saferplaces.analytics.hotspots.cli",
    "report": "saferplaces.analytics.performance.cli",
    "asvat": "saferplaces.analytics.review.cli",
}

# `saferplaces import X` and `saferplaces export X` map to management commands `import_X`, `export_X`.
GROUPED_COMMANDS = ("import", "export")


def main(argv: list[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if args and args[0] in ANALYTICS_COMMANDS:
        module = importlib.import_module(ANALYTICS_COMMANDS[args[0]])
        return int(module.main(args[1:]) or 0)
    if len(args) >= 2 and args[0] in GROUPED_COMMANDS and not args[1].startswith("-"):
        args = [f"{args[0]}_{args[1].replace('-', '_')}", *args[2:]]
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "saferplaces.web.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["saferplaces", *args])
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

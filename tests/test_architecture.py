"""The analytics package stays framework-free, and the rule that keeps it so really bites."""

from __future__ import annotations

import pkgutil
import subprocess
import sys
from pathlib import Path

import saferplaces.analytics

REPO = Path(__file__).resolve().parents[1]


def test_importing_every_analytics_module_loads_no_django() -> None:
    modules = [
        m.name for m in pkgutil.walk_packages(saferplaces.analytics.__path__, "saferplaces.analytics.")
    ]
    assert "saferplaces.analytics.sources.incident_log" in modules
    code = (
        "import importlib, sys\n"
        f"for name in {modules!r}:\n"
        "    importlib.import_module(name)\n"
        "leaked = sorted(m for m in sys.modules if m == 'django' or m.startswith('django.'))\n"
        "print(','.join(leaked))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


def test_ruff_refuses_a_django_import_inside_analytics() -> None:
    probe = REPO / "src" / "saferplaces" / "analytics" / "_architecture_probe.py"
    probe.write_text("from django.db import models\n\nprint(models)\n")
    try:
        result = subprocess.run(
            [
                str(Path(sys.executable).parent / "ruff"),
                "check",
                "--no-cache",
                "--select",
                "TID251",
                str(probe),
            ],
            capture_output=True,
            text=True,
            cwd=REPO,
        )
    finally:
        probe.unlink()
    assert result.returncode == 1
    assert "never imports Django" in result.stdout

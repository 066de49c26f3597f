"""axe-core (installed from npm) run in the page under test: the one runner every browser test uses."""

from __future__ import annotations

from pathlib import Path
from typing import Any

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
WCAG_22_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


def serious_accessibility_problems(page: Any, tags: list[str] | None = None) -> list[str]:
    """The serious and critical WCAG 2.2 A/AA violations on the page as it is now.

    axe is evaluated in the page rather than added as a script tag, so it runs under the pages'
    Content-Security-Policy too.
    """
    page.evaluate(AXE.read_text(encoding="utf-8") + "\n;0")
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", tags or WCAG_22_AA
    )
    assert result["testEngine"]["name"] == "axe-core" and result["passes"]  # axe really ran
    return [
        f"{page.url} {v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']]}"
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]

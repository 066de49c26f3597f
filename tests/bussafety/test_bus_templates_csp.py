"""The pages must run under the Content-Security-Policy (scripts and styles from 'self' only).

The browser tests bypass the CSP to inject axe-core, so this checks the templates themselves.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import saferplaces

SRC = Path(saferplaces.__file__).parent


@pytest.mark.parametrize("app", ["bussafety", "casereviews"])
def test_no_template_has_an_inline_script_style_or_event_handler(app: str) -> None:
    templates = sorted((SRC / app / "templates").rglob("*.html"))
    assert len(templates) >= 10
    for path in templates:
        text = path.read_text(encoding="utf-8")
        assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", text), f"inline script in {path.name}"
        assert not re.search(r"\sstyle=", text), f"style attribute in {path.name}"
        assert not re.search(r"<style", text), f"style element in {path.name}"
        assert not re.search(r"\son[a-z]+=", text), f"event handler attribute in {path.name}"

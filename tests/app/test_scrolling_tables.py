"""A table that may scroll sideways on a phone sits in a box the keyboard can reach and a screen
reader can name (axe: scrollable-region-focusable), in every template."""

import re
from pathlib import Path

TEMPLATES = Path(__file__).resolve().parents[2] / "readiness" / "templates"


def test_every_scrolling_table_box_is_focusable_and_named():
    unnamed = []
    for template in sorted(TEMPLATES.rglob("*.html")):
        for tag in re.findall(r"<div[^>]*class=\"table-scroll\"[^>]*>", template.read_text()):
            if 'tabindex="0"' not in tag or 'role="region"' not in tag or "aria-label=" not in tag:
                unnamed.append(f"{template.relative_to(TEMPLATES)}: {tag}")
    assert unnamed == []

"""Every text marked for translation is one pybabel can find: a gettext call inside an
f-string is invisible to extraction (Python 3.11), so it would stay English in every language."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CALL_IN_FSTRING = re.compile(r"""\bf(['"]).*?\{[^}]*\b(?:_|_l|gettext|ngettext)\(""")


def test_no_gettext_call_sits_inside_an_f_string():
    found = [f"{path.relative_to(ROOT)}:{number}: {line.strip()}"
             for package in ("readiness", "reports", "scoring", "surveys")
             for path in sorted((ROOT / package).rglob("*.py"))
             for number, line in enumerate(path.read_text().splitlines(), 1)
             if CALL_IN_FSTRING.search(line)]
    assert found == []

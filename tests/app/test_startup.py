"""Starting the application or a command does not load the heavy libraries: charts, PDF,
statistics and numpy are imported where they are used, so a command that needs none of them starts
in a fraction of a second (figures in bench/RESULTS.md, `python bench/bench_startup.py`)."""

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
HEAVY = ("numpy", "matplotlib", "scipy", "reportlab", "alembic", "huey", "pptx", "svglib",
         # lighter, but only a few requests need them: AES-GCM, QR codes, and PostgreSQL's
         # dialect on SQLite (about 40 ms together)
         "cryptography", "segno", "sqlalchemy.dialects.postgresql")


def _modules_loaded_by(code: str, tmp_path) -> set[str]:
    script = code + "\nimport json, sys\nprint(json.dumps(sorted(sys.modules)))\n"
    out = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True,
        cwd=ROOT,
        env={"READINESS_SECRET_KEY": "startup-test", "PATH": "/usr/bin:/bin",
             "READINESS_DATABASE_URL": f"sqlite:///{tmp_path / 'startup.sqlite'}"},
    )
    names = json.loads(out.stdout.splitlines()[-1])
    return {name for name in names} | {name.split(".")[0] for name in names}


def test_creating_the_app_loads_no_chart_pdf_statistics_or_migration_library(tmp_path):
    loaded = _modules_loaded_by("import wsgi", tmp_path)
    assert sorted(loaded & set(HEAVY)) == []


def test_the_command_line_starts_without_them(tmp_path):
    loaded = _modules_loaded_by(
        "from readiness.cli import main\n"
        "import contextlib, io\n"
        "with contextlib.suppress(SystemExit), contextlib.redirect_stdout(io.StringIO()):\n"
        "    main(['--help'])",
        tmp_path,
    )
    assert sorted(loaded & set(HEAVY)) == []


def test_scoring_needs_scipy_special_not_scipy_stats(tmp_path):
    """The intervals and the trend call the functions scipy.stats uses underneath: a process
    that scores (the export does) does not pay for importing scipy.stats (0.8 s against 0.3)."""
    loaded = _modules_loaded_by(
        "from tests.reports.sample import scored_document\n"
        "scored_document(60, previous_n=60)", tmp_path)
    assert "scipy.special" in loaded
    assert "scipy.stats" not in loaded

"""The layer contracts catch a wrong import (surveys <- scoring <- reports <- readiness), and
the independence contract one blueprint importing another."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def _lint(tree: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(tree)}
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache"], cwd=tree, env=env, capture_output=True, text=True
    )


@pytest.fixture
def tree(tmp_path):
    for name in ("surveys", "scoring", "reports", "readiness"):
        shutil.copytree(ROOT / name, tmp_path / name, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    return tmp_path


def test_the_real_tree_keeps_every_contract(tree):
    result = _lint(tree)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize(
    ("module", "line"),
    [
        ("scoring/uses_flask.py", "import flask\n"),
        ("reports/uses_db.py", "import sqlalchemy\n"),
        ("surveys/uses_scoring.py", "import scoring\n"),
        ("scoring/uses_reports.py", "from reports import markup\n"),
        ("readiness/admin/uses_report.py", "from readiness.report import routes\n"),
        ("readiness/auth/uses_respond.py", "from ..respond import journey\n"),
    ],
)
def test_a_forbidden_import_breaks_the_build(tree, module, line):
    (tree / module).write_text(line)
    result = _lint(tree)
    assert result.returncode != 0
    assert "BROKEN" in result.stdout

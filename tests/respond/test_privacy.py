"""A response carries no address, no browser and no time of day: not in the database file, not
in its write-ahead log, not in the log output."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from .conftest import Respondent, close_all, counts, make_codes, make_survey

ADDRESS = "203.0.113.77"
AGENT = "Mozilla/5.0 (X11; Linux) TracerBrowser/9.9.9-unique-ua"


def _sqlite_files(app) -> list[Path]:
    url = app.config["DATABASE_URL"]
    if not url.startswith("sqlite:///"):
        pytest.skip("scans the SQLite files")
    path = Path(url.removeprefix("sqlite:///"))
    return [p for p in (path, Path(f"{path}-wal"), Path(f"{path}-shm")) if p.exists()]


@pytest.mark.parametrize("distribution", ["link", "codes"])
def test_no_address_or_browser_reaches_the_database_or_the_log(app, caplog, distribution):
    caplog.set_level(logging.DEBUG)
    public_id = make_survey(app, distribution=distribution)
    client = app.test_client()
    client.environ_base.update({"REMOTE_ADDR": ADDRESS, "HTTP_USER_AGENT": AGENT})
    respondent = Respondent(client, public_id)
    if distribution == "codes":
        [(long_code, _)] = make_codes(app, public_id)
        respondent.open(f"/c/{long_code}")
    respondent.start()
    respondent.answer("about", {"segment_role_level": "staff"})
    respondent.answer("ownership", {"item_ow1": "4"})
    respondent.answer("open", {"open_concerns": "Nothing that names me"})
    assert respondent.submit().status_code == 303
    assert counts(app)[:2] == (1, 1)

    files = _sqlite_files(app)
    assert any(p.name.endswith("-wal") for p in files)  # the write is still in the WAL
    everything = b"".join(p.read_bytes() for p in files)
    assert b"Nothing that names me" not in everything  # sealed until the survey closes
    close_all(app)
    everything = b"".join(p.read_bytes() for p in _sqlite_files(app))
    assert b"Nothing that names me" in everything  # the scan does see what was stored
    for trace in (ADDRESS, AGENT, "TracerBrowser"):
        assert trace.encode() not in everything
        assert trace not in caplog.text

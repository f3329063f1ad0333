"""The development mailbox: what the local SMTP sink stored under the instance folder."""

from __future__ import annotations

import email
import email.policy
import re
from dataclasses import dataclass
from email.message import EmailMessage
from pathlib import Path

from flask import current_app

_NAME = re.compile(r"[0-9]+-[0-9]+\.eml")
SHOWN = 100


@dataclass(frozen=True)
class Stored:
    name: str
    to: str
    subject: str
    date: str


def directory() -> Path:
    configured = current_app.config.get("MAIL_SINK_DIR")
    return Path(configured) if configured else Path(current_app.instance_path) / "mailbox"


def latest() -> list[Stored]:
    """The newest messages first, at most `SHOWN`."""
    folder = directory()
    if not folder.is_dir():
        return []
    names = sorted((p.name for p in folder.iterdir() if _NAME.fullmatch(p.name)),
                   key=lambda n: int(n.split("-")[0]), reverse=True)[:SHOWN]
    found = []
    for name in names:
        message = read(name)
        if message is not None:
            found.append(Stored(name, str(message["To"]), str(message["Subject"]),
                                str(message["Date"])))
    return found


def read(name: str) -> EmailMessage | None:
    """One stored message by its file name, or None (a name that is not one of ours)."""
    if not _NAME.fullmatch(name):
        return None
    path = directory() / name
    if not path.is_file():
        return None
    return email.message_from_bytes(path.read_bytes(), policy=email.policy.default)  # type: ignore[return-value]

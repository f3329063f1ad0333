"""Talking to the SMTP server: building a message safely and sending it.

Messages are `email.message.EmailMessage` under the SMTP policy, which refuses any header value
with a line break: whatever a name or a subject contains, it cannot add a header.
"""

from __future__ import annotations

import contextlib
import hashlib
import smtplib
import ssl
from email.headerregistry import Address
from email.message import EmailMessage
from email.policy import SMTP
from email.utils import formatdate, parseaddr

STARTTLS, TLS, NONE = "starttls", "tls", "none"
SECURITIES = (STARTTLS, TLS, NONE)


class TemporaryFailure(Exception):
    """Try again later: a 4xx answer, or no answer at all (connection refused or dropped)."""


class NoConnection(TemporaryFailure):
    """The server could not be reached, or the connection dropped: the whole batch waits."""


class PermanentFailure(Exception):
    """The server refused this message for good (5xx); the message says why."""


def build(
    *, sender: str, to: str, subject: str, text: str, html: str | None,
    headers: dict[str, str], language: str | None, key: str,
) -> EmailMessage:
    """The message to send; ValueError if any header would contain a line break."""
    message = EmailMessage(policy=SMTP)
    message["From"] = sender
    message["To"] = to
    message["Subject"] = subject
    message["Date"] = formatdate(localtime=False)
    # The same key always gives the same Message-ID, so a message repeated by a crash at the
    # very moment the server accepted it is recognisably the same message.
    domain = parseaddr(sender)[1].rpartition("@")[2] or "localhost"
    message["Message-ID"] = f"<{hashlib.sha256(key.encode()).hexdigest()[:32]}@{domain}>"
    message.set_content(text)
    if html:
        message.add_alternative(html, subtype="html")
    # After the body: making it multipart moves every Content-* header into the first part.
    if language:
        message["Content-Language"] = language
    for name, value in headers.items():
        message[name] = value
    return message


def recipient(address: str, name: str = "") -> str:
    """``"Name" <address>`` with the name quoted or encoded as needed (never a line break)."""
    name = " ".join(name.split())  # line breaks and tabs become spaces
    return str(Address(display_name=name, addr_spec=address)) if name else address


class Connection:
    """One SMTP session for a batch, opened on first use."""

    def __init__(self, config) -> None:
        self._config = config
        self._smtp: smtplib.SMTP | None = None

    def _open(self) -> smtplib.SMTP:
        config = self._config
        host, port = str(config["SMTP_HOST"]), int(config["SMTP_PORT"])
        timeout = float(config.get("SMTP_TIMEOUT_SECONDS", 30))
        security = str(config.get("SMTP_SECURITY", NONE)).lower()
        try:
            if security == TLS:
                smtp: smtplib.SMTP = smtplib.SMTP_SSL(
                    host, port, timeout=timeout, context=ssl.create_default_context()
                )
            else:
                smtp = smtplib.SMTP(host, port, timeout=timeout)
                if security == STARTTLS:
                    smtp.starttls(context=ssl.create_default_context())
            if config.get("SMTP_USER"):
                smtp.login(str(config["SMTP_USER"]), str(config.get("SMTP_PASSWORD", "")))
        except smtplib.SMTPResponseException as error:
            raise _failure(error.smtp_code, error.smtp_error) from error
        except (OSError, smtplib.SMTPException) as error:
            raise NoConnection(f"cannot reach {host}:{port}: {error}") from error
        return smtp

    def send(self, message: EmailMessage, to_address: str) -> None:
        """Send ``message`` to ``to_address``; TemporaryFailure or PermanentFailure if not."""
        if self._smtp is None:
            self._smtp = self._open()
        sender = parseaddr(str(message["From"]))[1]
        try:
            refused = self._smtp.send_message(message, from_addr=sender, to_addrs=[to_address])
        except smtplib.SMTPRecipientsRefused as error:
            code, reason = next(iter(error.recipients.values()))
            raise _failure(code, reason) from error
        except smtplib.SMTPResponseException as error:
            raise _failure(error.smtp_code, error.smtp_error) from error
        except (OSError, smtplib.SMTPException) as error:
            self._smtp = None
            raise NoConnection(f"connection lost: {error}") from error
        if refused:  # pragma: no cover - one recipient: refusing it raises above
            code, reason = next(iter(refused.values()))
            raise _failure(code, reason)

    def close(self) -> None:
        if self._smtp is not None:
            with contextlib.suppress(OSError, smtplib.SMTPException):
                self._smtp.quit()
            self._smtp = None


def _failure(code: int, reason: bytes | str) -> Exception:
    text = reason.decode("utf-8", "replace") if isinstance(reason, bytes) else str(reason)
    described = f"{code} {text}".strip()
    return PermanentFailure(described) if 500 <= code < 600 else TemporaryFailure(described)

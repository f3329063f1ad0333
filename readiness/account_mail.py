"""The e-mails of console accounts: an invitation, and a link to set a new password.

Each message carries a link (see ``account_tokens``) to the page where the person chooses
their password, in plain text and HTML, in the language given, and goes through the outbox:
never sent during the request, delivered by the queue's workers. The subject is a fixed
sentence: nothing anyone typed (a name, an address) reaches a header but the recipient's
address, which ``users.EMAIL`` allows no space or line break in.

The token is in the message and nowhere else: it is not logged, not audited, and the
idempotency key holds only a hash of it.
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass

from flask import current_app, render_template, url_for
from flask_babel import force_locale, get_locale, ngettext
from flask_babel import gettext as _

from . import account_tokens
from .account_tokens import INVITATION, RESET
from .models import User
from .public_urls import absolute_url
from .users import ROLE_NAMES

log = logging.getLogger("readiness")

#: The page each purpose's link opens.
ENDPOINTS = {INVITATION: "auth.accept_invitation", RESET: "auth.reset_password"}


class NoPublicAddress(RuntimeError):
    """No trusted address to build a link on: READINESS_PUBLIC_BASE_URL is not set."""


def language_or_default(language: str | None) -> str:
    """``language`` when the console is offered in it, else the request's, else the first."""
    offered = tuple(current_app.config["LANGUAGES"])
    if language is not None and language in offered:
        return language
    current = str(get_locale() or "")
    return current if current in offered else offered[0]


def _link(user: User, purpose: str) -> tuple[str, str]:
    """The absolute link for ``user`` and ``purpose``, and its token."""
    token = account_tokens.issue(user, purpose)
    url = absolute_url(url_for(ENDPOINTS[purpose], token=token))
    if url is None:
        raise NoPublicAddress()
    return url, token


def _lifetime(purpose: str) -> str:
    seconds = account_tokens.lifetime_seconds(purpose)
    if purpose == INVITATION:
        return ngettext("%(num)d day", "%(num)d days", seconds // 86400)
    return ngettext("%(num)d minute", "%(num)d minutes", seconds // 60)


@dataclass(frozen=True)
class Message:
    """One account e-mail's words, written once for both the plain text and the HTML."""

    greeting: str
    before: list[str]  #: paragraphs before the link
    link_label: str
    url: str
    after: list[str]  #: paragraphs after the link

    def text(self) -> str:
        paragraphs = [self.greeting, *self.before, self.url, *self.after, "Readiness"]
        return "\n\n".join(paragraphs) + "\n"


def _greeting(user: User) -> str:
    return _("Hello %(name)s,", name=user.name) if user.name else _("Hello,")


def _queue(user: User, purpose: str, language: str, compose) -> None:
    """Render ``compose(url, lifetime)`` (subject, Message) in ``language`` and queue it."""
    from .mail.outbox import queue_message

    url, token = _link(user, purpose)
    with force_locale(language):
        subject, message = compose(url, _lifetime(purpose))
        html = render_template("auth/mail/message.html", subject=subject, message=message,
                               language=language)
    digest = hashlib.sha256(token.encode()).hexdigest()[:24]
    queue_message(
        to=user.email, subject=subject, text=message.text(), html=html,
        key=f"account.{purpose}:{user.id}:{digest}", kind=f"account.{purpose}",
        language=language,
    )


def send_invitation(user: User, *, inviter: User, language: str | None = None) -> None:
    """Queue ``user``'s invitation to choose a password (NoPublicAddress without a base URL)."""

    def compose(url: str, lifetime: str) -> tuple[str, Message]:
        role = str(ROLE_NAMES.get(user.role, user.role))
        return _("Your Readiness account: choose your password"), Message(
            greeting=_greeting(user),
            before=[
                _("%(inviter)s has made you an account on Readiness (%(role)s), for "
                  "%(email)s. To start, choose your own password:",
                  inviter=inviter.name or inviter.email, role=role, email=user.email),
            ],
            link_label=_("Choose your password"),
            url=url,
            after=[
                _("The link works once, for %(lifetime)s. Nobody else will know your "
                  "password, not even the person who invited you.", lifetime=lifetime),
                _("If you did not expect this message, you can ignore it: nothing happens "
                  "until a password is chosen."),
            ],
        )

    _queue(user, INVITATION, language_or_default(language), compose)


def send_reset(user: User, *, language: str | None = None) -> bool:
    """Queue a link to set a new password; False (and a log line) when no link can be built.

    Asked for by someone who is not signed in, so the request's answer is the same either way.
    """

    def compose(url: str, lifetime: str) -> tuple[str, Message]:
        return _("Set a new password for Readiness"), Message(
            greeting=_greeting(user),
            before=[
                _("Someone, we hope you, asked to set a new password for the Readiness "
                  "account %(email)s. To choose one, open this link:", email=user.email),
            ],
            link_label=_("Choose a new password"),
            url=url,
            after=[
                _("The link works once, for %(lifetime)s. Anywhere you are signed in, you "
                  "will be signed out.", lifetime=lifetime),
                _("If you did not ask for it, you can ignore this message: your password "
                  "stays as it is."),
            ],
        )

    try:
        _queue(user, RESET, language_or_default(language), compose)
    except NoPublicAddress:
        log.warning("password link not sent: set READINESS_PUBLIC_BASE_URL so links in "
                    "e-mails can be built")
        return False
    return True

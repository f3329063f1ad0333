"""Configuration: defaults, then ``READINESS_*`` environment variables, then the test dict."""

from __future__ import annotations

import os
import secrets
from pathlib import Path

#: Every setting the application reads, with its default.
DEFAULTS: dict[str, object] = {
    "ENV": "development",
    "SECRET_KEY": None,
    "DATABASE_URL": None,  # None: SQLite in the instance folder
    "REDIS_URL": None,  # shared throttling state across workers and machines
    "PUBLIC_BASE_URL": None,  # e.g. https://readiness.example.org; links never trust Host
    # Who respondents may ask about their privacy, shown on every survey's front page,
    # e.g. "privacy@example.org" or "Jo Smith, data protection officer, privacy@example.org".
    "PRIVACY_CONTACT": None,
    "TRUSTED_HOSTS": None,  # e.g. readiness.example.org: any other Host header gets a 400
    "REDIS_KEY_PREFIX": "readiness",  # lets several deployments (or tests) share one Redis
    "SQLITE_BUSY_TIMEOUT_MS": 5000,
    # How long a worker may reuse the survey's row for its pages (not for the submit).
    "SURVEY_ROW_CACHE_MS": 1000,
    "MAX_CONTENT_LENGTH": 256 * 1024,
    "MAX_IMPORT_BYTES": 20 * 1024 * 1024,
    "LOGIN_MAX_FAILURES": 10,
    "LOGIN_WINDOW_SECONDS": 900,
    # A console session ends this long after signing in, or after this long unused.
    "SESSION_MAX_HOURS": 12,
    "SESSION_IDLE_MINUTES": 60,
    "CODE_MAX_FAILURES": 10,
    "CODE_WINDOW_SECONDS": 900,
    # Console accounts' e-mailed password links: how long each works, and how many links
    # "forgot password" sends one address in a window.
    "INVITATION_LINK_DAYS": 7,
    "RESET_LINK_MINUTES": 60,
    "PASSWORD_LINK_MAX_REQUESTS": 3,
    "PASSWORD_LINK_WINDOW_SECONDS": 3600,
    "LANGUAGES": ("en", "de", "fr"),
    "BABEL_DEFAULT_LOCALE": "en",
    "LOG_LEVEL": "INFO",
    "SPEEDUPS": True,  # off: none of readiness.speedups is applied (to measure their gain)
    # Outgoing mail (issue 19): delivered by the queue's workers, never in a request.
    "SMTP_HOST": "127.0.0.1",
    "SMTP_PORT": 8025,  # make demo's local sink; a real server is usually 587 (starttls)
    "SMTP_SECURITY": "none",  # starttls, tls or none
    "SMTP_USER": "",
    "SMTP_PASSWORD": "",
    "SMTP_FROM": "Readiness <readiness@localhost>",
    "SMTP_TIMEOUT_SECONDS": 30,
    # The queue: SQLite in the instance folder, or Redis when REDIS_URL is set.
    "QUEUE_IMMEDIATE": False,  # tests: run each task as it is queued, in the same process
    "QUEUE_FILE": None,  # the SQLite queue's file; None: queue.sqlite in the instance folder
    "MAIL_BATCH_SIZE": 50,  # messages a worker claims at a time
    "MAIL_PARALLEL": 4,  # batches a new round starts side by side (for several workers)
    "MAIL_LEASE_SECONDS": 300,  # a claim older than this is given back (its worker died)
    "MAIL_RETRY_SECONDS": 60,  # first pause after a temporary failure; doubles each time
    "MAIL_MAX_ATTEMPTS": 8,  # then a temporary failure counts as permanent
    "MAIL_SINK_DIR": None,  # development: where the local sink stores what it receives
}

PRODUCTION = "production"
#: Settings given as a comma-separated list, whatever their default.
LISTS = {"TRUSTED_HOSTS"}


class ConfigurationError(RuntimeError):
    """Start-up cannot continue; the message says what to set."""


def _coerce(default: object, raw: str) -> object:
    if isinstance(default, bool):
        return raw.strip().lower() in {"1", "true", "yes", "on"}
    if isinstance(default, int):
        return int(raw)
    if isinstance(default, tuple):
        return tuple(part.strip() for part in raw.split(",") if part.strip())
    return raw


def from_environment(environ: dict[str, str] | None = None) -> dict[str, object]:
    """Settings given as ``READINESS_<NAME>`` variables, converted to the default's type."""
    environ = os.environ if environ is None else environ
    found: dict[str, object] = {}
    for name, default in DEFAULTS.items():
        raw = environ.get(f"READINESS_{name}")
        if raw is not None and raw != "":
            try:
                found[name] = (
                    [part.strip() for part in raw.split(",") if part.strip()] or None
                    if name in LISTS
                    else _coerce(default, raw)
                )
            except ValueError as error:
                raise ConfigurationError(
                    f"READINESS_{name}={raw!r} is not a valid value: {error}"
                ) from error
    return found


def resolve_secret_key(config: dict, instance_path: str) -> str:
    """The secret key: given, or in development generated once into the instance folder."""
    if config.get("SECRET_KEY"):
        return str(config["SECRET_KEY"])
    if config.get("ENV") == PRODUCTION:
        raise ConfigurationError(
            "READINESS_SECRET_KEY is not set. In production the secret key must come from the "
            "environment, for example: export READINESS_SECRET_KEY=$(python -c "
            "'import secrets; print(secrets.token_hex(32))')"
        )
    key_file = Path(instance_path) / "secret_key"
    if key_file.exists():
        return key_file.read_text().strip()
    key_file.parent.mkdir(parents=True, exist_ok=True)
    key = secrets.token_hex(32)
    key_file.write_text(key)
    key_file.chmod(0o600)
    return key


def database_url(config: dict, instance_path: str) -> str:
    """The SQLAlchemy URL: the configured one, else SQLite in the instance folder."""
    url = config.get("DATABASE_URL")
    if url:
        return str(url)
    return f"sqlite:///{Path(instance_path) / 'readiness.sqlite'}"


def check_production(config: dict, environ: dict[str, str] | None = None) -> None:
    """Refuse to start a production app under the interactive debugger.

    The factory turns ``app.debug`` off in production, but ``flask run --debug`` (which sets
    ``FLASK_DEBUG``) starts Werkzeug's debugger whatever ``app.debug`` says, so the variable
    itself is refused.
    """
    if config.get("ENV") != PRODUCTION:
        return
    environ = os.environ if environ is None else environ
    if environ.get("FLASK_DEBUG", "").strip().lower() not in ("", "0", "false", "no", "off"):
        raise ConfigurationError(
            "Debugging is never on in production: unset FLASK_DEBUG (and drop --debug), or "
            "set READINESS_ENV=development on a machine nobody else can reach."
        )

"""Command-line tasks: ``flask --app wsgi <command>`` or ``readiness <command>``."""

from __future__ import annotations

import secrets

import click
from flask import Flask, current_app
from flask.cli import AppGroup, with_appcontext
from sqlalchemy import select

from scoring.thresholds import DEFAULT_K, MIN_K

from . import db
from .models import User
from .models.user import ADMIN, ROLES

db_cli = AppGroup("db", help="Create or upgrade the database schema.")


@db_cli.command("upgrade")
@click.option("--revision", default="head", show_default=True)
def db_upgrade(revision: str) -> None:
    """Bring the database to the current schema (safe to run again)."""
    from . import migrate  # Alembic only for the commands that migrate

    url = current_app.config["DATABASE_URL"]
    before = migrate.current(url)
    migrate.upgrade(url, revision)
    after = migrate.current(url)
    # Say what happened: on a fresh clone "up to date" read as if nothing had been created.
    if before is None:
        click.echo(f"Created the database (schema {after}).")
    elif before == after:
        click.echo(f"The database is already up to date (schema {after}).")
    else:
        click.echo(f"Upgraded the database from schema {before} to {after}.")


@db_cli.command("revision")
@click.argument("message")
def db_revision(message: str) -> None:
    """Write a new migration from the models (for developers)."""
    from . import migrate

    migrate.revision(current_app.config["DATABASE_URL"], message)


@click.command("create-user")
@with_appcontext
@click.argument("email")
@click.option("--role", type=click.Choice(ROLES), default=ADMIN, show_default=True)
@click.option("--name", default="")
@click.password_option(help="Prompted for when not given.")
def create_user(email: str, role: str, name: str, password: str) -> None:
    """Create a user who signs in with EMAIL."""
    from .users import UserError, create

    try:
        with db.writing():
            create(email, role=role, name=name, password=password)
    except UserError as error:
        raise click.ClickException(str(error)) from error
    click.echo(f"Created {role} {email.strip().lower()}.")


@click.command("ensure-admin")
@with_appcontext
@click.option("--email", default="admin@example.org", show_default=True)
def ensure_admin(email: str) -> None:
    """First run: when no admin exists, create one and print its password once."""
    from .users import create

    with db.writing() as session:
        if session.scalar(select(User.id).where(User.role == ADMIN).limit(1)) is not None:
            click.echo("An admin account exists; sign in with it.")
            return
        password = secrets.token_urlsafe(12)
        create(email, role=ADMIN, name="Comms lead", password=password)
    click.echo("")
    click.echo("  First run: an admin account was created. This password is shown only once.")
    click.echo(f"    e-mail:   {email}")
    click.echo(f"    password: {password}")
    click.echo("")


@click.command("backup")
@with_appcontext
@click.argument("destination", type=click.Path(dir_okay=False, writable=True))
def backup(destination: str) -> None:
    """Copy the SQLite database to DESTINATION while the survey stays open."""
    from .backup import BackupError, backup_sqlite, sqlite_path

    try:
        source = sqlite_path(current_app.config["DATABASE_URL"])
        result = backup_sqlite(
            source, destination, int(current_app.config["SQLITE_BUSY_TIMEOUT_MS"])
        )
    except BackupError as error:
        raise click.ClickException(str(error)) from error
    click.echo(f"Backed up {source} to {result.path} ({result.bytes} bytes, integrity ok).")


@click.command("validate-instrument")
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
def validate_instrument(path: str) -> None:
    """Check an instrument file and name every problem in it."""
    from surveys.errors import InstrumentError
    from surveys.loader import load_instrument

    try:
        instrument = load_instrument(path)
    except InstrumentError as error:
        raise click.ClickException(str(error)) from error
    core = instrument.items_for(None)
    click.echo(
        f"{path}: {instrument.id} version {instrument.version} is valid: "
        f"{len(instrument.dimensions)} dimensions, {len(core)} core items, "
        f"{len(instrument.modules)} sector modules, languages {', '.join(instrument.languages)}."
    )


@click.command("create-assessment")
@with_appcontext
@click.option("--title", required=True)
@click.option("--organisation", required=True)
@click.option("--instrument-file", type=click.Path(exists=True, dir_okay=False),
              help="An organisation's own instrument; the bundled one when omitted.")
@click.option("--sector", default="private", show_default=True)
@click.option("--headcount", type=click.IntRange(min=1))
@click.option("--language", "languages", multiple=True, help="Repeat for each language offered.")
@click.option("--module", help="Sector module adding items.")
@click.option("--k", type=click.IntRange(min=MIN_K), default=DEFAULT_K, show_default=True)
@click.option("--distribution", type=click.Choice(["link", "codes", "both"]), default="link")
@click.option("--open", "open_now", is_flag=True, help="Open it for responses at once.")
def create_assessment(title, organisation, instrument_file, sector, headcount, languages,
                      module, k, distribution, open_now) -> None:
    """Create an assessment, optionally from an instrument file, and print its survey path."""
    from surveys.errors import InstrumentError

    from . import assessments, lifecycle

    spec = assessments.AssessmentSpec(
        title=title, organisation=organisation, sector=sector, headcount=headcount,
        languages=tuple(languages) or ("en",), module=module, k=k,
        comment_k=max(10, k), distribution=distribution,
    )
    try:
        with db.writing():
            if instrument_file:
                assessment = assessments.create_from_file(spec, instrument_file)
            else:
                assessment = assessments.create(spec)
            if open_now:
                lifecycle.open_(assessment)
    except (InstrumentError, assessments.AssessmentError) as error:
        raise click.ClickException(str(error)) from error
    click.echo(f"Created assessment {assessment.id} ({assessment.status}): "
               f"survey at /s/{assessment.public_id}")


def init_app(app: Flask) -> None:
    app.cli.add_command(db_cli)
    app.cli.add_command(create_user)
    app.cli.add_command(ensure_admin)
    app.cli.add_command(backup)
    app.cli.add_command(validate_instrument)
    app.cli.add_command(create_assessment)

    from .admin.commands import COMMANDS as CONSOLE_COMMANDS

    for command in CONSOLE_COMMANDS:
        app.cli.add_command(command)

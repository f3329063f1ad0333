"""Command-line tasks: ``flask --app wsgi <command>`` or ``readiness <command>``."""

from __future__ import annotations

import secrets

import click
from flask import Flask, current_app
from flask.cli import AppGroup, with_appcontext
from sqlalchemy import select

from . import db, migrate
from .models import User
from .models.user import ADMIN, ROLES

db_cli = AppGroup("db", help="Create or upgrade the database schema.")


@db_cli.command("upgrade")
@click.option("--revision", default="head", show_default=True)
def db_upgrade(revision: str) -> None:
    """Bring the database to the current schema (safe to run again)."""
    migrate.upgrade(current_app.config["DATABASE_URL"], revision)
    click.echo("Database is up to date.")


@db_cli.command("revision")
@click.argument("message")
def db_revision(message: str) -> None:
    """Write a new migration from the models (for developers)."""
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


def init_app(app: Flask) -> None:
    app.cli.add_command(db_cli)
    app.cli.add_command(create_user)
    app.cli.add_command(ensure_admin)
    app.cli.add_command(backup)

    from .admin.commands import COMMANDS as CONSOLE_COMMANDS

    for command in CONSOLE_COMMANDS:
        app.cli.add_command(command)

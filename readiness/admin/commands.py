"""The console's command-line tasks: seed-demo, results, report, slides, export, import and
purge-expired."""

from __future__ import annotations

import json
from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext

from .. import collection, db, lifecycle
from ..exports import ExportRefused, codebook_csv, responses_csv
from ..imports import ImportRejected, import_csv
from ..models import Assessment
from ..releases import release, released_document
from ..results import PdfUnavailable, ResultsWithheld, render_pdf
from . import demo


def _everything(_assessment: Assessment) -> bool:
    return True  # whoever runs commands reads the database itself


def _released(reference: str, language: str | None = None) -> dict:
    """The released results document; while the survey collects answers, a refusal (exit 1)."""
    try:
        return released_document(_assessment(reference), "command", language, _everything)
    except ResultsWithheld as error:
        raise click.ClickException(str(error)) from error


def _assessment(reference: str) -> Assessment:
    """An assessment by its number, or the demo for the word ``demo``."""
    if reference == "demo":
        found = demo.find_demo()
        if found is None:
            raise click.ClickException("There is no demo yet: run `seed-demo` first.")
        return found
    if not reference.isdigit():
        raise click.ClickException(f"{reference!r} is neither an assessment number nor 'demo'.")
    found = db.session().get(Assessment, int(reference))
    if found is None:
        raise click.ClickException(f"There is no assessment {reference}.")
    return found


@click.command("seed-demo")
@with_appcontext
def seed_demo() -> None:
    """Create the demo (replacing any earlier one) and print its sign-in details."""
    with db.writing():
        result = demo.seed()
    click.echo("")
    click.echo(f"  Demo ready: {demo.TITLE} ({result.responses} responses, an earlier wave).")
    click.echo("  Sign in as the comms lead (the password is new on every run):")
    click.echo(f"    e-mail:   {demo.ADMIN_EMAIL}")
    click.echo(f"    password: {result.admin_password}")
    click.echo("  Leadership (viewer) account:")
    click.echo(f"    e-mail:   {demo.VIEWER_EMAIL}")
    click.echo(f"    password: {result.viewer_password}")
    click.echo("")


@click.command("results")
@with_appcontext
@click.argument("assessment")
@click.option("--language", default=None, help="Language of the texts (default: the first).")
def results_command(assessment: str, language: str | None) -> None:
    """Print the results document (JSON) of ASSESSMENT (a number, or 'demo')."""
    document = _released(assessment, language)
    click.echo(json.dumps(document, ensure_ascii=False, indent=2))


@click.command("report")
@with_appcontext
@click.argument("assessment")
@click.option("--output", "-o", required=True, type=click.Path(dir_okay=False, path_type=Path))
@click.option("--language", default=None, help="Language of the report (default: the first).")
@click.option("--page-size", type=click.Choice(["A4", "letter"]), default="A4", show_default=True)
def report_command(assessment: str, output: Path, language: str | None, page_size: str) -> None:
    """Write the PDF report of ASSESSMENT (a number, or 'demo') to OUTPUT."""
    document = _released(assessment, language)
    try:
        body = render_pdf(document, page_size=page_size)
    except PdfUnavailable as error:
        raise click.ClickException(str(error)) from error
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_bytes(body)
    click.echo(f"Wrote {output} ({len(body) // 1024} KB).")


@click.command("slides")
@with_appcontext
@click.argument("assessment")
@click.option("--output", "-o", required=True, type=click.Path(dir_okay=False, path_type=Path))
@click.option("--language", default=None, help="Language of the slides (default: the first).")
def slides_command(assessment: str, output: Path, language: str | None) -> None:
    """Write the slides (PPTX) of ASSESSMENT (a number, or 'demo') to OUTPUT."""
    from reports.slides import build_slides

    body = build_slides(_released(assessment, language))
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_bytes(body)
    click.echo(f"Wrote {output} ({len(body) // 1024} KB).")


@click.command("export")
@with_appcontext
@click.argument("assessment")
@click.option("--output", "-o", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="Responses CSV to write.")
@click.option("--codebook", type=click.Path(dir_okay=False, path_type=Path),
              help="Codebook CSV to write (default: next to the responses).")
def export_command(assessment: str, output: Path, codebook: Path | None) -> None:
    """Export ASSESSMENT's anonymised responses and codebook as CSV."""
    try:
        found = release(_assessment(assessment), "csv")
        body = responses_csv(found)
    except (ResultsWithheld, ExportRefused) as error:
        raise click.ClickException(str(error)) from error
    codebook = codebook or output.with_name(output.stem + "-codebook.csv")
    output.write_text(body, encoding="utf-8", newline="")
    codebook.write_text(codebook_csv(found), encoding="utf-8", newline="")
    click.echo(f"Wrote {output} and {codebook}.")


@click.command("import")
@with_appcontext
@click.argument("assessment")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def import_command(assessment: str, file: Path) -> None:
    """Import responses for ASSESSMENT from a CSV FILE; all rows or none."""
    try:
        with db.writing():
            count = import_csv(
                _assessment(assessment),
                file.read_bytes(),
                int(current_app.config["MAX_IMPORT_BYTES"]),
            )
    except ImportRejected as error:
        raise click.ClickException(
            "Nothing was imported:\n" + "\n".join(f"  {p}" for p in error.problems)
        ) from error
    click.echo(f"Imported {count} responses.")


@click.command("purge-expired")
@with_appcontext
def purge_expired_command() -> None:
    """Delete the responses of every closed assessment past its retention period (run daily,
    e.g. from cron: ``flask --app wsgi purge-expired``)."""
    with db.writing():
        purged = lifecycle.purge_expired()
    if purged:
        collection.checkpoint()  # no page of the deleted answers stays in the WAL
        click.echo("Deleted the responses of assessment(s) " + ", ".join(map(str, purged)) + ".")
    else:
        click.echo("Nothing is past its retention period.")


COMMANDS = (seed_demo, results_command, report_command, slides_command, export_command,
            import_command, purge_expired_command)

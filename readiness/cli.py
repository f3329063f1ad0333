"""The ``readiness`` command: the same commands as ``flask --app wsgi``."""

from flask.cli import FlaskGroup

from . import create_app

main = FlaskGroup(create_app=create_app, help="Readiness: manage the database, users and reports.")

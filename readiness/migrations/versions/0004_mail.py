"""recipient lists, outgoing messages and account tokens (issue 19)

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-05 09:45:00.000000
"""
from alembic import op  # noqa: F401
import sqlalchemy as sa  # noqa: F401


revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass

"""retention and deletion of assessments (issue 20)

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-05 09:45:00.000000
"""
from alembic import op  # noqa: F401
import sqlalchemy as sa  # noqa: F401


revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('assessments') as batch:
        batch.add_column(sa.Column('retention_days', sa.Integer(), nullable=True))
        batch.add_column(sa.Column('purged_on', sa.Date(), nullable=True))
    with op.batch_alter_table('access_codes') as batch:
        batch.add_column(sa.Column('batch', sa.Integer(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('access_codes') as batch:
        batch.drop_column('batch')
    with op.batch_alter_table('assessments') as batch:
        batch.drop_column('purged_on')
        batch.drop_column('retention_days')

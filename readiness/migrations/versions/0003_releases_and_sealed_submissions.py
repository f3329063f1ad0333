"""releases freeze an assessment; submissions stay sealed until close

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-05 07:30:00.000000
"""
from alembic import op
import sqlalchemy as sa


revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('assessments') as batch:
        batch.add_column(sa.Column('collection', sa.String(length=10), nullable=True))
        batch.add_column(sa.Column('released_on', sa.Date(), nullable=True))
        batch.add_column(sa.Column('responses_by_day', sa.JSON(), nullable=True))
    # Assessments already closed were readable before this version: treat them as released.
    op.execute("UPDATE assessments SET released_on = closed_on WHERE status = 'closed'")
    op.execute(
        "UPDATE assessments SET collection = 'online' WHERE status <> 'draft'"
    )
    op.create_table('sealed_submissions',
    sa.Column('id', sa.String(length=32), nullable=False),
    sa.Column('assessment_id', sa.Integer(), nullable=False),
    sa.Column('draft_key', sa.String(length=64), nullable=False),
    sa.Column('payload', sa.LargeBinary(), nullable=False),
    sa.ForeignKeyConstraint(['assessment_id'], ['assessments.id'], name=op.f('fk_sealed_submissions_assessment_id_assessments'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sealed_submissions')),
    sa.UniqueConstraint('draft_key', name=op.f('uq_sealed_submissions_draft_key')),
    sqlite_with_rowid=False
    )
    with op.batch_alter_table('sealed_submissions') as batch:
        batch.create_index(batch.f('ix_sealed_submissions_assessment_id'), ['assessment_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('sealed_submissions') as batch:
        batch.drop_index(batch.f('ix_sealed_submissions_assessment_id'))
    op.drop_table('sealed_submissions')
    with op.batch_alter_table('assessments') as batch:
        batch.drop_column('responses_by_day')
        batch.drop_column('released_on')
        batch.drop_column('collection')

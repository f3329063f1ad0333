"""the tracked action plan (issue 23)

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-05 09:45:00.000000
"""
from alembic import op
import sqlalchemy as sa


revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('plan_actions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('assessment_id', sa.Integer(), nullable=False),
    sa.Column('recommendation_id', sa.String(length=80), nullable=True),
    sa.Column('dimension', sa.String(length=80), nullable=True),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('owner_name', sa.String(length=120), nullable=False),
    sa.Column('owner_user_id', sa.Integer(), nullable=True),
    sa.Column('due_on', sa.Date(), nullable=True),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('notes', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.Column('updated_at', sa.DateTime(), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.ForeignKeyConstraint(['assessment_id'], ['assessments.id'], name=op.f('fk_plan_actions_assessment_id_assessments'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['owner_user_id'], ['users.id'], name=op.f('fk_plan_actions_owner_user_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_plan_actions'))
    )
    with op.batch_alter_table('plan_actions') as batch:
        batch.create_index(batch.f('ix_plan_actions_assessment_id'), ['assessment_id'], unique=False)
    op.create_table('plan_settings',
    sa.Column('assessment_id', sa.Integer(), nullable=False),
    sa.Column('viewers_may_edit', sa.Boolean(), server_default=sa.false(), nullable=False),
    sa.ForeignKeyConstraint(['assessment_id'], ['assessments.id'], name=op.f('fk_plan_settings_assessment_id_assessments'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('assessment_id', name=op.f('pk_plan_settings'))
    )
    op.create_table('plan_link_access',
    sa.Column('report_link_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['report_link_id'], ['report_links.id'], name=op.f('fk_plan_link_access_report_link_id_report_links'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('report_link_id', name=op.f('pk_plan_link_access'))
    )


def downgrade() -> None:
    op.drop_table('plan_link_access')
    op.drop_table('plan_settings')
    with op.batch_alter_table('plan_actions') as batch:
        batch.drop_index(batch.f('ix_plan_actions_assessment_id'))
    op.drop_table('plan_actions')

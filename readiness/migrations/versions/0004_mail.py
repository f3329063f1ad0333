"""recipient lists, outgoing messages and account tokens (issue 19)

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-05 09:45:00.000000
"""
import sqlalchemy as sa
from alembic import op

revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'mail_recipients',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('assessment_id', sa.Integer(), nullable=False),
        sa.Column('address', sa.String(length=320), nullable=False),
        sa.Column('name', sa.String(length=200), nullable=False),
        sa.Column('language', sa.String(length=8), nullable=False),
        sa.Column('sealed_code', sa.LargeBinary(), nullable=False),
        sa.ForeignKeyConstraint(['assessment_id'], ['assessments.id'],
                                name=op.f('fk_mail_recipients_assessment_id_assessments'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_mail_recipients')),
        sa.UniqueConstraint('assessment_id', 'address',
                            name=op.f('uq_mail_recipients_assessment_id')),
    )
    op.create_index(op.f('ix_mail_recipients_assessment_id'), 'mail_recipients',
                    ['assessment_id'], unique=False)
    op.create_table(
        'mail_settings',
        sa.Column('assessment_id', sa.Integer(), nullable=False),
        sa.Column('subject', sa.String(length=200), nullable=False),
        sa.Column('intro', sa.Text(), nullable=False),
        sa.Column('reminder_mode', sa.String(length=20), nullable=False),
        sa.Column('reminder_days', sa.JSON(), nullable=False),
        sa.Column('reminders_sent', sa.Integer(), nullable=False),
        sa.Column('rounds_done', sa.JSON(), nullable=False),
        sa.Column('link_base', sa.String(length=300), nullable=True),
        sa.Column('list_deleted_on', sa.Date(), nullable=True),
        sa.Column('final_counts', sa.JSON(), nullable=True),
        sa.ForeignKeyConstraint(['assessment_id'], ['assessments.id'],
                                name=op.f('fk_mail_settings_assessment_id_assessments'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('assessment_id', name=op.f('pk_mail_settings')),
    )
    op.create_table(
        'mail_messages',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('key', sa.String(length=200), nullable=False),
        sa.Column('kind', sa.String(length=40), nullable=False),
        sa.Column('assessment_id', sa.Integer(), nullable=True),
        sa.Column('to_address', sa.String(length=320), nullable=False),
        sa.Column('state', sa.String(length=20), nullable=False),
        sa.Column('sealed_body', sa.LargeBinary(), nullable=True),
        sa.Column('attempts', sa.Integer(), nullable=False),
        sa.Column('not_before', sa.DateTime(), nullable=False),
        sa.Column('claim', sa.String(length=32), nullable=True),
        sa.Column('lease_until', sa.DateTime(), nullable=True),
        sa.Column('error', sa.Text(), nullable=True),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.Column('sent_at', sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(['assessment_id'], ['assessments.id'],
                                name=op.f('fk_mail_messages_assessment_id_assessments'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_mail_messages')),
        sa.UniqueConstraint('key', name=op.f('uq_mail_messages_key')),
    )
    op.create_index(op.f('ix_mail_messages_assessment_id'), 'mail_messages',
                    ['assessment_id'], unique=False)
    op.create_index('ix_mail_messages_state_not_before', 'mail_messages',
                    ['state', 'not_before'], unique=False)
    op.create_table(
        'mail_unsubscribes',
        sa.Column('address_hash', sa.String(length=64), nullable=False),
        sa.Column('created_on', sa.Date(), nullable=False),
        sa.PrimaryKeyConstraint('address_hash', name=op.f('pk_mail_unsubscribes')),
    )


def downgrade() -> None:
    op.drop_table('mail_unsubscribes')
    op.drop_index('ix_mail_messages_state_not_before', table_name='mail_messages')
    op.drop_index(op.f('ix_mail_messages_assessment_id'), table_name='mail_messages')
    op.drop_table('mail_messages')
    op.drop_table('mail_settings')
    op.drop_index(op.f('ix_mail_recipients_assessment_id'), table_name='mail_recipients')
    op.drop_table('mail_recipients')

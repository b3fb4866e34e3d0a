"""reports: reports with their sealed context snapshot, and moderators' notes on them

Revision ID: 0008_reports
Revises: 0001
Create Date: 2026-12-06 04:40:00
"""
from alembic import op
import sqlalchemy as sa
import server.core.base


revision = '0008_reports'
down_revision = '0001'
branch_labels = None
depends_on = None

UTC = server.core.base.UTCDateTime(timezone=True)


def _account_fk(table: str, column: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint([column], ['accounts.id'], name=op.f(f'fk_{table}_{column}_accounts'),
                                   ondelete='SET NULL')


def upgrade() -> None:
    op.create_table('reports',
    sa.Column('id', sa.String(length=32), nullable=False),
    sa.Column('reporter_id', sa.String(length=32), nullable=True),
    sa.Column('target_kind', sa.String(length=16), nullable=False),
    sa.Column('target_id', sa.String(length=64), nullable=False),
    sa.Column('place', sa.String(length=16), nullable=True),
    sa.Column('target_account_id', sa.String(length=32), nullable=True),
    sa.Column('category', sa.String(length=24), nullable=False),
    sa.Column('urgent', sa.Boolean(), nullable=False),
    sa.Column('comment', sa.Text(), nullable=True),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('outcome', sa.String(length=16), nullable=True),
    sa.Column('claimed_by', sa.String(length=32), nullable=True),
    sa.Column('claimed_at', UTC, nullable=True),
    sa.Column('closed_by', sa.String(length=32), nullable=True),
    sa.Column('closed_at', UTC, nullable=True),
    sa.Column('escalated_at', UTC, nullable=True),
    sa.Column('created_at', UTC, nullable=False),
    sa.Column('updated_at', UTC, nullable=False),
    sa.Column('snapshot', sa.JSON(), nullable=True),
    sa.Column('snapshot_purge_at', UTC, nullable=True),
    _account_fk('reports', 'reporter_id'),
    _account_fk('reports', 'target_account_id'),
    _account_fk('reports', 'claimed_by'),
    _account_fk('reports', 'closed_by'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_reports'))
    )
    for column in ('reporter_id', 'target_account_id', 'status', 'created_at', 'snapshot_purge_at'):
        op.create_index(op.f(f'ix_reports_{column}'), 'reports', [column], unique=False)
    op.create_table('report_notes',
    sa.Column('id', sa.String(length=32), nullable=False),
    sa.Column('report_id', sa.String(length=32), nullable=False),
    sa.Column('author_id', sa.String(length=32), nullable=True),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('created_at', UTC, nullable=False),
    sa.ForeignKeyConstraint(['report_id'], ['reports.id'], name=op.f('fk_report_notes_report_id_reports'), ondelete='CASCADE'),
    _account_fk('report_notes', 'author_id'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_report_notes'))
    )
    op.create_index(op.f('ix_report_notes_report_id'), 'report_notes', ['report_id'], unique=False)


def downgrade() -> None:
    op.drop_index(op.f('ix_report_notes_report_id'), table_name='report_notes')
    op.drop_table('report_notes')
    for column in ('reporter_id', 'target_account_id', 'status', 'created_at', 'snapshot_purge_at'):
        op.drop_index(op.f(f'ix_reports_{column}'), table_name='reports')
    op.drop_table('reports')

"""sanctions, their appeals and lifted new-account warm-ups (issue 12)

Revision ID: 0009_sanctions
Revises: 0001
Create Date: 2026-12-06 04:50:00
"""
from alembic import op
import sqlalchemy as sa
import server.core.base


revision = '0009_sanctions'
down_revision = '0001'
branch_labels = None
depends_on = None

WHEN = server.core.base.UTCDateTime(timezone=True)


def _account_fk(table: str, column: str, ondelete: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint([column], ['accounts.id'], name=op.f(f'fk_{table}_{column}_accounts'), ondelete=ondelete)


def upgrade() -> None:
    op.create_table('sanctions',
    sa.Column('id', sa.String(length=32), nullable=False),
    sa.Column('account_id', sa.String(length=32), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('state', sa.String(length=10), nullable=False),
    sa.Column('reason_ja', sa.Text(), nullable=False),
    sa.Column('reason_en', sa.Text(), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('given_by', sa.String(length=32), nullable=True),
    sa.Column('given_at', WHEN, nullable=False),
    sa.Column('ends_at', WHEN, nullable=True),
    sa.Column('confirmed_by', sa.String(length=32), nullable=True),
    sa.Column('confirmed_at', WHEN, nullable=True),
    sa.Column('lifted_by', sa.String(length=32), nullable=True),
    sa.Column('lifted_at', WHEN, nullable=True),
    _account_fk('sanctions', 'account_id', 'CASCADE'),
    _account_fk('sanctions', 'given_by', 'SET NULL'),
    _account_fk('sanctions', 'confirmed_by', 'SET NULL'),
    _account_fk('sanctions', 'lifted_by', 'SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sanctions'))
    )
    op.create_index(op.f('ix_sanctions_account_id'), 'sanctions', ['account_id'], unique=False)
    op.create_index('ix_sanctions_state_kind', 'sanctions', ['state', 'kind'], unique=False)
    op.create_table('sanction_appeals',
    sa.Column('id', sa.String(length=32), nullable=False),
    sa.Column('sanction_id', sa.String(length=32), nullable=False),
    sa.Column('account_id', sa.String(length=32), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('made_at', WHEN, nullable=False),
    sa.Column('outcome', sa.String(length=10), nullable=True),
    sa.Column('answer_ja', sa.Text(), nullable=True),
    sa.Column('answer_en', sa.Text(), nullable=True),
    sa.Column('decided_by', sa.String(length=32), nullable=True),
    sa.Column('decided_at', WHEN, nullable=True),
    _account_fk('sanction_appeals', 'account_id', 'CASCADE'),
    _account_fk('sanction_appeals', 'decided_by', 'SET NULL'),
    sa.ForeignKeyConstraint(['sanction_id'], ['sanctions.id'], name=op.f('fk_sanction_appeals_sanction_id_sanctions'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sanction_appeals')),
    sa.UniqueConstraint('sanction_id', name=op.f('uq_sanction_appeals_sanction_id'))
    )
    op.create_index(op.f('ix_sanction_appeals_account_id'), 'sanction_appeals', ['account_id'], unique=False)
    op.create_index('ix_sanction_appeals_outcome', 'sanction_appeals', ['outcome'], unique=False)
    op.create_table('warmup_lifts',
    sa.Column('account_id', sa.String(length=32), nullable=False),
    sa.Column('lifted_by', sa.String(length=32), nullable=True),
    sa.Column('lifted_at', WHEN, nullable=False),
    _account_fk('warmup_lifts', 'account_id', 'CASCADE'),
    _account_fk('warmup_lifts', 'lifted_by', 'SET NULL'),
    sa.PrimaryKeyConstraint('account_id', name=op.f('pk_warmup_lifts'))
    )


def downgrade() -> None:
    op.drop_table('warmup_lifts')
    op.drop_index('ix_sanction_appeals_outcome', table_name='sanction_appeals')
    op.drop_index(op.f('ix_sanction_appeals_account_id'), table_name='sanction_appeals')
    op.drop_table('sanction_appeals')
    op.drop_index('ix_sanctions_state_kind', table_name='sanctions')
    op.drop_index(op.f('ix_sanctions_account_id'), table_name='sanctions')
    op.drop_table('sanctions')

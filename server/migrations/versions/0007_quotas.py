"""quotas: one gate row per (account, kind) that makes per-person limits hold under races

Revision ID: 0007_quotas
Revises: 0001
Create Date: 2026-12-06 02:00:00
"""
from alembic import op
import sqlalchemy as sa


revision = '0007_quotas'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('quota_gates',
    sa.Column('account_id', sa.String(length=32), nullable=False),
    sa.Column('kind', sa.String(length=40), nullable=False),
    sa.Column('passes', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['account_id'], ['accounts.id'], name=op.f('fk_quota_gates_account_id_accounts'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('account_id', 'kind', name=op.f('pk_quota_gates'))
    )


def downgrade() -> None:
    op.drop_table('quota_gates')

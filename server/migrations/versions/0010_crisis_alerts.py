"""crisis alerts: urgent screenings with their context, until acknowledged (and the context 30 days after)

Revision ID: 0010_crisis_alerts
Revises: 0001
Create Date: 2026-12-06 05:00:00
"""
from alembic import op
import sqlalchemy as sa
import server.core.base


revision = '0010_crisis_alerts'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('crisis_alerts',
    sa.Column('id', sa.String(length=32), nullable=False),
    sa.Column('at', server.core.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('channel', sa.String(length=16), nullable=False),
    sa.Column('place', sa.String(length=64), nullable=True),
    sa.Column('account_id', sa.String(length=32), nullable=True),
    sa.Column('nickname', sa.String(length=40), nullable=False),
    sa.Column('context', sa.JSON(none_as_null=True), nullable=True),
    sa.Column('level', sa.String(length=16), nullable=False),
    sa.Column('matched', sa.JSON(), nullable=False),
    sa.Column('escalated_at', server.core.base.UTCDateTime(timezone=True), nullable=True),
    sa.Column('acknowledged_by', sa.String(length=32), nullable=True),
    sa.Column('acknowledged_at', server.core.base.UTCDateTime(timezone=True), nullable=True),
    sa.Column('action', sa.String(length=1000), nullable=True),
    sa.Column('legal_basis', sa.String(length=32), nullable=True),
    sa.ForeignKeyConstraint(['account_id'], ['accounts.id'], name=op.f('fk_crisis_alerts_account_id_accounts'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['acknowledged_by'], ['accounts.id'], name=op.f('fk_crisis_alerts_acknowledged_by_accounts'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_crisis_alerts'))
    )
    op.create_index(op.f('ix_crisis_alerts_account_id'), 'crisis_alerts', ['account_id'], unique=False)
    op.create_index(op.f('ix_crisis_alerts_at'), 'crisis_alerts', ['at'], unique=False)
    op.create_index(op.f('ix_crisis_alerts_acknowledged_at'), 'crisis_alerts', ['acknowledged_at'], unique=False)


def downgrade() -> None:
    op.drop_index(op.f('ix_crisis_alerts_acknowledged_at'), table_name='crisis_alerts')
    op.drop_index(op.f('ix_crisis_alerts_at'), table_name='crisis_alerts')
    op.drop_index(op.f('ix_crisis_alerts_account_id'), table_name='crisis_alerts')
    op.drop_table('crisis_alerts')

"""funnel: daily step counts and latency histograms (no account id), short-lived first-step dates

Revision ID: 0015_funnel
Revises: 0001
Create Date: 2026-12-06 07:40:00
"""
from alembic import op
import sqlalchemy as sa


revision = '0015_funnel'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('funnel_days',
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('step', sa.String(length=24), nullable=False),
    sa.Column('kind', sa.String(length=12), nullable=False),
    sa.Column('count', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('day', 'step', 'kind', name=op.f('pk_funnel_days'))
    )
    op.create_table('funnel_latencies',
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('step', sa.String(length=24), nullable=False),
    sa.Column('days', sa.Integer(), nullable=False),
    sa.Column('count', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('day', 'step', 'days', name=op.f('pk_funnel_latencies'))
    )
    op.create_table('funnel_first_steps',
    sa.Column('account_id', sa.String(length=32), nullable=False),
    sa.Column('first_visit', sa.Date(), nullable=False),
    sa.Column('first_desk', sa.Date(), nullable=True),
    sa.Column('first_booking', sa.Date(), nullable=True),
    sa.Column('desk_done', sa.Boolean(), nullable=False),
    sa.Column('booking_done', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['account_id'], ['accounts.id'], name=op.f('fk_funnel_first_steps_account_id_accounts'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('account_id', name=op.f('pk_funnel_first_steps'))
    )


def downgrade() -> None:
    op.drop_table('funnel_first_steps')
    op.drop_table('funnel_latencies')
    op.drop_table('funnel_days')

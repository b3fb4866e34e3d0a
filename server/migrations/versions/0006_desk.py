"""desk: opening hours, dates with other hours, messages left for staff

Revision ID: 0006
Revises: 0002
Create Date: 2026-11-24 09:00:00
"""
from alembic import op
import sqlalchemy as sa
import server.core.base


revision = '0006'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('desk_hours',
    sa.Column('id', sa.String(length=32), nullable=False),
    sa.Column('weekday', sa.Integer(), nullable=False),
    sa.Column('start_minute', sa.Integer(), nullable=False),
    sa.Column('end_minute', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_desk_hours'))
    )

    op.create_table('desk_days',
    sa.Column('on_date', sa.Date(), nullable=False),
    sa.Column('windows', sa.String(length=80), nullable=False),
    sa.Column('note', sa.String(length=80), nullable=True),
    sa.Column('updated_at', server.core.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_by', sa.String(length=32), nullable=True),
    sa.ForeignKeyConstraint(['updated_by'], ['accounts.id'], name=op.f('fk_desk_days_updated_by_accounts'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('on_date', name=op.f('pk_desk_days'))
    )

    op.create_table('desk_messages',
    sa.Column('id', sa.String(length=32), nullable=False),
    sa.Column('author_id', sa.String(length=32), nullable=False),
    sa.Column('text', sa.String(length=1000), nullable=False),
    sa.Column('created_at', server.core.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('handled_at', server.core.base.UTCDateTime(timezone=True), nullable=True),
    sa.Column('handled_by', sa.String(length=32), nullable=True),
    sa.Column('reply', sa.String(length=1000), nullable=True),
    sa.ForeignKeyConstraint(['author_id'], ['accounts.id'], name=op.f('fk_desk_messages_author_id_accounts'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['handled_by'], ['accounts.id'], name=op.f('fk_desk_messages_handled_by_accounts'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_desk_messages'))
    )
    with op.batch_alter_table('desk_messages', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_desk_messages_author_id'), ['author_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_desk_messages_created_at'), ['created_at'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('desk_messages', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_desk_messages_created_at'))
        batch_op.drop_index(batch_op.f('ix_desk_messages_author_id'))

    op.drop_table('desk_messages')
    op.drop_table('desk_days')
    op.drop_table('desk_hours')

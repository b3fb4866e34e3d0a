"""blocks

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-22 22:52:28.514149
"""
from alembic import op
import sqlalchemy as sa
import server.core.base


revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('blocks',
    sa.Column('blocker_id', sa.String(length=32), nullable=False),
    sa.Column('blocked_id', sa.String(length=32), nullable=False),
    sa.Column('created_at', server.core.base.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['blocked_id'], ['accounts.id'], name=op.f('fk_blocks_blocked_id_accounts'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['blocker_id'], ['accounts.id'], name=op.f('fk_blocks_blocker_id_accounts'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('blocker_id', 'blocked_id', name=op.f('pk_blocks'))
    )
    with op.batch_alter_table('blocks', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_blocks_blocked_id'), ['blocked_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('blocks', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_blocks_blocked_id'))

    op.drop_table('blocks')

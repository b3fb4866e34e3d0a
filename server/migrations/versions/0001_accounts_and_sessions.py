"""accounts and sessions

Revision ID: 0001
Revises: 
Create Date: 2026-11-22 22:46:53.140847
"""
from alembic import op
import sqlalchemy as sa
import server.core.base


revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('accounts',
    sa.Column('id', sa.String(length=32), nullable=False),
    sa.Column('nickname', sa.String(length=40), nullable=False),
    sa.Column('login_name', sa.String(length=80), nullable=True),
    sa.Column('is_guest', sa.Boolean(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('role', sa.String(length=20), nullable=False),
    sa.Column('profession', sa.String(length=40), nullable=True),
    sa.Column('passphrase_hash', sa.String(length=200), nullable=True),
    sa.Column('recovery_hash', sa.String(length=200), nullable=True),
    sa.Column('token_version', sa.Integer(), nullable=False),
    sa.Column('look', sa.String(length=400), nullable=True),
    sa.Column('disabled', sa.Boolean(), nullable=False),
    sa.Column('created_at', server.core.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('last_seen_at', server.core.base.UTCDateTime(timezone=True), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_accounts')),
    sa.UniqueConstraint('login_name', name=op.f('uq_accounts_login_name'))
    )
    with op.batch_alter_table('accounts', schema=None) as batch_op:
        batch_op.create_index('ix_accounts_role', ['role'], unique=False)

    op.create_table('auth_sessions',
    sa.Column('id', sa.String(length=32), nullable=False),
    sa.Column('account_id', sa.String(length=32), nullable=False),
    sa.Column('refresh_hash', sa.String(length=64), nullable=False),
    sa.Column('created_at', server.core.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('expires_at', server.core.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('revoked_at', server.core.base.UTCDateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['account_id'], ['accounts.id'], name=op.f('fk_auth_sessions_account_id_accounts'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_auth_sessions')),
    sa.UniqueConstraint('refresh_hash', name=op.f('uq_auth_sessions_refresh_hash'))
    )
    with op.batch_alter_table('auth_sessions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_auth_sessions_account_id'), ['account_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('auth_sessions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_auth_sessions_account_id'))

    op.drop_table('auth_sessions')
    with op.batch_alter_table('accounts', schema=None) as batch_op:
        batch_op.drop_index('ix_accounts_role')

    op.drop_table('accounts')

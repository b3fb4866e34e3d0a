"""word lists: moderators' phrases (flag / mask / refuse) and the flags they raise (no message text)

Revision ID: 0011_word_lists
Revises: 0001
Create Date: 2026-12-06 05:00:00
"""
from alembic import op
import sqlalchemy as sa
import server.core.base


revision = '0011_word_lists'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('moderation_words',
    sa.Column('id', sa.String(length=32), nullable=False),
    sa.Column('phrase', sa.String(length=100), nullable=False),
    sa.Column('action', sa.String(length=8), nullable=False),
    sa.Column('created_at', server.core.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('created_by', sa.String(length=32), nullable=True),
    sa.ForeignKeyConstraint(['created_by'], ['accounts.id'], name=op.f('fk_moderation_words_created_by_accounts'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_moderation_words')),
    sa.UniqueConstraint('phrase', name=op.f('uq_moderation_words_phrase'))
    )
    op.create_table('moderation_flags',
    sa.Column('id', sa.String(length=32), nullable=False),
    sa.Column('at', server.core.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('channel', sa.String(length=16), nullable=False),
    sa.Column('account_id', sa.String(length=32), nullable=True),
    sa.Column('phrase', sa.String(length=100), nullable=False),
    sa.ForeignKeyConstraint(['account_id'], ['accounts.id'], name=op.f('fk_moderation_flags_account_id_accounts'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_moderation_flags'))
    )
    op.create_index(op.f('ix_moderation_flags_at'), 'moderation_flags', ['at'], unique=False)


def downgrade() -> None:
    op.drop_index(op.f('ix_moderation_flags_at'), table_name='moderation_flags')
    op.drop_table('moderation_flags')
    op.drop_table('moderation_words')

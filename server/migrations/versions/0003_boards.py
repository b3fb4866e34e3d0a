"""boards: posts, revisions, images, last visits

Revision ID: 0003
Revises: 0002
"""
from alembic import op
import sqlalchemy as sa
import server.core.base


revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None

UTC = server.core.base.UTCDateTime(timezone=True)


def upgrade() -> None:
    op.create_table('board_images',
    sa.Column('id', sa.String(length=32), nullable=False),
    sa.Column('uploader_id', sa.String(length=32), nullable=True),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('alt', sa.String(length=200), nullable=False),
    sa.Column('content_type', sa.String(length=20), nullable=False),
    sa.Column('width', sa.Integer(), nullable=False),
    sa.Column('height', sa.Integer(), nullable=False),
    sa.Column('thumb_width', sa.Integer(), nullable=False),
    sa.Column('thumb_height', sa.Integer(), nullable=False),
    sa.Column('byte_size', sa.Integer(), nullable=False),
    sa.Column('created_at', UTC, nullable=False),
    sa.ForeignKeyConstraint(['uploader_id'], ['accounts.id'], name=op.f('fk_board_images_uploader_id_accounts'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_board_images'))
    )

    op.create_table('board_posts',
    sa.Column('id', sa.String(length=32), nullable=False),
    sa.Column('category', sa.String(length=20), nullable=False),
    sa.Column('title_ja', sa.String(length=120), nullable=False),
    sa.Column('title_en', sa.String(length=120), nullable=False),
    sa.Column('body_ja', sa.Text(), nullable=False),
    sa.Column('body_en', sa.Text(), nullable=False),
    sa.Column('excerpt_ja', sa.String(length=200), nullable=False),
    sa.Column('excerpt_en', sa.String(length=200), nullable=False),
    sa.Column('search_text', sa.Text(), nullable=False),
    sa.Column('image_id', sa.String(length=32), nullable=True),
    sa.Column('pinned', sa.Boolean(), nullable=False),
    sa.Column('published', sa.Boolean(), nullable=False),
    sa.Column('publish_from', UTC, nullable=True),
    sa.Column('publish_until', UTC, nullable=True),
    sa.Column('published_at', UTC, nullable=True),
    sa.Column('shown_at', UTC, nullable=True),
    sa.Column('author_id', sa.String(length=32), nullable=True),
    sa.Column('created_at', UTC, nullable=False),
    sa.Column('updated_at', UTC, nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('helpful_count', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['author_id'], ['accounts.id'], name=op.f('fk_board_posts_author_id_accounts'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['image_id'], ['board_images.id'], name=op.f('fk_board_posts_image_id_board_images'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_board_posts'))
    )
    with op.batch_alter_table('board_posts', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_board_posts_category'), ['category'], unique=False)
        batch_op.create_index(batch_op.f('ix_board_posts_shown_at'), ['shown_at'], unique=False)
        batch_op.create_index('ix_board_posts_visible', ['published', 'category'], unique=False)

    op.create_table('board_revisions',
    sa.Column('id', sa.String(length=32), nullable=False),
    sa.Column('post_id', sa.String(length=32), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('action', sa.String(length=20), nullable=False),
    sa.Column('editor_id', sa.String(length=32), nullable=True),
    sa.Column('editor_nickname', sa.String(length=40), nullable=False),
    sa.Column('created_at', UTC, nullable=False),
    sa.Column('category', sa.String(length=20), nullable=False),
    sa.Column('title_ja', sa.String(length=120), nullable=False),
    sa.Column('title_en', sa.String(length=120), nullable=False),
    sa.Column('body_ja', sa.Text(), nullable=False),
    sa.Column('body_en', sa.Text(), nullable=False),
    sa.Column('image_id', sa.String(length=32), nullable=True),
    sa.Column('pinned', sa.Boolean(), nullable=False),
    sa.Column('published', sa.Boolean(), nullable=False),
    sa.Column('publish_from', UTC, nullable=True),
    sa.Column('publish_until', UTC, nullable=True),
    sa.ForeignKeyConstraint(['editor_id'], ['accounts.id'], name=op.f('fk_board_revisions_editor_id_accounts'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['post_id'], ['board_posts.id'], name=op.f('fk_board_revisions_post_id_board_posts'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_board_revisions')),
    sa.UniqueConstraint('post_id', 'version', name=op.f('uq_board_revisions_post_version'))
    )
    with op.batch_alter_table('board_revisions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_board_revisions_post_id'), ['post_id'], unique=False)

    op.create_table('board_last_visits',
    sa.Column('account_id', sa.String(length=32), nullable=False),
    sa.Column('visited_at', UTC, nullable=False),
    sa.ForeignKeyConstraint(['account_id'], ['accounts.id'], name=op.f('fk_board_last_visits_account_id_accounts'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('account_id', name=op.f('pk_board_last_visits'))
    )


def downgrade() -> None:
    op.drop_table('board_last_visits')
    with op.batch_alter_table('board_revisions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_board_revisions_post_id'))
    op.drop_table('board_revisions')
    with op.batch_alter_table('board_posts', schema=None) as batch_op:
        batch_op.drop_index('ix_board_posts_visible')
        batch_op.drop_index(batch_op.f('ix_board_posts_shown_at'))
        batch_op.drop_index(batch_op.f('ix_board_posts_category'))
    op.drop_table('board_posts')
    op.drop_table('board_images')

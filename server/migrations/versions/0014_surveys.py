"""surveys: anonymous surveys, their questions, answers without accounts, one-answer tokens

Revision ID: 0014_surveys
Revises: 0001
Create Date: 2026-12-06 07:40:00
"""
from alembic import op
import sqlalchemy as sa
import server.core.base


revision = '0014_surveys'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('surveys',
    sa.Column('id', sa.String(length=32), nullable=False),
    sa.Column('title_ja', sa.String(length=80), nullable=False),
    sa.Column('title_en', sa.String(length=80), nullable=False),
    sa.Column('description_ja', sa.Text(), nullable=False),
    sa.Column('description_en', sa.Text(), nullable=False),
    sa.Column('audience', sa.String(length=12), nullable=False),
    sa.Column('opens_at', server.core.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('closes_at', server.core.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('published', sa.Boolean(), nullable=False),
    sa.Column('closed_early_at', server.core.base.UTCDateTime(timezone=True), nullable=True),
    sa.Column('created_by', sa.String(length=32), nullable=True),
    sa.Column('created_at', server.core.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', server.core.base.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['created_by'], ['accounts.id'], name=op.f('fk_surveys_created_by_accounts'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_surveys'))
    )
    op.create_table('survey_questions',
    sa.Column('id', sa.String(length=32), nullable=False),
    sa.Column('survey_id', sa.String(length=32), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=8), nullable=False),
    sa.Column('prompt_ja', sa.String(length=200), nullable=False),
    sa.Column('prompt_en', sa.String(length=200), nullable=False),
    sa.Column('options', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['survey_id'], ['surveys.id'], name=op.f('fk_survey_questions_survey_id_surveys'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_survey_questions'))
    )
    with op.batch_alter_table('survey_questions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_survey_questions_survey_id'), ['survey_id'], unique=False)
    op.create_table('survey_answers',
    sa.Column('id', sa.String(length=32), nullable=False),
    sa.Column('survey_id', sa.String(length=32), nullable=False),
    sa.Column('question_id', sa.String(length=32), nullable=False),
    sa.Column('scale', sa.Integer(), nullable=True),
    sa.Column('picks', sa.Text(), nullable=True),
    sa.Column('text', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['question_id'], ['survey_questions.id'], name=op.f('fk_survey_answers_question_id_survey_questions'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['survey_id'], ['surveys.id'], name=op.f('fk_survey_answers_survey_id_surveys'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_survey_answers'))
    )
    with op.batch_alter_table('survey_answers', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_survey_answers_survey_id'), ['survey_id'], unique=False)
    op.create_table('survey_tokens',
    sa.Column('token', sa.String(length=64), nullable=False),
    sa.Column('survey_id', sa.String(length=32), nullable=False),
    sa.ForeignKeyConstraint(['survey_id'], ['surveys.id'], name=op.f('fk_survey_tokens_survey_id_surveys'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('token', name=op.f('pk_survey_tokens'))
    )
    with op.batch_alter_table('survey_tokens', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_survey_tokens_survey_id'), ['survey_id'], unique=False)


def downgrade() -> None:
    op.drop_table('survey_tokens')
    op.drop_table('survey_answers')
    op.drop_table('survey_questions')
    op.drop_table('surveys')

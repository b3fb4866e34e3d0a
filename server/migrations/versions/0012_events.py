"""events: planning, registrations, feedback, attendance counts

Revision ID: 0012_events
Revises: 0001
Create Date: 2026-12-06 04:29:33.306469
"""
from alembic import op
import sqlalchemy as sa
import server.core.base


revision = '0012_events'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('event_feedback_tokens',
    sa.Column('token', sa.String(length=64), nullable=False),
    sa.PrimaryKeyConstraint('token', name=op.f('pk_event_feedback_tokens'))
    )
    op.create_table('event_self_declarations',
    sa.Column('account_id', sa.String(length=32), nullable=False),
    sa.Column('woman', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['account_id'], ['accounts.id'], name=op.f('fk_event_self_declarations_account_id_accounts'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('account_id', name=op.f('pk_event_self_declarations'))
    )
    op.create_table('events',
    sa.Column('id', sa.String(length=32), nullable=False),
    sa.Column('title_ja', sa.String(length=80), nullable=False),
    sa.Column('title_en', sa.String(length=80), nullable=False),
    sa.Column('description_ja', sa.Text(), nullable=False),
    sa.Column('description_en', sa.Text(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('audience', sa.String(length=20), nullable=False),
    sa.Column('registration', sa.String(length=12), nullable=False),
    sa.Column('capacity', sa.Integer(), nullable=False),
    sa.Column('place', sa.String(length=8), nullable=False),
    sa.Column('tz', sa.String(length=64), nullable=False),
    sa.Column('first_date', sa.String(length=10), nullable=False),
    sa.Column('start_time', sa.String(length=5), nullable=False),
    sa.Column('duration_minutes', sa.Integer(), nullable=False),
    sa.Column('repeat', sa.String(length=12), nullable=False),
    sa.Column('until_date', sa.String(length=10), nullable=True),
    sa.Column('cancelled', sa.Boolean(), nullable=False),
    sa.Column('created_by', sa.String(length=32), nullable=True),
    sa.Column('created_at', server.core.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', server.core.base.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['created_by'], ['accounts.id'], name=op.f('fk_events_created_by_accounts'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_events'))
    )
    op.create_table('event_feedback_questions',
    sa.Column('id', sa.String(length=32), nullable=False),
    sa.Column('event_id', sa.String(length=32), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=8), nullable=False),
    sa.Column('prompt_ja', sa.String(length=200), nullable=False),
    sa.Column('prompt_en', sa.String(length=200), nullable=False),
    sa.Column('choices', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['event_id'], ['events.id'], name=op.f('fk_event_feedback_questions_event_id_events'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_event_feedback_questions'))
    )
    with op.batch_alter_table('event_feedback_questions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_event_feedback_questions_event_id'), ['event_id'], unique=False)

    op.create_table('event_hosts',
    sa.Column('event_id', sa.String(length=32), nullable=False),
    sa.Column('account_id', sa.String(length=32), nullable=False),
    sa.Column('role', sa.String(length=8), nullable=False),
    sa.ForeignKeyConstraint(['account_id'], ['accounts.id'], name=op.f('fk_event_hosts_account_id_accounts'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['event_id'], ['events.id'], name=op.f('fk_event_hosts_event_id_events'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('event_id', 'account_id', name=op.f('pk_event_hosts'))
    )
    with op.batch_alter_table('event_hosts', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_event_hosts_account_id'), ['account_id'], unique=False)

    op.create_table('event_occurrences',
    sa.Column('id', sa.String(length=32), nullable=False),
    sa.Column('event_id', sa.String(length=32), nullable=False),
    sa.Column('starts_at', server.core.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('ends_at', server.core.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('cancelled', sa.Boolean(), nullable=False),
    sa.Column('revision', sa.Integer(), nullable=False),
    sa.Column('reminded_day', sa.Boolean(), nullable=False),
    sa.Column('reminded_soon', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['event_id'], ['events.id'], name=op.f('fk_event_occurrences_event_id_events'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_event_occurrences'))
    )
    with op.batch_alter_table('event_occurrences', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_event_occurrences_event_id'), ['event_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_event_occurrences_starts_at'), ['starts_at'], unique=False)

    op.create_table('event_attendance',
    sa.Column('occurrence_id', sa.String(length=32), nullable=False),
    sa.Column('account_kind', sa.String(length=12), nullable=False),
    sa.Column('count', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['occurrence_id'], ['event_occurrences.id'], name=op.f('fk_event_attendance_occurrence_id_event_occurrences'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('occurrence_id', 'account_kind', name=op.f('pk_event_attendance'))
    )
    op.create_table('event_feedback_answers',
    sa.Column('id', sa.String(length=32), nullable=False),
    sa.Column('occurrence_id', sa.String(length=32), nullable=False),
    sa.Column('question_id', sa.String(length=32), nullable=False),
    sa.Column('scale', sa.Integer(), nullable=True),
    sa.Column('choice', sa.Integer(), nullable=True),
    sa.Column('text', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['occurrence_id'], ['event_occurrences.id'], name=op.f('fk_event_feedback_answers_occurrence_id_event_occurrences'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['question_id'], ['event_feedback_questions.id'], name=op.f('fk_event_feedback_answers_question_id_event_feedback_questions'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_event_feedback_answers'))
    )
    with op.batch_alter_table('event_feedback_answers', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_event_feedback_answers_occurrence_id'), ['occurrence_id'], unique=False)

    op.create_table('event_registrations',
    sa.Column('id', sa.String(length=32), nullable=False),
    sa.Column('occurrence_id', sa.String(length=32), nullable=False),
    sa.Column('account_id', sa.String(length=32), nullable=False),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('queued_at', server.core.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('removed_reason', sa.String(length=20), nullable=True),
    sa.Column('removed_by', sa.String(length=32), nullable=True),
    sa.ForeignKeyConstraint(['account_id'], ['accounts.id'], name=op.f('fk_event_registrations_account_id_accounts'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['occurrence_id'], ['event_occurrences.id'], name=op.f('fk_event_registrations_occurrence_id_event_occurrences'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_event_registrations')),
    sa.UniqueConstraint('occurrence_id', 'account_id', name=op.f('uq_event_registrations_occurrence_id'))
    )
    with op.batch_alter_table('event_registrations', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_event_registrations_account_id'), ['account_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_event_registrations_occurrence_id'), ['occurrence_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('event_registrations', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_event_registrations_occurrence_id'))
        batch_op.drop_index(batch_op.f('ix_event_registrations_account_id'))

    op.drop_table('event_registrations')
    with op.batch_alter_table('event_feedback_answers', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_event_feedback_answers_occurrence_id'))

    op.drop_table('event_feedback_answers')
    op.drop_table('event_attendance')
    with op.batch_alter_table('event_occurrences', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_event_occurrences_starts_at'))
        batch_op.drop_index(batch_op.f('ix_event_occurrences_event_id'))

    op.drop_table('event_occurrences')
    with op.batch_alter_table('event_hosts', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_event_hosts_account_id'))

    op.drop_table('event_hosts')
    with op.batch_alter_table('event_feedback_questions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_event_feedback_questions_event_id'))

    op.drop_table('event_feedback_questions')
    op.drop_table('events')
    op.drop_table('event_self_declarations')
    op.drop_table('event_feedback_tokens')

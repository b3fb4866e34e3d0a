"""consultations: availability rules, booking calendars, bookings

Revision ID: 0004
Revises: 0002
Create Date: 2026-11-23 09:00:00
"""
from alembic import op
import sqlalchemy as sa
import server.core.base


revision = '0004'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('availability_rules',
    sa.Column('id', sa.String(length=32), nullable=False),
    sa.Column('specialist_id', sa.String(length=32), nullable=False),
    sa.Column('kind', sa.String(length=8), nullable=False),
    sa.Column('weekday', sa.Integer(), nullable=True),
    sa.Column('on_date', sa.Date(), nullable=True),
    sa.Column('start_minute', sa.Integer(), nullable=False),
    sa.Column('end_minute', sa.Integer(), nullable=False),
    sa.Column('tz', sa.String(length=64), nullable=False),
    sa.Column('slot_minutes', sa.Integer(), nullable=False),
    sa.Column('buffer_minutes', sa.Integer(), nullable=False),
    sa.Column('min_notice_minutes', sa.Integer(), nullable=False),
    sa.Column('daily_cap', sa.Integer(), nullable=True),
    sa.Column('audience', sa.String(length=12), nullable=False),
    sa.Column('created_at', server.core.base.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['specialist_id'], ['accounts.id'], name=op.f('fk_availability_rules_specialist_id_accounts'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_availability_rules'))
    )
    with op.batch_alter_table('availability_rules', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_availability_rules_specialist_id'), ['specialist_id'], unique=False)

    op.create_table('booking_calendars',
    sa.Column('specialist_id', sa.String(length=32), nullable=False),
    sa.Column('revision', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['specialist_id'], ['accounts.id'], name=op.f('fk_booking_calendars_specialist_id_accounts'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('specialist_id', name=op.f('pk_booking_calendars'))
    )

    op.create_table('bookings',
    sa.Column('id', sa.String(length=32), nullable=False),
    sa.Column('specialist_id', sa.String(length=32), nullable=False),
    sa.Column('person_id', sa.String(length=32), nullable=False),
    sa.Column('starts_at', server.core.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('ends_at', server.core.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('slot_key', sa.String(length=64), nullable=True),
    sa.Column('profession', sa.String(length=40), nullable=True),
    sa.Column('note', sa.String(length=500), nullable=True),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('cancel_reason', sa.String(length=40), nullable=True),
    sa.Column('cancel_message', sa.String(length=200), nullable=True),
    sa.Column('cancelled_by', sa.String(length=12), nullable=True),
    sa.Column('cancelled_at', server.core.base.UTCDateTime(timezone=True), nullable=True),
    sa.Column('rescheduled_from', sa.String(length=32), nullable=True),
    sa.Column('created_at', server.core.base.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['person_id'], ['accounts.id'], name=op.f('fk_bookings_person_id_accounts'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['rescheduled_from'], ['bookings.id'], name=op.f('fk_bookings_rescheduled_from_bookings'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['specialist_id'], ['accounts.id'], name=op.f('fk_bookings_specialist_id_accounts'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_bookings')),
    sa.UniqueConstraint('slot_key', name=op.f('uq_bookings_slot_key'))
    )
    with op.batch_alter_table('bookings', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_bookings_person_id'), ['person_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_bookings_specialist_id'), ['specialist_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_bookings_starts_at'), ['starts_at'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('bookings', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_bookings_starts_at'))
        batch_op.drop_index(batch_op.f('ix_bookings_specialist_id'))
        batch_op.drop_index(batch_op.f('ix_bookings_person_id'))

    op.drop_table('bookings')
    op.drop_table('booking_calendars')
    with op.batch_alter_table('availability_rules', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_availability_rules_specialist_id'))

    op.drop_table('availability_rules')

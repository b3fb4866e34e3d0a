"""casework: letters, case records, assignments, notes, access log, consents

Revision ID: 0005
Revises: 0002
Create Date: 2026-11-23 10:00:00.000000
"""
from alembic import op
import sqlalchemy as sa
import server.core.base


revision = '0005'
down_revision = '0002'
branch_labels = None
depends_on = None

UTC = server.core.base.UTCDateTime(timezone=True)


def upgrade() -> None:
    op.create_table('casework_letters',
    sa.Column('id', sa.String(length=32), nullable=False),
    sa.Column('sender_id', sa.String(length=32), nullable=False),
    sa.Column('recipient_id', sa.String(length=32), nullable=False),
    sa.Column('subject', sa.String(length=80), nullable=True),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('created_at', UTC, nullable=False),
    sa.Column('read_at', UTC, nullable=True),
    sa.Column('sender_deleted_at', UTC, nullable=True),
    sa.Column('recipient_deleted_at', UTC, nullable=True),
    sa.ForeignKeyConstraint(['recipient_id'], ['accounts.id'], name=op.f('fk_casework_letters_recipient_id_accounts'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['sender_id'], ['accounts.id'], name=op.f('fk_casework_letters_sender_id_accounts'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_casework_letters'))
    )
    with op.batch_alter_table('casework_letters', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_casework_letters_recipient_id'), ['recipient_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_casework_letters_sender_id'), ['sender_id'], unique=False)

    op.create_table('casework_cases',
    sa.Column('id', sa.String(length=32), nullable=False),
    sa.Column('person_id', sa.String(length=32), nullable=False),
    sa.Column('opened_by_id', sa.String(length=32), nullable=True),
    sa.Column('opened_at', UTC, nullable=False),
    sa.Column('contact_start', sa.Text(), nullable=True),
    sa.Column('referral_route', sa.Text(), nullable=True),
    sa.Column('next_step', sa.Text(), nullable=True),
    sa.Column('updated_at', UTC, nullable=False),
    sa.Column('updated_by_id', sa.String(length=32), nullable=True),
    sa.ForeignKeyConstraint(['opened_by_id'], ['accounts.id'], name=op.f('fk_casework_cases_opened_by_id_accounts'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['person_id'], ['accounts.id'], name=op.f('fk_casework_cases_person_id_accounts'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['updated_by_id'], ['accounts.id'], name=op.f('fk_casework_cases_updated_by_id_accounts'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_casework_cases')),
    sa.UniqueConstraint('person_id', name=op.f('uq_casework_cases_person_id'))
    )

    op.create_table('casework_assignments',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('case_id', sa.String(length=32), nullable=False),
    sa.Column('specialist_id', sa.String(length=32), nullable=False),
    sa.Column('seat', sa.Integer(), nullable=True),
    sa.Column('assigned_by_id', sa.String(length=32), nullable=True),
    sa.Column('assigned_at', UTC, nullable=False),
    sa.Column('reason', sa.String(length=300), nullable=True),
    sa.Column('previous_id', sa.Integer(), nullable=True),
    sa.Column('ended_at', UTC, nullable=True),
    sa.Column('ended_by_id', sa.String(length=32), nullable=True),
    sa.Column('end_reason', sa.String(length=300), nullable=True),
    sa.ForeignKeyConstraint(['assigned_by_id'], ['accounts.id'], name=op.f('fk_casework_assignments_assigned_by_id_accounts'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['case_id'], ['casework_cases.id'], name=op.f('fk_casework_assignments_case_id_casework_cases'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['ended_by_id'], ['accounts.id'], name=op.f('fk_casework_assignments_ended_by_id_accounts'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['previous_id'], ['casework_assignments.id'], name=op.f('fk_casework_assignments_previous_id_casework_assignments'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['specialist_id'], ['accounts.id'], name=op.f('fk_casework_assignments_specialist_id_accounts')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_casework_assignments')),
    sa.UniqueConstraint('case_id', 'seat', name=op.f('uq_casework_assignments_case_id'))
    )
    with op.batch_alter_table('casework_assignments', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_casework_assignments_case_id'), ['case_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_casework_assignments_specialist_id'), ['specialist_id'], unique=False)

    op.create_table('casework_notes',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('case_id', sa.String(length=32), nullable=False),
    sa.Column('author_id', sa.String(length=32), nullable=True),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('created_at', UTC, nullable=False),
    sa.ForeignKeyConstraint(['author_id'], ['accounts.id'], name=op.f('fk_casework_notes_author_id_accounts'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['case_id'], ['casework_cases.id'], name=op.f('fk_casework_notes_case_id_casework_cases'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_casework_notes'))
    )
    with op.batch_alter_table('casework_notes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_casework_notes_case_id'), ['case_id'], unique=False)

    op.create_table('casework_access_log',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('case_id', sa.String(length=32), nullable=False),
    sa.Column('actor_id', sa.String(length=32), nullable=True),
    sa.Column('actor_nickname', sa.String(length=40), nullable=False),
    sa.Column('actor_role', sa.String(length=20), nullable=False),
    sa.Column('actor_profession', sa.String(length=40), nullable=True),
    sa.Column('action', sa.String(length=30), nullable=False),
    sa.Column('allowed', sa.Boolean(), nullable=False),
    sa.Column('detail', sa.String(length=200), nullable=True),
    sa.Column('at', UTC, nullable=False),
    sa.ForeignKeyConstraint(['actor_id'], ['accounts.id'], name=op.f('fk_casework_access_log_actor_id_accounts'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['case_id'], ['casework_cases.id'], name=op.f('fk_casework_access_log_case_id_casework_cases'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_casework_access_log'))
    )
    with op.batch_alter_table('casework_access_log', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_casework_access_log_case_id'), ['case_id'], unique=False)

    op.create_table('casework_consents',
    sa.Column('id', sa.String(length=32), nullable=False),
    sa.Column('case_id', sa.String(length=32), nullable=False),
    sa.Column('organisation', sa.String(length=100), nullable=False),
    sa.Column('purpose', sa.String(length=300), nullable=False),
    sa.Column('granted_at', UTC, nullable=False),
    sa.Column('revoked_at', UTC, nullable=True),
    sa.ForeignKeyConstraint(['case_id'], ['casework_cases.id'], name=op.f('fk_casework_consents_case_id_casework_cases'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_casework_consents'))
    )
    with op.batch_alter_table('casework_consents', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_casework_consents_case_id'), ['case_id'], unique=False)


def downgrade() -> None:
    for table, indexes in (
        ('casework_consents', ('ix_casework_consents_case_id',)),
        ('casework_access_log', ('ix_casework_access_log_case_id',)),
        ('casework_notes', ('ix_casework_notes_case_id',)),
        ('casework_assignments', ('ix_casework_assignments_specialist_id', 'ix_casework_assignments_case_id')),
        ('casework_cases', ()),
        ('casework_letters', ('ix_casework_letters_sender_id', 'ix_casework_letters_recipient_id')),
    ):
        if indexes:
            with op.batch_alter_table(table, schema=None) as batch_op:
                for name in indexes:
                    batch_op.drop_index(batch_op.f(name))
        op.drop_table(table)

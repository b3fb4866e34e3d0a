"""caseload: an index on letters by (sender, recipient, time), for "awaiting a reply"

Revision ID: 0016_caseload
Revises: 0005
Create Date: 2026-12-06 08:05:00
"""
from alembic import op


revision = '0016_caseload'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index('ix_casework_letters_pair', 'casework_letters', ['sender_id', 'recipient_id', 'created_at'], unique=False)


def downgrade() -> None:
    op.drop_index('ix_casework_letters_pair', table_name='casework_letters')

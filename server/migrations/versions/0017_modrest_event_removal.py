"""a sanction may apply to one event occurrence (a moderator's event removal, issue 12)

Revision ID: 0017_modrest_event_removal
Revises: 0009_sanctions
Create Date: 2026-12-06 07:30:00
"""
from alembic import op
import sqlalchemy as sa


revision = '0017_modrest_event_removal'
down_revision = '0009_sanctions'
branch_labels = None
depends_on = None


def upgrade() -> None:
    # No foreign key: the events tables live on another branch of the migration tree.
    with op.batch_alter_table('sanctions') as batch:
        batch.add_column(sa.Column('occurrence_id', sa.String(length=32), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('sanctions') as batch:
        batch.drop_column('occurrence_id')

"""a worker's rights: erasure (the date of birth may be gone, the candidate marked erased, audit entries redacted
under an erasure entry that vouches for their hashes) and consent to verification withdrawn (the online answer
withholds the holder)

Revision ID: 0013_erasure_and_consent
Revises: 0012_two_factor
Create Date: 2026-12-04 09:00:00

"""
import sqlalchemy as sa
from alembic import op

revision = '0013_erasure_and_consent'
down_revision = '0012_two_factor'
branch_labels = None
depends_on = None


def upgrade():
    # On SQLite this rebuilds the candidate table: migrations/env.py turns foreign keys off around it.
    with op.batch_alter_table('candidate') as batch_op:
        batch_op.alter_column('date_of_birth', existing_type=sa.Date(), nullable=True)
        batch_op.add_column(sa.Column('erased_at', sa.DateTime(timezone=True), nullable=True))
    with op.batch_alter_table('audit_entry') as batch_op:
        batch_op.add_column(sa.Column('erased_by', sa.Integer(), nullable=True))
    with op.batch_alter_table('certificate') as batch_op:
        batch_op.add_column(sa.Column('holder_withheld', sa.Boolean(), nullable=False, server_default=sa.false()))


def downgrade():
    with op.batch_alter_table('certificate') as batch_op:
        batch_op.drop_column('holder_withheld')
    with op.batch_alter_table('audit_entry') as batch_op:
        batch_op.drop_column('erased_by')
    with op.batch_alter_table('candidate') as batch_op:
        batch_op.drop_column('erased_at')
        batch_op.alter_column('date_of_birth', existing_type=sa.Date(), nullable=False)

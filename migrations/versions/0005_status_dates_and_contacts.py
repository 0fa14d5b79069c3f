"""when a certificate's status last changed, a centre's contact for employers, a worker's name in Thai script, a
checker's note the worker hid

An employer told "revoked" needs to know since when and whom to ask; an employer matching the paper to the worker in
front of them needs the name as written on the worker's Thai work permit. Status dates of certificates changed
before this revision are recovered from the audit log, where it holds them.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-03 17:00:00

"""
import sqlalchemy as sa
from alembic import op

revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('certificate') as batch:
        batch.add_column(sa.Column('status_changed_at', sa.DateTime(timezone=True), nullable=True))
    with op.batch_alter_table('training_centre') as batch:
        batch.add_column(sa.Column('contact_phone', sa.String(length=32), nullable=False, server_default=''))
        batch.add_column(sa.Column('contact_email', sa.String(length=254), nullable=False, server_default=''))
    with op.batch_alter_table('candidate') as batch:
        batch.add_column(sa.Column('name_thai', sa.String(length=200), nullable=False, server_default=''))
    with op.batch_alter_table('verification_event') as batch:
        batch.add_column(sa.Column('hidden', sa.Boolean(), nullable=False, server_default=sa.false()))
    op.execute(sa.text(
        "UPDATE certificate SET status_changed_at = (SELECT max(a.at) FROM audit_entry a "
        "WHERE a.entity_type = 'certificate' AND a.entity_id = CAST(certificate.id AS VARCHAR(64)) "
        "AND a.action IN ('certificate.revoked', 'certificate.suspended', 'certificate.superseded', "
        "'certificate.valid')) WHERE status <> 'valid'"))


def downgrade():
    with op.batch_alter_table('verification_event') as batch:
        batch.drop_column('hidden')
    with op.batch_alter_table('candidate') as batch:
        batch.drop_column('name_thai')
    with op.batch_alter_table('training_centre') as batch:
        batch.drop_column('contact_email')
        batch.drop_column('contact_phone')
    with op.batch_alter_table('certificate') as batch:
        batch.drop_column('status_changed_at')

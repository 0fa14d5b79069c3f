"""a second factor for staff: the authenticator's sealed secret and hashed recovery codes

Revision ID: 0012_two_factor
Revises: 0011_login_sessions
Create Date: 2026-12-04 07:20:00

"""
import sqlalchemy as sa
from alembic import op

revision = '0012_two_factor'
down_revision = '0011_login_sessions'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('user_account') as batch_op:
        batch_op.add_column(sa.Column('totp_secret_sealed', sa.LargeBinary(), nullable=True))
        batch_op.add_column(sa.Column('totp_enabled_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('recovery_codes', sa.JSON(), nullable=False, server_default='[]'))


def downgrade():
    with op.batch_alter_table('user_account') as batch_op:
        batch_op.drop_column('recovery_codes')
        batch_op.drop_column('totp_enabled_at')
        batch_op.drop_column('totp_secret_sealed')

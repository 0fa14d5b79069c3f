"""staff logins kept on the server, so that logging out ends them and idle ones expire; a password chosen by
someone else changed at the first login

Revision ID: 0011_login_sessions
Revises: 0010_audit_chain
Create Date: 2026-12-04 06:50:00

"""
import sqlalchemy as sa
from alembic import op

revision = '0011_login_sessions'
down_revision = '0010_audit_chain'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'login_session',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('key_hash', sa.String(length=64), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('last_seen_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['user_id'], ['user_account.id'], name='fk_login_session_user_id_user_account',
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name='pk_login_session'),
        sa.UniqueConstraint('key_hash', name='uq_login_session_key_hash'),
    )
    op.create_index('ix_login_session_user_id', 'login_session', ['user_id'])
    with op.batch_alter_table('user_account') as batch_op:
        # A plain default ('0', false on both databases): with an expression Alembic would rebuild the table on
        # SQLite, and dropping the old one fails while other tables' rows point at it.
        batch_op.add_column(sa.Column('must_change_password', sa.Boolean(), nullable=False, server_default='0'))


def downgrade():
    with op.batch_alter_table('user_account') as batch_op:
        batch_op.drop_column('must_change_password')
    op.drop_index('ix_login_session_user_id', table_name='login_session')
    op.drop_table('login_session')

"""create forms already sent, so that one sent twice creates nothing twice

Revision ID: 0007_form_submissions
Revises: 0006_imports
Create Date: 2026-12-04 03:00:00

"""
import sqlalchemy as sa
from alembic import op

revision = '0007_form_submissions'
down_revision = '0006_imports'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'form_submission',
        sa.Column('key', sa.String(length=64), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('target', sa.String(length=300), nullable=False),
        sa.Column('at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['user_id'], ['user_account.id'], name='fk_form_submission_user_id_user_account'),
        sa.PrimaryKeyConstraint('key', name='pk_form_submission'),
    )
    op.create_index('ix_form_submission_at', 'form_submission', ['at'])


def downgrade():
    op.drop_index('ix_form_submission_at', table_name='form_submission')
    op.drop_table('form_submission')

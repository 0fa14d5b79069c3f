"""jobs of the queue: a spreadsheet imported, a cohort issued, with their progress and lease

Revision ID: 0008_jobs
Revises: 0007_form_submissions
Create Date: 2026-12-04 03:20:00

"""
import sqlalchemy as sa
from alembic import op

revision = '0008_jobs'
down_revision = '0007_form_submissions'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'job',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('kind', sa.Enum('import', 'issue', name='jobkind', native_enum=False, length=12), nullable=False),
        sa.Column('state', sa.Enum('queued', 'running', 'done', 'failed', name='jobstate', native_enum=False,
                                   length=12), nullable=False),
        sa.Column('centre_id', sa.Integer(), nullable=False),
        sa.Column('cohort_id', sa.Integer(), nullable=True),
        sa.Column('subject_id', sa.Integer(), nullable=True),
        sa.Column('created_by_id', sa.Integer(), nullable=False),
        sa.Column('params', sa.JSON(), nullable=False),
        sa.Column('done', sa.Integer(), nullable=False),
        sa.Column('total', sa.Integer(), nullable=False),
        sa.Column('result', sa.JSON(), nullable=False),
        sa.Column('failure', sa.String(length=500), nullable=False),
        sa.Column('attempts', sa.Integer(), nullable=False),
        sa.Column('lease_until', sa.DateTime(timezone=True), nullable=True),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('started_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('finished_at', sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(['centre_id'], ['training_centre.id'], name='fk_job_centre_id_training_centre'),
        sa.ForeignKeyConstraint(['cohort_id'], ['cohort.id'], name='fk_job_cohort_id_cohort', ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['created_by_id'], ['user_account.id'], name='fk_job_created_by_id_user_account'),
        sa.PrimaryKeyConstraint('id', name='pk_job'),
    )
    op.create_index('ix_job_state', 'job', ['state'])
    op.create_index('ix_job_centre_id', 'job', ['centre_id'])
    op.create_index('ix_job_cohort_id', 'job', ['cohort_id'])


def downgrade():
    op.drop_index('ix_job_cohort_id', table_name='job')
    op.drop_index('ix_job_centre_id', table_name='job')
    op.drop_index('ix_job_state', table_name='job')
    op.drop_table('job')

"""spreadsheets uploaded to cohorts, kept between the dry run and the import

A centre checks a file first and imports it after; the file is kept as uploaded, with what the check found, the
rows already written (an import resumed after a crash skips them) and what it created. Its digest recognises the
same file uploaded twice.

Revision ID: 0006_imports
Revises: 0005
Create Date: 2026-12-03 23:50:00

"""
import sqlalchemy as sa
from alembic import op

revision = '0006_imports'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'cohort_import',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('cohort_id', sa.Integer(), nullable=False),
        sa.Column('centre_id', sa.Integer(), nullable=False),
        sa.Column('created_by_id', sa.Integer(), nullable=False),
        sa.Column('filename', sa.String(length=200), nullable=False),
        sa.Column('file_sha256', sa.String(length=64), nullable=False),
        sa.Column('content', sa.LargeBinary(), nullable=False),
        sa.Column('state', sa.Enum('checked', 'importing', 'imported', 'failed', name='importstate',
                                   native_enum=False, length=16), nullable=False),
        sa.Column('row_count', sa.Integer(), nullable=False),
        sa.Column('rows', sa.JSON(), nullable=False),
        sa.Column('rows_done', sa.JSON(), nullable=False),
        sa.Column('report', sa.JSON(), nullable=False),
        sa.Column('created_candidates', sa.Integer(), nullable=False),
        sa.Column('created_assessments', sa.Integer(), nullable=False),
        sa.Column('updated_assessments', sa.Integer(), nullable=False),
        sa.Column('failure', sa.String(length=500), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('imported_at', sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(['centre_id'], ['training_centre.id'], name='fk_cohort_import_centre_id_training_centre'),
        sa.ForeignKeyConstraint(['cohort_id'], ['cohort.id'], name='fk_cohort_import_cohort_id_cohort',
                                ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['created_by_id'], ['user_account.id'],
                                name='fk_cohort_import_created_by_id_user_account'),
        sa.PrimaryKeyConstraint('id', name='pk_cohort_import'),
    )
    op.create_index('ix_cohort_import_cohort_id', 'cohort_import', ['cohort_id'])
    op.create_index('ix_cohort_import_file_sha256', 'cohort_import', ['file_sha256'])


def downgrade():
    op.drop_index('ix_cohort_import_file_sha256', table_name='cohort_import')
    op.drop_index('ix_cohort_import_cohort_id', table_name='cohort_import')
    op.drop_table('cohort_import')

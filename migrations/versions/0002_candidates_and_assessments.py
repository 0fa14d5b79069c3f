"""candidates and assessments

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23 13:12:34.065582

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade():
    
    op.create_table('cohort',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('centre_id', sa.Integer(), nullable=False),
    sa.Column('qualification_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('assessment_date', sa.Date(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['centre_id'], ['training_centre.id'], name=op.f('fk_cohort_centre_id_training_centre')),
    sa.ForeignKeyConstraint(['qualification_id'], ['qualification.id'], name=op.f('fk_cohort_qualification_id_qualification')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_cohort'))
    )
    with op.batch_alter_table('cohort', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_cohort_centre_id'), ['centre_id'], unique=False)

    op.create_table('candidate',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('centre_id', sa.Integer(), nullable=False),
    sa.Column('name_latin', sa.String(length=200), nullable=False),
    sa.Column('name_native', sa.String(length=200), nullable=False),
    sa.Column('script', sa.String(length=4), nullable=True),
    sa.Column('name_latin_folded', sa.String(length=200), nullable=False),
    sa.Column('search_key', sa.String(length=402), nullable=False),
    sa.Column('nationality', sa.String(length=2), nullable=False),
    sa.Column('sex', sa.Enum('female', 'male', 'other', 'undisclosed', name='sex', native_enum=False, length=12), nullable=False),
    sa.Column('date_of_birth', sa.Date(), nullable=False),
    sa.Column('id_document_type', sa.Enum('passport', 'national_id', 'certificate_of_identity', 'pink_card', 'work_permit', name='documenttype', native_enum=False, length=30), nullable=True),
    sa.Column('id_document_last4', sa.String(length=4), nullable=True),
    sa.Column('id_document_digest', sa.String(length=64), nullable=True),
    sa.Column('phone', sa.String(length=32), nullable=False),
    sa.Column('preferred_language', sa.String(length=5), nullable=False),
    sa.Column('returnee', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['centre_id'], ['training_centre.id'], name=op.f('fk_candidate_centre_id_training_centre')),
    sa.ForeignKeyConstraint(['created_by_id'], ['user_account.id'], name=op.f('fk_candidate_created_by_id_user_account')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_candidate'))
    )
    with op.batch_alter_table('candidate', schema=None) as batch_op:
        batch_op.create_index('ix_candidate_centre_document', ['centre_id', 'id_document_digest'], unique=False)
        batch_op.create_index(batch_op.f('ix_candidate_centre_id'), ['centre_id'], unique=False)
        batch_op.create_index('ix_candidate_centre_latin_birth', ['centre_id', 'name_latin_folded', 'date_of_birth'], unique=False)

    op.create_table('cohort_assessor',
    sa.Column('cohort_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['cohort_id'], ['cohort.id'], name=op.f('fk_cohort_assessor_cohort_id_cohort'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['user_account.id'], name=op.f('fk_cohort_assessor_user_id_user_account')),
    sa.PrimaryKeyConstraint('cohort_id', 'user_id', name=op.f('pk_cohort_assessor'))
    )
    op.create_table('assessment',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('centre_id', sa.Integer(), nullable=False),
    sa.Column('candidate_id', sa.Integer(), nullable=False),
    sa.Column('qualification_id', sa.Integer(), nullable=False),
    sa.Column('cohort_id', sa.Integer(), nullable=True),
    sa.Column('state', sa.Enum('draft', 'evidence', 'assessed', 'submitted', 'endorsed', 'appealed', name='assessmentstate', native_enum=False, length=20), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('return_reason', sa.Text(), nullable=False),
    sa.Column('submitted_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('endorsed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('endorsed_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['candidate_id'], ['candidate.id'], name=op.f('fk_assessment_candidate_id_candidate')),
    sa.ForeignKeyConstraint(['centre_id'], ['training_centre.id'], name=op.f('fk_assessment_centre_id_training_centre')),
    sa.ForeignKeyConstraint(['cohort_id'], ['cohort.id'], name=op.f('fk_assessment_cohort_id_cohort')),
    sa.ForeignKeyConstraint(['created_by_id'], ['user_account.id'], name=op.f('fk_assessment_created_by_id_user_account')),
    sa.ForeignKeyConstraint(['endorsed_by_id'], ['user_account.id'], name=op.f('fk_assessment_endorsed_by_id_user_account')),
    sa.ForeignKeyConstraint(['qualification_id'], ['qualification.id'], name=op.f('fk_assessment_qualification_id_qualification')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_assessment'))
    )
    with op.batch_alter_table('assessment', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_assessment_candidate_id'), ['candidate_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_assessment_centre_id'), ['centre_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_assessment_cohort_id'), ['cohort_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_assessment_state'), ['state'], unique=False)

    op.create_table('consent',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('candidate_id', sa.Integer(), nullable=False),
    sa.Column('purpose', sa.Enum('assessment', 'certification', 'verification', 'contact', name='consentpurpose', native_enum=False, length=20), nullable=False),
    sa.Column('notice_version', sa.String(length=20), nullable=False),
    sa.Column('language', sa.String(length=5), nullable=False),
    sa.Column('given_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('recorded_by_id', sa.Integer(), nullable=True),
    sa.Column('withdrawn_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['candidate_id'], ['candidate.id'], name=op.f('fk_consent_candidate_id_candidate')),
    sa.ForeignKeyConstraint(['recorded_by_id'], ['user_account.id'], name=op.f('fk_consent_recorded_by_id_user_account')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_consent'))
    )
    with op.batch_alter_table('consent', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_consent_candidate_id'), ['candidate_id'], unique=False)

    op.create_table('appeal',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('assessment_id', sa.Integer(), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('lodged_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('lodged_by_id', sa.Integer(), nullable=False),
    sa.Column('decision', sa.String(length=20), nullable=False),
    sa.Column('decision_reason', sa.Text(), nullable=False),
    sa.Column('decided_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('decided_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['assessment_id'], ['assessment.id'], name=op.f('fk_appeal_assessment_id_assessment')),
    sa.ForeignKeyConstraint(['decided_by_id'], ['user_account.id'], name=op.f('fk_appeal_decided_by_id_user_account')),
    sa.ForeignKeyConstraint(['lodged_by_id'], ['user_account.id'], name=op.f('fk_appeal_lodged_by_id_user_account')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_appeal'))
    )
    with op.batch_alter_table('appeal', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_appeal_assessment_id'), ['assessment_id'], unique=False)

    op.create_table('evidence',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('assessment_id', sa.Integer(), nullable=False),
    sa.Column('centre_id', sa.Integer(), nullable=False),
    sa.Column('description', sa.String(length=200), nullable=False),
    sa.Column('original_name', sa.String(length=255), nullable=False),
    sa.Column('stored_name', sa.String(length=64), nullable=False),
    sa.Column('content_type', sa.String(length=40), nullable=False),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('uploaded_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('uploaded_by_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['assessment_id'], ['assessment.id'], name=op.f('fk_evidence_assessment_id_assessment')),
    sa.ForeignKeyConstraint(['centre_id'], ['training_centre.id'], name=op.f('fk_evidence_centre_id_training_centre')),
    sa.ForeignKeyConstraint(['uploaded_by_id'], ['user_account.id'], name=op.f('fk_evidence_uploaded_by_id_user_account')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_evidence')),
    sa.UniqueConstraint('stored_name', name=op.f('uq_evidence_stored_name'))
    )
    with op.batch_alter_table('evidence', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_evidence_assessment_id'), ['assessment_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_evidence_centre_id'), ['centre_id'], unique=False)

    op.create_table('unit_result',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('assessment_id', sa.Integer(), nullable=False),
    sa.Column('unit_id', sa.Integer(), nullable=False),
    sa.Column('outcome', sa.Enum('competent', 'not_yet_competent', 'credit_transfer', name='unitoutcome', native_enum=False, length=20), nullable=False),
    sa.Column('method', sa.Enum('observation', 'questioning', 'work_sample', 'portfolio', 'third_party_report', name='assessmentmethod', native_enum=False, length=20), nullable=False),
    sa.Column('assessor_id', sa.Integer(), nullable=False),
    sa.Column('assessed_on', sa.Date(), nullable=False),
    sa.ForeignKeyConstraint(['assessment_id'], ['assessment.id'], name=op.f('fk_unit_result_assessment_id_assessment')),
    sa.ForeignKeyConstraint(['assessor_id'], ['user_account.id'], name=op.f('fk_unit_result_assessor_id_user_account')),
    sa.ForeignKeyConstraint(['unit_id'], ['competency_unit.id'], name=op.f('fk_unit_result_unit_id_competency_unit')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_unit_result')),
    sa.UniqueConstraint('assessment_id', 'unit_id', name='uq_unit_result_assessment_unit')
    )
    with op.batch_alter_table('unit_result', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_unit_result_assessment_id'), ['assessment_id'], unique=False)

    


def downgrade():
    
    with op.batch_alter_table('unit_result', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_unit_result_assessment_id'))

    op.drop_table('unit_result')
    with op.batch_alter_table('evidence', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_evidence_centre_id'))
        batch_op.drop_index(batch_op.f('ix_evidence_assessment_id'))

    op.drop_table('evidence')
    with op.batch_alter_table('appeal', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_appeal_assessment_id'))

    op.drop_table('appeal')
    with op.batch_alter_table('consent', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_consent_candidate_id'))

    op.drop_table('consent')
    with op.batch_alter_table('assessment', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_assessment_state'))
        batch_op.drop_index(batch_op.f('ix_assessment_cohort_id'))
        batch_op.drop_index(batch_op.f('ix_assessment_centre_id'))
        batch_op.drop_index(batch_op.f('ix_assessment_candidate_id'))

    op.drop_table('assessment')
    op.drop_table('cohort_assessor')
    with op.batch_alter_table('candidate', schema=None) as batch_op:
        batch_op.drop_index('ix_candidate_centre_latin_birth')
        batch_op.drop_index(batch_op.f('ix_candidate_centre_id'))
        batch_op.drop_index('ix_candidate_centre_document')

    op.drop_table('candidate')
    with op.batch_alter_table('cohort', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_cohort_centre_id'))

    op.drop_table('cohort')
    

"""certificates

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23 13:27:58.780555

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade():
    
    op.create_table('certificate_counter',
    sa.Column('centre_id', sa.Integer(), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('last_sequence', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['centre_id'], ['training_centre.id'], name=op.f('fk_certificate_counter_centre_id_training_centre')),
    sa.PrimaryKeyConstraint('centre_id', 'year', name=op.f('pk_certificate_counter'))
    )
    op.create_table('issuer_key',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('centre_id', sa.Integer(), nullable=False),
    sa.Column('kid', sa.String(length=8), nullable=False),
    sa.Column('public_key', sa.LargeBinary(length=32), nullable=False),
    sa.Column('private_key_sealed', sa.LargeBinary(length=128), nullable=False),
    sa.Column('valid_from', sa.DateTime(timezone=True), nullable=False),
    sa.Column('retired_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('compromised_from', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['centre_id'], ['training_centre.id'], name=op.f('fk_issuer_key_centre_id_training_centre')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_issuer_key')),
    sa.UniqueConstraint('kid', name=op.f('uq_issuer_key_kid'))
    )
    with op.batch_alter_table('issuer_key', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_issuer_key_centre_id'), ['centre_id'], unique=False)

    op.create_table('status_list',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('centre_id', sa.Integer(), nullable=False),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('next_index', sa.Integer(), nullable=False),
    sa.Column('revision', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['centre_id'], ['training_centre.id'], name=op.f('fk_status_list_centre_id_training_centre')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_status_list'))
    )
    with op.batch_alter_table('status_list', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_status_list_centre_id'), ['centre_id'], unique=False)

    op.create_table('certificate',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('number', sa.String(length=40), nullable=False),
    sa.Column('assessment_id', sa.Integer(), nullable=False),
    sa.Column('candidate_id', sa.Integer(), nullable=False),
    sa.Column('centre_id', sa.Integer(), nullable=False),
    sa.Column('qualification_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.Enum('qualification', 'statement_of_attainment', 'none', name='outcomekind', native_enum=False, length=30), nullable=False),
    sa.Column('status', sa.Enum('valid', 'suspended', 'revoked', 'expired', 'superseded', name='certificatestatus', native_enum=False, length=12), nullable=False),
    sa.Column('holder_name_latin', sa.String(length=200), nullable=False),
    sa.Column('holder_name_native', sa.String(length=200), nullable=False),
    sa.Column('holder_language', sa.String(length=5), nullable=False),
    sa.Column('units_mask', sa.BigInteger(), nullable=False),
    sa.Column('unit_codes', sa.JSON(), nullable=False),
    sa.Column('assessed_on', sa.Date(), nullable=False),
    sa.Column('issued_on', sa.Date(), nullable=False),
    sa.Column('expires_on', sa.Date(), nullable=True),
    sa.Column('status_list_id', sa.Integer(), nullable=False),
    sa.Column('status_index', sa.Integer(), nullable=False),
    sa.Column('kid', sa.String(length=8), nullable=False),
    sa.Column('qr_code', sa.Text(), nullable=False),
    sa.Column('credential_id', sa.String(length=64), nullable=False),
    sa.Column('status_reason', sa.String(length=40), nullable=False),
    sa.Column('status_note', sa.Text(), nullable=False),
    sa.Column('supersedes_id', sa.Integer(), nullable=True),
    sa.Column('superseded_by_id', sa.Integer(), nullable=True),
    sa.Column('holder_token_hash', sa.String(length=64), nullable=True),
    sa.Column('issued_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('issued_by_id', sa.Integer(), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['assessment_id'], ['assessment.id'], name=op.f('fk_certificate_assessment_id_assessment')),
    sa.ForeignKeyConstraint(['candidate_id'], ['candidate.id'], name=op.f('fk_certificate_candidate_id_candidate')),
    sa.ForeignKeyConstraint(['centre_id'], ['training_centre.id'], name=op.f('fk_certificate_centre_id_training_centre')),
    sa.ForeignKeyConstraint(['issued_by_id'], ['user_account.id'], name=op.f('fk_certificate_issued_by_id_user_account')),
    sa.ForeignKeyConstraint(['qualification_id'], ['qualification.id'], name=op.f('fk_certificate_qualification_id_qualification')),
    sa.ForeignKeyConstraint(['status_list_id'], ['status_list.id'], name=op.f('fk_certificate_status_list_id_status_list')),
    sa.ForeignKeyConstraint(['superseded_by_id'], ['certificate.id'], name=op.f('fk_certificate_superseded_by_id_certificate')),
    sa.ForeignKeyConstraint(['supersedes_id'], ['certificate.id'], name=op.f('fk_certificate_supersedes_id_certificate')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_certificate')),
    sa.UniqueConstraint('credential_id', name=op.f('uq_certificate_credential_id')),
    sa.UniqueConstraint('holder_token_hash', name=op.f('uq_certificate_holder_token_hash')),
    sa.UniqueConstraint('number', name=op.f('uq_certificate_number')),
    sa.UniqueConstraint('status_list_id', 'status_index', name='uq_certificate_status_slot')
    )
    with op.batch_alter_table('certificate', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_certificate_assessment_id'), ['assessment_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_certificate_candidate_id'), ['candidate_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_certificate_centre_id'), ['centre_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_certificate_status'), ['status'], unique=False)

    op.create_table('verification_event',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('certificate_id', sa.Integer(), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('channel', sa.String(length=20), nullable=False),
    sa.Column('organisation', sa.String(length=200), nullable=False),
    sa.ForeignKeyConstraint(['certificate_id'], ['certificate.id'], name=op.f('fk_verification_event_certificate_id_certificate')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_verification_event'))
    )
    with op.batch_alter_table('verification_event', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_verification_event_certificate_id'), ['certificate_id'], unique=False)

    


def downgrade():
    
    with op.batch_alter_table('verification_event', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_verification_event_certificate_id'))

    op.drop_table('verification_event')
    with op.batch_alter_table('certificate', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_certificate_status'))
        batch_op.drop_index(batch_op.f('ix_certificate_centre_id'))
        batch_op.drop_index(batch_op.f('ix_certificate_candidate_id'))
        batch_op.drop_index(batch_op.f('ix_certificate_assessment_id'))

    op.drop_table('certificate')
    with op.batch_alter_table('status_list', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_status_list_centre_id'))

    op.drop_table('status_list')
    with op.batch_alter_table('issuer_key', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_issuer_key_centre_id'))

    op.drop_table('issuer_key')
    op.drop_table('certificate_counter')
    

"""foundation

Revision ID: 0001
Revises:
Create Date: 2026-11-23 12:56:55.905580

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade():
    
    op.create_table('qualification',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=40), nullable=False),
    sa.Column('sector', sa.String(length=100), nullable=False),
    sa.Column('aqrf_level', sa.SmallInteger(), nullable=False),
    sa.Column('tpqi_level', sa.SmallInteger(), nullable=True),
    sa.Column('dsd_level', sa.SmallInteger(), nullable=True),
    sa.Column('cqf_level', sa.SmallInteger(), nullable=True),
    sa.Column('lao_tvet_level', sa.SmallInteger(), nullable=True),
    sa.Column('nssa_level', sa.SmallInteger(), nullable=True),
    sa.Column('isco08_code', sa.String(length=4), nullable=False),
    sa.Column('validity_years', sa.SmallInteger(), nullable=True),
    sa.Column('status', sa.Enum('active', 'retired', name='qualificationstatus', native_enum=False, length=10), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('title_en', sa.String(length=300), nullable=False),
    sa.Column('title_th', sa.String(length=300), nullable=False),
    sa.Column('title_km', sa.String(length=300), nullable=False),
    sa.Column('title_lo', sa.String(length=300), nullable=False),
    sa.Column('title_my', sa.String(length=300), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_qualification')),
    sa.UniqueConstraint('code', name=op.f('uq_qualification_code'))
    )
    with op.batch_alter_table('qualification', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_qualification_status'), ['status'], unique=False)

    op.create_table('training_centre',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=8), nullable=False),
    sa.Column('name_en', sa.String(length=200), nullable=False),
    sa.Column('name_th', sa.String(length=200), nullable=False),
    sa.Column('name_home', sa.String(length=200), nullable=False),
    sa.Column('country', sa.String(length=2), nullable=False),
    sa.Column('accreditation_status', sa.Enum('accredited', 'provisional', 'suspended', 'withdrawn', 'none', name='accreditationstatus', native_enum=False, length=20), nullable=False),
    sa.Column('accredited_from', sa.Date(), nullable=True),
    sa.Column('accredited_until', sa.Date(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint('accredited_until IS NULL OR accredited_from IS NULL OR accredited_until >= accredited_from', name=op.f('ck_training_centre_accreditation_window')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_training_centre')),
    sa.UniqueConstraint('code', name=op.f('uq_training_centre_code'))
    )
    op.create_table('competency_unit',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('qualification_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=40), nullable=False),
    sa.Column('title_en', sa.String(length=300), nullable=False),
    sa.Column('title_th', sa.String(length=300), nullable=False),
    sa.Column('title_km', sa.String(length=300), nullable=False),
    sa.Column('title_lo', sa.String(length=300), nullable=False),
    sa.Column('title_my', sa.String(length=300), nullable=False),
    sa.ForeignKeyConstraint(['qualification_id'], ['qualification.id'], name=op.f('fk_competency_unit_qualification_id_qualification')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_competency_unit')),
    sa.UniqueConstraint('qualification_id', 'code', name='uq_competency_unit_code'),
    sa.UniqueConstraint('qualification_id', 'position', name='uq_competency_unit_position')
    )
    with op.batch_alter_table('competency_unit', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_competency_unit_qualification_id'), ['qualification_id'], unique=False)

    op.create_table('user_account',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('username', sa.String(length=64), nullable=False),
    sa.Column('display_name', sa.String(length=200), nullable=False),
    sa.Column('role', sa.Enum('admin', 'provider_admin', 'assessor', 'moderator', name='role', native_enum=False, length=20), nullable=False),
    sa.Column('centre_id', sa.Integer(), nullable=True),
    sa.Column('password_hash', sa.String(length=255), nullable=False),
    sa.Column('preferred_language', sa.String(length=5), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('session_epoch', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('last_login_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['centre_id'], ['training_centre.id'], name=op.f('fk_user_account_centre_id_training_centre')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_user_account')),
    sa.UniqueConstraint('username', name=op.f('uq_user_account_username'))
    )
    with op.batch_alter_table('user_account', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_user_account_centre_id'), ['centre_id'], unique=False)

    op.create_table('api_token',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('prefix', sa.String(length=12), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('last_used_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('revoked_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['user_id'], ['user_account.id'], name=op.f('fk_api_token_user_id_user_account')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_api_token')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_api_token_token_hash'))
    )
    with op.batch_alter_table('api_token', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_api_token_user_id'), ['user_id'], unique=False)

    op.create_table('audit_entry',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('actor_id', sa.Integer(), nullable=True),
    sa.Column('actor_name', sa.String(length=64), nullable=False),
    sa.Column('action', sa.String(length=64), nullable=False),
    sa.Column('entity_type', sa.String(length=40), nullable=False),
    sa.Column('entity_id', sa.String(length=64), nullable=False),
    sa.Column('centre_id', sa.Integer(), nullable=True),
    sa.Column('before', sa.JSON(), nullable=True),
    sa.Column('after', sa.JSON(), nullable=True),
    sa.ForeignKeyConstraint(['actor_id'], ['user_account.id'], name=op.f('fk_audit_entry_actor_id_user_account')),
    sa.ForeignKeyConstraint(['centre_id'], ['training_centre.id'], name=op.f('fk_audit_entry_centre_id_training_centre')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_audit_entry'))
    )
    with op.batch_alter_table('audit_entry', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_audit_entry_actor_id'), ['actor_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_audit_entry_at'), ['at'], unique=False)
        batch_op.create_index(batch_op.f('ix_audit_entry_centre_id'), ['centre_id'], unique=False)

    


def downgrade():
    
    with op.batch_alter_table('audit_entry', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_audit_entry_centre_id'))
        batch_op.drop_index(batch_op.f('ix_audit_entry_at'))
        batch_op.drop_index(batch_op.f('ix_audit_entry_actor_id'))

    op.drop_table('audit_entry')
    with op.batch_alter_table('api_token', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_api_token_user_id'))

    op.drop_table('api_token')
    with op.batch_alter_table('user_account', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_user_account_centre_id'))

    op.drop_table('user_account')
    with op.batch_alter_table('competency_unit', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_competency_unit_qualification_id'))

    op.drop_table('competency_unit')
    op.drop_table('training_centre')
    with op.batch_alter_table('qualification', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_qualification_status'))

    op.drop_table('qualification')
    

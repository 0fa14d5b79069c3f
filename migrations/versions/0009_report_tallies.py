"""monthly tallies behind the programme reports, and the marks of months to count again

Revision ID: 0009_report_tallies
Revises: 0008_jobs
Create Date: 2026-12-04 06:10:00

"""
import sqlalchemy as sa
from alembic import op

revision = '0009_report_tallies'
down_revision = '0008_jobs'
branch_labels = None
depends_on = None

MEASURES = (
    "registered",
    "opened_draft", "opened_evidence", "opened_assessed", "opened_submitted", "opened_endorsed", "opened_appealed",
    "endorsed", "qualifications", "statements", "revoked", "suspended", "validity_ends",
    "checks_qr", "checks_number", "checks_api", "checks_upload", "checked",
)
INDEXED = (('candidate', 'created_at'), ('assessment', 'created_at'), ('assessment', 'endorsed_at'),
           ('certificate', 'issued_on'), ('certificate', 'expires_on'), ('certificate', 'status_changed_at'),
           ('verification_event', 'at'))
KEY = ('grouping', 'month', 'centre_id', 'qualification_id', 'sex', 'nationality', 'returnee', 'age_band')


def _key_columns():
    return [
        sa.Column('grouping', sa.SmallInteger(), nullable=False),
        sa.Column('month', sa.Date(), nullable=False),
        sa.Column('centre_id', sa.Integer(), nullable=False),
        sa.Column('qualification_id', sa.Integer(), nullable=False),
        sa.Column('sex', sa.String(length=12), nullable=False),
        sa.Column('nationality', sa.String(length=2), nullable=False),
        sa.Column('returnee', sa.SmallInteger(), nullable=False),
        sa.Column('age_band', sa.SmallInteger(), nullable=False),
    ]


def upgrade():
    op.create_table(
        'report_tally',
        *_key_columns(),
        *[sa.Column(name, sa.Integer(), nullable=False) for name in MEASURES],
        sa.PrimaryKeyConstraint(*KEY, name='pk_report_tally'),
    )
    op.create_table(
        'report_item_tally',
        *_key_columns(),
        sa.Column('kind', sa.String(length=8), nullable=False),
        sa.Column('item', sa.String(length=220), nullable=False),
        sa.Column('count', sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint('kind', *KEY, 'item', name='pk_report_item_tally'),
    )
    op.create_table(
        'report_stale',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('day', sa.Date(), nullable=True),
        sa.Column('candidate_id', sa.Integer(), nullable=True),
        sa.Column('certificate_id', sa.Integer(), nullable=True),
        sa.PrimaryKeyConstraint('id', name='pk_report_stale'),
    )
    op.create_table(
        'report_lock',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('counted_at', sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint('id', name='pk_report_lock'),
    )
    # A month is counted again from the records: each of its statements reads that month's rows alone.
    for table, column in INDEXED:
        op.create_index(f'ix_{table}_{column}', table, [column])
    op.execute("INSERT INTO report_lock (id) VALUES (1)")
    # Whatever the registry holds already is counted at the first report.
    op.execute("INSERT INTO report_stale (day) VALUES (NULL)")


def downgrade():
    for table, column in INDEXED:
        op.drop_index(f'ix_{table}_{column}', table_name=table)
    op.drop_table('report_lock')
    op.drop_table('report_stale')
    op.drop_table('report_item_tally')
    op.drop_table('report_tally')

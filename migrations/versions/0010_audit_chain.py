"""the audit log as a hash chain: each entry's hash and the one before it, and the chain's head

Revision ID: 0010_audit_chain
Revises: 0009_report_tallies
Create Date: 2026-12-04 06:40:00

"""
from datetime import UTC

import sqlalchemy as sa
from alembic import op

from registry.core.audit_chain import FIELDS, GENESIS, entry_hash

revision = '0010_audit_chain'
down_revision = '0009_report_tallies'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('audit_entry') as batch_op:
        batch_op.add_column(sa.Column('chain_position', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('previous_hash', sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column('hash', sa.String(length=64), nullable=True))
        batch_op.create_unique_constraint('uq_audit_entry_chain_position', ['chain_position'])
    op.create_table(
        'audit_head',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('last_hash', sa.String(length=64), nullable=False),
        sa.Column('entries', sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint('id', name='pk_audit_head'),
    )
    # The entries written before the chain are chained now, in the order they were written.
    entry = sa.table('audit_entry', sa.column('id', sa.Integer()), sa.column('chain_position', sa.Integer()),
                     sa.column('previous_hash', sa.String()),
                     sa.column('hash', sa.String()), sa.column('at', sa.DateTime(timezone=True)),
                     *[sa.column(name) for name in FIELDS if name != 'at' and name not in ('before', 'after')],
                     sa.column('before', sa.JSON()), sa.column('after', sa.JSON()))
    connection = op.get_bind()
    previous, count = GENESIS, 0
    rows = connection.execute(sa.select(entry.c.id, *[entry.c[name] for name in FIELDS]).order_by(entry.c.id)).all()
    for row in rows:
        fields = dict(zip(FIELDS, row[1:], strict=True))
        if fields['at'] is not None and fields['at'].tzinfo is None:
            fields['at'] = fields['at'].replace(tzinfo=UTC)  # SQLite keeps UTC without its zone
        own = entry_hash(previous, fields)
        count += 1
        connection.execute(sa.update(entry).where(entry.c.id == row[0]).values(chain_position=count,
                                                                                previous_hash=previous, hash=own))
        previous = own
    connection.execute(sa.text("INSERT INTO audit_head (id, last_hash, entries) VALUES (1, :last, :count)"),
                       {"last": previous, "count": count})


def downgrade():
    op.drop_table('audit_head')
    with op.batch_alter_table('audit_entry') as batch_op:
        batch_op.drop_constraint('uq_audit_entry_chain_position', type_='unique')
        batch_op.drop_column('hash')
        batch_op.drop_column('previous_hash')
        batch_op.drop_column('chain_position')

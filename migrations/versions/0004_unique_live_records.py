"""one live certificate per assessment, one current key per centre, a candidate once per cohort

The service checked before it inserted, and two simultaneous requests could both pass the check. These indexes make
the database refuse the second. Duplicates made before them are resolved first, keeping the oldest certificate and
the newest key, so the upgrade never fails on old data.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-03 09:00:00

"""
from datetime import datetime, timezone

import sqlalchemy as sa
from alembic import op

revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None

LIVE = "status IN ('valid', 'suspended')"
CURRENT = "retired_at IS NULL"


def _revoke_duplicate_certificates(connection):
    duplicates = connection.execute(sa.text(
        f"SELECT c.id, c.status_list_id FROM certificate c WHERE c.{LIVE} AND EXISTS ("
        f"SELECT 1 FROM certificate o WHERE o.assessment_id = c.assessment_id AND o.{LIVE} AND o.id < c.id)"
    )).all()
    for certificate_id, list_id in duplicates:
        connection.execute(sa.text(
            "UPDATE certificate SET status = 'revoked', status_reason = 'issued_in_error', "
            "status_note = 'A second certificate issued for the same assessment at the same moment.' "
            "WHERE id = :id"), {"id": certificate_id})
        connection.execute(sa.text("UPDATE status_list SET revision = revision + 1 WHERE id = :id"), {"id": list_id})


def _retire_duplicate_keys(connection):
    connection.execute(sa.text(
        f"UPDATE issuer_key SET retired_at = :now WHERE {CURRENT} AND EXISTS ("
        f"SELECT 1 FROM issuer_key n WHERE n.centre_id = issuer_key.centre_id AND n.{CURRENT} "
        "AND n.id > issuer_key.id)"), {"now": datetime.now(timezone.utc)})


def upgrade():
    connection = op.get_bind()
    _revoke_duplicate_certificates(connection)
    _retire_duplicate_keys(connection)
    op.create_index('uq_certificate_live_assessment', 'certificate', ['assessment_id'], unique=True,
                    sqlite_where=sa.text(LIVE), postgresql_where=sa.text(LIVE))
    op.create_index('uq_issuer_key_current', 'issuer_key', ['centre_id'], unique=True,
                    sqlite_where=sa.text(CURRENT), postgresql_where=sa.text(CURRENT))
    op.create_index('uq_assessment_cohort_candidate', 'assessment', ['cohort_id', 'candidate_id'], unique=True)


def downgrade():
    op.drop_index('uq_assessment_cohort_candidate', table_name='assessment')
    op.drop_index('uq_issuer_key_current', table_name='issuer_key')
    op.drop_index('uq_certificate_live_assessment', table_name='certificate')

"""What a staff member's dashboard shows, by role and within their scope."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from registry.core.roles import Role
from registry.core.workflow import AssessmentState
from registry.models import Assessment, AuditEntry, Qualification, QualificationStatus, TrainingCentre, User
from registry.services.scope import restrict_to_scope, sees_every_centre


@dataclass
class DashboardSummary:
    centre: TrainingCentre | None
    centre_count: int
    active_qualifications: int
    staff_by_role: dict[Role, int] = field(default_factory=dict)
    recent_changes: list[AuditEntry] = field(default_factory=list)
    awaiting_endorsement: list[Assessment] = field(default_factory=list)
    returned_to_me: list[Assessment] = field(default_factory=list)


def summary_for(session: Session, actor: User) -> DashboardSummary:
    staff_query = restrict_to_scope(
        select(User.role, func.count(User.id)).where(User.active.is_(True)).group_by(User.role),
        actor, User.centre_id,
    )
    recent: list[AuditEntry] = []
    if actor.role in (Role.ADMIN, Role.PROVIDER_ADMIN):
        recent_query = restrict_to_scope(select(AuditEntry), actor, AuditEntry.centre_id)
        recent = list(session.scalars(recent_query.order_by(AuditEntry.id.desc()).limit(8)))
    awaiting: list[Assessment] = []
    returned: list[Assessment] = []
    if actor.role is Role.MODERATOR:
        awaiting = list(session.scalars(
            select(Assessment).where(Assessment.centre_id == actor.centre_id,
                                     Assessment.state == AssessmentState.SUBMITTED)
            .order_by(Assessment.submitted_at).limit(50)))
    if actor.role is Role.ASSESSOR:
        returned = list(session.scalars(
            select(Assessment).where(Assessment.centre_id == actor.centre_id,
                                     Assessment.state == AssessmentState.ASSESSED, Assessment.return_reason != "")
            .order_by(Assessment.id).limit(50)))
    return DashboardSummary(
        centre=actor.centre,
        centre_count=(session.scalar(select(func.count(TrainingCentre.id))) or 0) if sees_every_centre(actor) else 1,
        active_qualifications=session.scalar(
            select(func.count(Qualification.id)).where(Qualification.status == QualificationStatus.ACTIVE)
        ) or 0,
        staff_by_role={Role(role): count for role, count in session.execute(staff_query)},
        recent_changes=recent,
        awaiting_endorsement=awaiting,
        returned_to_me=returned,
    )

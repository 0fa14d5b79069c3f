"""Small builders for test data, going through the same services as the app."""

from __future__ import annotations

import itertools
from dataclasses import replace
from datetime import date, datetime, timedelta, timezone
from typing import Any

from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from registry.core.credential import KIND_QUALIFICATION, CredentialInput
from registry.core.roles import Role
from registry.core.workflow import Action
from registry.models import AccreditationStatus, Assessment, Candidate, Cohort, Qualification, TrainingCentre, User
from registry.services import accounts, assessments, candidates, catalogue, centres, cohorts, workflow
from registry.services.assessments import ResultEntry
from registry.services.candidates import CandidateDetails
from registry.services.catalogue import QualificationDetails, Titles
from registry.services.certificates import IssueContext

PASSWORD = "correct horse battery"
DOCUMENT_KEY = b"k" * 32
TODAY = date(2026, 11, 23)
_sequence = itertools.count(1)


def make_centre(session: Session, code: str | None = None, country: str = "TH") -> TrainingCentre:
    number = next(_sequence)
    return centres.create_centre(session, None, centres.CentreDetails(
        code=code or f"C{number}",
        name_en=f"Centre {number}",
        name_th=f"ศูนย์ {number}",
        name_home="",
        country=country,
        accreditation_status=AccreditationStatus.ACCREDITED,
        accredited_from=date(2025, 1, 1),
        accredited_until=date(2030, 12, 31),
    ))


def make_user(session: Session, role: Role, centre: TrainingCentre | None = None, username: str | None = None,
              password: str = PASSWORD) -> User:
    if role.needs_centre and centre is None:
        centre = make_centre(session)
    details = accounts.AccountDetails(
        username=username or f"{role.value.replace('_', '-')}-{next(_sequence)}",
        role=role,
        centre_id=centre.id if centre and role.needs_centre else None,
        display_name="Test Person",
    )
    return accounts.create_user(session, None, details, password)


def make_qualification(session: Session, code: str | None = None, units: int = 3) -> Qualification:
    number = next(_sequence)
    return catalogue.create_qualification(session, None, QualificationDetails(
        code=code or f"TEST-Q-{number}",
        titles=Titles(en=f"Qualification {number}", th=f"คุณวุฒิ {number}", km="វិញ្ញាបនបត្រ", lo="ວຸດທິ", my="အရည်အချင်း"),
        sector="Testing",
        aqrf_level=2,
        dsd_level=1,
        isco08_code="9112",
        units=[
            (f"U.{number}.{index}", Titles(en=f"Unit {index}", th=f"หน่วย {index}")) for index in range(1, units + 1)
        ],
    ))


def log_in(client: FlaskClient, user: User | str, password: str = PASSWORD) -> None:
    from tests.web.helpers import post_form

    username = user if isinstance(user, str) else user.username
    response = post_form(client, "/login", {"username": username, "password": password})
    assert response.status_code == 302, response.get_data(as_text=True)[:500]




def candidate_details(**changes: object) -> CandidateDetails:
    values: dict[str, object] = {
        "name_latin": "SOK Sreyneang", "name_native": "សុខ ស្រីនាង", "nationality": "KH", "sex": "female",
        "date_of_birth": date(1996, 4, 12), "phone": "+855 12 345 678", "preferred_language": "km",
        "consent_purposes": ["assessment", "certification", "verification"], "consent_language": "km",
    }
    values.update(changes)
    return CandidateDetails(**values)  # type: ignore[arg-type]


def make_candidate(session: Session, actor: User, **changes: object) -> Candidate:
    return candidates.register_candidate(session, actor, candidate_details(**changes), document_key=DOCUMENT_KEY,
                                         today=TODAY, confirm_duplicate=True)


def letters(number: int) -> str:
    """A number spelled in capital letters: names may not contain digits."""
    return "".join(chr(ord("A") + int(digit)) for digit in str(number))


def make_assessment(session: Session, assessor: User, units: int = 3) -> Assessment:
    candidate = make_candidate(session, assessor, name_latin=f"Person {letters(next(_sequence))}", name_native="")
    return assessments.open_assessment(session, assessor, candidate, make_qualification(session, units=units))


ISSUER_SECRET = "test master secret for issuer keys"
ISSUE_CONTEXT = IssueContext(master_secret=ISSUER_SECRET, base_url="https://registry.example", today=TODAY)


def make_endorsed_assessment(session: Session, achieved: int = 3, units: int = 3,
                             validity: int | None = None) -> tuple[User, Assessment]:
    """An endorsed assessment of a new Cambodian centre, ``achieved`` of its ``units`` competent, and the head of
    that centre (who issues its certificates)."""
    centre = make_centre(session, country="KH")
    assessor = make_user(session, Role.ASSESSOR, centre)
    moderator = make_user(session, Role.MODERATOR, centre)
    head = make_user(session, Role.PROVIDER_ADMIN, centre)
    assessment = make_assessment(session, assessor, units=units)
    assessment.qualification.validity_years = validity
    qualification_units = assessment.qualification.units
    assessments.save_results(session, assessor, [assessment], qualification_units, {
        (assessment.id, unit.id): ResultEntry("competent" if i < achieved else "not_yet_competent", "observation")
        for i, unit in enumerate(qualification_units)}, TODAY, TODAY)
    workflow.apply_transition(session, assessor, assessment, Action.SUBMIT)
    workflow.apply_transition(session, moderator, assessment, Action.ENDORSE)
    return head, assessment


QUALIFICATION_URL = "https://registry.example.org/qualifications/DEMO-HK-RA-2"
STATUS_URL = "https://registry.example.org/status/1"
ICT = timezone(timedelta(hours=7))
UNITS = (
    ("D1.HHK.CL3.01", "Provide housekeeping services to guests"),
    ("D1.HHK.CL3.03", "Prepare rooms for guests"),
    ("D1.HHK.CL3.05", "Clean public areas"),
    ("D1.HOT.CL1.04", "Maintain hospitality industry knowledge"),
)


def credential_input(**changes: Any) -> CredentialInput:
    """The demo full award as the credential builder takes it: SOK Sreyneang, Room Attendant, from Bang Saen."""
    data = CredentialInput(
        credential_id="urn:uuid:3f0c1a52-8a5e-4a51-9d53-2f7d1a0e6b41",
        number="TH-BSH-2026-00042-K",
        holder_name="SOK Sreyneang",
        holder_name_native="សុខ ស្រីនាង",
        issuer_id="https://registry.example.org/centres/BSH",
        issuer_name="Bang Saen Hospitality Skills Centre",
        issuer_name_th="ศูนย์พัฒนาทักษะการโรงแรมบางแสน",
        issuer_country="TH",
        qualification_code="DEMO-HK-RA-2",
        title_en="Room Attendant",
        title_th="พนักงานทำความสะอาดห้องพัก",
        title_holder_lang="បុគ្គលិកសម្អាតបន្ទប់",
        holder_lang="km",
        description_en="Prepares and cleans guest rooms and public areas of a hotel to the property's standard.",
        kind=KIND_QUALIFICATION,
        levels={"aqrf": 2, "tpqi": 2, "dsd": 1, "cqf": None, "lao_tvet": None, "nssa": None},
        isco08="9112",
        achieved_units=UNITS,
        valid_from=datetime(2026, 3, 2, 9, 30, tzinfo=ICT),
        valid_until=None,
        status_list_url=STATUS_URL,
        status_index=1234,
        verify_url="https://registry.example.org/v/ABCDEFGH",
        achievement_id=QUALIFICATION_URL,
    )
    return replace(data, **changes)


def make_endorsed_cohort(session: Session, size: int = 3, units: int = 2) -> tuple[User, Cohort]:
    """A cohort of ``size`` candidates at a new Cambodian centre, every one assessed competent and endorsed, and
    the head of that centre (who issues its certificates)."""
    centre = make_centre(session, country="KH")
    assessor = make_user(session, Role.ASSESSOR, centre)
    moderator = make_user(session, Role.MODERATOR, centre)
    head = make_user(session, Role.PROVIDER_ADMIN, centre)
    qualification = make_qualification(session, units=units)
    people = [make_candidate(session, assessor, name_latin=f"Worker {letters(next(_sequence))}", name_native="")
              for _ in range(size)]
    cohort = cohorts.create_cohort(session, assessor, "Cohort", qualification, TODAY, [assessor.id], [])
    group = assessments.open_assessments(session, assessor, people, qualification, cohort_id=cohort.id)
    session.refresh(cohort)
    assessments.save_results(session, assessor, group, qualification.units, {
        (assessment.id, unit.id): ResultEntry("competent", "observation")
        for assessment in group for unit in qualification.units}, TODAY, TODAY)
    for assessment in group:
        workflow.apply_transition(session, assessor, assessment, Action.SUBMIT)
        workflow.apply_transition(session, moderator, assessment, Action.ENDORSE)
    return head, cohort

"""Candidates and assessments over the JSON API (CONTRACT.md); the same services as the web pages."""

from __future__ import annotations

from datetime import date
from typing import Any

from flask import jsonify, url_for
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from werkzeug.wrappers import Response

from registry.core.documents import DocumentType
from registry.core.names import detect_script
from registry.core.roles import Role
from registry.core.workflow import Action
from registry.errors import InvalidInput
from registry.infra.app_context import db_session, document_key, today
from registry.models import Qualification
from registry.services import assessments, candidates, workflow
from registry.services.assessments import ResultEntry
from registry.services.candidates import CandidateDetails, IdentityDocument
from registry.web.access import api_user, roles
from registry.web.api.answers import located
from registry.web.api.blueprint import bp
from registry.web.api.payloads import (
    choice,
    flag,
    iso_date,
    json_body,
    json_object,
    record_id,
    text,
    text_list,
    whole_number,
)
from registry.web.api.representations import assessment_resource, candidate_resource

centre_staff = roles(Role.PROVIDER_ADMIN, Role.ASSESSOR, Role.MODERATOR)
registrars = roles(Role.PROVIDER_ADMIN, Role.ASSESSOR)



@bp.route("/candidates", methods=["POST"])
@registrars
def create_candidate() -> Response:
    body = json_body()
    errors: dict[str, list[object]] = {}
    document = _identity_document(body, errors)
    consent_errors: dict[str, list[object]] = {}
    consent = json_object(body, "consent", consent_errors, "") or {}
    purposes = text_list(consent, "purposes", consent_errors, max_length=40)
    consent_language = text(consent, "language", consent_errors, max_length=5)
    notice_version = text(consent, "notice_version", consent_errors, max_length=20)
    if consent_errors or not isinstance(consent.get("purposes"), list):
        errors["consent"] = [_l("Give the purposes the candidate consented to, the language and the notice version.")]
    script = text(body, "script", errors, max_length=4)
    details = CandidateDetails(
        name_latin=text(body, "name_latin", errors, required=True, max_length=400),
        name_native=text(body, "name_native", errors, max_length=400),
        name_thai=text(body, "name_thai", errors, max_length=400),
        nationality=text(body, "nationality", errors, required=True, max_length=2),
        sex=text(body, "sex", errors, required=True, max_length=20),
        date_of_birth=iso_date(body, "date_of_birth", errors),
        id_document=document,
        phone=text(body, "phone", errors, max_length=32),
        preferred_language=text(body, "preferred_language", errors, max_length=5) or "en",
        returnee=flag(body, "returnee", errors),
        consent_purposes=purposes,
        consent_language=consent_language,
        notice_version=notice_version or candidates.CONSENT_NOTICE_VERSION,
    )
    confirm_duplicate = flag(body, "confirm_duplicate", errors)
    if script and details.name_native and detect_script(details.name_native) != script:
        errors["script"] = [_l("The name is not written in that script.")]
    errors = {**candidates.problems_with(details, today()), **errors}  # every problem at once
    if errors:
        raise InvalidInput(errors)
    candidate = candidates.register_candidate(db_session(), api_user(), details, document_key=document_key(),
                                              today=today(), confirm_duplicate=confirm_duplicate)
    return located({"id": candidate.id, **candidate_resource(candidate)}, 201,
                    url_for("api.get_candidate", candidate_id=candidate.id))


def _identity_document(body: dict[str, Any], errors: dict[str, list[object]]) -> IdentityDocument | None:
    message = _l("Give the document type and number.")
    raw = json_object(body, "id_document", errors, message)
    if raw is None:
        return None
    document_errors: dict[str, list[object]] = {}
    kind = choice(raw, "type", document_errors, frozenset(DocumentType))
    number = text(raw, "number", document_errors, required=True, max_length=40)
    if document_errors:
        errors["id_document"] = [message]
        return None
    return IdentityDocument(DocumentType(kind), number)


@bp.route("/candidates/<int:candidate_id>")
@centre_staff
def get_candidate(candidate_id: int) -> Response:
    return jsonify(candidate_resource(candidates.get_candidate(db_session(), api_user(), candidate_id)))


@bp.route("/assessments", methods=["POST"])
@registrars
def create_assessment() -> Response:
    body = json_body()
    actor = api_user()
    errors: dict[str, list[object]] = {}
    candidate_id = record_id(body, "candidate_id", errors, _l("Give the candidate's id."))
    code = text(body, "qualification_code", errors, required=True, max_length=40)
    qualification = db_session().scalar(select(Qualification).where(Qualification.code == code)) if code else None
    if code and qualification is None:
        errors["qualification_code"] = [_l("No qualification has this code.")]
    if errors:
        raise InvalidInput(errors)
    assert qualification is not None and candidate_id is not None
    candidate = candidates.get_candidate(db_session(), actor, candidate_id)
    assessment = assessments.open_assessment(db_session(), actor, candidate, qualification)
    return located(assessment_resource(assessment), 201, url_for("api.get_assessment", assessment_id=assessment.id))


@bp.route("/assessments/<int:assessment_id>")
@centre_staff
def get_assessment(assessment_id: int) -> Response:
    return jsonify(assessment_resource(assessments.get_assessment(db_session(), api_user(), assessment_id)))


@bp.route("/assessments/<int:assessment_id>/results", methods=["PUT"])
@roles(Role.ASSESSOR)
def put_results(assessment_id: int) -> Response:
    actor = api_user()
    assessment = assessments.get_assessment(db_session(), actor, assessment_id)
    body = json_body()
    rows = body.get("results")
    if not isinstance(rows, list) or not rows:
        raise InvalidInput({"results": [_l("Give a list of unit results.")]})
    units = {unit.code: unit for unit in assessment.qualification.units}
    errors: dict[str, list[object]] = {}
    entries: dict[tuple[int, int], ResultEntry] = {}
    dates: set[date] = set()
    for index, row in enumerate(rows):
        field = f"results[{index}]"
        if not isinstance(row, dict):
            errors[field] = [_l("Give an object with unit_code, outcome, method and assessed_on.")]
            continue
        row_errors: dict[str, list[object]] = {}
        unit = units.get(text(row, "unit_code", row_errors, required=True, max_length=40))
        if unit is None:
            errors[f"{field}.unit_code"] = [_l("This qualification has no unit with this code.")]
            continue
        outcome = text(row, "outcome", row_errors, max_length=40)
        method = text(row, "method", row_errors, max_length=40)
        assessed_on = iso_date(row, "assessed_on", row_errors)
        for name, messages in row_errors.items():
            errors[f"{field}.{name}"] = messages
        if assessed_on:
            dates.add(assessed_on)
        entries[(assessment.id, unit.id)] = ResultEntry(outcome, method)
    expected = whole_number(body, "version", errors)
    if errors:
        raise InvalidInput(errors)
    try:
        # The API takes a date per row; rows saved together share the latest of them.
        assessments.save_results(db_session(), actor, [assessment], list(units.values()), entries,
                                 max(dates) if dates else None, today(),
                                 expected_versions={assessment.id: expected} if expected is not None else None)
    except InvalidInput as error:
        raise InvalidInput(_api_cell_names(error.errors, rows, units), error.message) from None
    return jsonify(assessment_resource(assessments.get_assessment(db_session(), actor, assessment_id)))


def _api_cell_names(errors: dict[str, list[str]], rows: list[Any], units: dict[str, Any]) -> dict[str, list[str]]:
    """Grid cell keys ("<assessment>-<unit>") become the API's field names ("results[i].outcome")."""
    renamed: dict[str, list[str]] = {}
    for key, messages in errors.items():
        if "-" not in key:
            renamed[key] = messages
            continue
        unit_id = int(key.split("-")[1])
        index = next(i for i, row in enumerate(rows)
                     if isinstance(row, dict) and units.get(str(row.get("unit_code"))) is not None
                     and units[str(row.get("unit_code"))].id == unit_id)
        renamed[f"results[{index}]"] = messages
    return renamed


def _step(assessment_id: int, action: Action, reason: str = "") -> Response:
    actor = api_user()
    assessment = assessments.get_assessment(db_session(), actor, assessment_id)
    workflow.apply_transition(db_session(), actor, assessment, action, reason=reason)
    return jsonify(assessment_resource(assessment))


@bp.route("/assessments/<int:assessment_id>/submit", methods=["POST"])
@registrars
def submit(assessment_id: int) -> Response:
    return _step(assessment_id, Action.SUBMIT)


@bp.route("/assessments/<int:assessment_id>/endorse", methods=["POST"])
@roles(Role.MODERATOR)
def endorse(assessment_id: int) -> Response:
    return _step(assessment_id, Action.ENDORSE)


@bp.route("/assessments/<int:assessment_id>/return", methods=["POST"])
@roles(Role.MODERATOR)
def return_assessment(assessment_id: int) -> Response:
    errors: dict[str, list[object]] = {}
    reason = text(json_body(), "reason", errors, max_length=2000, multiline=True)
    if errors:
        raise InvalidInput(errors)
    return _step(assessment_id, Action.RETURN, reason)  # the service requires the reason (core/workflow.py)

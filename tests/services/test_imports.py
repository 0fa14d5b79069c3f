"""A cohort's candidates and results from a spreadsheet: checked by the single-entry rules, duplicates decided,
nothing written twice, only valid rows when asked, resumed after a crash."""

from __future__ import annotations

import codecs
from datetime import date

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from registry.core.intake.template import CANDIDATE_KEYS
from registry.core.roles import Role
from registry.errors import InvalidInput
from registry.models import Assessment, Candidate, Cohort, ImportState, UnitResult, User
from registry.services import cohorts, imports
from tests.factories import DOCUMENT_KEY, TODAY, make_candidate, make_qualification, make_user


def _cohort(session: Session) -> tuple[User, Cohort]:
    assessor = make_user(session, Role.ASSESSOR)
    qualification = make_qualification(session, units=2)
    cohort = cohorts.create_cohort(session, assessor, "Room attendants", qualification, TODAY, [assessor.id], [])
    return assessor, cohort


def _csv(cohort: Cohort, *rows: dict[str, str], encoding: str = "utf-8-sig") -> bytes:
    units = [unit.code for unit in cohort.qualification.units]
    keys = [*CANDIDATE_KEYS, *units]
    lines = [",".join(keys), ",".join(keys)]
    for row in rows:
        values = {**row}
        for code in units:
            values.setdefault(code, row.get("outcome", ""))
        lines.append(",".join(values.get(key, "") for key in keys))
    return ("\r\n".join(lines) + "\r\n").encode(encoding)


def _person(name: str = "Sok Dara", **changes: str) -> dict[str, str]:
    return {"name_latin": name, "sex": "female", "nationality": "KH", "date_of_birth": "12/04/1996",
            "consent": "assessment certification", "method": "observation", "assessed_on": "2026-11-20",
            "outcome": "competent", **changes}


def _import(session: Session, actor: User, cohort: Cohort, content: bytes, **options: object
            ) -> imports.CohortImport:
    checked = imports.upload(session, actor, cohort, "cohort.csv", content, TODAY)
    return imports.run_import(session, actor, checked, today=TODAY, document_key=DOCUMENT_KEY,
                              **options)  # type: ignore[arg-type]


def _count(session: Session, model: type) -> int:
    return int(session.scalar(select(func.count()).select_from(model)) or 0)


def test_a_dry_run_writes_only_the_file_and_its_report(session: Session) -> None:
    assessor, cohort = _cohort(session)
    checked = imports.upload(session, assessor, cohort, "cohort.csv", _csv(cohort, _person(), _person("Chan Thida")),
                             TODAY)
    assert checked.state is ImportState.CHECKED
    assert checked.report["rows"] == 2 and checked.report["valid_rows"] == 2 and checked.report["errors"] == []
    assert _count(session, Candidate) == 0 and _count(session, Assessment) == 0


def test_an_import_registers_candidates_with_consent_and_records_their_results(session: Session) -> None:
    assessor, cohort = _cohort(session)
    done = _import(session, assessor, cohort, _csv(cohort, _person(name_native="សុខ ដារា"), _person("Chan Thida")))
    assert done.state is ImportState.IMPORTED
    assert (done.created_candidates, done.created_assessments) == (2, 2)
    dara = session.scalar(select(Candidate).where(Candidate.name_latin == "Sok Dara"))
    assert dara is not None and dara.name_native == "សុខ ដារា" and dara.preferred_language == "km"
    assert dara.date_of_birth == date(1996, 4, 12)
    assert {consent.purpose.value for consent in dara.consents} == {"assessment", "certification"}
    assert _count(session, UnitResult) == 4


def test_rows_are_checked_by_the_same_rules_as_the_candidate_form(session: Session) -> None:
    assessor, cohort = _cohort(session)
    checked = imports.upload(session, assessor, cohort, "cohort.csv", _csv(
        cohort, _person("Sok 2"), _person("Chan Thida", consent="certification"),
        _person("Lina", date_of_birth="01/01/2020"), _person("Vanna", method=""), _person("Mao", sex="woman"),
        _person("Nary", id_document_number="N1234567")), TODAY)
    errors = {(int(e["row"]), e["column"]) for e in checked.report["errors"]}
    assert errors == {(3, "name_latin"), (4, "consent"), (5, "date_of_birth"), (6, "method"), (7, "sex"),
                      (8, "id_document_type")}
    messages = {e["column"]: e["message"] for e in checked.report["errors"]}
    assert messages["consent"] == "The candidate must consent to the assessment before it can be recorded."
    assert messages["date_of_birth"] == "Check the date of birth: candidates are at least 14 years old."
    assert checked.report["valid_rows"] == 0


def test_a_file_with_errors_writes_nothing_unless_only_valid_rows_are_asked_for(session: Session) -> None:
    assessor, cohort = _cohort(session)
    content = _csv(cohort, _person(), _person("Chan Thida", sex=""))
    with pytest.raises(InvalidInput):
        _import(session, assessor, cohort, content)
    assert _count(session, Candidate) == 0
    done = _import(session, assessor, cohort, content, valid_rows_only=True)
    assert done.created_candidates == 1
    units, rejected = imports.rejected_rows(session, done)
    assert len(rejected) == 1 and rejected[0][0] == "Chan Thida" and rejected[0][-1].startswith("sex: ")


def test_buddhist_era_and_zawgyi_are_corrected_and_shown_beside_what_was_read(session: Session) -> None:
    assessor, cohort = _cohort(session)
    checked = imports.upload(session, assessor, cohort, "cohort.csv", _csv(
        cohort, _person("Zaw Min Htun", nationality="MM", name_native="ေဇာ္မင္းထြန္း", date_of_birth="07/03/2537")),
        TODAY)
    corrections = {(c["column"], c["read"], c["value"]) for c in checked.report["corrections"]}
    assert ("date_of_birth", "07/03/2537", "1994-03-07") in corrections
    assert ("name_native", "ေဇာ္မင္းထြန္း", "ဇော်မင်းထွန်း") in corrections
    imports.run_import(session, assessor, checked, today=TODAY, document_key=DOCUMENT_KEY)
    person = session.scalar(select(Candidate).where(Candidate.name_latin == "Zaw Min Htun"))
    assert person is not None and person.name_native == "ဇော်မင်းထွန်း" and person.preferred_language == "my"


def test_duplicates_within_the_file_and_with_registered_candidates_wait_for_a_decision(session: Session) -> None:
    assessor, cohort = _cohort(session)
    registered = make_candidate(session, assessor, name_latin="Sok Dara", date_of_birth=date(1996, 4, 12),
                                nationality="KH")
    content = _csv(cohort, _person(), _person("Chan Thida"), _person("CHAN  thida"))
    checked = imports.upload(session, assessor, cohort, "cohort.csv", content, TODAY)
    duplicates = {d["row"]: d for d in checked.report["duplicates"]}
    assert set(duplicates) == {3, 5}
    assert [c["id"] for c in duplicates[3]["candidates"]] == [registered.id]
    assert duplicates[5]["same_as_row"] == 4
    with pytest.raises(InvalidInput):  # undecided: nothing merged, nothing doubled
        imports.run_import(session, assessor, checked, today=TODAY, document_key=DOCUMENT_KEY)
    imports.run_import(session, assessor, checked, today=TODAY, document_key=DOCUMENT_KEY,
                       decisions={3: "existing", 5: "skip"})
    assert _count(session, Candidate) == 2  # Sok Dara as registered, Chan Thida once
    assessed = session.scalars(select(Assessment.candidate_id).where(Assessment.cohort_id == cohort.id)).all()
    assert registered.id in assessed and len(assessed) == 2


def test_uploading_the_same_file_twice_creates_nothing_twice(session: Session) -> None:
    assessor, cohort = _cohort(session)
    content = _csv(cohort, _person(), _person("Chan Thida"))
    _import(session, assessor, cohort, content)
    again = imports.upload(session, assessor, cohort, "cohort (1).csv", content, TODAY)
    assert again.report["already_imported"] is not None and again.report["duplicates"] == []
    assert again.report["updates"] == 2
    imports.run_import(session, assessor, again, today=TODAY, document_key=DOCUMENT_KEY)
    assert (again.created_candidates, again.updated_assessments) == (0, 2)
    assert _count(session, Candidate) == 2 and _count(session, Assessment) == 2 and _count(session, UnitResult) == 4


def test_an_exported_cohort_edited_and_uploaded_updates_its_results(session: Session) -> None:
    assessor, cohort = _cohort(session)
    _import(session, assessor, cohort, _csv(cohort, _person(outcome=""), _person("Chan Thida", outcome="")))
    units, rows = cohorts.export_rows(session, assessor, cohort)
    codes = [unit.code for unit in units]
    keys = [*CANDIDATE_KEYS, *codes]
    for row in rows:
        row[keys.index("method")] = "observation"
        row[keys.index("assessed_on")] = "2026-11-21"
        for code in codes:
            row[keys.index(code)] = "not_yet_competent"
    lines = [",".join(keys), ",".join(keys)] + [",".join("" if v is None else str(v) for v in row) for row in rows]
    done = _import(session, assessor, cohort, codecs.BOM_UTF8 + "\n".join(lines).encode())
    assert (done.created_candidates, done.updated_assessments) == (0, 2)
    outcomes = set(session.scalars(select(UnitResult.outcome)).all())
    assert {outcome.value for outcome in outcomes} == {"not_yet_competent"} and _count(session, UnitResult) == 4


def test_an_import_started_again_after_a_crash_skips_the_rows_already_written(session: Session) -> None:
    assessor, cohort = _cohort(session)
    content = _csv(cohort, *[_person(f"Person {name}") for name in ("Aa", "Bb", "Cc", "Dd", "Ee")])
    checked = imports.upload(session, assessor, cohort, "cohort.csv", content, TODAY)
    session.commit()

    class Crash(Exception):
        pass

    def crash_after_first_batch(done: int, total: int) -> None:
        session.commit()
        raise Crash

    with pytest.raises(Crash):
        imports.run_import(session, assessor, checked, today=TODAY, document_key=DOCUMENT_KEY,
                           checkpoint=crash_after_first_batch, batch=2)
    session.rollback()
    assert checked.rows_done == [3, 4] and _count(session, Candidate) == 2
    imports.run_import(session, assessor, checked, today=TODAY, document_key=DOCUMENT_KEY, batch=2)
    assert checked.state is ImportState.IMPORTED and _count(session, Candidate) == 5
    assert checked.created_candidates == 5


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "cp874"])
def test_csv_in_each_encoding_excel_writes_is_read(session: Session, encoding: str) -> None:
    assessor, cohort = _cohort(session)
    name_native = "สมชาย" if encoding == "cp874" else "ស្រីនាង"
    checked = imports.upload(session, assessor, cohort, "cohort.csv",
                             _csv(cohort, _person(name_native=name_native, nationality="TH" if encoding == "cp874"
                                                  else "KH"), encoding=encoding), TODAY)
    assert checked.report["errors"] == []
    imports.run_import(session, assessor, checked, today=TODAY, document_key=DOCUMENT_KEY)
    assert session.scalar(select(Candidate.name_native)) == name_native


def test_a_file_that_cannot_be_read_is_refused_with_its_reason(session: Session) -> None:
    assessor, cohort = _cohort(session)
    for content, message in ((b"", "The file is empty."),
                             (b"%PDF-1.7\x00\x00", "This is not an XLSX or CSV file."),
                             (b"name_latin,sex\r\nnom,sexe\r\n", "A required column is missing.")):
        checked = imports.upload(session, assessor, cohort, "x.csv", content, TODAY)
        assert checked.report["errors"][0]["message"].startswith(message), checked.report["errors"]
        assert checked.row_count == 0


def test_submitted_results_are_not_changed_by_an_import(session: Session) -> None:
    from registry.core.workflow import Action
    from registry.services import workflow

    assessor, cohort = _cohort(session)
    _import(session, assessor, cohort, _csv(cohort, _person()))
    [assessment] = session.scalars(select(Assessment)).all()
    workflow.apply_transitions(session, assessor, Action.SUBMIT, [workflow.StateChange(assessment)])
    same = imports.upload(session, assessor, cohort, "again.csv", _csv(cohort, _person()), TODAY)
    assert same.report["errors"] == []  # the same results: nothing to do
    changed = imports.upload(session, assessor, cohort, "changed.csv",
                             _csv(cohort, _person(outcome="not_yet_competent")), TODAY)
    assert [e["row"] for e in changed.report["errors"]] == ["3"]

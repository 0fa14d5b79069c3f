from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy import select
from werkzeug.wrappers import Response

from registry.core.roles import Role
from registry.core.workflow import Action, AssessmentState
from registry.errors import Conflict, InvalidInput
from registry.infra.app_context import db_session, today
from registry.models import User
from registry.services import assessments, candidates, catalogue, cohorts, workflow
from registry.services.workflow import StateChange
from registry.web.access import roles, signed_in_user
from registry.web.auth.forms import ConfirmForm
from registry.web.cohorts.blueprint import bp
from registry.web.cohorts.forms import CohortForm
from registry.web.forms import SelectChoice, run_service
from registry.web.i18n import current_language
from registry.web.results_grid import GridInput, fill, from_form, from_saved
from registry.web.sent_once import remember, sent_before

centre_staff = roles(Role.PROVIDER_ADMIN, Role.ASSESSOR, Role.MODERATOR)
organisers = roles(Role.PROVIDER_ADMIN, Role.ASSESSOR)


@bp.route("/cohorts")
@centre_staff
def index() -> str:
    return render_template("cohorts/index.html", cohorts=cohorts.list_cohorts(db_session(), signed_in_user()))


def _offer_choices(form: CohortForm, actor: User) -> None:
    form.qualification_id.choices = [
        SelectChoice(str(q.id), f"{q.code} · {q.title_in(current_language())}")
        for q in catalogue.list_qualifications(db_session(), include_retired=False)]
    form.assessor_ids.choices = [
        SelectChoice(str(user.id), user.display_name or user.username)
        for user in db_session().scalars(select(User).where(User.centre_id == actor.centre_id,
                                                          User.role == Role.ASSESSOR, User.active.is_(True))
                                       .order_by(User.username))]
    form.candidate_ids.choices = [
        SelectChoice(str(c.id), f"{c.name_latin}{' · ' + c.name_native if c.name_native else ''}")
        for c in candidates.search_candidates(db_session(), actor, "")]


@bp.route("/cohorts/new", methods=["GET", "POST"])
@organisers
def new() -> Response | str:
    actor = signed_in_user()
    form = CohortForm()
    _offer_choices(form, actor)
    if request.method == "GET" and actor.role is Role.ASSESSOR:
        form.assessor_ids.data = [str(actor.id)]
    if form.validate_on_submit():
        if (earlier := sent_before(form)) is not None:
            return earlier
        qualification_id = int(form.qualification_id.data or 0)
        cohort = run_service(form, lambda: cohorts.create_cohort(
            db_session(), actor, form.name.data or "",
            catalogue.get_qualification(db_session(), qualification_id) if qualification_id else None,
            form.assessment_date.data, [int(i) for i in form.assessor_ids.data or []],
            [int(i) for i in form.candidate_ids.data or []]))
        if cohort is not None and not cohort.assessments:
            flash(_("Cohort created. Add its candidates from a spreadsheet."), "success")
            return _remembered(form, url_for("cohorts.upload", cohort_id=cohort.id))
        if cohort is not None:
            flash(_("Cohort created. Enter the results below."), "success")
            return _remembered(form, url_for("cohorts.grid", cohort_id=cohort.id))
    return render_template("cohorts/new.html", form=form)


def _remembered(form: CohortForm, target: str) -> Response:
    remember(form, target)
    return redirect(target)


def _grid_page(cohort_id: int, entered: GridInput | None = None, status: int = 200) -> tuple[str, int]:
    actor = signed_in_user()
    cohort = cohorts.get_cohort(db_session(), actor, cohort_id)
    grid = cohorts.load_grid(db_session(), actor, cohort)
    shown = entered or from_saved(grid.assessments, grid.units, grid.results, cohort.assessment_date)
    editable = actor.role is Role.ASSESSOR
    return render_template("cohorts/grid.html", cohort=cohort, grid=grid, entered=shown, editable=editable,
                           unsaved=entered is not None and editable,
                           kinds={a.id: assessments.kind_of(a) for a in grid.assessments},
                           locked=_locked(grid),
                           endorsable=actor.role is Role.MODERATOR
                           and any(a.state is AssessmentState.SUBMITTED for a in grid.assessments)), status


@bp.route("/cohorts/<int:cohort_id>")
@centre_staff
def grid(cohort_id: int) -> tuple[str, int]:
    return _grid_page(cohort_id)


FILL_OUTCOMES = ("", "competent", "not_yet_competent", "credit_transfer")
FILL_METHODS = ("", "observation", "questioning", "work_sample", "portfolio", "third_party_report")


def _locked(loaded: cohorts.Grid) -> set[int]:
    return {a.id for a in loaded.assessments
            if a.state not in (AssessmentState.DRAFT, AssessmentState.EVIDENCE, AssessmentState.ASSESSED)}


def _save(cohort_id: int) -> tuple[str, int] | None:
    """Save the grid as posted; on a refusal, the grid page again with everything typed and what is wrong."""
    actor = signed_in_user()
    cohort = cohorts.get_cohort(db_session(), actor, cohort_id)
    loaded = cohorts.load_grid(db_session(), actor, cohort)
    entered = from_form(request.form, loaded.assessments, loaded.units)
    try:
        assessments.save_results(db_session(), actor, loaded.assessments, loaded.units, entered.cells,
                                 entered.assessed_on, today(), expected_versions=entered.versions)
    except InvalidInput as error:
        db_session().rollback()
        entered.errors = error.errors
        flash(str(error.message), "error")
        return _grid_page(cohort_id, entered, 422)
    except Conflict as conflict:
        db_session().rollback()
        flash(str(conflict.message), "error")
        fresh = cohorts.load_grid(db_session(), actor, cohorts.get_cohort(db_session(), actor, cohort_id))
        entered.versions = {a.id: a.version for a in fresh.assessments}
        return _grid_page(cohort_id, entered, 409)
    return None


def _fill(cohort_id: int) -> tuple[str, int]:
    """The grid again with the chosen cells filled from the posted grid: other edits not yet saved are kept."""
    actor = signed_in_user()
    loaded = cohorts.load_grid(db_session(), actor, cohorts.get_cohort(db_session(), actor, cohort_id))
    entered = from_form(request.form, loaded.assessments, loaded.units)
    outcome, method = request.form.get("fill_outcome", ""), request.form.get("fill_method", "")
    if outcome not in FILL_OUTCOMES or method not in FILL_METHODS or not (outcome or method):
        flash(_("Choose an outcome or a method to fill the cells with."), "error")
        return _grid_page(cohort_id, entered, 422)
    count = fill(entered, loaded.assessments, loaded.units, where=request.form.get("fill_where", "all"),
                 outcome=outcome, method=method, only_empty=request.form.get("fill_only_empty") == "1",
                 locked=_locked(loaded))
    flash(ngettext("%(num)d cell filled. Check it, then save.", "%(num)d cells filled. Check them, then save.",
                   count), "info" if count else "error")
    return _grid_page(cohort_id, entered)


@bp.route("/cohorts/<int:cohort_id>", methods=["POST"])
@roles(Role.ASSESSOR)
def save_grid(cohort_id: int) -> Response | tuple[str, int]:
    if request.form.get("action") == "fill":
        return _fill(cohort_id)
    refused = _save(cohort_id)
    if refused is not None:
        return refused
    flash(_("Results saved for the whole cohort."), "success")
    return redirect(url_for("cohorts.grid", cohort_id=cohort_id))


@bp.route("/cohorts/<int:cohort_id>/submit", methods=["POST"])
@organisers
def submit_all(cohort_id: int) -> Response | tuple[str, int]:
    """Submit every assessed assessment of the cohort for endorsement, in one step; from the grid, the results
    typed and not yet saved are saved first (or the grid comes back with what is wrong, and nothing submitted)."""
    actor = signed_in_user()
    if actor.role is Role.ASSESSOR and any(name.startswith("o-") for name in request.form):
        refused = _save(cohort_id)
        if refused is not None:
            return refused
    loaded = cohorts.load_grid(db_session(), actor, cohorts.get_cohort(db_session(), actor, cohort_id))
    ready = [a for a in loaded.assessments if a.state is AssessmentState.ASSESSED]
    if ready:
        workflow.apply_transitions(db_session(), actor, Action.SUBMIT, [StateChange(a) for a in ready])
        flash(ngettext("%(num)d assessment submitted for endorsement.",
                       "%(num)d assessments submitted for endorsement.", len(ready)), "success")
    else:
        flash(_("No assessment is ready: every unit of a candidate needs a result first."), "error")
    return redirect(url_for("cohorts.grid", cohort_id=cohort_id))


@bp.route("/cohorts/<int:cohort_id>/endorse", methods=["GET", "POST"])
@roles(Role.MODERATOR)
def endorse_all(cohort_id: int) -> Response | str:
    """Endorse every submitted assessment of the cohort the moderator did not assess (four eyes), after a page
    that says how many, and how many another moderator must endorse."""
    actor = signed_in_user()
    cohort = cohorts.get_cohort(db_session(), actor, cohort_id)
    loaded = cohorts.load_grid(db_session(), actor, cohort)
    mine, own = workflow.endorsable(actor, loaded.assessments)
    form = ConfirmForm()
    if form.validate_on_submit():
        if mine:
            workflow.apply_transitions(db_session(), actor, Action.ENDORSE, [StateChange(a) for a in mine])
            flash(ngettext("%(num)d assessment endorsed.", "%(num)d assessments endorsed.", len(mine)), "success")
        if own:
            flash(ngettext("%(num)d assessment you assessed yourself is left for another moderator.",
                           "%(num)d assessments you assessed yourself are left for another moderator.", len(own)),
                  "info")
        if not mine and not own:
            flash(_("No assessment of this cohort is waiting for endorsement."), "error")
        return redirect(url_for("cohorts.grid", cohort_id=cohort_id))
    return render_template("cohorts/endorse.html", cohort=cohort, mine=mine, own=own, form=form)

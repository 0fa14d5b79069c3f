from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy import select
from werkzeug.exceptions import Forbidden
from werkzeug.wrappers import Response

from registry.core.roles import ALL_ROLES, CENTRE_STAFF, Role
from registry.infra.app_context import db_session
from registry.models import User
from registry.services import accounts, centres, two_factor
from registry.services.accounts import AccountDetails
from registry.services.scope import get_in_scope, restrict_to_scope, sees_every_centre
from registry.web.access import roles, signed_in_user
from registry.web.admin.blueprint import bp
from registry.web.admin.forms import EndSessionsForm, NewUserForm, ResetPasswordForm, ResetTwoFactorForm, UserForm
from registry.web.forms import SelectChoice, run_service
from registry.web.labels import ROLE_LABELS
from registry.web.sent_once import remember, sent_before

managers = roles(Role.ADMIN, Role.PROVIDER_ADMIN)


def _offer_choices(form: UserForm) -> None:
    """An administrator may place anyone anywhere; a centre head only staff in their own centre."""
    offered_roles = ALL_ROLES if sees_every_centre(signed_in_user()) else CENTRE_STAFF
    form.role.choices = [SelectChoice(role.value, ROLE_LABELS[role]) for role in offered_roles]
    if sees_every_centre(signed_in_user()):
        form.centre_id.choices = [SelectChoice("", _("No centre (registry administrator)"))] + [
            SelectChoice(str(centre.id), f"{centre.code} · {centre.name_en}")
            for centre in centres.list_centres(db_session())
        ]
    else:
        centre = signed_in_user().centre
        if centre is None:  # only registry administrators have none, and they took the branch above
            raise Forbidden()
        form.centre_id.choices = [SelectChoice(str(centre.id), f"{centre.code} · {centre.name_en}")]


def _details(form: UserForm) -> AccountDetails:
    return AccountDetails(
        username=(form.username.data or "").strip().lower(),
        role=Role(form.role.data),
        centre_id=form.centre_id.data,
        display_name=(form.display_name.data or "").strip(),
        preferred_language=form.preferred_language.data or "en",
        active=bool(form.active.data),
    )


@bp.route("/users")
@managers
def users_index() -> str:
    statement = restrict_to_scope(select(User), signed_in_user(), User.centre_id).order_by(User.username)
    return render_template("admin/users.html", users=list(db_session().scalars(statement)))


@bp.route("/users/new", methods=["GET", "POST"])
@managers
def user_new() -> Response | str:
    form = NewUserForm()
    _offer_choices(form)
    if form.validate_on_submit():
        if (earlier := sent_before(form)) is not None:
            return earlier
        user = run_service(form, lambda: accounts.create_user(
            db_session(), signed_in_user(), _details(form), form.password.data or ""
        ))
        if user is not None:
            flash(_("User %(name)s created.", name=user.username), "success")
            remember(form, url_for("admin.users_index"))
            return redirect(url_for("admin.users_index"))
    return render_template("admin/user_form.html", form=form, user=None)


@bp.route("/users/<int:user_id>", methods=["GET", "POST"])
@managers
def user_edit(user_id: int) -> Response | str:
    user = get_in_scope(db_session(), User, user_id, signed_in_user(), "centre_id")
    form = UserForm(obj=user)
    _offer_choices(form)
    if form.validate_on_submit():
        saved = run_service(form, lambda: accounts.update_user(db_session(), signed_in_user(), user, _details(form)))
        if saved is not None:
            flash(_("User %(name)s saved.", name=saved.username), "success")
            return redirect(url_for("admin.users_index"))
    return render_template("admin/user_form.html", form=form, user=user, reset_form=ResetPasswordForm(formdata=None),
                           end_form=EndSessionsForm(formdata=None), two_factor_form=ResetTwoFactorForm(formdata=None))


@bp.route("/users/<int:user_id>/password", methods=["POST"])
@managers
def user_reset_password(user_id: int) -> Response | tuple[str, int]:
    user = get_in_scope(db_session(), User, user_id, signed_in_user(), "centre_id")
    reset_form = ResetPasswordForm()
    if reset_form.validate_on_submit():
        def reset_password() -> bool:
            accounts.set_password(db_session(), signed_in_user(), user, reset_form.new_password.data or "")
            return True

        done = run_service(reset_form, reset_password)
        if done:
            flash(_("A new password is set for %(name)s. Their sessions have been logged out.", name=user.username),
                  "success")
            return redirect(url_for("admin.users_index"))
    form = UserForm(obj=user, formdata=None)
    _offer_choices(form)
    return render_template("admin/user_form.html", form=form, user=user, reset_form=reset_form,
                           end_form=EndSessionsForm(formdata=None),
                           two_factor_form=ResetTwoFactorForm(formdata=None)), 422


@bp.route("/users/<int:user_id>/sessions/end", methods=["POST"])
@managers
def user_end_sessions(user_id: int) -> Response:
    """A lost laptop or a leaving colleague: every login of the account ends at once (the account stays)."""
    user = get_in_scope(db_session(), User, user_id, signed_in_user(), "centre_id")
    if EndSessionsForm().validate_on_submit():
        ended = accounts.end_all_sessions(db_session(), signed_in_user(), user)
        flash(ngettext("%(name)s is logged out of %(num)d browser.", "%(name)s is logged out of %(num)d browsers.",
                       ended, name=user.username), "success")
    return redirect(url_for("admin.user_edit", user_id=user.id))


@bp.route("/users/<int:user_id>/two-factor/reset", methods=["POST"])
@managers
def user_reset_two_factor(user_id: int) -> Response:
    """A lost phone: the person's second factor is turned off, to be set up again."""
    user = get_in_scope(db_session(), User, user_id, signed_in_user(), "centre_id")
    if ResetTwoFactorForm().validate_on_submit():
        two_factor.reset(db_session(), signed_in_user(), user)
        flash(_("The second factor of %(name)s is off; they are logged out everywhere.", name=user.username),
              "success")
    return redirect(url_for("admin.user_edit", user_id=user.id))

"""The centre's view of its certificates: issue, look, suspend, reinstate, revoke, reissue, print."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import force_locale, ngettext
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from registry.core.certificate_lifecycle import CertificateAction, effective_status
from registry.core.link_qr import link_qr_data_uri
from registry.core.roles import Role
from registry.errors import InvalidInput
from registry.infra.app_context import base_url, db_session, issue_context, today
from registry.jobs.queue import start_job
from registry.models import RevocationReason
from registry.models.types import utcnow
from registry.services import assessments, certificate_documents, certificates, cohort_issuance, cohorts
from registry.web.access import roles, signed_in_user
from registry.web.certificates.blueprint import bp
from registry.web.certificates.presentation import credential_response, pdf_response, qr_png_response

centre_staff = roles(Role.PROVIDER_ADMIN, Role.ASSESSOR, Role.MODERATOR)
centre_head = roles(Role.PROVIDER_ADMIN)
DELIBERATE = (CertificateAction.SUSPEND.value, CertificateAction.REVOKE.value)


def _slip_texts(language: str) -> dict[str, str]:
    with force_locale(language):
        return {"language": language, "number": _("Certificate number"),
                "qr_alt": _("QR code of your personal link"),
                "help": _("Scan this code with your phone camera to get your certificate, your wallet card and your "
                          "digital credential, and to see when employers checked it. Keep this slip private.")}


def holder_slips_page(issued: certificates.Issued) -> str:
    """Printable holder slips: each worker's secret link as a QR code, shown only now. Each slip speaks its
    worker's language, and Thai (the language of the country they work in), whatever the staff member reads."""
    slips = []
    for certificate in issued.certificates:
        url = certificate_documents.holder_url(base_url(), issued.holder_tokens[certificate.id])
        languages = dict.fromkeys((certificate.holder_language, "th"))
        slips.append({"certificate": certificate, "url": url, "qr": link_qr_data_uri(url),
                      "language": certificate.holder_language,
                      "texts": [_slip_texts(language) for language in languages]})
    return render_template("certificates/slips.html", slips=slips)


@bp.route("/assessments/<int:assessment_id>/certificate", methods=["POST"])
@centre_head
def issue(assessment_id: int) -> str:
    actor = signed_in_user()
    assessment = assessments.get_assessment(db_session(), actor, assessment_id)
    issued = certificates.issue_certificates(db_session(), actor, [assessment], issue_context())
    flash(_("Certificate %(number)s issued. Print the holder slip below and give it to the worker.",
            number=issued.certificates[0].number), "success")
    return holder_slips_page(issued)


@bp.route("/cohorts/<int:cohort_id>/certificates", methods=["POST"])
@centre_head
def issue_for_cohort(cohort_id: int) -> Response | str:
    actor = signed_in_user()
    cohort = cohorts.get_cohort(db_session(), actor, cohort_id)
    ready = assessments.endorsed_without_certificate(db_session(), actor, cohort_id=cohort.id)
    if not ready:
        flash(_("No endorsed assessment in this cohort is waiting for a certificate."), "error")
        return redirect(url_for("cohorts.grid", cohort_id=cohort_id))
    issued = certificates.issue_certificates(db_session(), actor, ready, issue_context())
    # Their PDFs are rendered by a job meanwhile, for the cohort's ZIP.
    start_job(cohort_issuance.start_issue(db_session(), actor, cohort, now=utcnow()))
    flash(ngettext("%(num)d certificate issued. Print the holder slip below.",
                   "%(num)d certificates issued. Print the holder slips below.", len(issued.certificates)),
          "success")
    return holder_slips_page(issued)


@bp.route("/certificates/<number>")
@centre_staff
def show(number: str) -> str:
    actor = signed_in_user()
    certificate = certificates.get_certificate(db_session(), actor, number)
    return render_template("certificates/show.html", certificate=certificate,
                           status=effective_status(certificate, today()), reasons=list(RevocationReason),
                           actions=certificates.offered_actions(actor, certificate, today()),
                           verify_url=certificate_documents.verify_url(base_url(), certificate))


@bp.route("/certificates/<number>/<action>", methods=["POST"])
@centre_head
def change(number: str, action: str) -> Response | str:
    actor = signed_in_user()
    certificate = certificates.get_certificate(db_session(), actor, number)
    reason = request.form.get("reason", "").strip()
    note = request.form.get("note", "").strip()
    try:
        if action in DELIBERATE and request.form.get("confirmed") != "yes":
            # Suspending and revoking change what every employer is told: the head sees what they chose first.
            certificates.check_change(actor, certificate, CertificateAction(action), reason, today=today())
            return render_template("certificates/confirm.html", certificate=certificate, action=action,
                                   reason=reason, note=note)
        if action == "suspend":
            certificates.suspend(db_session(), actor, certificate, reason, today=today())
        elif action == "reinstate":
            certificates.reinstate(db_session(), actor, certificate, today=today())
        elif action == "revoke":
            certificates.revoke(db_session(), actor, certificate, reason, note, today=today())
        elif action == "reissue":
            issued = certificates.reissue(db_session(), actor, certificate, issue_context())
            flash(_("Reissued as %(number)s; %(old)s is superseded.", number=issued.certificates[0].number,
                    old=number), "success")
            return holder_slips_page(issued)
        elif action == "holder-link":
            token = certificates.replace_holder_link(db_session(), actor, certificate, today=today())
            issued = certificates.Issued(certificates=[certificate], holder_tokens={certificate.id: token})
            flash(_("A new holder link is made; the old one no longer works."), "success")
            return holder_slips_page(issued)
        else:
            return redirect(url_for("certificates.show", number=number))
    except InvalidInput as error:
        db_session().rollback()
        flash(" ".join(" ".join(messages) for messages in error.errors.values()), "error")
        return redirect(url_for("certificates.show", number=number))
    flash(_("Certificate %(number)s is now %(status)s.", number=number, status=certificate.status.value), "success")
    return redirect(url_for("certificates.show", number=number))


@bp.route("/certificates/<number>/certificate.pdf")
@centre_staff
def pdf(number: str) -> Response:
    certificate = certificates.get_certificate(db_session(), signed_in_user(), number)
    return pdf_response(certificate, request.args.get("lang", certificate.holder_language), card=False)


@bp.route("/certificates/<number>/card.pdf")
@centre_staff
def card(number: str) -> Response:
    certificate = certificates.get_certificate(db_session(), signed_in_user(), number)
    return pdf_response(certificate, request.args.get("lang", certificate.holder_language), card=True)


@bp.route("/certificates/<number>/qr.png")
@centre_staff
def qr(number: str) -> Response:
    return qr_png_response(certificates.get_certificate(db_session(), signed_in_user(), number))


@bp.route("/certificates/<number>/credential.jwt")
@centre_staff
def credential(number: str) -> Response:
    return credential_response(certificates.get_certificate(db_session(), signed_in_user(), number))

"""The worker's copy of everything held on them (`subject_access.held_records`) as a PDF to read, in the worker's
own language whoever makes it: the words translated and the values formatted here, laid out by
`registry.core.pdf.subject_access`."""

from __future__ import annotations

from datetime import date, datetime

from flask_babel import force_locale
from flask_babel import gettext as _

from registry.core.certificate_lifecycle import effective_status
from registry.core.languages import LANGUAGES, is_supported
from registry.core.pdf.subject_access import AccessView, Entry, Listing, Section, render_access_export
from registry.core.pdf.view import distinct
from registry.infra.app_context import registry_zone
from registry.models import Candidate, RevocationReason, TrainingCentre
from registry.services.subject_access import HeldAssessment, HeldCertificate, HeldRecords
from registry.web.i18n import country_name, format_date
from registry.web.labels import (
    CERTIFICATE_STATUS_LABELS,
    CONSENT_LABELS,
    DOCUMENT_LABELS,
    METHOD_LABELS,
    OUTCOME_LABELS,
    REVOCATION_REASON_LABELS,
    SEX_LABELS,
    assessment_state_label,
)
from registry.web.reports.labels import CHANNEL_LABELS

NOTHING = "—"


def access_export_pdf(held: HeldRecords, today: date) -> bytes:
    """The PDF, in the worker's preferred language (English if that is not one of the registry's)."""
    language = held.candidate.preferred_language if is_supported(held.candidate.preferred_language) else "en"
    with force_locale(language):
        return render_access_export(access_view(held, language, today))


def access_view(held: HeldRecords, language: str, today: date) -> AccessView:
    """What the PDF prints, translated into the current locale (`language`), for `held` as of `today`."""
    candidate = held.candidate
    names = " · ".join(distinct(candidate.name_native, candidate.name_thai, candidate.name_latin))
    return AccessView(
        language=language,
        title=_("Your data held by the skills registry"),
        names=names,
        made_on=_("Made on %(date)s", date=format_date(today)),
        intro=_("This is everything the skills registry holds about you on this date. If anything is wrong, ask "
                "your training centre to correct it."),
        sections=[
            Section(_("About the person"), [Entry("", _person_facts(candidate, held.centre, language))]),
            Section(_("Consent"), [
                Entry(str(CONSENT_LABELS[consent.purpose]), [
                    (_("Given on"), _day(consent.given_at)),
                    (_("Notice version"), consent.notice_version),
                    (_("Withdrawn on"), _day(consent.withdrawn_at)),
                ]) for consent in held.consents], empty=_("None recorded")),
            Section(_("Assessments"), [_assessment(item, language) for item in held.assessments],
                    empty=_("No assessments yet.")),
            Section(_("Certificates"), [_certificate(item, language, today) for item in held.certificates],
                    empty=_("None recorded")),
        ],
        page_of=_("Page %(page)d of %(pages)d"),
        foot=names,
    )


def _person_facts(candidate: Candidate, centre: TrainingCentre, language: str) -> list[tuple[str, str]]:
    # Erasure leaves the date of birth, the document and the phone empty: the copy says so rather than failing.
    document = (f"{DOCUMENT_LABELS[candidate.id_document_type]} …{candidate.id_document_last4 or ''}"
                if candidate.id_document_type else _("None recorded"))
    facts = [(_("Name as printed in the identity document"), candidate.name_latin)]
    if candidate.name_native:
        facts.append((_("Name in the person's own script"), candidate.name_native))
    if candidate.name_thai:
        facts.append((_("Name in Thai script, as on the Thai work permit"), candidate.name_thai))
    preferred = next((lang.native_name for lang in LANGUAGES if lang.code == candidate.preferred_language),
                     candidate.preferred_language)
    centre_name = centre.name_th if language == "th" else centre.name_en
    return [
        *facts,
        (_("Nationality"), country_name(candidate.nationality)),
        (_("Sex"), str(SEX_LABELS[candidate.sex])),
        (_("Date of birth"), format_date(candidate.date_of_birth) or NOTHING),
        (_("Identity document"), document),
        (_("Phone"), candidate.phone or NOTHING),
        (_("Preferred language"), preferred),
        (_("Returnee"), _("Yes") if candidate.returnee else _("No")),
        (_("Your training centre"), f"{centre_name} ({centre.code})"),
    ]


def _assessment(item: HeldAssessment, language: str) -> Entry:
    assessment = item.assessment
    facts = [(_("State"), str(assessment_state_label(assessment))),
             (_("Assessment opened"), _day(assessment.created_at))]
    if assessment.submitted_at:
        facts.append((_("Submitted for endorsement"), _day(assessment.submitted_at)))
    if assessment.endorsed_at:
        facts.append((_("Endorsed"), _day(assessment.endorsed_at)))
    if assessment.return_reason:
        facts.append((_("Returned because"), assessment.return_reason))
    results = [
        f"{result.unit.code} {result.unit.title_in(language)}: {OUTCOME_LABELS[result.outcome]} · "
        f"{METHOD_LABELS[result.method]} · {format_date(result.assessed_on)}"
        for result in item.results
    ]
    evidence = [" · ".join(part for part in (piece.original_name, piece.description, _day(piece.uploaded_at)) if part)
                for piece in item.evidence]
    appeals = []
    for appeal in item.appeals:
        line = f"{_day(appeal.lodged_at)}: {appeal.reason}"
        if appeal.decision:
            decision = _("upheld") if appeal.decision == "upheld" else _("dismissed")
            line += " — " + " ".join(part for part in (decision, _day(appeal.decided_at) if appeal.decided_at else "")
                                      if part)
            if appeal.decision_reason:
                line += f": {appeal.decision_reason}"
        appeals.append(line)
    title = f"{assessment.qualification.code} · {assessment.qualification.title_in(language)}"
    return Entry(title, facts, [
        Listing(_("Unit results"), results, empty=_("None recorded")),
        Listing(_("Evidence files"), evidence, empty=_("No evidence yet.")),
        Listing(_("Appeals"), appeals, empty=_("None recorded")),
    ])


def _certificate(item: HeldCertificate, language: str, today: date) -> Entry:
    certificate = item.certificate
    qualification = certificate.qualification
    facts = [
        (_("Qualification"), f"{qualification.code} · {qualification.title_in(language)}"),
        (_("Status"), str(CERTIFICATE_STATUS_LABELS[effective_status(certificate, today)])),
    ]
    if certificate.status_reason in {reason.value for reason in RevocationReason}:
        facts.append((_("Reason"), str(REVOCATION_REASON_LABELS[RevocationReason(certificate.status_reason)])))
    facts += [
        (_("Issued"), format_date(certificate.issued_on)),
        (_("Expires"), format_date(certificate.expires_on) if certificate.expires_on else _("Does not expire")),
    ]
    unconfirmed = _("(given by the person who checked, not confirmed)")
    checks = []
    for event in item.checks:
        line = f"{format_date(event.at)} · {CHANNEL_LABELS.get(event.channel, event.channel)}"
        if event.organisation:
            line += f" · “{event.organisation}” {unconfirmed}"
        checks.append(line)
    return Entry(certificate.number, facts, [
        Listing(_("When your certificate was checked"), checks, empty=_("Nobody has checked it yet.")),
    ])


def _day(moment: datetime | None) -> str:
    """The registry's calendar day of an instant, in words; a dash when there is none."""
    return format_date(moment.astimezone(registry_zone()).date()) if moment else NOTHING

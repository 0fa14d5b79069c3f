from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    DateField,
    HiddenField,
    SelectField,
    StringField,
    SubmitField,
)
from wtforms.validators import ValidationError

from registry.core.documents import DocumentType
from registry.core.languages import LANGUAGES
from registry.models import ConsentPurpose, Sex
from registry.services.candidates import CandidateDetails, IdentityDocument
from registry.web.forms import (
    CheckboxList,
    RegistryForm,
    SelectChoice,
    max_length,
    optional,
    required,
    required_input,
)
from registry.web.i18n import country_name
from registry.web.labels import CONSENT_LABELS, DOCUMENT_LABELS, SEX_LABELS
from registry.web.sent_once import SentOnce

NATIONALITIES = ("KH", "LA", "MM", "TH", "VN")


class CandidateForm(SentOnce, RegistryForm):
    name_native = StringField(_l("Name in the person's own script"), validators=[optional(), max_length(200)],
                              description=_l("Khmer, Lao, Burmese or Thai script. No surname is needed."))
    name_latin = StringField(_l("Name as printed in the identity document"),
                             validators=[required(), max_length(200)],
                             description=_l("Latin letters, exactly as in the passport or card."))
    name_thai = StringField(_l("Name in Thai script, as on the Thai work permit"),
                            validators=[optional(), max_length(200)],
                            description=_l("Optional. As written on the pink card or work permit: employers in "
                                           "Thailand compare the certificate with it, if the candidate agrees to "
                                           "employers checking the certificate."),
                            render_kw={"lang": "th"})
    nationality = SelectField(_l("Nationality"), validators=[required()])
    sex = SelectField(_l("Sex"), validators=[required()])
    date_of_birth = DateField(_l("Date of birth"), validators=[required_input()])
    id_document_type = SelectField(_l("Identity document"))
    id_document_number = StringField(_l("Document number"), validators=[optional(), max_length(40)],
                                     description=_l("Only the last four characters and a protected fingerprint "
                                                    "are stored, never the whole number."),
                                     render_kw={"autocomplete": "off", "autocapitalize": "characters"})
    phone = StringField(_l("Phone"), validators=[optional(), max_length(32)], render_kw={"inputmode": "tel"})
    preferred_language = SelectField(_l("Preferred language"))
    returnee = BooleanField(_l("Returnee (worked abroad before and came back)"))
    consent_language = SelectField(_l("Language the consent notice was read in"))
    consent_purposes = CheckboxList(_l("The candidate agrees to"))
    confirm_duplicate = HiddenField()
    version = HiddenField()
    submit = SubmitField(_l("Save candidate"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # A first empty choice: personal data is recorded only when someone chose it.
        unchosen = SelectChoice("", _l("Choose…"))
        self.nationality.choices = [unchosen] + [SelectChoice(code, country_name(code)) for code in NATIONALITIES]
        self.sex.choices = [unchosen] + [SelectChoice(sex.value, SEX_LABELS[sex]) for sex in Sex]
        self.id_document_type.choices = [SelectChoice("", _l("None recorded"))] + [
            SelectChoice(kind.value, DOCUMENT_LABELS[kind]) for kind in DocumentType]
        languages = [SelectChoice(language.code, language.native_name) for language in LANGUAGES]
        self.preferred_language.choices = languages
        self.consent_language.choices = languages
        self.consent_purposes.choices = [SelectChoice(p.value, CONSENT_LABELS[p]) for p in ConsentPurpose]

    def validate_id_document_type(self, field: SelectField) -> None:
        if (self.id_document_number.data or "").strip() and not field.data:
            raise ValidationError(_l("Choose which document the number belongs to."))

    def details(self) -> CandidateDetails:
        document = None
        if self.id_document_type.data and (self.id_document_number.data or "").strip():
            document = IdentityDocument(DocumentType(self.id_document_type.data), self.id_document_number.data or "")
        return CandidateDetails(
            name_latin=self.name_latin.data or "",
            name_native=self.name_native.data or "",
            name_thai=self.name_thai.data or "",
            nationality=self.nationality.data or "",
            sex=self.sex.data or "",
            date_of_birth=self.date_of_birth.data,
            id_document=document,
            phone=self.phone.data or "",
            preferred_language=self.preferred_language.data or "en",
            returnee=bool(self.returnee.data),
            consent_purposes=list(self.consent_purposes.data or []),
            consent_language=self.consent_language.data or "en",
        )


class EditCandidateForm(CandidateForm):
    submit = SubmitField(_l("Save changes"))


class OpenAssessmentForm(SentOnce, RegistryForm):
    qualification_id = SelectField(_l("Qualification"), validators=[required()])
    submit = SubmitField(_l("Open an assessment"))


class GiveConsentForm(RegistryForm):
    language = SelectField(_l("Language the consent notice was read in"), validators=[required()])
    submit = SubmitField(_l("Record the consent"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.language.choices = [SelectChoice(language.code, language.native_name) for language in LANGUAGES]


class EraseForm(RegistryForm):
    # Never ticked for the user: erasure cannot be undone.
    requested = BooleanField(_l("The worker asked for their data to be erased (in person, or through someone "
                                "they named, with proof)"), validators=[required()])
    submit = SubmitField(_l("Erase"))

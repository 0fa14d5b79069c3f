from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField, FileRequired
from wtforms import DateField, SelectField, StringField, SubmitField

from registry.web.forms import CheckboxList, RegistryForm, max_length, required, required_input
from registry.web.sent_once import SentOnce


class CohortForm(SentOnce, RegistryForm):
    name = StringField(_l("Cohort name"), validators=[required(), max_length(200)],
                       description=_l("For example: Room attendants, November intake."))
    qualification_id = SelectField(_l("Qualification"), validators=[required()])
    assessment_date = DateField(_l("Assessment date"), validators=[required_input()])
    assessor_ids = CheckboxList(_l("Assessors"))
    candidate_ids = CheckboxList(_l("Candidates (up to 40)"),
                                 description=_l("Or leave them all unticked and add the candidates from a "
                                                "spreadsheet once the cohort is created."))
    submit = SubmitField(_l("Create cohort"))


class ImportUploadForm(RegistryForm):
    file = FileField(_l("Spreadsheet (XLSX or CSV)"), validators=[FileRequired(message=_l("Choose a file."))],
                     description=_l("Fill in this qualification's template. Every row is checked first: nothing "
                                    "is written until you confirm."),
                     render_kw={"accept": ".xlsx,.csv,.txt"})
    submit = SubmitField(_l("Check the file"))

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import DateField, SelectField, SelectMultipleField, StringField, SubmitField
from wtforms.widgets import CheckboxInput, ListWidget

from registry.web.forms import RegistryForm, max_length, required, required_input


class CheckboxList(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class CohortForm(RegistryForm):
    name = StringField(_l("Cohort name"), validators=[required(), max_length(200)],
                       description=_l("For example: Room attendants, November intake."))
    qualification_id = SelectField(_l("Qualification"), validators=[required()])
    assessment_date = DateField(_l("Assessment date"), validators=[required_input()])
    assessor_ids = CheckboxList(_l("Assessors"))
    candidate_ids = CheckboxList(_l("Candidates (up to 40)"))
    submit = SubmitField(_l("Create cohort"))

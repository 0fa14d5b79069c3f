from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField, FileRequired
from wtforms import HiddenField, StringField, SubmitField, TextAreaField

from registry.web.forms import RegistryForm, max_length, optional
from registry.web.sent_once import SentOnce


class EvidenceForm(SentOnce, RegistryForm):
    file = FileField(_l("File (PDF, JPEG or PNG)"), validators=[FileRequired(message=_l("Choose a file."))],
                     render_kw={"accept": ".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png"})
    description = StringField(_l("What it shows"), validators=[optional(), max_length(200)])
    submit = SubmitField(_l("Upload evidence"))


class ReasonForm(RegistryForm):
    reason = TextAreaField(_l("Reason"), validators=[optional(), max_length(2000)])
    version = HiddenField()
    submit = SubmitField(_l("Confirm"))

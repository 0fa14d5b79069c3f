from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField, FileRequired

from registry.web.forms import RegistryForm


class UploadForm(RegistryForm):
    file = FileField(_l("Photo of the QR code, the certificate's PDF, or its credential file"),
                     validators=[FileRequired(message=_l("Choose a file."))],
                     render_kw={"accept": "image/jpeg,image/png,application/pdf,.pdf,.jwt,application/vc+jwt"})

"""A cohort's certificates as one ZIP of PDFs, read from the document cache (rendered there by the cohort's job;
any not yet rendered is rendered now)."""

from __future__ import annotations

import re
import tempfile
import zipfile
from collections.abc import Sequence

from flask import send_file
from werkzeug.wrappers import Response

from registry.models import Certificate, Cohort
from registry.web.certificates.presentation import printed

SPOOL_BYTES = 16 * 1024 * 1024


def _file_name(certificate: Certificate) -> str:
    latin = re.sub(r"[^A-Za-z0-9]+", "-", certificate.holder_name_latin).strip("-")[:40] or "holder"
    return f"{certificate.number}-{latin}.pdf"


def certificates_zip(cohort: Cohort, documents: Sequence[Certificate]) -> Response:
    spool = tempfile.SpooledTemporaryFile(max_size=SPOOL_BYTES)  # noqa: SIM115 (send_file closes it)
    # PDFs are compressed already: stored, not deflated again.
    with zipfile.ZipFile(spool, "w", compression=zipfile.ZIP_STORED) as bundle:
        for certificate in documents:
            bundle.writestr(_file_name(certificate), printed(certificate))
    spool.seek(0)
    name = re.sub(r"[^A-Za-z0-9]+", "-", cohort.name).strip("-")[:60] or f"cohort-{cohort.id}"
    response = send_file(spool, mimetype="application/zip", as_attachment=True,
                         download_name=f"{name}-certificates.zip")
    response.headers["Cache-Control"] = "private, no-store"
    return response

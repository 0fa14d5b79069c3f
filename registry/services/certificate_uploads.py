"""Reading what an employer uploads to check a certificate: a photo of the QR code, the PDF, or the credential.

Everything is decided from the content, never the file name; pages and pixels are bounded so that a
hostile file cannot exhaust the server.
"""

from __future__ import annotations

import base64
import io
import json
import warnings
from dataclasses import dataclass

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from PIL import Image
from sqlalchemy import select
from sqlalchemy.orm import Session

from registry.core.uploads import EvidenceType, sniff_evidence_type
from registry.models import IssuerKey

MAX_PIXELS = 40_000_000
PDF_RENDER_SCALE = 200 / 72  # 200 dpi: a 25 mm QR code has about 8 pixels a module


@dataclass(frozen=True)
class UploadReading:
    """What was found in the file: a QR text or a certificate number, or why nothing could be read."""

    text: str = ""
    problem: str = ""  # "unreadable", "no_qr", "bad_credential", "type"


def _qr_texts(image: Image.Image) -> list[str]:
    # Imported on the first upload, not with the module: a native library that only this rare check needs, and
    # every worker would otherwise load at start.
    import zxingcpp

    qr_codes_only = zxingcpp.BarcodeFormats(zxingcpp.BarcodeFormat.QRCode)
    return [barcode.text for barcode in zxingcpp.read_barcodes(image, formats=qr_codes_only)]


def _from_image(data: bytes) -> UploadReading:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data))
        with image:
            if image.width * image.height > MAX_PIXELS:
                return UploadReading(problem="unreadable")
            image.load()
            texts = _qr_texts(image.convert("L"))
    except (OSError, ValueError, Image.DecompressionBombError, Image.DecompressionBombWarning):
        return UploadReading(problem="unreadable")
    return UploadReading(text=texts[0]) if texts else UploadReading(problem="no_qr")


def _from_pdf(data: bytes) -> UploadReading:
    import pypdfium2  # on the first PDF, not at start: it loads PDFium, a large native library (see _qr_texts)

    try:
        document = pypdfium2.PdfDocument(data)
    except pypdfium2.PdfiumError:
        return UploadReading(problem="unreadable")
    try:
        if len(document) == 0:
            return UploadReading(problem="no_qr")
        page = document[0]  # the QR code is on the first page of a certificate and of a wallet card
        width, height = page.get_size()
        if width * height * PDF_RENDER_SCALE**2 > MAX_PIXELS:
            return UploadReading(problem="unreadable")
        texts = _qr_texts(page.render(scale=PDF_RENDER_SCALE, grayscale=True).to_pil())
    finally:
        document.close()
    return UploadReading(text=texts[0]) if texts else UploadReading(problem="no_qr")


def _b64url(part: str) -> bytes:
    return base64.urlsafe_b64decode(part + "=" * (-len(part) % 4))


def _from_credential(session: Session, data: bytes) -> UploadReading:
    """A VC-JWT the registry signed: check the signature with our keys, then check the number it names."""
    try:
        header_part, payload_part, signature_part = data.decode("ascii").strip().split(".")
        header = json.loads(_b64url(header_part))
        key = session.scalar(select(IssuerKey).where(IssuerKey.kid == str(header.get("kid", ""))[:16]))
        if header.get("alg") != "EdDSA" or key is None:
            return UploadReading(problem="bad_credential")
        Ed25519PublicKey.from_public_bytes(key.public_key).verify(
            _b64url(signature_part), f"{header_part}.{payload_part}".encode("ascii"))
        number = json.loads(_b64url(payload_part))["credentialSubject"]["licenseNumber"]
    except (ValueError, KeyError, TypeError, UnicodeDecodeError, InvalidSignature):
        return UploadReading(problem="bad_credential")
    return UploadReading(text=str(number)) if isinstance(number, str) else UploadReading(problem="bad_credential")


def read_upload(session: Session, data: bytes) -> UploadReading:
    kind = sniff_evidence_type(data[:16])
    if kind in (EvidenceType.PNG, EvidenceType.JPEG):
        return _from_image(data)
    if kind is EvidenceType.PDF:
        return _from_pdf(data)
    if data[:2] == b"ey":  # a compact JWS starts with a base64url JSON header
        return _from_credential(session, data)
    return UploadReading(problem="type")

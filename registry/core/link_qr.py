"""A plain link as a QR code image for printing on a page (the holder slip)."""

from __future__ import annotations

import base64
import io

import qrcode  # type: ignore[import-untyped]  # qrcode ships no type information
from qrcode.constants import ERROR_CORRECT_M  # type: ignore[import-untyped]


def link_qr_png(url: str, box_size: int = 8) -> bytes:
    code = qrcode.QRCode(error_correction=ERROR_CORRECT_M, box_size=box_size, border=4)
    code.add_data(url)
    code.make(fit=True)
    buffer = io.BytesIO()
    code.make_image().save(buffer)
    return buffer.getvalue()


def link_qr_data_uri(url: str) -> str:
    return "data:image/png;base64," + base64.b64encode(link_qr_png(url)).decode("ascii")

"""The printed certificate (A4 portrait) and the wallet card (85.6 x 54 mm), laid out with fpdf2.

Text is shaped with HarfBuzz (fpdf2 text shaping), so Khmer, Burmese, Lao and Thai stack and reorder as they should.
Every word printed comes in through `CertificateView`, translated and formatted by the caller.

- `view`: `CertificateView` and `CertificateLabels`, what the renderers receive;
- `line_breaking`: break opportunities inside Thai, Khmer, Lao and Burmese words;
- `fonts`: the Noto font of each script, glyph coverage (`missing_glyphs`) and line widths;
- `typesetter`: text placed in boxes on an fpdf2 page, shrunk or wrapped to fit;
- `fpdf2_adjustments`: the few places that reach into fpdf2's internals, for speed;
- `certificate` and `card`: the two layouts.
"""

from registry.core.pdf.card import render_wallet_card
from registry.core.pdf.certificate import render_certificate
from registry.core.pdf.fonts import DEFAULT_FONTS_DIR, missing_glyphs
from registry.core.pdf.line_breaking import ZWSP, break_opportunities
from registry.core.pdf.view import CertificateLabels, CertificateView

__all__ = [
    "DEFAULT_FONTS_DIR",
    "ZWSP",
    "CertificateLabels",
    "CertificateView",
    "break_opportunities",
    "missing_glyphs",
    "render_certificate",
    "render_wallet_card",
]

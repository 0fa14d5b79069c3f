"""Public verification: the page a phone camera opens from a QR code, number entry, and the JSON API."""

from registry.web.verify import views  # noqa: F401 (the views register their routes on bp)
from registry.web.verify.blueprint import bp

__all__ = ["bp"]

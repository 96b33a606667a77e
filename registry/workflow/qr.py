"""QR codes for printed copies: the check page of the exact version that was printed."""

from __future__ import annotations

import segno
from flask import url_for


def check_url(document, version) -> str:
    return url_for("workflow.check_version", code=document.code, number=version.number, _external=True)


def check_qr_data_uri(document, version) -> str:
    """An SVG data URI (the CSP allows `img-src data:`) of the version's check page."""
    return segno.make(check_url(document, version), error="m").svg_data_uri(scale=4, border=2)

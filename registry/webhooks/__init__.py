"""Webhooks: signed HTTPS notifications of document events to receivers an administrator registered."""

from __future__ import annotations

from flask import Flask

from registry.webhooks import events


def init_app(app: Flask) -> None:
    """Queue webhook deliveries with the audit events they come from."""
    events.init_app(app)

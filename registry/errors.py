"""Domain errors raised by services; views and the API turn them into responses."""

from __future__ import annotations


class ServiceError(Exception):
    """Base class: a refusal with a translated, user-facing message."""

    status = 400
    code = "invalid_input"

    def __init__(self, message=None, *, code: str | None = None, fields: dict | None = None):
        super().__init__(str(message) if message is not None else self.code)
        self.message = message
        self.fields = fields or {}
        if code:
            self.code = code


class RecordedRefusal(ServiceError):
    """A refusal whose own record (a failed login, a rejected signature) must be kept: the runner commits it."""


class ValidationError(ServiceError):
    status = 422
    code = "validation_failed"

    def __init__(self, fields: dict, message=None):
        from flask_babel import lazy_gettext as _l

        super().__init__(message or _l("Please correct the highlighted fields."), fields=fields)


class NotFoundError(ServiceError):
    status = 404
    code = "not_found"


class PermissionDenied(ServiceError):
    status = 403
    code = "forbidden"


class ConflictError(ServiceError):
    status = 409
    code = "conflict"


class StaleRevisionError(ConflictError):
    code = "stale_revision"


class PayloadTooLarge(ServiceError):
    status = 413
    code = "too_large"


class UnsupportedFileType(ServiceError):
    status = 415
    code = "unsupported_media_type"

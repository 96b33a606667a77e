"""The in-app inbox and, when MAIL_SERVER is configured, the same message by e-mail after commit."""

from __future__ import annotations

import functools
import json
import logging
import smtplib
from datetime import date
from email.message import EmailMessage

from flask import current_app, url_for
from flask_babel import force_locale, format_date
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from registry import clock, transaction
from registry.auth.models import User
from registry.extensions import db
from registry.workflow.models import Notification

log = logging.getLogger(__name__)

MESSAGES = {
    "approval_requested": _l("%(actor)s asks you to approve %(code)s “%(title)s”."),
    "returned": _l("%(actor)s returned %(code)s “%(title)s” to draft: %(comment)s"),
    "approved": _l("%(code)s “%(title)s” has been approved and can be published."),
    "published": _l("%(code)s “%(title)s” version %(label)s takes effect on %(date)s."),
    "to_read": _l("Please read and confirm %(code)s “%(title)s”, version %(label)s."),
    "review_due": _l("The periodic review of %(code)s “%(title)s” is due on %(date)s."),
    "change_request_new": _l("New change request #%(number)s on %(code)s “%(title)s”."),
    "change_request_accept": _l("Your change request #%(number)s on %(code)s “%(title)s” was accepted."),
    "change_request_reject": _l("Your change request #%(number)s on %(code)s “%(title)s” was rejected: %(comment)s"),
    "change_request_reopen": _l("Your change request #%(number)s on %(code)s “%(title)s” was reopened."),
    "change_request_done": _l(
        "Your change request #%(number)s on %(code)s “%(title)s” is done: version %(label)s addresses it."
    ),
}


def message_text(note: Notification) -> str:
    """The notification's text in the current language."""
    data = json.loads(note.data_json or "{}")
    if data.get("date"):
        data["date"] = format_date(date.fromisoformat(data["date"]), "medium")
    template = MESSAGES.get(note.kind)
    if template is None:
        return note.kind
    params = {
        "actor": "",
        "code": note.document_code or "",
        "title": "",
        "comment": "",
        "label": "",
        "date": "",
        "number": "",
    }
    return str(template) % (params | data)


def notify(user: User, kind: str, version=None, *, document=None, **data) -> Notification:
    """Put a message in `user`'s inbox and queue the e-mail copy (sent only if the transaction commits)."""
    document = document or (version.document if version is not None else None)
    data.setdefault("title", version.title if version is not None else getattr(document, "title", ""))
    note = Notification(
        user_id=user.id,
        kind=kind,
        document_code=document.code if document else None,
        version_number=version.number if version is not None else None,
        data_json=json.dumps(data, ensure_ascii=False, sort_keys=True, default=str),
        created_at=clock.now(),
    )
    db.session.add(note)
    if current_app.config.get("MAIL_SERVER") and user.active:
        _queue_mail(user, note)
    return note


def _link(note: Notification) -> str | None:
    if not note.document_code:
        return None
    try:
        if note.version_number:
            return url_for("documents.version", code=note.document_code, number=note.version_number, _external=True)
        return url_for("documents.permalink", code=note.document_code, _external=True)
    except RuntimeError:  # no request and no SERVER_NAME (e.g. a cron job): send the text alone
        return None


def _queue_mail(user: User, note: Notification) -> None:
    with force_locale(user.locale or "fi"):
        text = message_text(note)
        subject = _("Lamppu: %(text)s", text=text)[:200]
        body = text
        link = _link(note)
        if link:
            body += "\n\n" + link
        body += "\n\n" + _("This message was sent by Lamppu, the quality document registry.")
    message = EmailMessage()
    message["From"] = current_app.config.get("MAIL_SENDER") or "lamppu@localhost"
    message["To"] = user.email
    message["Subject"] = subject
    message.set_content(body)
    settings = {
        k: current_app.config.get(k)
        for k in ("MAIL_SERVER", "MAIL_PORT", "MAIL_USE_TLS", "MAIL_USERNAME", "MAIL_PASSWORD")
    }
    transaction.after_commit(functools.partial(_send_quietly, settings, message))


def send_mail(settings: dict, message: EmailMessage) -> None:
    """Deliver one message through the configured SMTP server."""
    with smtplib.SMTP(settings["MAIL_SERVER"], int(settings.get("MAIL_PORT") or 25), timeout=10) as smtp:
        if settings.get("MAIL_USE_TLS"):
            smtp.starttls()
        if settings.get("MAIL_USERNAME"):
            smtp.login(settings["MAIL_USERNAME"], settings.get("MAIL_PASSWORD") or "")
        smtp.send_message(message)


def _send_quietly(settings: dict, message: EmailMessage) -> None:
    try:
        send_mail(settings, message)
    except (OSError, smtplib.SMTPException):  # the inbox has it; a mail outage must not fail the request
        log.exception("could not send notification mail to %s", message["To"])


def inbox(user: User, *, limit: int = 100) -> list[Notification]:
    return list(
        db.session.execute(
            db.select(Notification)
            .where(Notification.user_id == user.id)
            .order_by(Notification.created_at.desc(), Notification.id.desc())
            .limit(limit)
        ).scalars()
    )


def unread_count(user: User) -> int:
    return db.session.execute(
        db.select(db.func.count()).where(Notification.user_id == user.id, Notification.read_at.is_(None))
    ).scalar_one()


def mark_all_read(user: User) -> int:
    """Mark every unread notification of `user` read; returns how many."""
    rows = (
        db.session.execute(
            db.select(Notification).where(Notification.user_id == user.id, Notification.read_at.is_(None))
        )
        .scalars()
        .all()
    )
    now = clock.now()
    for row in rows:
        row.read_at = now
    db.session.flush()
    return len(rows)

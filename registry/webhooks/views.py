"""Administration pages of webhooks: receivers, their secrets (shown once) and recent deliveries."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from registry import transaction
from registry.admin.views import admin_required
from registry.errors import ServiceError, ValidationError
from registry.webhooks import services
from registry.webhooks.events import EVENT_TYPES
from registry.webhooks.forms import ActionForm, WebhookForm
from registry.webhooks.models import DeliveryState

bp = Blueprint("webhooks", __name__)


@bp.app_context_processor
def _delivery_states() -> dict:
    return {"delivery_states": DELIVERY_STATE_LABELS}


DELIVERY_STATE_LABELS = {
    DeliveryState.PENDING.value: _l("Waiting"),
    DeliveryState.DELIVERED.value: _l("Delivered"),
    DeliveryState.FAILED.value: _l("Failed"),
}


def _show_errors(form, error: ValidationError) -> None:
    for name, message in error.fields.items():
        field = getattr(form, name, None)
        if field is not None:
            field.errors = list(field.errors) + [str(message)]
        else:
            flash(str(message), "error")


def _fields(form: WebhookForm) -> dict:
    return {
        "url": form.url.data or "",
        "description": form.description.data or "",
        "event_types": form.event_types.data or [],
        "active": form.active.data,
        "allow_private": form.allow_private.data,
    }


def _list_page(form: WebhookForm, status: int = 200):
    deliveries, _total = services.recent_deliveries(current_user, limit=20)
    return render_template(
        "webhooks/list.html",
        endpoints=services.list_endpoints(current_user),
        deliveries=deliveries,
        form=form,
        action_form=ActionForm(),
        event_labels=EVENT_TYPES,
    ), status


@bp.route("/admin/webhooks", methods=["GET", "POST"])
@admin_required
def endpoints():
    form = WebhookForm()
    if not form.validate_on_submit():
        return _list_page(form, 422 if form.errors else 200)
    try:
        endpoint = transaction.run(services.create_endpoint, current_user, **_fields(form))
    except ValidationError as error:
        _show_errors(form, error)
        return _list_page(form, 422)
    return render_template("webhooks/secret.html", endpoint=endpoint)


@bp.route("/admin/webhooks/<int:endpoint_id>", methods=["GET", "POST"])
@admin_required
def endpoint(endpoint_id: int):
    endpoint = services.require_endpoint(current_user, endpoint_id)
    posted = request.method == "POST"
    form = WebhookForm(obj=None if posted else endpoint)
    if not posted:
        form.event_types.data = endpoint.event_list
    elif form.validate_on_submit():
        try:
            transaction.run(services.update_endpoint, current_user, endpoint, **_fields(form))
        except ValidationError as error:
            _show_errors(form, error)
        else:
            flash(_("Changes saved."), "success")
            return redirect(url_for("webhooks.endpoint", endpoint_id=endpoint.id))
    deliveries, total = services.recent_deliveries(current_user, endpoint, limit=50)
    return render_template(
        "webhooks/endpoint.html",
        endpoint=endpoint,
        form=form,
        action_form=ActionForm(),
        deliveries=deliveries,
        total=total,
        event_labels=EVENT_TYPES,
    ), 422 if form.errors else 200


def _action(service, *args, message: str, back: str, **values):
    if not ActionForm().validate_on_submit():
        abort(400)
    try:
        transaction.run(service, current_user, *args)
    except ServiceError as error:
        if error.status == 404:
            abort(404)
        flash(str(next(iter(error.fields.values()), error.message)), "error")
    else:
        flash(message, "success")
    return redirect(url_for(back, **values))


@bp.post("/admin/webhooks/<int:endpoint_id>/delete")
@admin_required
def delete(endpoint_id: int):
    endpoint = services.require_endpoint(current_user, endpoint_id)
    return _action(services.delete_endpoint, endpoint, message=_("The webhook was removed."), back="webhooks.endpoints")


@bp.post("/admin/webhooks/<int:endpoint_id>/test")
@admin_required
def send_test(endpoint_id: int):
    endpoint = services.require_endpoint(current_user, endpoint_id)
    return _action(
        services.send_test_event,
        endpoint,
        message=_("A test event was queued; its result appears below in a moment."),
        back="webhooks.endpoint",
        endpoint_id=endpoint_id,
    )


@bp.post("/admin/webhooks/deliveries/<int:delivery_id>/retry")
@admin_required
def retry(delivery_id: int):
    return _action(
        services.retry_delivery,
        delivery_id,
        message=_("The delivery will be sent again now."),
        back="webhooks.endpoints",
    )

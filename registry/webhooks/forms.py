"""The webhook form of the administration pages."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, StringField, SubmitField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Length, Optional

from registry.admin.forms import CheckboxesField
from registry.webhooks.events import EVENT_TYPES


class WebhookForm(FlaskForm):
    """Address, events and flags of one receiver (the service validates them)."""

    url = StringField(_l("Receiver address (https://...)"), validators=[Length(max=2000)])
    description = StringField(_l("Description"), validators=[Optional(), Length(max=200)])
    event_types = CheckboxesField(
        _l("Events"), choices=[SelectChoice(k, v) for k, v in EVENT_TYPES.items()], validate_choice=False
    )
    active = BooleanField(_l("Active"), default=True)
    allow_private = BooleanField(_l("Allow private and local addresses (only for receivers inside the network)"))
    submit = SubmitField(_l("Save"))


class ActionForm(FlaskForm):
    """A button posting one action (delete, send a test event, retry)."""

    submit = SubmitField(_l("Confirm"))

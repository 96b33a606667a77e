"""Forms of the administration pages (Flask-WTF, so each carries a CSRF token)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    EmailField,
    IntegerField,
    PasswordField,
    SelectField,
    SelectMultipleField,
    StringField,
    SubmitField,
    widgets,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from registry.labels import ROLE_LABELS

LOCALE_CHOICES = [SelectChoice("fi", _l("Finnish")), SelectChoice("en", _l("English"))]


class CheckboxesField(SelectMultipleField):
    widget = widgets.ListWidget(prefix_label=False)
    option_widget = widgets.CheckboxInput()


def role_choices() -> list[SelectChoice]:
    return [SelectChoice(value, label) for value, label in ROLE_LABELS.items()]


class UserForm(FlaskForm):
    """Name, language, roles and units; creating a user also asks email and an optional password."""

    email = EmailField(_l("Email"), validators=[Optional(), Length(max=254)])
    name = StringField(_l("Name"), validators=[DataRequired(_l("Name is required.")), Length(max=200)])
    locale = SelectField(_l("Language"), choices=LOCALE_CHOICES, default="fi")
    roles = CheckboxesField(_l("Roles"), choices=role_choices(), validate_choice=False)
    units = SelectMultipleField(_l("Units"), validate_choice=False)
    password = PasswordField(_l("Initial password"), validators=[Optional(), Length(max=500)])
    submit = SubmitField(_l("Save"))


class PasswordResetForm(FlaskForm):
    password = PasswordField(_l("New password"), validators=[Optional(), Length(max=500)])
    submit = SubmitField(_l("Reset password"))


class ConfirmForm(FlaskForm):
    """A button posting a single action (deactivate, reactivate, revoke)."""

    reason = StringField(_l("Reason"), validators=[Optional(), Length(max=500)])
    submit = SubmitField(_l("Confirm"))


class UnitForm(FlaskForm):
    code = StringField(_l("Code"), validators=[DataRequired(_l("Code is required.")), Length(max=20)])
    name = StringField(_l("Name in Finnish"), validators=[DataRequired(_l("Name is required.")), Length(max=200)])
    name_en = StringField(_l("Name in English"), validators=[Optional(), Length(max=200)])
    parent = SelectField(_l("Parent unit"), validators=[Optional()], validate_choice=False)
    submit = SubmitField(_l("Save"))


class DocumentTypeForm(FlaskForm):
    prefix = StringField(_l("Code prefix"), validators=[Optional(), Length(max=10)])
    name_fi = StringField(_l("Name in Finnish"), validators=[DataRequired(_l("Name is required.")), Length(max=120)])
    name_en = StringField(_l("Name in English"), validators=[DataRequired(_l("Name is required.")), Length(max=120)])
    review_interval_months = IntegerField(
        _l("Review interval (months)"),
        default=12,
        validators=[
            DataRequired(_l("Between 1 and 120 months.")),
            NumberRange(1, 120, _l("Between 1 and 120 months.")),
        ],
    )
    requires_acknowledgement = BooleanField(_l("Staff must confirm reading new versions"))
    retention_years = IntegerField(
        _l("Retention of versions no longer in force (years)"),
        validators=[Optional(), NumberRange(1, 200, _l("Between 1 and 200 years, or empty to keep permanently."))],
    )
    retention_basis = SelectField(
        _l("Retention is counted from"),
        choices=[
            SelectChoice("superseded", _l("the end of the version's validity (superseded or withdrawn)")),
            SelectChoice("withdrawn", _l("the withdrawal of the whole document")),
        ],
        default="superseded",
    )
    submit = SubmitField(_l("Save"))

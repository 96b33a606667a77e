"""Forms for creating documents, editing drafts and moving versions through the workflow."""

from __future__ import annotations

from flask import flash
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import (
    BooleanField,
    DateField,
    HiddenField,
    IntegerField,
    PasswordField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    SubmitField,
    TextAreaField,
    TimeField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, NumberRange, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from registry.errors import ValidationError

VISIBILITY_CHOICES = [
    SelectChoice("internal", _l("Internal (all staff)")),
    SelectChoice("public", _l("Public")),
    SelectChoice("restricted", _l("Restricted to units")),
]
LANGUAGE_CHOICES = [
    SelectChoice("fi", _l("Finnish")),
    SelectChoice("en", _l("English")),
    SelectChoice("sv", _l("Swedish")),
]


class DocumentForm(FlaskForm):
    type = SelectField(_l("Document type"), validators=[DataRequired(_l("Choose a document type."))])
    title = StringField(_l("Title"), validators=[DataRequired(_l("Title is required.")), Length(max=300)])
    unit = SelectField(_l("Unit"), validators=[Optional()])
    visibility = SelectField(_l("Visibility"), choices=VISIBILITY_CHOICES, default="internal")
    audience = SelectMultipleField(
        _l("Audience units (for restricted documents)"),
        validators=[Optional()],
        widget=ListWidget(prefix_label=False),
        option_widget=CheckboxInput(),
    )
    language = SelectField(_l("Language"), choices=LANGUAGE_CHOICES, default="fi")
    review_interval_months = IntegerField(
        _l("Review interval (months)"), validators=[Optional(), NumberRange(1, 120, _l("Between 1 and 120 months."))]
    )
    tags = StringField(_l("Tags (comma separated)"), validators=[Optional(), Length(max=500)])
    body = TextAreaField(_l("Text (Markdown)"), validators=[Optional(), Length(max=500_000)])
    file = FileField(_l("Import from a Word or ODT file"), validators=[Optional()])
    # A converted file waiting for the author's confirmation (workflow.sources.source_token).
    source = HiddenField(validators=[Optional(), Length(max=2000)])
    submit = SubmitField(_l("Create draft"))


class EditDraftForm(FlaskForm):
    title = StringField(_l("Title"), validators=[DataRequired(_l("Title is required.")), Length(max=300)])
    body = TextAreaField(_l("Text (Markdown)"), validators=[Optional(), Length(max=500_000)])
    change_summary = TextAreaField(_l("Change summary"), validators=[Optional(), Length(max=5000)])
    revision = HiddenField(validators=[DataRequired()])
    source = HiddenField(validators=[Optional(), Length(max=2000)])
    # A translation's draft: which master version it translates (choices set by the view; none otherwise).
    translates = SelectField(_l("Translates master version"), validators=[Optional()], validate_choice=False)
    submit = SubmitField(_l("Save draft"))


class TranslationForm(FlaskForm):
    """Start a language version of a document."""

    language = SelectField(
        _l("Language"),
        choices=[SelectChoice("sv", _l("Swedish")), SelectChoice("en", _l("English"))],
        validate_choice=False,
    )


class SourceForm(FlaskForm):
    """Bring a draft's text in from a Word or ODT file (converted, then shown for checking)."""

    file = FileField(
        _l("Word or ODT file"), validators=[FileRequired(_l("Choose a Word (.docx) or OpenDocument (.odt) file."))]
    )
    revision = HiddenField()
    submit = SubmitField(_l("Convert"))


class ImportArchiveForm(FlaskForm):
    archive = FileField(
        _l("Zip archive of the document folder"), validators=[FileRequired(_l("Choose a zip archive to import."))]
    )
    default_type = SelectField(_l("Document type for files whose folder names no type"))
    dry_run = BooleanField(_l("Dry run: check and show what would happen, change nothing"), default=True)
    submit = SubmitField(_l("Import"))


class NewDraftForm(FlaskForm):
    submit = SubmitField(_l("Start a new version"))


class ActionForm(FlaskForm):
    """A button that only needs the CSRF token (recall, confirm review, confirm reading, mark read)."""

    submit = SubmitField(_l("Confirm"))


CHANGE_TYPE_CHOICES = [
    SelectChoice("major", _l("Major: the content changes; staff must read it again")),
    SelectChoice("minor", _l("Minor: editorial corrections only")),
]


class SubmitForm(FlaskForm):
    approvers = SelectMultipleField(
        _l("Approvers"), coerce=int, validators=[DataRequired(_l("Name at least one approver."))]
    )
    change_type = RadioField(
        _l("Type of change"),
        choices=CHANGE_TYPE_CHOICES,
        validators=[DataRequired(_l("Choose whether the change is major or minor."))],
    )
    change_summary = TextAreaField(
        _l("Change summary"), validators=[DataRequired(_l("Describe what changed and why.")), Length(max=5000)]
    )
    change_requests = SelectMultipleField(
        _l("Change requests this version addresses"),
        coerce=int,
        validators=[Optional()],
        widget=ListWidget(prefix_label=False),
        option_widget=CheckboxInput(),
    )
    submit = SubmitField(_l("Send for approval"))


class ApproveForm(FlaskForm):
    meaning = SelectField(
        _l("Meaning of your signature"), validators=[DataRequired(_l("Choose the meaning of your signature."))]
    )
    password = PasswordField(
        _l("Your password (electronic signature)"),
        validators=[DataRequired(_l("Enter your password to sign.")), Length(max=500)],
    )
    submit = SubmitField(_l("Approve and sign"))


class ReauthApproveForm(FlaskForm):
    """Approving when the user signed in at the identity provider: a new sign-in there is the signature."""

    meaning = SelectField(
        _l("Meaning of your signature"), validators=[DataRequired(_l("Choose the meaning of your signature."))]
    )
    submit = SubmitField(_l("Approve and sign at the identity provider"))


class ReturnForm(FlaskForm):
    comment = TextAreaField(
        _l("Comment to the author"),
        validators=[DataRequired(_l("Write a comment: what must change before approval.")), Length(max=5000)],
    )
    submit = SubmitField(_l("Return to draft"))


class PublishForm(FlaskForm):
    when = RadioField(
        _l("Takes effect"),
        default="now",
        choices=[SelectChoice("now", _l("Now")), SelectChoice("later", _l("From a later date"))],
    )
    effective_date = DateField(_l("Date"), validators=[Optional()])
    effective_time = TimeField(_l("Time of day"), validators=[Optional()])
    submit = SubmitField(_l("Publish"))


class WithdrawForm(FlaskForm):
    reason = TextAreaField(
        _l("Reason for the withdrawal"),
        validators=[DataRequired(_l("Give the reason for the withdrawal.")), Length(max=5000)],
    )
    submit = SubmitField(_l("Withdraw the document"))


class ChangeRequestForm(FlaskForm):
    """A change request; the lengths are checked by the service, which names the limit."""

    text = TextAreaField(_l("What is wrong or missing?"), validators=[Optional()])
    suggestion = TextAreaField(_l("Suggested wording (optional)"), validators=[Optional()])
    anchor = TextAreaField(_l("The passage it is about (optional)"), validators=[Optional()])
    anonymous = BooleanField(_l("Send without my name"))
    submit = SubmitField(_l("Send the change request"))


class ChangeRequestDecisionForm(FlaskForm):
    comment = TextAreaField(_l("Comment (the reason, when rejecting)"), validators=[Optional()])
    submit = SubmitField(_l("Confirm"))


def apply_field_errors(form, error: ValidationError) -> None:
    """Show a refusal's field messages on the form's fields (and the rest as flashed messages)."""
    for name, message in error.fields.items():
        field = getattr(form, name, None)
        if field is not None:
            field.errors = list(field.errors) + [str(message)]
        else:
            flash(str(message), "error")

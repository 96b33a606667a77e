"""Forms of the documents feature: attaching and removing files."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import SelectField, SubmitField
from wtforms.validators import Optional


class AttachmentForm(FlaskForm):
    file = FileField(_l("File"), validators=[FileRequired(_l("Choose a file to attach."))])
    submit = SubmitField(_l("Attach file"))


class RemoveAttachmentForm(FlaskForm):
    submit = SubmitField(_l("Remove"))


class TypeTemplateForm(FlaskForm):
    """Which document a type's new documents start from (choices: the current documents)."""

    template = SelectField(_l("Template document"), validators=[Optional()])
    submit = SubmitField(_l("Save"))

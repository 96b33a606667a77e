"""Forms of the documents feature: attaching and removing files."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import SubmitField


class AttachmentForm(FlaskForm):
    file = FileField(_l("File"), validators=[FileRequired(_l("Choose a file to attach."))])
    submit = SubmitField(_l("Attach file"))


class RemoveAttachmentForm(FlaskForm):
    submit = SubmitField(_l("Remove"))

"""Forms of the search-term pages (Flask-WTF, so each carries a CSRF token)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import SelectField, StringField, SubmitField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Length, Optional

KIND_CHOICES = [SelectChoice("abbreviation", _l("Abbreviation")), SelectChoice("synonym", _l("Synonym"))]


class SynonymForm(FlaskForm):
    """One entry; the service checks the values (the form only bounds their size)."""

    term = StringField(_l("Term"), validators=[Optional(), Length(max=200)])
    kind = SelectField(_l("Kind"), choices=KIND_CHOICES, default="abbreviation", validate_choice=False)
    expansions = TextAreaField(_l("Expansions or synonyms, one per line"), validators=[Optional(), Length(max=4000)])
    note = StringField(_l("Note"), validators=[Optional(), Length(max=1000)])
    submit = SubmitField(_l("Save"))


class SynonymImportForm(FlaskForm):
    file = FileField(_l("CSV file"), validators=[Optional()])
    submit = SubmitField(_l("Import"))


class DeleteForm(FlaskForm):
    submit = SubmitField(_l("Delete"))

"""Login and profile forms (Flask-WTF, so every one carries a CSRF token)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, HiddenField, PasswordField, StringField, SubmitField
from wtforms.validators import DataRequired, Length


class LoginForm(FlaskForm):
    # An e-mail address, or a directory user name when LDAP sign-in is configured.
    email = StringField(
        _l("Email or user name"),
        validators=[DataRequired(_l("Enter your email address or user name.")), Length(max=254)],
    )
    password = PasswordField(_l("Password"), validators=[DataRequired(_l("Enter your password.")), Length(max=500)])
    next = HiddenField()
    submit = SubmitField(_l("Log in"))


class TokenForm(FlaskForm):
    name = StringField(_l("Token name"), validators=[DataRequired(_l("Give the token a name.")), Length(max=100)])
    submit = SubmitField(_l("Create token"))


class RevokeTokenForm(FlaskForm):
    submit = SubmitField(_l("Revoke"))


class CodeForm(FlaskForm):
    code = StringField(
        _l("Authentication code"),
        validators=[DataRequired(_l("Enter the code from your authenticator app.")), Length(max=20)],
        description=_l("The six digits your authenticator app shows, or one of your recovery codes."),
    )
    submit = SubmitField(_l("Continue"))


class ConfirmCodeForm(FlaskForm):
    """A fresh code to prove the app has the secret (enrolment) or that the owner is present (turning off)."""

    code = StringField(_l("Code from the app"), validators=[DataRequired(_l("Enter the code.")), Length(max=20)])


class SignOutEverywhereForm(FlaskForm):
    revoke_tokens = BooleanField(_l("Also revoke my API tokens"))
    submit = SubmitField(_l("Sign out everywhere"))

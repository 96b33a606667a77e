"""The first-day page: on a new installation the administrator creates the standard catalogue and the units."""

from __future__ import annotations

from flask import Flask, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms import BooleanField, TextAreaField
from wtforms.validators import Length

from registry import transaction
from registry.admin.views import admin_required, bp
from registry.auth import permissions
from registry.auth.views import FIRST_STOPS
from registry.documents import catalog
from registry.documents import services as documents
from registry.errors import ValidationError
from registry.search import synonyms as search_terms


class SetupForm(FlaskForm):
    catalogue = BooleanField(_l("Create the standard document types"), default=True)
    units = TextAreaField(
        _l("Units of the organisation"),
        validators=[Length(max=20000)],
        description=_l('One a line: the code, a space and the name, for example "TEKN Tekniikka ja liikenne".'),
    )


def _create(catalogue: bool, units_text: str):
    units = catalog.parse_unit_lines(units_text)
    types = catalog.create_standard_catalogue(current_user) if catalogue else []
    if catalogue:
        search_terms.ensure_starter_list(current_user)
    return types, catalog.create_units(current_user, units)


@bp.route("/admin/setup", methods=["GET", "POST"])
@admin_required
def setup():
    form = SetupForm()
    status = 200
    if form.validate_on_submit():
        try:
            types, units = transaction.run(_create, form.catalogue.data, form.units.data or "")
        except ValidationError as error:
            form.units.errors = [str(m) for m in error.fields.values()]
            status = 422
        else:
            flash(
                _("Created %(types)d document types and %(units)d units.", types=len(types), units=len(units)),
                "success",
            )
            return redirect(url_for("admin.types"))
    elif form.errors:
        status = 422
    existing = {t.prefix for t in documents.list_types()}
    return render_template(
        "admin/setup.html",
        form=form,
        catalogue=catalog.STANDARD_CATALOGUE,
        existing=existing,
        units=documents.list_units(),
    ), status


def first_day_stop(user) -> str | None:
    """After an administrator signs in to a new installation (no document types): the setup page."""
    if permissions.can_administer(user) and catalog.needs_first_day_setup():
        return url_for("admin.setup")
    return None


def init_app(app: Flask) -> None:
    app.extensions.setdefault(FIRST_STOPS, []).append(first_day_stop)

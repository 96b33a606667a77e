"""`lamppu setup`, `lamppu types list|create` and `lamppu units list|create`: a new installation made ready."""

from __future__ import annotations

import click
from flask.cli import with_appcontext

from registry.auth import two_factor
from registry.auth.services import find_user, first_active_user_with_role
from registry.documents import catalog
from registry.documents import services as documents
from registry.errors import ValidationError
from registry.search import synonyms as search_terms
from registry.transaction import transaction


def _actor():
    """Changes made from the command line are recorded as the longest-standing administrator's (or "system")."""
    return first_active_user_with_role("admin")


def _refusal(error: ValidationError) -> click.ClickException:
    return click.ClickException("; ".join(f"{name}: {message}" for name, message in error.fields.items()))


def _print_types() -> None:
    for t in documents.list_types():
        ack = "ack" if t.requires_acknowledgement else "-"
        click.echo(f"{t.prefix}\t{t.name_fi}\t{t.name_en}\t{t.review_interval_months}\t{ack}")


@click.command("setup")
@click.option("--catalogue", is_flag=True, help="Create the standard catalogue of Finnish quality documents.")
@click.option("--unit", "unit_lines", multiple=True, metavar='"CODE Name"', help="A unit to create (repeatable).")
@click.option("--yes", is_flag=True, help="Ask nothing (for scripts): do what the options say.")
@with_appcontext
def setup_command(catalogue: bool, unit_lines: tuple[str, ...], yes: bool) -> None:
    """Make a new installation ready: the standard document types and the organisation's units."""
    planned = [t for t in catalog.STANDARD_CATALOGUE if not documents.get_type(t.prefix)]
    if not yes:
        click.echo("The standard catalogue of quality documents:")
        for t in catalog.STANDARD_CATALOGUE:
            state = "new" if t in planned else "exists"
            click.echo(
                f"  {t.prefix}  {t.name_fi} ({t.name_en}), review every {t.review_interval_months} months [{state}]"
            )
        if planned and not catalogue:
            catalogue = click.confirm("Create the missing document types?", default=True)
        if not unit_lines:
            click.echo('Units, one a line as "CODE Name" (for example "TEKN Tekniikka"); an empty line ends.')
            entered = []
            while line := click.prompt("Unit", default="", show_default=False).strip():
                entered.append(line)
            unit_lines = tuple(entered)
    try:
        units = catalog.parse_unit_lines("\n".join(unit_lines))
        with transaction():
            actor = _actor()
            types = catalog.create_standard_catalogue(actor) if catalogue else []
            terms = search_terms.ensure_starter_list(actor) if catalogue else 0
            created_units = catalog.create_units(actor, units)
    except ValidationError as error:
        raise _refusal(error) from None
    click.echo(f"Created {len(types)} document types: {', '.join(t.prefix for t in types) or '-'}.")
    if terms:
        click.echo(f"Loaded {terms} search abbreviations and synonyms (lamppu search synonyms export lists them).")
    click.echo(f"Created {len(created_units)} units: {', '.join(u.code for u in created_units) or '-'}.")
    if not documents.list_types():
        click.echo("There are no document types yet: run `lamppu setup --catalogue --yes`.", err=True)


@click.group("types")
def types_group() -> None:
    """Document types (prefix, names, review interval)."""


@types_group.command("list")
@with_appcontext
def types_list() -> None:
    """List the document types: prefix, Finnish name, English name, review months, acknowledgement."""
    _print_types()


@types_group.command("create")
@click.argument("prefix")
@click.option("--name", "name_fi", required=True, help="The Finnish name.")
@click.option("--name-en", required=True, help="The English name.")
@click.option("--review-months", type=int, default=12, show_default=True)
@click.option("--acknowledgement/--no-acknowledgement", default=False, help="Readers confirm having read it.")
@click.option("--retention-years", type=int, default=None, help="Years versions are kept after; default permanently.")
@click.option(
    "--retention-basis",
    type=click.Choice(["superseded", "withdrawn"]),
    default="superseded",
    show_default=True,
    help="Counted from the end of a version's validity, or from the withdrawal of the document.",
)
@with_appcontext
def types_create(
    prefix: str,
    name_fi: str,
    name_en: str,
    review_months: int,
    acknowledgement: bool,
    retention_years: int | None,
    retention_basis: str,
) -> None:
    """Create a document type with PREFIX (1-10 capital letters)."""
    fields = catalog.TypeFields(
        prefix, name_fi, name_en, review_months, acknowledgement, retention_years, retention_basis
    )
    try:
        with transaction():
            doc_type = catalog.create_document_type(_actor(), fields)
    except ValidationError as error:
        raise _refusal(error) from None
    click.echo(f"Created document type {doc_type.prefix}.")


@click.group("units")
def units_group() -> None:
    """Organisational units."""


@units_group.command("list")
@with_appcontext
def units_list() -> None:
    """List the units: code, name, English name, parent code."""
    for u in documents.list_units():
        click.echo(f"{u.code}\t{u.name}\t{u.name_en or ''}\t{u.parent.code if u.parent else ''}")


@units_group.command("create")
@click.argument("code")
@click.option("--name", required=True)
@click.option("--name-en", default=None)
@click.option("--parent", default=None, help="The code of the parent unit.")
@with_appcontext
def units_create(code: str, name: str, name_en: str | None, parent: str | None) -> None:
    """Create a unit with CODE."""
    try:
        with transaction():
            unit = catalog.create_unit(_actor(), catalog.UnitFields(code, name, name_en, parent))
    except ValidationError as error:
        raise _refusal(error) from None
    click.echo(f"Created unit {unit.code}.")


@click.command("two-factor-off")
@click.argument("email")
@with_appcontext
def users_two_factor_off(email: str) -> None:
    """Turn off two-factor login of EMAIL (a lost phone and lost recovery codes); they enrol again."""
    with transaction():
        user = find_user(email)
        if user is None:
            raise click.ClickException(f"No user with email {email!r}.")
        was_on = two_factor.enabled(user)
        two_factor.disable(_actor(), user)
    click.echo(f"Two-factor login of {user.email} is off." if was_on else f"{user.email} had no two-factor login.")


def register(app, users_group) -> None:
    for command in (setup_command, types_group, units_group):
        app.cli.add_command(command)
    users_group.add_command(users_two_factor_off)

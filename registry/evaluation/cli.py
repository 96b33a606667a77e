"""`lamppu evidence frameworks import FILE`, `lamppu evidence export ID FILE`, `lamppu evidence verify FILE`."""

from __future__ import annotations

from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext

from registry import transaction
from registry.auth.models import Role
from registry.auth.services import find_user, first_active_user_with_role
from registry.errors import ServiceError
from registry.evaluation import pack, services, verify_pack
from registry.evaluation.importer import COLUMNS


@click.group("evidence")
def evidence_group() -> None:
    """Evaluation frameworks, self-assessments and their evidence packs."""


@evidence_group.group("frameworks")
def frameworks_group() -> None:
    """Evaluation frameworks (criteria and levels)."""


def _acting_user(email: str | None, *roles: Role):
    if email:
        user = find_user(email)
        if user is None or not user.active:
            raise click.ClickException(f"No active user with email {email!r}.")
        return user
    for role in roles:
        user = first_active_user_with_role(role)
        if user is not None:
            return user
    raise click.ClickException("No active quality owner; name the user with --user EMAIL.")


@frameworks_group.command("import")
@click.argument("file", type=click.File("rb"))
@click.option("--user", "email", help="Email of the quality owner recorded; default: the first active quality owner.")
@with_appcontext
def import_command(file, email: str | None) -> None:
    """Import a framework from a CSV file; nothing is imported if any line is bad.

    \b
    Header row (comma or semicolon separated, UTF-8):
    record,code,parent,level,title_fi,title_en,description_fi,description_en
    record is framework (first), level (lowest first), criterion (parent: another criterion's code)
    or descriptor (what `level` looks like for the criterion `code`).
    """
    user = _acting_user(email, Role.QUALITY_OWNER)
    try:
        text = file.read().decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise click.ClickException("The file is not UTF-8 text.") from error
    try:
        framework, errors = services.import_framework(user, text)
    except ServiceError as error:
        transaction.rollback()
        raise click.ClickException(str(error.message)) from error
    if errors:
        transaction.rollback()
        for line, message in errors:
            click.echo(f"line {line}: {message}", err=True)
        raise click.ClickException(f"{len(errors)} error(s); nothing was imported. Columns: {','.join(COLUMNS)}")
    transaction.commit()
    click.echo(f"Imported framework {framework.code} with {len(framework.criteria)} criteria.")


@evidence_group.command("export")
@click.argument("assessment_id", type=int)
@click.argument("file", type=click.Path(dir_okay=False, writable=True, path_type=Path))
@click.option("--user", "email", help="Email of the user recorded; default: the first active auditor or quality owner.")
@click.option(
    "--base-url",
    default="http://localhost:5000/",
    show_default=True,
    help="The address of the registry, for the check links (QR codes) on the document copies.",
)
@with_appcontext
def export_command(assessment_id: int, file: Path, email: str | None, base_url: str) -> None:
    """Write the evidence pack (ZIP) of a self-assessment to FILE; the export is audited."""
    user = _acting_user(email, Role.AUDITOR, Role.QUALITY_OWNER)
    try:
        # The document copies carry links to the registry: build them as a request to base_url would.
        with current_app.test_request_context(base_url=base_url), transaction.transaction():
            built = pack.build_pack(user, services.require_assessment(assessment_id))
    except ServiceError as error:
        raise click.ClickException(str(error.message)) from error
    file.write_bytes(built.content)
    click.echo(f"Wrote {file} ({len(built.content)} bytes).")
    click.echo(f"manifest.json SHA-256: {built.manifest_sha256}")
    click.echo(f"audit chain head: {built.chain_head[0]}:{built.chain_head[1]}")


@evidence_group.command("verify")
@click.argument("file", type=click.Path(exists=True, path_type=Path))
def verify_command(file: Path) -> None:
    """Check an evidence pack (ZIP or extracted folder) as verify_pack.py inside it does; exit 1 naming each problem."""
    problems, summary = verify_pack.verify(file)
    for line in problems:
        click.echo(line, err=True)
    if problems:
        raise click.ClickException(f"NOT VERIFIED: {len(problems)} problem(s)")
    click.echo(f"OK: {summary}")

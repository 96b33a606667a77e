"""Creating users in bulk from a CSV file: all rows or none."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

from registry.auth import services
from registry.auth.models import User
from registry.errors import ServiceError

REQUIRED_COLUMNS = ("email", "name", "roles", "units", "locale")
OPTIONAL_COLUMNS = ("password",)


@dataclass
class ImportedUser:
    email: str
    password: str | None  # only when it was generated here, to be shown once


class UsersImportError(Exception):
    """Every problem found, each as 'line N: message'; nothing was created."""

    def __init__(self, problems: list[str]):
        super().__init__("\n".join(problems))
        self.problems = problems


def _split(value: str | None) -> list[str]:
    return [part.strip() for part in (value or "").replace(",", ";").split(";") if part.strip()]


def _read_rows(text: str) -> list[tuple[int, dict]]:
    reader = csv.DictReader(io.StringIO(text))
    columns = [c.strip().lower() for c in reader.fieldnames or []]
    missing = [c for c in REQUIRED_COLUMNS if c not in columns]
    unknown = [c for c in columns if c not in REQUIRED_COLUMNS + OPTIONAL_COLUMNS]
    if missing or unknown:
        problems = [f"line 1: missing column {c!r}" for c in missing]
        raise UsersImportError(problems + [f"line 1: unknown column {c!r}" for c in unknown])
    reader.fieldnames = columns
    return [(reader.line_num, {k: (v or "").strip() for k, v in row.items() if k}) for row in reader]


def _row_problem(row: dict, seen: set[str]) -> str | None:
    email = services.normalise_email(row["email"])
    if email in seen:
        return f"{email}: listed twice in the file"
    seen.add(email)
    if row["locale"] and row["locale"] not in ("fi", "en"):
        return f"unknown locale {row['locale']!r} (fi or en)"
    return None


def import_users(actor: User, text: str) -> list[ImportedUser]:
    """Create every user listed in the CSV text, or none; raises UsersImportError with line numbers."""
    problems, created, seen = [], [], set()
    for line, row in _read_rows(text):
        problem = _row_problem(row, seen)
        if problem:
            problems.append(f"line {line}: {problem}")
            continue
        generated = None if row.get("password") else services.generate_password()
        try:  # create_user validates before it changes anything
            services.create_user(
                actor,
                row["email"],
                row["name"],
                row.get("password") or generated,
                _split(row["roles"]),
                _split(row["units"]),
                row["locale"] or "fi",
            )
        except ServiceError as error:
            details = "; ".join(f"{field}: {message}" for field, message in error.fields.items())
            problems.append(f"line {line}: {details or error.message}")
            continue
        created.append(ImportedUser(services.normalise_email(row["email"]), generated))
    if problems:
        raise UsersImportError(problems)
    if not created:
        raise UsersImportError(["the file lists no users"])
    return created

"""Import an evaluation framework from CSV: everything is checked first, errors by line number, all or nothing.

Columns (header row required; `,` or `;` separated, UTF-8):
record,code,parent,level,title_fi,title_en,description_fi,description_en

`record` is one of
- `framework`: the first record; `code` names the framework, titles and descriptions describe it;
- `level`: one level of development, lowest first (`code` e.g. `alkava`);
- `criterion`: a criterion or a heading of criteria; `parent` is another criterion's code (or empty);
- `descriptor`: what `level` looks like for the criterion `code` (the descriptions).
A criterion's parent may come later in the file; the parents must form a tree (no cycle).
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field

from flask_babel import gettext as _

from registry.evaluation.models import Framework
from registry.extensions import db
from registry.web import FORBIDDEN_TEXT_RE

COLUMNS = ("record", "code", "parent", "level", "title_fi", "title_en", "description_fi", "description_en")
RECORDS = ("framework", "level", "criterion", "descriptor")
MAX_ROWS = 5_000
MAX_CODE = 30
MAX_TITLE = 300


@dataclass
class Row:
    line: int
    values: dict

    def __getitem__(self, key: str) -> str:
        return self.values[key]


@dataclass
class ParsedFramework:
    """A framework file read and checked: rows by kind, in file order, or the errors found."""

    framework: Row | None = None
    levels: list[Row] = field(default_factory=list)
    criteria: list[Row] = field(default_factory=list)
    descriptors: list[Row] = field(default_factory=list)
    errors: list[tuple[int, str]] = field(default_factory=list)

    def error(self, line: int, message: str) -> None:
        self.errors.append((line, message))


def _reader(text: str) -> csv.DictReader:
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    return csv.DictReader(io.StringIO(text), dialect=dialect)


def _read_rows(text: str, parsed: ParsedFramework) -> None:
    reader = _reader(text)
    missing = [c for c in ("record", "code", "title_fi") if c not in (reader.fieldnames or [])]
    if missing:
        parsed.error(1, _("missing columns: %(names)s", names=", ".join(missing)))
        return
    line = 1
    for raw in reader:
        start, line = line + 1, reader.line_num
        values = {
            c: " ".join((raw.get(c) or "").split())
            if c in ("record", "code", "parent", "level")
            else (raw.get(c) or "").strip()
            for c in COLUMNS
        }
        if not any(values.values()):
            continue
        if start > MAX_ROWS:
            parsed.error(start, _("too many rows (at most %(n)d)", n=MAX_ROWS))
            return
        _sort_row(parsed, Row(start, values))


def _sort_row(parsed: ParsedFramework, row: Row) -> None:
    kind = row["record"].lower()
    if kind not in RECORDS:
        parsed.error(row.line, _("record must be framework, level, criterion or descriptor"))
        return
    bad = next((m for v in row.values.values() if (m := FORBIDDEN_TEXT_RE.search(v))), None)
    if bad:
        parsed.error(
            row.line,
            _("a control character (character code %(code)d) that text may not contain", code=ord(bad.group())),
        )
    if not row["code"]:
        parsed.error(row.line, _("the code is empty"))
    elif len(row["code"]) > MAX_CODE:
        parsed.error(row.line, _("the code is longer than %(n)d characters", n=MAX_CODE))
    if kind != "descriptor" and not row["title_fi"]:
        parsed.error(row.line, _("the Finnish title is empty"))
    elif len(row["title_fi"]) > MAX_TITLE or len(row["title_en"]) > MAX_TITLE:
        parsed.error(row.line, _("a title is longer than %(n)d characters", n=MAX_TITLE))
    if kind == "framework":
        if parsed.framework is not None:
            parsed.error(
                row.line, _("only one framework record per file (the first is on line %(n)d)", n=parsed.framework.line)
            )
        elif parsed.levels or parsed.criteria or parsed.descriptors:
            parsed.error(row.line, _("the framework record must come first"))
        parsed.framework = parsed.framework or row
    else:
        {"level": parsed.levels, "criterion": parsed.criteria, "descriptor": parsed.descriptors}[kind].append(row)


def _check_unique(rows: list[Row], parsed: ParsedFramework, message: str) -> dict[str, Row]:
    seen: dict[str, Row] = {}
    for row in rows:
        key = row["code"].upper()
        if key in seen:
            parsed.error(row.line, message % {"code": row["code"], "line": seen[key].line})
        else:
            seen[key] = row
    return seen


def _check_tree(criteria: dict[str, Row], parsed: ParsedFramework) -> None:
    for row in criteria.values():
        parent = row["parent"].upper()
        if parent and parent not in criteria:
            parsed.error(row.line, _("unknown parent %(code)s", code=row["parent"]))
    reported: set[str] = set()
    for code in criteria:
        path, current = [], code
        while current and current in criteria and current not in path:
            path.append(current)
            current = criteria[current]["parent"].upper()
        if current and current in path and current not in reported:
            cycle = path[path.index(current) :]
            reported.update(cycle)
            row = criteria[current]
            parsed.error(
                row.line,
                _(
                    "the parents form a cycle: %(codes)s",
                    codes=" → ".join([*(criteria[c]["code"] for c in cycle), row["code"]]),
                ),
            )


def _check_descriptors(parsed: ParsedFramework, criteria: dict, levels: dict) -> None:
    seen: dict[tuple[str, str], int] = {}
    for row in parsed.descriptors:
        code, level = row["code"].upper(), row["level"]
        if code not in criteria:
            parsed.error(row.line, _("unknown criterion %(code)s", code=row["code"]))
        if level.upper() not in levels:
            parsed.error(
                row.line,
                _(
                    "unknown level %(level)s (the framework's levels: %(levels)s)",
                    level=level or "–",
                    levels=", ".join(r["code"] for r in parsed.levels) or "–",
                ),
            )
        if not row["description_fi"]:
            parsed.error(row.line, _("the Finnish description is empty"))
        if (code, level.upper()) in seen:
            parsed.error(
                row.line,
                _(
                    "level %(level)s of %(code)s is already described on line %(n)d",
                    level=level,
                    code=row["code"],
                    n=seen[(code, level.upper())],
                ),
            )
        seen[(code, level.upper())] = row.line


def parse_framework_csv(text: str) -> ParsedFramework:
    """Read and check a framework file; nothing touches the database but the check for an existing code."""
    parsed = ParsedFramework()
    _read_rows(text, parsed)
    if parsed.errors and parsed.framework is None and not parsed.criteria:
        return parsed
    if parsed.framework is None:
        parsed.error(1, _("the file has no framework record"))
    elif db.session.execute(db.select(Framework.id).where(Framework.code == parsed.framework["code"].upper())).first():
        parsed.error(
            parsed.framework.line, _("a framework with the code %(code)s already exists", code=parsed.framework["code"])
        )
    levels = _check_unique(parsed.levels, parsed, _("duplicate level %(code)s (first on line %(line)d)"))
    if not levels:
        parsed.error(1, _("the file defines no levels"))
    criteria = _check_unique(parsed.criteria, parsed, _("duplicate code %(code)s (first on line %(line)d)"))
    if not criteria:
        parsed.error(1, _("the file defines no criteria"))
    for row in [*parsed.levels, *parsed.criteria]:
        if row["level"]:
            parsed.error(row.line, _("the level column is only for descriptor records"))
    _check_tree(criteria, parsed)
    _check_descriptors(parsed, criteria, levels)
    parsed.errors.sort()
    return parsed

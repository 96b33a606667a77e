from __future__ import annotations

from datetime import date

import pytest

from registry.documents import services as documents
from registry.documents.rendering import render_markdown
from registry.errors import ValidationError


@pytest.mark.parametrize(
    "text, expected",
    [
        ("TO-014", "TO-014"),
        ("to14", "TO-014"),
        ("to 14", "TO-014"),
        ("TY_3", "TY-003"),
        ("ls-0002", "LS-002"),
    ],
)
def test_normalise_code_accepts_every_spelling(text, expected):
    assert documents.normalise_code(text) == expected


@pytest.mark.parametrize("text", ["", "työohje", "14", "TO-", "TO-14-2"])
def test_normalise_code_rejects_non_codes(text):
    assert documents.normalise_code(text) is None


def test_codes_are_allocated_in_sequence_per_type(make):
    author = make.user("author")
    first = make.draft(author, prefix="TO")
    second = make.draft(author, prefix="TO")
    other = make.draft(author, prefix="TY")
    assert [first.document.code, second.document.code, other.document.code] == ["TO-001", "TO-002", "TY-001"]


def test_unknown_type_unit_and_bad_interval_are_field_errors(make):
    author = make.user("author")
    with pytest.raises(ValidationError) as caught:
        documents.validate_document_fields(
            author, type_prefix="XX", title="", unit_code="NOPE", review_interval_months="abc"
        )
    assert set(caught.value.fields) == {"type", "title", "unit", "review_interval_months"}


def test_restricted_document_needs_an_audience(make):
    make.doc_type("TO")
    author = make.user("author")
    with pytest.raises(ValidationError) as caught:
        documents.validate_document_fields(author, type_prefix="TO", title="Salainen", visibility="restricted")
    assert "audience" in caught.value.fields


def test_add_months_clamps_to_month_end():
    assert documents.add_months(date(2024, 1, 31), 1) == date(2024, 2, 29)
    assert documents.add_months(date(2023, 11, 15), 14) == date(2025, 1, 15)


@pytest.mark.parametrize(
    "markdown",
    [
        "<script>alert(1)</script>",
        "[klikkaa](javascript:alert(1))",
        "<img src=x onerror=alert(1)>",
        '<a href="#" onclick="alert(1)">x</a>',
    ],
)
def test_rendered_markdown_carries_no_script(markdown):
    from html.parser import HTMLParser

    found = []

    class Collector(HTMLParser):
        def handle_starttag(self, tag, attrs):
            found.append((tag, dict(attrs)))

    Collector().feed(render_markdown(markdown))
    assert all(tag not in {"script", "img", "iframe"} for tag, _ in found)
    for _tag, attrs in found:
        assert not any(name.startswith("on") for name in attrs)
        assert not (attrs.get("href") or "").lower().startswith("javascript")


def test_markdown_renders_headings_lists_and_tables():
    html = render_markdown("## Vastuut\n\n- opettaja\n- rehtori\n\n| a | b |\n|---|---|\n| 1 | 2 |")
    assert "<h2>Vastuut</h2>" in html
    assert "<li>opettaja</li>" in html
    assert "<table>" in html

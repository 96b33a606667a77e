from __future__ import annotations

import pytest

from registry.goals.periods import period_key, sort_periods


@pytest.mark.parametrize(
    "text, key",
    [
        ("kevät 2012", (2012, 1)),
        ("Syksy 2012", (2012, 7)),
        ("2012", (2012, 0)),
        ("2012-09", (2012, 9)),
        ("Q3 2012", (2012, 7)),
        ("2012/Q1", (2012, 1)),
        ("spring 2013", (2013, 1)),
        ("lukuvuosi 2012-2013", (2012, 8)),
        ("  kevät   2012 ", (2012, 1)),
    ],
)
def test_known_periods_have_a_chronological_key(text, key):
    assert period_key(text) == key


@pytest.mark.parametrize("text", ["", "keväällä", "talvi 2012", "2012-13", "12/2012x", "2012-2015", "x" * 50])
def test_unknown_periods_have_no_key(text):
    assert period_key(text) is None


def test_periods_sort_in_time_order():
    assert sort_periods(["syksy 2012", "2011", "kevät 2012", "kevät 2012", "2012-09"]) == [
        "2011",
        "kevät 2012",
        "syksy 2012",
        "2012-09",
    ]

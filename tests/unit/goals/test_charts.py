"""Indicator charts stay drawable for any finite stored value, however tiny or huge."""

from __future__ import annotations

import re
import sys
from types import SimpleNamespace

import pytest

from registry.goals.charts import HEIGHT, TOP, format_number, indicator_chart

BIGGEST = sys.float_info.max
EXTREMES = [
    ([5e-324], None),
    ([-5e-324, 5e-324], 0.0),
    ([1e-320, 2e-320], 1e-319),
    ([0.0, 0.0], 0.0),
    ([1e308], -1e308),
    ([-BIGGEST, BIGGEST], BIGGEST),
    ([1e25, 1e26], None),
    ([3.0, 7.0], 1e300),
    ([], -BIGGEST),
    ([12.5], 6.0),
]


def _chart(values, target):
    indicator = SimpleNamespace(name="Mittari", unit="kpl", target=target)
    measurements = [SimpleNamespace(value=v, period=f"{2012 + i}") for i, v in enumerate(values)]
    return str(indicator_chart(indicator, measurements))


@pytest.mark.parametrize("values, target", EXTREMES)
def test_a_chart_of_extreme_values_is_drawn_inside_the_plot(app, values, target):
    svg = _chart(values, target)
    assert svg.startswith("<svg") and svg.endswith("</svg>")
    assert not re.search(r"nan|inf", svg, re.IGNORECASE)
    ys = [float(y) for y in re.findall(r' (?:y1|y2|cy)="([-0-9.e]+)"', svg)]
    assert ys and all(TOP - 0.05 <= y <= HEIGHT for y in ys)


def test_ordinary_values_keep_their_round_axis(app):
    svg = _chart([3.0, 7.0], 6.0)
    labels = re.findall(r'text-anchor="end" fill="#1b1f24">([^<]*)</text>', svg)
    assert labels[:5] == ["0", "2", "4", "6", "8"]


@pytest.mark.parametrize("value", [1e308, -BIGGEST, 1e26, 5e-324])
def test_format_number_writes_any_finite_value(app, value):
    text = format_number(value)
    assert text and len(text) < 30

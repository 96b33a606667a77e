"""Indicator charts as SVG drawn on the server: no JavaScript, and they print."""

from __future__ import annotations

import math

from flask_babel import format_decimal, format_scientific
from flask_babel import gettext as _
from markupsafe import Markup, escape

WIDTH, HEIGHT = 560, 240
LEFT, RIGHT, TOP, BOTTOM = 64, 20, 28, 40
VALUE_COLOUR, TARGET_COLOUR, GRID_COLOUR, INK = "#0b4f8a", "#a1192b", "#c9d1db", "#1b1f24"
# New values and targets lie within ±10^12, but one stored earlier may be any finite float. The axis
# reaches this far (a value beyond it is drawn at the edge); a smaller span counts as no span at all.
AXIS_LIMIT = 1e15
MIN_SPAN = 1e-9


def format_number(value: float | None) -> str:
    if value is None:
        return "–"
    if not abs(value) < AXIS_LIMIT:
        # Written out, such a number would be a line of digits (and past 10^26 babel cannot round it).
        return format_scientific(value, format="0.##E0")
    return format_decimal(value, format="#,##0.##")


def _on_axis(value: float) -> float:
    return max(-AXIS_LIMIT, min(AXIS_LIMIT, value))


def _nice_step(span: float, count: int = 4) -> float:
    """A round tick step (1, 2, 2.5 or 5 times a power of ten) giving about `count` intervals."""
    raw = span / count
    power = 10 ** math.floor(math.log10(raw))
    return next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= raw)


def _scale(values: list[float]) -> tuple[float, float, float]:
    """Axis bounds on round numbers, always including zero, and the tick step."""
    values = [_on_axis(v) for v in values]
    low, high = min(values + [0.0]), max(values + [0.0])
    if high - low < MIN_SPAN:
        high = low + 1
    step = _nice_step(high - low)
    return math.floor(low / step) * step, math.ceil(high / step) * step, step


def _ticks(low: float, high: float, step: float) -> list[float]:
    return [low + step * i for i in range(int(round((high - low) / step)) + 1)]


def indicator_chart(indicator, measurements) -> Markup:
    """A line chart of measured values per period with the target as a dashed line."""
    values = [m.value for m in measurements]
    target = indicator.target
    low, high, step = _scale(values + ([target] if target is not None else []))
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM

    def y(v: float) -> float:
        return TOP + plot_h - (_on_axis(v) - low) / (high - low) * plot_h

    def x(i: int) -> float:
        return LEFT + (plot_w * (i + 0.5) / len(values) if values else plot_w / 2)

    label = _("Chart: %(name)s", name=indicator.name)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 {WIDTH} {HEIGHT}" '
        f'width="{WIDTH}" height="{HEIGHT}" role="img" aria-label="{escape(label)}" '
        f'font-family="DejaVu Sans, Verdana, sans-serif" font-size="12">',
        f"<title>{escape(label)}</title>",
    ]
    for tick in _ticks(low, high, step):
        parts.append(
            f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y(tick):.1f}" y2="{y(tick):.1f}" '
            f'stroke="{GRID_COLOUR}" stroke-width="1"/>'
        )
        parts.append(
            f'<text x="{LEFT - 6}" y="{y(tick) + 4:.1f}" text-anchor="end" fill="{INK}">'
            f"{escape(format_number(tick))}</text>"
        )
    if target is not None:
        parts.append(
            f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y(target):.1f}" y2="{y(target):.1f}" '
            f'stroke="{TARGET_COLOUR}" stroke-width="2" stroke-dasharray="6 4"/>'
        )
        target_text = _("Target %(value)s %(unit)s", value=format_number(target), unit=indicator.unit)
        parts.append(
            f'<text x="{WIDTH - RIGHT}" y="{y(target) - 6:.1f}" text-anchor="end" '
            f'fill="{TARGET_COLOUR}">{escape(target_text.strip())}</text>'
        )
    if not values:
        parts.append(
            f'<text x="{LEFT + plot_w / 2}" y="{TOP + plot_h / 2}" text-anchor="middle" fill="{INK}">'
            f"{escape(_('No measured values yet'))}</text>"
        )
    else:
        points = " ".join(f"{x(i):.1f},{y(v):.1f}" for i, v in enumerate(values))
        parts.append(f'<polyline points="{points}" fill="none" stroke="{VALUE_COLOUR}" stroke-width="2.5"/>')
        for i, m in enumerate(measurements):
            parts.append(f'<circle cx="{x(i):.1f}" cy="{y(m.value):.1f}" r="4.5" fill="{VALUE_COLOUR}"/>')
            parts.append(
                f'<text x="{x(i):.1f}" y="{y(m.value) - 9:.1f}" text-anchor="middle" fill="{INK}" '
                f'font-weight="bold">{escape(format_number(m.value))}</text>'
            )
            parts.append(
                f'<text x="{x(i):.1f}" y="{HEIGHT - BOTTOM + 18}" text-anchor="middle" fill="{INK}">'
                f"{escape(m.period)}</text>"
            )
    parts.append(f'<line x1="{LEFT}" x2="{LEFT}" y1="{TOP}" y2="{TOP + plot_h}" stroke="{INK}"/>')
    parts.append(f'<text x="{LEFT - 6}" y="{TOP - 8}" text-anchor="end" fill="{INK}">{escape(indicator.unit)}</text>')
    parts.append("</svg>")
    # Every text part above went through escape(); the rest are numbers and constants.
    return Markup("".join(parts))  # noqa: S704

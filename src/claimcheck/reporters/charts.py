"""Inline SVG charts for the HTML report, drawn in Python: no JavaScript, no external assets.

The one chart the report needs is an *interval chart*: every interval anyone states or implies
for one quantity, as horizontal bars on one shared axis, labelled by source, so that intervals
that cannot all be true are seen not to overlap.

The axis is fitted to the *informative* bars (narrow ones, and the finite end of half-open
ones) rather than to every bar: an implied interval such as ``[0, 31.3] million`` (a part can
never exceed its whole) would otherwise squash a conflict of 0.0055 million into one pixel.
Any bar that runs past the axis, or is half-open, is drawn to the edge and ends in an arrow;
its exact bounds are always printed in the right-hand column.

Every string that reaches the SVG goes through :func:`esc`, which escapes like autoescaped
Jinja and also escapes ``=`` so that no text can read like an attribute assignment.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from markupsafe import Markup, escape

#: bar styles the report's legend explains (CSS classes in report.css: ``bar-<style>``)
STYLES = ("stated", "contested", "forecast", "target", "implied", "domain", "reference")

WIDTH = 960
LABEL_W = 250
VALUE_W = 230
PLOT_X0 = LABEL_W + 10
PLOT_X1 = WIDTH - VALUE_W - 14
ROW_H = 30
TOP = 8
AXIS_H = 30
ARROW = 7.0
#: a bar is "informative" (fits the axis) when its width is at most this share of its magnitude
TIGHT = 0.6
#: units shown without a million/billion scale
UNSCALED = ("percent", "pp", "ratio", "CNY_per_USD", "years", "rank")
_SUFFIX = {"percent": "%", "pp": "pp", "ratio": "×", "CNY_per_USD": "yuan/USD", "years": "years", "km": "km",
           "CNY": "yuan", "USD": "USD", "EUR": "EUR", "vehicles": "vehicles", "count": "", "rank": ""}


def esc(value: object) -> Markup:
    """Escape text for HTML or SVG (text or a quoted attribute), ``=`` included.

    >>> str(esc('" onmouseover="x'))
    '&#34; onmouseover&#61;&#34;x'
    """
    return Markup(str(escape(str(value))).replace("=", "&#61;"))


@dataclass(frozen=True)
class Bar:
    """One row of an interval chart.

    :param label: the left column, first line (who says it: the article).
    :param detail: the left column, second line (the claim, or how it is implied).
    :param lo: lower end (may be ``-inf``).
    :param hi: upper end (may be ``inf``).
    :param style: one of :data:`STYLES`.
    :param value_text: the bounds as people read them, for the right column.
    :param title: the tooltip.
    :param source: the article's short id (for ``data-source``).
    :param claim: the claim id, if one claim states it (for ``data-claim``).
    """

    label: str
    detail: str
    lo: float
    hi: float
    style: str
    value_text: str
    title: str = ""
    source: str = ""
    claim: str = ""


def scale_of(unit: str, magnitude: float) -> tuple[float, str]:
    """The factor and word ticks are printed in (``1e6, 'million'``), as numfmt prints figures."""
    if unit in UNSCALED:
        return 1.0, ""
    for factor, word in ((1e12, "trillion"), (1e9, "billion"), (1e6, "million")):
        if magnitude >= factor:
            return factor, word
    return 1.0, ""


def axis_caption(unit: str, word: str) -> str:
    """What the axis measures, e.g. ``million vehicles`` or ``%``."""
    suffix = _SUFFIX.get(unit, unit)
    return " ".join(x for x in (word, suffix) if x) or "value"


def _tight(bar: Bar) -> bool:
    if math.isinf(bar.lo) or math.isinf(bar.hi):
        return False
    width = bar.hi - bar.lo
    return width <= TIGHT * max(abs(bar.lo), abs(bar.hi), 1e-300)


def fit_axis(bars: list[Bar]) -> tuple[float, float] | None:
    """The axis range: the informative bars' ends, padded; None when no bar has a finite end."""
    points: list[float] = []
    for bar in bars:
        if _tight(bar):
            points += [bar.lo, bar.hi]
        elif math.isinf(bar.lo) != math.isinf(bar.hi):  # half-open: its finite end is informative
            points.append(bar.hi if math.isinf(bar.lo) else bar.lo)
    if not points:
        points = [x for bar in bars for x in (bar.lo, bar.hi) if not math.isinf(x)]
    if not points:
        return None
    lo, hi = min(points), max(points)
    span = hi - lo
    pad = span * 0.12 if span > 0 else max(abs(lo) * 0.02, 1.0)
    return lo - pad, hi + pad


def nice_ticks(lo: float, hi: float, count: int = 5) -> tuple[list[float], float]:
    """Round tick values inside ``[lo, hi]`` and their step.

    >>> nice_ticks(1.3, 1.5)[0]
    [1.3, 1.35, 1.4, 1.45, 1.5]
    """
    span = hi - lo
    if span <= 0 or not math.isfinite(span):
        return [lo], 1.0
    raw = span / count
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= raw)
    first = math.ceil(lo / step - 1e-9) * step
    ticks = []
    x = first
    while x <= hi + step * 1e-9:
        ticks.append(round(x, 12))
        x += step
    return ticks, step


def _tick_text(value: float, factor: float, step: float) -> str:
    scaled = step / factor
    decimals = max(0, -math.floor(math.log10(scaled) + 1e-12)) if scaled > 0 else 0
    if abs(round(scaled * 10 ** decimals) - scaled * 10 ** decimals) > 1e-6:  # a step like 0.25
        decimals += 1
    text = f"{value / factor:,.{min(decimals, 6)}f}"
    return "0" if text.strip("-0.,") == "" else text


def _truncate(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def interval_chart(key: str, unit: str, bars: list[Bar], *, caption: str = "") -> Markup:
    """Draw the intervals of one quantity as horizontal bars on one axis; returns ``<svg>`` markup.

    :param key: the quantity key (``data-quantity`` of the SVG).
    :param unit: the quantity's unit (for the axis caption and the tick scale).
    :param bars: the rows, top to bottom.
    :param caption: accessible description of the chart.
    """
    axis = fit_axis(bars)
    if axis is None:
        return Markup("")
    amin, amax = axis
    finite = [abs(x) for x in (amin, amax)]
    factor, word = scale_of(unit, max(finite))
    ticks, step = nice_ticks(amin, amax)
    height = TOP + ROW_H * len(bars) + AXIS_H
    plot_w = PLOT_X1 - PLOT_X0

    def x(v: float) -> float:
        return PLOT_X0 + (v - amin) / (amax - amin) * plot_w

    out: list[str] = [
        f'<svg class="qchart" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" '
        f'width="100%" role="img" aria-label="{esc(caption or key)}" data-quantity="{esc(key)}" '
        f'data-bars="{len(bars)}" preserveAspectRatio="xMinYMin meet">',
        f"<title>{esc(caption or key)}</title>",
    ]
    bottom = TOP + ROW_H * len(bars)
    for i in range(len(bars)):
        if i % 2 == 0:
            out.append(f'<rect class="row-bg" x="0" y="{TOP + i * ROW_H}" width="{WIDTH}" height="{ROW_H}"/>')
    for t in ticks:
        tx = x(t)
        out.append(f'<line class="grid" x1="{tx:.1f}" y1="{TOP}" x2="{tx:.1f}" y2="{bottom}"/>')
        out.append(f'<text class="tick" x="{tx:.1f}" y="{bottom + 14}" text-anchor="middle">'
                   f"{esc(_tick_text(t, factor, step))}</text>")
    out.append(f'<line class="axis" x1="{PLOT_X0}" y1="{bottom}" x2="{PLOT_X1}" y2="{bottom}"/>')
    out.append(f'<text class="axis-caption" x="{PLOT_X1}" y="{bottom + 27}" text-anchor="end">'
               f"{esc(axis_caption(unit, word))}</text>")
    for i, bar in enumerate(bars):
        out.append(_bar(bar, TOP + i * ROW_H, x, amin, amax))
    out.append("</svg>")
    return Markup("".join(out))


def _bar(bar: Bar, y0: float, x, amin: float, amax: float) -> str:
    mid_y = y0 + ROW_H / 2
    bar_h = 14.0
    top = mid_y - bar_h / 2
    attrs = f'class="bar bar-{esc(bar.style)}" data-style="{esc(bar.style)}"'
    if bar.source:
        attrs += f' data-source="{esc(bar.source)}"'
    if bar.claim:
        attrs += f' data-claim="{esc(bar.claim)}"'
    parts = [f"<g {attrs}>", f"<title>{esc(bar.title or bar.label + ': ' + bar.value_text)}</title>"]
    parts.append(f'<text class="label" x="8" y="{mid_y - 2:.1f}">{esc(_truncate(bar.label, 38))}</text>')
    parts.append(f'<text class="detail" x="8" y="{mid_y + 10:.1f}">{esc(_truncate(bar.detail, 44))}</text>')
    parts.append(f'<text class="value" x="{WIDTH - VALUE_W}" y="{mid_y + 4:.1f}">'
                 f"{esc(_truncate(bar.value_text, 36))}</text>")
    left_cut = bar.lo < amin
    right_cut = bar.hi > amax
    if bar.hi < amin or bar.lo > amax:  # wholly off the axis: an arrow at the edge it lies beyond
        edge = x(amin) if bar.hi < amin else x(amax)
        parts.append(_arrow(edge, mid_y, -1 if bar.hi < amin else 1, "off"))
        parts.append("</g>")
        return "".join(parts)
    x0 = x(max(bar.lo, amin))
    x1 = x(min(bar.hi, amax))
    if bar.lo == bar.hi:  # a point: a diamond
        r = 6.0
        parts.append(f'<path class="shape point" d="M{x0:.1f},{mid_y - r:.1f} L{x0 + r:.1f},{mid_y:.1f} '
                     f'L{x0:.1f},{mid_y + r:.1f} L{x0 - r:.1f},{mid_y:.1f} Z"/>')
    else:
        if x1 - x0 < 2.0:
            x0, x1 = (x0 + x1) / 2 - 1.0, (x0 + x1) / 2 + 1.0
        parts.append(f'<rect class="shape" x="{x0:.1f}" y="{top:.1f}" width="{x1 - x0:.1f}" height="{bar_h}" rx="2"/>')
        if not left_cut:
            parts.append(f'<line class="end" x1="{x0:.1f}" y1="{top - 3:.1f}" x2="{x0:.1f}" y2="{top + bar_h + 3:.1f}"/>')
        if not right_cut:
            parts.append(f'<line class="end" x1="{x1:.1f}" y1="{top - 3:.1f}" x2="{x1:.1f}" y2="{top + bar_h + 3:.1f}"/>')
    if left_cut:
        parts.append(_arrow(x0, mid_y, -1, "open" if math.isinf(bar.lo) else "cut"))
    if right_cut:
        parts.append(_arrow(x1, mid_y, 1, "open" if math.isinf(bar.hi) else "cut"))
    parts.append("</g>")
    return "".join(parts)


def _arrow(at: float, y: float, direction: int, kind: str) -> str:
    """A triangle pointing away from the plot at one of its edges."""
    tip = at + direction * ARROW
    return (f'<path class="arrow arrow-{kind}" d="M{at:.1f},{y - ARROW:.1f} L{tip:.1f},{y:.1f} '
            f'L{at:.1f},{y + ARROW:.1f} Z"/>')

"""Static SVG charts of figures over time: no script, so they print, travel in a file and
pass a Content-Security-Policy that forbids scripts and inline styles (colours and lines are
SVG attributes, not CSS).

The x axis is time: a point sits at the middle of its period (a year in mid-year, a quarter
mid-quarter), so periods of different precision share one axis. Reported values are solid,
targets and other non-reported values hollow on a dashed line.
"""

from __future__ import annotations

import datetime as dt
from xml.sax.saxutils import escape, quoteattr

from silkgraph.model import iso_bounds

WIDTH, HEIGHT = 680, 280
LEFT, RIGHT, TOP, BOTTOM = 70, 170, 20, 36  # margins; the legend sits in the right one
COLOURS = ("#1f5f8b", "#c0392b", "#2e8b57", "#8e44ad", "#d68910", "#117a65", "#5d6d7e", "#a93226")


def period_middle(iso: str | None) -> dt.date | None:
    """The middle day of a period of any precision, or None when it has none."""
    bounds = iso_bounds(iso) if iso else None
    if bounds is None:
        return None
    start, end = bounds
    return start + (end - start) / 2


def short_number(value: float) -> str:
    """7e10 -> "70 bn", 4.4e9 -> "4.4 bn", 1500 -> "1,500"."""
    for size, word in ((1e12, "tn"), (1e9, "bn"), (1e6, "m")):
        if abs(value) >= size:
            return f"{value / size:,.2f}".rstrip("0").rstrip(".") + f" {word}"
    return f"{value:,.2f}".rstrip("0").rstrip(".")


def time_chart(lines: list[dict], unit: str | None, title: str) -> str | None:
    """An SVG chart of `lines` ({label, dashed, points: [(iso period, value)]}) on a time axis,
    or None when no point has a period."""
    placed: list[tuple[dict, list[tuple[dt.date, float]]]] = []
    for line in lines:
        points = []
        for period, value in line["points"]:
            middle = period_middle(period)
            if middle is not None and value is not None:
                points.append((middle, float(value)))
        if points:
            placed.append((line, sorted(points)))
    if not placed:
        return None
    days = [d for _, points in placed for d, _ in points]
    values = [v for _, points in placed for _, v in points]
    first, last = min(days).year, max(days).year
    x0, x1 = dt.date(first, 1, 1), dt.date(last + 1, 1, 1)
    top = _nice_top(max(max(values), 0))
    bottom = min(0.0, min(values))
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM

    def x(day: dt.date) -> float:
        return LEFT + plot_w * (day - x0).days / max((x1 - x0).days, 1)

    def y(value: float) -> float:
        return TOP + plot_h * (1 - (value - bottom) / ((top - bottom) or 1))

    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 {WIDTH} {HEIGHT}" '
        f'width="{WIDTH}" height="{HEIGHT}" role="img" aria-label={quoteattr(title)}>',
        f"<title>{escape(title)}</title>",
    ]
    for step in range(5):  # horizontal grid with values
        value = bottom + (top - bottom) * step / 4
        out.append(
            f'<line x1="{LEFT}" x2="{LEFT + plot_w}" y1="{y(value):.1f}" y2="{y(value):.1f}" stroke="#ddd"/>'
            f'<text x="{LEFT - 6}" y="{y(value) + 4:.1f}" text-anchor="end" font-size="11" fill="#555">'
            f"{escape(short_number(value))}</text>"
        )
    years = list(range(first, last + 2))
    every = max(1, len(years) // 10)
    for year in years[::every]:  # vertical ticks at the start of each year
        at = x(dt.date(year, 1, 1))
        out.append(
            f'<line x1="{at:.1f}" x2="{at:.1f}" y1="{TOP}" y2="{TOP + plot_h}" stroke="#eee"/>'
            f'<text x="{at:.1f}" y="{HEIGHT - BOTTOM + 16}" text-anchor="middle" font-size="11" fill="#555">{year}</text>'
        )
    out.append(f'<text x="{LEFT}" y="{TOP - 6}" font-size="11" fill="#555">{escape(unit or "")}</text>' if unit else "")
    for index, (line, points) in enumerate(placed):
        colour = COLOURS[index % len(COLOURS)]
        dash = ' stroke-dasharray="5 4"' if line.get("dashed") else ""
        if len(points) > 1:
            path = " ".join(f"{x(d):.1f},{y(v):.1f}" for d, v in points)
            out.append(f'<polyline points="{path}" fill="none" stroke="{colour}" stroke-width="2"{dash}/>')
        fill = "#fff" if line.get("dashed") else colour
        for day, value in points:
            out.append(
                f'<circle cx="{x(day):.1f}" cy="{y(value):.1f}" r="4" fill="{fill}" stroke="{colour}" stroke-width="2">'
                f"<title>{escape(line['label'])}: {escape(short_number(value))} ({day.year})</title></circle>"
            )
        legend_y = TOP + 14 + 18 * index
        out.append(
            f'<line x1="{WIDTH - RIGHT + 12}" x2="{WIDTH - RIGHT + 32}" y1="{legend_y - 4}" y2="{legend_y - 4}" '
            f'stroke="{colour}" stroke-width="2"{dash}/>'
            f'<text x="{WIDTH - RIGHT + 38}" y="{legend_y}" font-size="11" fill="#222">{escape(_shorter(line["label"], 22))}</text>'
        )
    out.append("</svg>")
    return "".join(out)


def _nice_top(value: float) -> float:
    """The smallest of 1, 2, 2.5, 5 times a power of ten at or above `value` (an axis' top)."""
    if value <= 0:
        return 1.0
    power = 10 ** (len(str(int(value))) - 1) if value >= 1 else 1.0
    for factor in (1, 2, 2.5, 5, 10):
        if factor * power >= value:
            return float(factor * power)
    return float(10 * power)


def _shorter(text: str, longest: int) -> str:
    """`text` cut to `longest` characters, an ellipsis marking the cut."""
    return text if len(text) <= longest else text[: longest - 1].rstrip() + "…"

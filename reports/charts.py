"""Server-side SVG bar charts of the monthly trend, so the dashboard and the PDF show the
same picture. A suppressed month gets no bar but a hatched stub labelled as in the table
("<5" or "x"): the chart never shows more than the table next to it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.utils.formats import date_format, number_format
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from .constants import SUPPRESSION_THRESHOLD
from .tables import Table

COLOURS = ("#154273", "#a34a00", "#1d6b35", "#5b2378")


@dataclass
class Chart:
    title: str
    svg: SafeString


def _nice_ceiling(value: float) -> int:
    """A round top for the axis: 5, 10, 20, 25, 50, 100, …"""
    top = max(value, SUPPRESSION_THRESHOLD)
    magnitude = 10 ** max(len(str(int(top))) - 1, 0)
    for step in (1, 2, 2.5, 5, 10):
        if step * magnitude >= top:
            return int(step * magnitude)
    return int(10 * magnitude)


def bar_chart(table: Table, column: int, *, chart_id: str, width: int = 640) -> Chart:
    """One column of `table` as bars, a bar per row. A narrower `width` draws the same
    texts relatively larger (the PDF shows two charts side by side)."""
    title = table.columns[column].label
    colour = COLOURS[column % len(COLOURS)]
    cells = [(row.label, row.cells[column]) for row in table.rows]
    height = 230
    left, right, top, bottom = 44, 12, 16, 44
    plot_w, plot_h = width - left - right, height - top - bottom
    highest = max((float(c.number) for _l, c in cells if c.number is not None), default=0)
    ceiling = _nice_ceiling(highest)
    slot = plot_w / max(len(cells), 1)
    bar_w = min(slot * 0.7, 48)

    def y_of(value: float) -> float:
        return top + plot_h * (1 - value / ceiling)

    shown = "; ".join(f"{label}: {cell.text}" for label, cell in cells)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" class="chart" '
        f'role="img" aria-labelledby="{chart_id}-t {chart_id}-d">',
        f'<title id="{chart_id}-t">{escape(title)}</title>',
        f'<desc id="{chart_id}-d">{escape(shown)}</desc>',
        f'<defs><pattern id="{chart_id}-hatch" width="6" height="6" '
        f'patternUnits="userSpaceOnUse" patternTransform="rotate(45)">'
        f'<line x1="0" y1="0" x2="0" y2="6" stroke="#8a9099" stroke-width="2"/></pattern></defs>',
    ]
    # The ceiling is 5, 10, 20, 25, 50, … times a power of ten: fifths are whole numbers.
    for tick in range(0, 6):
        value = ceiling * tick // 5
        y = y_of(value)
        parts.append(
            f'<line x1="{left}" x2="{width - right}" y1="{y:.1f}" y2="{y:.1f}" '
            f'stroke="#d0d5da" stroke-width="1"/>'
            f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end" font-size="11" '
            f'fill="#333">{number_format(value, force_grouping=True)}</text>'
        )
    # Label every month when they fit, else every second or third.
    label_every = 1 if len(cells) <= 12 else (2 if len(cells) <= 24 else 3)
    first_month = date_format(date(2000, 1, 1), "b")
    for i, (label, cell) in enumerate(cells):
        x = left + slot * i + (slot - bar_w) / 2
        centre = x + bar_w / 2
        tip = f"<title>{escape(label)}: {escape(cell.text)}</title>"
        if cell.number is None:
            # "<5" stands up to the threshold; "x" may be any size, so it gets a low stub.
            stub = y_of(SUPPRESSION_THRESHOLD - 1 if cell.small else ceiling / 40)
            parts.append(
                f'<rect x="{x:.1f}" y="{stub:.1f}" width="{bar_w:.1f}" '
                f'height="{top + plot_h - stub:.1f}" fill="url(#{chart_id}-hatch)" '
                f'stroke="#8a9099">{tip}</rect>'
                f'<text x="{centre:.1f}" y="{stub - 4:.1f}" text-anchor="middle" font-size="10" '
                f'fill="#555">{escape(cell.text)}</text>'
            )
        else:
            y = y_of(float(cell.number))
            parts.append(
                f'<rect x="{x:.1f}" y="{y:.1f}" width="{bar_w:.1f}" '
                f'height="{top + plot_h - y:.1f}" fill="{colour}">{tip}</rect>'
            )
            if len(cells) <= 18:
                parts.append(
                    f'<text x="{centre:.1f}" y="{y - 4:.1f}" text-anchor="middle" '
                    f'font-size="10" fill="#1b1b1b">{escape(cell.text)}</text>'
                )
        if i % label_every == 0:
            # "jan 2026": the month under every bar, the year under the first and January.
            month, _space, year = label.partition(" ")
            parts.append(
                f'<text x="{centre:.1f}" y="{height - bottom + 15}" text-anchor="middle" '
                f'font-size="10.5" fill="#333">{escape(month)}</text>'
            )
            if i == 0 or month == first_month:
                parts.append(
                    f'<text x="{centre:.1f}" y="{height - bottom + 29}" text-anchor="middle" '
                    f'font-size="10.5" fill="#333">{escape(year)}</text>'
                )
    parts.append(
        f'<line x1="{left}" x2="{width - right}" y1="{top + plot_h}" y2="{top + plot_h}" '
        f'stroke="#555" stroke-width="1"/>'
    )
    parts.append("</svg>")
    return Chart(title, mark_safe("".join(parts)))  # noqa: S308 - every text is escaped above


def trend_charts(trend: Table, *, prefix: str = "trend", width: int = 640) -> list[Chart]:
    return [
        bar_chart(trend, index, chart_id=f"{prefix}-{index}", width=width)
        for index in range(len(trend.columns))
    ]

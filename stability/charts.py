"""Server-side SVG charts, so the browser and a PDF show the same picture. Each series
differs in line pattern and marker shape as well as colour, and every chart carries a
title and description; the page puts the same numbers in a table next to it."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .constants import Leg


@dataclass(frozen=True)
class SeriesStyle:
    colour: str
    dash: str
    marker: str  # circle, square or triangle


LEG_STYLES = {
    Leg.LIVING_ENVIRONMENT.value: SeriesStyle("#154273", "", "circle"),
    Leg.PARTICIPATION.value: SeriesStyle("#a34a00", "7 4", "square"),
    Leg.CONTINUITY.value: SeriesStyle("#1d6b35", "2 3", "triangle"),
}

# Legs with the same score would hide each other: each series sits a few pixels apart.
LEG_OFFSETS = {
    Leg.LIVING_ENVIRONMENT.value: -4,
    Leg.PARTICIPATION.value: 0,
    Leg.CONTINUITY.value: 4,
}

LEG_SHORT_LABELS = {
    Leg.LIVING_ENVIRONMENT.value: gettext_lazy("Leefomgeving"),
    Leg.PARTICIPATION.value: gettext_lazy("Meedoen"),
    Leg.CONTINUITY.value: gettext_lazy("Continuïteit"),
}


def _marker(kind: str, x: float, y: float, colour: str, title: str) -> str:
    t = f"<title>{escape(title)}</title>"
    if kind == "square":
        return (
            f'<rect x="{x - 4:.1f}" y="{y - 4:.1f}" width="8" height="8" fill="{colour}">{t}</rect>'
        )
    if kind == "triangle":
        points = f"{x:.1f},{y - 5:.1f} {x - 5:.1f},{y + 4:.1f} {x + 5:.1f},{y + 4:.1f}"
        return f'<polygon points="{points}" fill="{colour}">{t}</polygon>'
    return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="4.5" fill="{colour}">{t}</circle>'


def leg_trend_svg(
    points: Sequence[tuple[date, dict[str, int | None]]], *, title: str, chart_id: str
) -> SafeString:
    """A line per leg over time. `points` are (date, {leg: score}) in date order."""
    width, height = 640, 250
    left, right, top, bottom = 50, 50, 44, 36
    plot_w, plot_h = width - left - right, height - top - bottom
    dates = [d for d, _legs in points]
    first, last = (dates[0], dates[-1]) if dates else (timezone.localdate(),) * 2
    span = max((last - first).days, 1)

    def x_of(d: date) -> float:
        if len(dates) == 1:
            return left + plot_w / 2
        return left + plot_w * (d - first).days / span

    def y_of(score: int) -> float:
        return top + plot_h * (5 - score) / 4

    desc = _("Verloop van de drie stabiliteitspoten, score 1 (acuut instabiel) tot 5 (stabiel).")
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'class="chart" role="img" aria-labelledby="{chart_id}-t {chart_id}-d">',
        f'<title id="{chart_id}-t">{escape(title)}</title>',
        f'<desc id="{chart_id}-d">{escape(desc)}</desc>',
    ]
    for score in range(1, 6):
        y = y_of(score)
        parts.append(
            f'<line x1="{left}" x2="{width - right}" y1="{y:.1f}" y2="{y:.1f}" '
            f'stroke="#d0d5da" stroke-width="1"/>'
            f'<text x="{left - 10}" y="{y + 4:.1f}" text-anchor="end" font-size="12" '
            f'fill="#333">{score}</text>'
        )
    for d in dates:
        parts.append(
            f'<text x="{x_of(d):.1f}" y="{height - bottom + 18}" text-anchor="middle" '
            f'font-size="11" fill="#333">{escape(date_format(d, "j b Y"))}</text>'
        )
    legend_x = left
    for leg, style in LEG_STYLES.items():
        label = escape(LEG_SHORT_LABELS[leg])
        parts.append(
            f'<line x1="{legend_x}" x2="{legend_x + 26}" y1="16" y2="16" stroke="{style.colour}" '
            f'stroke-width="2.5" stroke-dasharray="{style.dash}"/>'
            + _marker(style.marker, legend_x + 13, 16, style.colour, LEG_SHORT_LABELS[leg])
            + f'<text x="{legend_x + 32}" y="20" font-size="13" fill="#1b1b1b">{label}</text>'
        )
        legend_x += 190
    for leg, style in LEG_STYLES.items():
        scored = [(d, legs.get(leg)) for d, legs in points if legs.get(leg) is not None]
        offset = LEG_OFFSETS[leg]
        if len(scored) > 1:
            path = " ".join(f"{x_of(d):.1f},{y_of(v) + offset:.1f}" for d, v in scored)
            parts.append(
                f'<polyline points="{path}" fill="none" stroke="{style.colour}" '
                f'stroke-width="2.5" stroke-dasharray="{style.dash}"/>'
            )
        for d, v in scored:
            label = f"{LEG_SHORT_LABELS[leg]}: {v} ({d:%d-%m-%Y})"
            parts.append(_marker(style.marker, x_of(d), y_of(v) + offset, style.colour, label))
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every text in it is escaped above


def _bars_description(legs: dict[str, int | None]) -> str:
    return "; ".join(
        f"{LEG_SHORT_LABELS[leg]}: "
        + (_("%(score)s van 5") % {"score": legs[leg]} if legs.get(leg) else _("niet gescoord"))
        for leg in LEG_STYLES
    )


def leg_bars_svg(legs: dict[str, int | None], *, title: str, chart_id: str) -> SafeString:
    """Three horizontal bars, one per leg, with the score written next to each bar."""
    width, row, label_w, bar_w = 520, 34, 150, 300
    height = row * len(LEG_STYLES) + 8
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" class="bars" '
        f'role="img" aria-labelledby="{chart_id}-t {chart_id}-d">',
        f'<title id="{chart_id}-t">{escape(title)}</title>',
        f'<desc id="{chart_id}-d">{escape(_bars_description(legs))}</desc>',
    ]
    for i, (leg, style) in enumerate(LEG_STYLES.items()):
        y = 4 + i * row
        value = legs.get(leg)
        parts.append(
            f'<text x="0" y="{y + 20}" font-size="13" fill="#1b1b1b">'
            f"{escape(LEG_SHORT_LABELS[leg])}</text>"
            f'<rect x="{label_w}" y="{y + 6}" width="{bar_w}" height="18" fill="#eef1f4" '
            f'stroke="#9aa3ab"/>'
        )
        if value:
            parts.append(
                f'<rect x="{label_w}" y="{y + 6}" width="{bar_w * value / 5:.1f}" height="18" '
                f'fill="{style.colour}"/>'
            )
        text = _("%(score)s van 5") % {"score": value} if value else _("niet gescoord")
        parts.append(
            f'<text x="{label_w + bar_w + 8}" y="{y + 20}" font-size="13" fill="#1b1b1b">'
            f"{escape(text)}</text>"
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every text in it is escaped above

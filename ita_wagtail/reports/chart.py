"""A score-history chart as inline SVG, drawn on the server.

No JavaScript and no chart library: the report must print, open offline and
read the same in every browser. The chart has a title and description for
screen readers; the report also gives the same numbers as a table.
"""

from __future__ import annotations

from django.utils.html import escape

WIDTH = 640
HEIGHT = 260
LEFT, RIGHT, TOP, BOTTOM = 52, 40, 18, 48


def _x(index, count):
    span = WIDTH - LEFT - RIGHT
    if count == 1:
        return LEFT + span / 2
    return LEFT + span * index / (count - 1)


def _y(score):
    return TOP + (HEIGHT - TOP - BOTTOM) * (1 - max(0.0, min(100.0, score)) / 100)


def score_history_svg(points, *, title, description, pass_mark=None, pass_label=""):
    """``points``: [(label, score)] oldest first. Returns SVG markup (a string)."""
    count = len(points)
    parts = [
        f'<svg class="ita-chart" xmlns="http://www.w3.org/2000/svg" '
        f'viewBox="0 0 {WIDTH} {HEIGHT}" width="100%" role="img" '
        f'aria-labelledby="ita-chart-title ita-chart-desc">',
        f'<title id="ita-chart-title">{escape(title)}</title>',
        f'<desc id="ita-chart-desc">{escape(description)}</desc>',
    ]
    for tick in (0, 25, 50, 75, 100):
        y = _y(tick)
        parts.append(
            f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y:.1f}" y2="{y:.1f}" '
            f'stroke="#d0d0d0" stroke-width="1"/>'
            f'<text x="{LEFT - 6}" y="{y + 4:.1f}" text-anchor="end" '
            f'font-size="11" fill="#444">{tick}</text>'
        )
    if pass_mark is not None:
        y = _y(pass_mark)
        parts.append(
            f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y:.1f}" y2="{y:.1f}" '
            f'stroke="#8a5a00" stroke-width="1.5" stroke-dasharray="6 4"/>'
            f'<text x="{WIDTH - RIGHT}" y="{y - 5:.1f}" text-anchor="end" '
            f'font-size="11" fill="#8a5a00">{escape(pass_label)}</text>'
        )
    if count:
        coordinates = [
            (_x(i, count), _y(float(score))) for i, (_l, score) in enumerate(points)
        ]
        if count > 1:
            path = " ".join(f"{x:.1f},{y:.1f}" for x, y in coordinates)
            parts.append(
                f'<polyline points="{path}" fill="none" stroke="#1d5c8c" '
                f'stroke-width="2.5"/>'
            )
        for (label, score), (x, y) in zip(points, coordinates, strict=True):
            shown = f"{float(score):.1f}".rstrip("0").rstrip(".")
            parts.append(
                f'<circle cx="{x:.1f}" cy="{y:.1f}" r="4.5" fill="#1d5c8c"/>'
                f'<text x="{x:.1f}" y="{y - 9:.1f}" text-anchor="middle" '
                f'font-size="12" font-weight="bold" fill="#1a1a1a">{escape(shown)}</text>'
                f'<text x="{x:.1f}" y="{HEIGHT - BOTTOM + 18}" text-anchor="middle" '
                f'font-size="11" fill="#333">{escape(label)}</text>'
            )
    parts.append("</svg>")
    return "".join(parts)

"""The radar chart of the readiness dimensions, drawn with reportlab graphics.

Rings at 20, 40, 60, 80 and 100; one spoke per dimension, its title wrapped beside the spoke's
end with the score under it. A dimension without a score has no point on the chart: its label
says "insufficient data" and the outline joins only the dimensions that have a score. Every
string sets its font explicitly, since reportlab's graphics default to Helvetica.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from reportlab.graphics.shapes import Circle, Drawing, Line, Polygon, PolyLine, String
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth

from brokerdesk.reports import theme
from brokerdesk.reports.fonts import BOLD, OBLIQUE, REGULAR, printable, split_word

RINGS = (20, 40, 60, 80, 100)
LABEL_SIZE = 7.5
LABEL_LEADING = 9.0
LABEL_WIDTH = 34 * mm


@dataclass(frozen=True)
class Spoke:
    label: str
    score: float | None
    score_text: str


def wrap(text: str, font: str, size: float, width: float) -> list[str]:
    """Breaks ``text`` into lines of at most ``width`` points (a too-long word is hyphenated)."""
    lines: list[str] = []
    current = ""
    for word in printable(text, font).split():
        *full, word = split_word(word, font, size, width)
        candidate = f"{current} {word}" if current and not full else word
        if not full and stringWidth(candidate, font, size) <= width:
            current = candidate
            continue
        if current:
            lines.append(current)
        lines.extend(full)
        current = word
    if current:
        lines.append(current)
    return lines or [""]


def radar(spokes: Sequence[Spoke], width: float, radius: float = 38 * mm) -> Drawing:
    """A radar chart ``width`` points wide, its height fitted to the labels."""
    label_lines = [wrap(s.label, REGULAR, LABEL_SIZE, LABEL_WIDTH) for s in spokes]
    extra = max((len(lines) + 1 for lines in label_lines), default=1) * LABEL_LEADING
    height = 2 * (radius + extra + 4 * mm)
    drawing = Drawing(width, height)
    drawing.initialFontName = REGULAR
    cx, cy = width / 2, height / 2
    n = len(spokes)
    if n < 3:
        return drawing

    def point(index: int, value: float) -> tuple[float, float]:
        angle = math.pi / 2 - 2 * math.pi * index / n  # clockwise from the top
        r = radius * value / 100
        return cx + r * math.cos(angle), cy + r * math.sin(angle)

    for ring in RINGS:
        outline: list[float] = []
        for i in range(n):
            outline.extend(point(i, ring))
        drawing.add(
            Polygon(
                outline,
                strokeColor=theme.RULE if ring < 100 else theme.ACCENT_MID,
                strokeWidth=0.5 if ring < 100 else 0.8,
                fillColor=theme.FAINT if ring == 100 else None,
                strokeDashArray=None if ring == 100 else [1.5, 1.5],
            )
        )
    for i in range(n):
        x, y = point(i, 100)
        drawing.add(Line(cx, cy, x, y, strokeColor=theme.RULE, strokeWidth=0.5))
    for ring in RINGS:
        x, y = point(0, ring)
        drawing.add(
            String(x + 1.5, y + 1.5, str(ring), fontName=REGULAR, fontSize=6, fillColor=theme.MUTED)
        )

    scored = [(i, s.score) for i, s in enumerate(spokes) if s.score is not None]
    coords: list[float] = []
    for i, score in scored:
        coords.extend(point(i, max(score, 1.0)))
    if len(scored) >= 3:
        drawing.add(
            Polygon(
                coords,
                strokeColor=theme.ACCENT,
                strokeWidth=1.4,
                fillColor=theme.ACCENT,
                fillOpacity=0.18,
                strokeLineJoin=1,
            )
        )
    elif len(scored) == 2:
        drawing.add(PolyLine(coords, strokeColor=theme.ACCENT, strokeWidth=1.4))
    for i, score in scored:
        x, y = point(i, max(score, 1.0))
        drawing.add(Circle(x, y, 1.8, fillColor=theme.ACCENT, strokeColor=None))

    for i, spoke in enumerate(spokes):
        _label(drawing, point(i, 100), (cx, cy), label_lines[i], spoke)
    return drawing


def _label(
    drawing: Drawing,
    end: tuple[float, float],
    centre: tuple[float, float],
    lines: list[str],
    spoke: Spoke,
) -> None:
    """Places a spoke's title and score just outside its end, anchored away from the centre."""
    x, y = end
    dx, dy = x - centre[0], y - centre[1]
    length = math.hypot(dx, dy) or 1.0
    gap = 3.5 * mm
    x, y = x + dx / length * gap, y + dy / length * gap
    anchor = "middle" if abs(dx) < 0.15 * length else ("start" if dx > 0 else "end")
    score_font = BOLD if spoke.score is not None else OBLIQUE
    all_lines = [(line, REGULAR, theme.INK) for line in lines]
    all_lines.append((printable(spoke.score_text, score_font), score_font, theme.ACCENT))
    block = len(all_lines) * LABEL_LEADING
    if dy > 0.5 * length:  # above the chart: the block sits on the spoke's end
        top = y + block - LABEL_SIZE * 0.2
    elif dy < -0.5 * length:  # below: the block hangs from it
        top = y - LABEL_SIZE * 0.3
    else:  # beside: centred on it
        top = y + block / 2 - LABEL_SIZE * 0.2
    for n, (text, font, colour) in enumerate(all_lines):
        baseline = top - (n + 1) * LABEL_LEADING + (LABEL_LEADING - LABEL_SIZE)
        if spoke.score is None and font == score_font:
            colour = theme.MUTED
        drawing.add(
            String(
                x,
                baseline,
                text,
                fontName=font,
                fontSize=LABEL_SIZE,
                fillColor=colour,
                textAnchor=anchor,
            )
        )

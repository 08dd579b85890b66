"""The radar chart: every label in DejaVu Sans, no label off the drawing, missing scores shown."""

from __future__ import annotations

from reportlab.graphics.shapes import Drawing, Group, Polygon, String
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth

from brokerdesk.reports.chart import Spoke, radar, wrap
from brokerdesk.reports.fonts import REGULAR, STYLES


def _shapes(node: Drawing | Group) -> list[object]:
    out: list[object] = []
    for item in node.contents:
        out.extend(_shapes(item) if isinstance(item, Group) else [item])
    return out


def _spokes(n: int = 9) -> list[Spoke]:
    titles = [
        "Management commitment and strategy",
        "Internationalisierungsbereitschaftsüberprüfung",
        "Networks abroad",
        "Offering for foreign markets",
        "Innovation and technology",
        "Financial and production resources",
        "Cilvēkresursi un valodu zināšanas",
        "Market knowledge and marketing",
        "Standards, certification and compliance",
    ]
    return [
        Spoke(
            titles[i], None if i == 3 else 10.0 * i, "insufficient data" if i == 3 else str(10 * i)
        )
        for i in range(n)
    ]


def test_every_string_of_the_chart_is_set_in_dejavu_sans() -> None:
    drawing = radar(_spokes(), 170 * mm)
    strings = [s for s in _shapes(drawing) if isinstance(s, String)]
    assert len(strings) >= 9 * 2 + 5  # labels, scores and the ring values
    assert {s.fontName for s in strings} <= set(STYLES)
    assert drawing.initialFontName == REGULAR


def test_no_label_leaves_the_drawing() -> None:
    drawing = radar(_spokes(), 170 * mm)
    for s in (s for s in _shapes(drawing) if isinstance(s, String)):
        width = stringWidth(s.text, s.fontName, s.fontSize)
        left = {"start": s.x, "middle": s.x - width / 2, "end": s.x - width}[s.textAnchor]
        assert left >= 0 and left + width <= drawing.width, s.text
        assert 0 <= s.y <= drawing.height - s.fontSize * 0.8, s.text


def test_a_dimension_without_a_score_has_no_point_and_says_so() -> None:
    drawing = radar(_spokes(), 170 * mm)
    texts = [s.text for s in _shapes(drawing) if isinstance(s, String)]
    assert "insufficient data" in texts
    outline = [p for p in _shapes(drawing) if isinstance(p, Polygon)][-1]
    assert len(outline.points) == 2 * 8  # eight scored dimensions of nine


def test_a_compound_longer_than_a_label_line_is_broken_with_a_hyphen() -> None:
    lines = wrap("Internationalisierungsbereitschaftsüberprüfung", REGULAR, 7.5, 30 * mm)
    assert len(lines) >= 2
    assert all(stringWidth(line, REGULAR, 7.5) <= 30 * mm for line in lines)
    assert lines[0].endswith("-")
    assert (
        "".join(line.rstrip("-") for line in lines)
        == "Internationalisierungsbereitschaftsüberprüfung"
    )

"""Small building blocks of the report: safe paragraphs, key–value tables, score bars.

Every text that reaches a paragraph goes through ``para``: it is escaped (a ``<`` in a note is
text, not markup) and made printable in the style's font.
"""

from __future__ import annotations

from collections.abc import Sequence
from xml.sax.saxutils import escape

from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, Table, TableStyle

from brokerdesk.reports import theme
from brokerdesk.reports.fonts import REGULAR, break_long_words, printable
from brokerdesk.reports.model import Field


def markup(text: str, font: str) -> str:
    """``text`` as paragraph markup: escaped, printable in ``font``, line breaks kept."""
    safe = escape(printable(text, font))
    return "<br/>".join(" ".join(line.split()) for line in safe.split("\n"))


def para(text: str, style: ParagraphStyle, width: float | None = None) -> Paragraph:
    """A paragraph of plain text; with ``width``, words wider than it are hyphenated to fit."""
    if width is not None:
        text = break_long_words(text, style.fontName, style.fontSize, width)
    return Paragraph(markup(text, style.fontName), style)


def paragraphs(text: str, style: ParagraphStyle) -> list[Paragraph]:
    """A longer text (a note, the agreed next steps) as paragraphs, one per blank-line block."""
    blocks = [b.strip() for b in text.replace("\r\n", "\n").split("\n\n")]
    return [para(b, style) for b in blocks if b]


class ScoreBar(Flowable):
    """A horizontal bar of a score from 0 to 100 on a light track."""

    def __init__(self, value: float, width: float, weak: bool = False, height: float = 2.6 * mm):
        super().__init__()
        self.value = max(0.0, min(100.0, value))
        self.width, self.height, self.weak = width, height, weak

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        c = self.canv
        c.setFillColor(theme.ACCENT_LIGHT)
        c.roundRect(0, 0, self.width, self.height, self.height / 2, stroke=0, fill=1)
        if self.value > 0:
            c.setFillColor(theme.WEAK if self.weak else theme.ACCENT)
            length = max(self.height, self.width * self.value / 100)
            c.roundRect(0, 0, length, self.height, self.height / 2, stroke=0, fill=1)


def grid(
    rows: Sequence[Sequence[object]],
    widths: Sequence[float],
    commands: Sequence[tuple] = (),
    repeat_rows: int = 0,
) -> Table:
    """A table whose every cell, even an empty one, is set in DejaVu Sans.

    A ``Table`` draws plain-string cells in its own default font, Helvetica, which must never
    reach the file.
    """
    table = Table(
        [list(r) for r in rows], colWidths=list(widths), repeatRows=repeat_rows, hAlign="LEFT"
    )
    table.setStyle(TableStyle([("FONT", (0, 0), (-1, -1), REGULAR, 8.5), *commands]))
    return table


def field_table(
    fields: Sequence[Field], label_width: float = 52 * mm, width: float = theme.FRAME_WIDTH
) -> Table:
    """Label–value rows: the label muted on the left, the value beside it."""
    s = theme.styles()
    label_text = label_width - 4 * mm
    rows = [
        [para(f.label, s.label, label_text), para(f.value, s.cell, width - label_width)]
        for f in fields
    ]
    return grid(
        rows,
        [label_width, width - label_width],
        [
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ("RIGHTPADDING", (0, 0), (0, -1), 4 * mm),
            ("TOPPADDING", (0, 0), (-1, -1), 3),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 3.5),
            ("LINEBELOW", (0, 0), (-1, -2), 0.4, theme.RULE),
        ],
    )


def data_table(
    rows: list[list[object]], widths: Sequence[float], extra: Sequence[tuple] = ()
) -> Table:
    """A table with a header row repeated on every page it spans."""
    return grid(
        rows,
        widths,
        [
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ("VALIGN", (0, 0), (-1, 0), "BOTTOM"),
            ("LEFTPADDING", (0, 0), (-1, -1), 4),
            ("RIGHTPADDING", (0, 0), (-1, -1), 4),
            ("TOPPADDING", (0, 0), (-1, -1), 4),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 4.5),
            ("LINEBELOW", (0, 0), (-1, 0), 0.9, theme.ACCENT),
            ("LINEBELOW", (0, 1), (-1, -1), 0.4, theme.RULE),
            ("ROWBACKGROUNDS", (0, 1), (-1, -1), [None, theme.FAINT]),
            *extra,
        ],
        repeat_rows=1,
    )

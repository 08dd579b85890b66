"""The page furniture: header and footer on every page, with "page N of M".

reportlab only knows the number of pages once the last one is laid out, so ``NumberedCanvas``
keeps every finished page and draws the header and footer on all of them at ``save``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from brokerdesk.reports import theme
from brokerdesk.reports.fonts import BOLD, REGULAR, printable

ELLIPSIS = "…"


def fit(text: str, font: str, size: float, width: float) -> str:
    """``text`` cut with an ellipsis so that it fits ``width`` points on one line."""
    text = printable(" ".join(text.split()), font)
    if stringWidth(text, font, size) <= width:
        return text
    low, high = 0, len(text)
    while low < high:  # the longest prefix that fits with the ellipsis
        mid = (low + high + 1) // 2
        if stringWidth(text[:mid].rstrip() + ELLIPSIS, font, size) <= width:
            low = mid
        else:
            high = mid - 1
    return text[:low].rstrip() + ELLIPSIS


@dataclass(frozen=True)
class Furniture:
    """The texts of the header and footer, already translated.

    ``page_label`` has the placeholders ``{page}`` and ``{pages}``.
    """

    title: str
    company: str
    reference: str
    date: str
    page_label: str
    interim: str = ""  # the interim mark, empty for a complete assessment

    def draw(self, canvas: Canvas, page: int, pages: int) -> None:
        canvas.saveState()
        left, right = theme.MARGIN_LEFT, theme.PAGE_WIDTH - theme.MARGIN_RIGHT
        width = right - left
        top = theme.PAGE_HEIGHT - 13 * mm
        if page == 1:
            # The cover carries a quiet accent strip down its left edge.
            canvas.setFillColor(theme.ACCENT)
            canvas.rect(0, 0, 7 * mm, theme.PAGE_HEIGHT, stroke=0, fill=1)
        canvas.setFont(REGULAR, 7.5)
        canvas.setFillColor(theme.MUTED)
        tag_width = 0.0
        if self.interim:
            tag = fit(self.interim, BOLD, 7.5, width * 0.3)
            tag_width = stringWidth(tag, BOLD, 7.5) + 6 * mm
            canvas.setFont(BOLD, 7.5)
            canvas.setFillColor(theme.INTERIM)
            canvas.drawRightString(right, top, tag)
            canvas.setFont(REGULAR, 7.5)
            canvas.setFillColor(theme.MUTED)
        title_width = (width - tag_width) * 0.5
        title = fit(self.title, REGULAR, 7.5, title_width)
        canvas.drawRightString(right - tag_width, top, title)
        company_width = width - tag_width - stringWidth(title, REGULAR, 7.5) - 8 * mm
        canvas.setFont(BOLD, 7.5)
        canvas.setFillColor(theme.INK)
        canvas.drawString(left, top, fit(self.company, BOLD, 7.5, company_width))
        canvas.setStrokeColor(theme.RULE)
        canvas.setLineWidth(0.5)
        canvas.line(left, top - 2.5 * mm, right, top - 2.5 * mm)

        bottom = 11 * mm
        canvas.line(left, bottom + 4 * mm, right, bottom + 4 * mm)
        canvas.setFont(REGULAR, 7.5)
        canvas.setFillColor(theme.MUTED)
        number = fit(self.page_label.format(page=page, pages=pages), REGULAR, 7.5, width * 0.3)
        canvas.drawRightString(right, bottom, number)
        canvas.drawString(left, bottom, fit(self.reference, REGULAR, 7.5, width * 0.4))
        canvas.drawCentredString(
            left + width / 2, bottom, fit(self.date, REGULAR, 7.5, width * 0.3)
        )
        canvas.restoreState()


class NumberedCanvas(Canvas):
    """A canvas that draws ``furniture`` on every page once the page count is known."""

    def __init__(self, *args: Any, furniture: Furniture, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._furniture = furniture
        self._pages: list[dict[str, Any]] = []

    def showPage(self) -> None:
        self._pages.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        total = len(self._pages)
        for state in self._pages:
            self.__dict__.update(state)
            self._furniture.draw(self, self._pageNumber, total)
            super().showPage()
        super().save()

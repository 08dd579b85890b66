"""A horizontal bar chart drawn with QPainter, that can be saved as a PNG.

One bar per row: the label on the left (cut with "…" when too long), the bar, and the value's
text at its end. Colours come from the palette, sizes from the font, so that a dark palette and
large fonts keep it readable. The same drawing goes to the screen and to the PNG.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QRect, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QImage, QPainter, QPaintEvent, QPalette
from PySide6.QtWidgets import QSizePolicy, QWidget

from brokerdesk.i18n import _, active

PNG_SCALE = 2  # a saved chart is drawn at twice the pixels: sharp in a report or on a slide


class BarChart(QWidget):
    """A titled list of labelled bars. ``set_bars`` gives the data; ``save_png`` writes it."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = ""
        self.bars: list[tuple[str, float]] = []
        self.maximum: float | None = None
        self._texts: list[str] = []
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)

    def set_bars(
        self,
        title: str,
        bars: Sequence[tuple[str, float]],
        texts: Sequence[str] | None = None,
        maximum: float | None = None,
    ) -> None:
        """Shows ``bars`` as (label, value), each value written as its number or as ``texts``
        says; ``maximum`` is the value of a full bar (the largest value by default)."""
        self.title = title
        self.bars = [(str(label), float(value)) for label, value in bars]
        self.maximum = maximum
        number = active().number
        self._texts = list(texts) if texts is not None else [number(v) for _l, v in self.bars]
        self.setAccessibleName(title)
        self.setAccessibleDescription(
            "; ".join(
                f"{label}: {text}" for (label, _v), text in zip(self.bars, self._texts, strict=True)
            )
            or self._empty_text()
        )
        self.updateGeometry()
        self.update()

    def _empty_text(self) -> str:
        return _("No cases in view.")

    # -- size ----------------------------------------------------------------------------------

    def _row_height(self) -> int:
        return round(self.fontMetrics().height() * 1.5)

    def _title_height(self) -> int:
        return round(self.fontMetrics().height() * 2.0)

    def sizeHint(self) -> QSize:
        rows = max(1, len(self.bars))
        metrics = self.fontMetrics()
        return QSize(
            metrics.averageCharWidth() * 60,
            self._title_height() + rows * self._row_height() + metrics.height() // 2,
        )

    def minimumSizeHint(self) -> QSize:
        hint = self.sizeHint()
        return QSize(self.fontMetrics().averageCharWidth() * 30, hint.height())

    # -- drawing -------------------------------------------------------------------------------

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        try:
            self.paint(painter, self.rect())
        finally:
            painter.end()

    def paint(self, painter: QPainter, area: QRect) -> None:
        """Draws the chart into ``area`` (the widget, or an image to save)."""
        palette = self.palette()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(area, palette.color(QPalette.ColorRole.Base))
        text_colour = palette.color(QPalette.ColorRole.Text)
        metrics = self.fontMetrics()
        margin = metrics.averageCharWidth()
        bold = QFont(self.font())
        bold.setBold(True)
        painter.setFont(bold)
        painter.setPen(text_colour)
        title_rect = QRect(
            area.left() + margin, area.top(), area.width() - 2 * margin, self._title_height()
        )
        painter.drawText(
            title_rect, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, self.title
        )
        painter.setFont(self.font())
        top = area.top() + self._title_height()
        if not self.bars:
            painter.setPen(palette.color(QPalette.ColorRole.PlaceholderText))
            painter.drawText(
                QRect(area.left() + margin, top, area.width() - 2 * margin, self._row_height()),
                Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                self._empty_text(),
            )
            return
        label_width = min(
            max(metrics.horizontalAdvance(label) for label, _v in self.bars) + margin,
            int(area.width() * 0.4),
        )
        value_width = max(metrics.horizontalAdvance(t) for t in self._texts) + margin
        bar_left = area.left() + margin + label_width + margin
        bar_room = max(1, area.right() - margin - value_width - bar_left)
        full = self.maximum or max((v for _l, v in self.bars), default=0.0) or 1.0
        bar_colour = palette.color(QPalette.ColorRole.Highlight)
        row = self._row_height()
        for n, ((label, value), text) in enumerate(zip(self.bars, self._texts, strict=True)):
            y = top + n * row
            painter.setPen(text_colour)
            shown = metrics.elidedText(label, Qt.TextElideMode.ElideRight, label_width)
            painter.drawText(
                QRect(area.left() + margin, y, label_width, row),
                Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                shown,
            )
            length = bar_room * max(0.0, min(1.0, value / full))
            bar = QRectF(bar_left, y + row * 0.2, max(length, 1.0 if value > 0 else 0.0), row * 0.6)
            painter.fillRect(bar, QColor(bar_colour))
            painter.drawText(
                QRect(int(bar_left + length) + margin // 2, y, value_width + margin, row),
                Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                text,
            )

    # -- saving --------------------------------------------------------------------------------

    def image(self, width: int | None = None) -> QImage:
        """The chart as an image, ``width`` logical pixels wide (the widget's width by default)."""
        hint = self.sizeHint()
        size = QSize(width or max(self.width(), hint.width()), hint.height())
        image = QImage(size * PNG_SCALE, QImage.Format.Format_ARGB32_Premultiplied)
        image.setDevicePixelRatio(PNG_SCALE)
        painter = QPainter(image)
        try:
            self.paint(painter, QRect(0, 0, size.width(), size.height()))
        finally:
            painter.end()
        return image

    def save_png(self, path: Path, width: int | None = None) -> bool:
        """Writes the chart to ``path`` as a PNG; False when it could not be written."""
        # PySide accepts the format as text only, whatever its stubs say.
        return self.image(width).save(str(path), "PNG")  # type: ignore[call-overload]

"""A radar chart of the readiness dimensions, drawn with QPainter (QtCharts is not available).

Every dimension is a spoke from 0 (centre) to 100 (rim). Scored dimensions are joined into a
filled shape; a dimension with insufficient data gets a hollow ring at its rim instead of a point,
so the shape never pretends to know a score. Labels wrap around the chart; all colours come from
the palette.
"""

from __future__ import annotations

import math

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFontMetricsF, QPainter, QPaintEvent, QPalette, QPen, QPolygonF
from PySide6.QtWidgets import QSizePolicy, QWidget

from brokerdesk.i18n import active
from brokerdesk.ui.form_parts import scaled_font


class RadarChart(QWidget):
    """Spokes labelled with dimension titles; scores 0–100 or None (insufficient data)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.axes: list[tuple[str, float | None]] = []
        policy = QSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        policy.setHeightForWidth(True)
        self.setSizePolicy(policy)

    def set_axes(self, axes: list[tuple[str, float | None]]) -> None:
        """The dimensions in order: a translated title and a score (None: insufficient data)."""
        self.axes = list(axes)
        parts = [
            f"{title}: {active().number(score) if score is not None else '—'}"
            for title, score in axes
        ]
        self.setAccessibleDescription("; ".join(parts))
        self.update()

    def _em(self) -> float:
        return QFontMetricsF(self.font()).horizontalAdvance("x")

    def sizeHint(self) -> QSize:
        side = round(self._em() * 70)
        return QSize(side, side)

    def minimumSizeHint(self) -> QSize:
        side = round(self._em() * 45)
        return QSize(side, side)

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        return max(self.minimumSizeHint().height(), round(width * 0.9))

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        pal = self.palette()
        text = pal.color(QPalette.ColorRole.WindowText)
        grid = pal.color(QPalette.ColorRole.Mid)
        accent = pal.color(QPalette.ColorRole.Highlight)
        metrics = QFontMetricsF(self.font())
        label_width = max(metrics.horizontalAdvance("x") * 18, self.width() * 0.2)
        label_height = metrics.lineSpacing() * 4
        radius = min(
            self.width() / 2 - label_width - 6, self.height() / 2 - label_height * 0.75 - 6
        )
        n = len(self.axes)
        if n < 3 or radius < 20:
            painter.end()
            return
        centre = QPointF(self.width() / 2, self.height() / 2)

        def point(index: int, share: float) -> QPointF:
            angle = -math.pi / 2 + 2 * math.pi * index / n
            return QPointF(
                centre.x() + math.cos(angle) * radius * share,
                centre.y() + math.sin(angle) * radius * share,
            )

        painter.setPen(QPen(grid, 1))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        for ring in (0.25, 0.5, 0.75, 1.0):
            painter.drawPolygon(QPolygonF([point(i, ring) for i in range(n)]))
        for i in range(n):
            painter.drawLine(centre, point(i, 1.0))
        small = scaled_font(self, 0.8)
        painter.setFont(small)
        painter.setPen(grid)
        for ring in (50, 100):
            spot = point(0, ring / 100)
            painter.drawText(QPointF(spot.x() + 4, spot.y() + 12), active().number(ring))

        scored = [(i, s) for i, (_t, s) in enumerate(self.axes) if s is not None]
        if len(scored) >= 2:
            fill = QColor(accent)
            fill.setAlphaF(0.28)
            painter.setPen(QPen(accent, 2.5))
            painter.setBrush(fill)
            painter.drawPolygon(QPolygonF([point(i, max(0.0, s) / 100) for i, s in scored]))
        painter.setBrush(accent)
        painter.setPen(QPen(accent, 1))
        for i, s in scored:
            painter.drawEllipse(point(i, max(0.0, s) / 100), 4, 4)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.setPen(QPen(text, 1.5, Qt.PenStyle.DotLine))
        for i, (_t, missing) in enumerate(self.axes):
            if missing is None:
                painter.drawEllipse(point(i, 1.0), 6, 6)

        painter.setFont(self.font())
        painter.setPen(text)
        for i, (title, score) in enumerate(self.axes):
            value = active().number(score) if score is not None else "—"
            self._label(painter, point(i, 1.0), centre, f"{title}\n{value}", label_width)
        painter.end()

    def _label(
        self, painter: QPainter, tip: QPointF, centre: QPointF, text: str, width: float
    ) -> None:
        """Draws a wrapped label outside the spoke's tip, aligned away from the centre."""
        flags = Qt.TextFlag.TextWordWrap
        bounds = painter.boundingRect(QRectF(0, 0, width, 10_000), int(flags), text)
        dx, dy = tip.x() - centre.x(), tip.y() - centre.y()
        gap = 8.0
        if abs(dx) < 1:
            x = tip.x() - bounds.width() / 2
            align = Qt.AlignmentFlag.AlignHCenter
        elif dx > 0:
            x = tip.x() + gap
            align = Qt.AlignmentFlag.AlignLeft
        else:
            x = tip.x() - gap - bounds.width()
            align = Qt.AlignmentFlag.AlignRight
        if abs(dy) < 1:
            y = tip.y() - bounds.height() / 2
        elif dy > 0:
            y = tip.y() + (gap if abs(dx) < abs(dy) else 0)
        else:
            y = tip.y() - bounds.height() - (gap if abs(dx) < abs(dy) else 0)
        x = min(max(2.0, x), self.width() - bounds.width() - 2)
        y = min(max(2.0, y), self.height() - bounds.height() - 2)
        box = QRectF(x, y, bounds.width(), bounds.height())
        painter.drawText(box, int(flags | align), text)

"""A small read-only table of figures whose text column wraps and whose rows fit their text.

Each row is a horizontal layout (which handles wrapped text reliably, unlike a grid next to a
tall neighbour); the other columns are aligned by giving each the width of its widest cell.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QSizePolicy, QVBoxLayout, QWidget

from brokerdesk.ui.form_parts import WrapLabel, muted


@dataclass(frozen=True)
class Cell:
    text: str
    bold: bool = False
    quiet: bool = False


class FigureTable(QWidget):
    """Rows of cells under a bold header; column ``wrap`` takes the spare width and wraps."""

    def __init__(self, wrap: int = 0, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.wrap = wrap
        self._rows: list[list[QLabel]] = []
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._layout.setSpacing(6)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)

    def set_rows(self, header: list[str], rows: list[list[Cell]]) -> None:
        while self._layout.count():
            taken = self._layout.takeAt(0)
            widget = taken.widget() if taken is not None else None
            if widget is not None:
                widget.hide()
                widget.deleteLater()
        self._rows = []
        lines = [[Cell(h, bold=True) for h in header], *rows] if rows else []
        for cells in lines:
            line = QWidget(self)
            box = QHBoxLayout(line)
            box.setContentsMargins(0, 0, 0, 0)
            box.setSpacing(16)
            labels = []
            for column, cell in enumerate(cells):
                label = (
                    WrapLabel(cell.text, line) if column == self.wrap else QLabel(cell.text, line)
                )
                if cell.bold:
                    font = label.font()
                    font.setBold(True)
                    label.setFont(font)
                if cell.quiet:
                    muted(label)
                box.addWidget(label, 1 if column == self.wrap else 0, Qt.AlignmentFlag.AlignTop)
                labels.append(label)
            self._rows.append(labels)
            self._layout.addWidget(line)
            line.show()  # at once, not when the event loop next runs
        columns = max((len(r) for r in self._rows), default=0)
        for column in range(columns):
            if column == self.wrap:
                continue
            width = max(r[column].sizeHint().width() for r in self._rows if column < len(r))
            for r in self._rows:
                if column < len(r):
                    r[column].setFixedWidth(width)

    def texts(self) -> list[list[str]]:
        """The rows as shown, without the header."""
        return [[label.text() for label in row] for row in self._rows[1:]]

"""The pseudo-locale check finds visible text that was not wrapped for translation."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtGui import QStandardItemModel
from PySide6.QtWidgets import (
    QApplication,
    QDialogButtonBox,
    QGroupBox,
    QLabel,
    QLineEdit,
    QMainWindow,
    QPushButton,
    QSpinBox,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from brokerdesk.i18n import _
from brokerdesk.ui.pseudo import untranslated_texts
from brokerdesk.ui.translator import apply_language


@pytest.fixture
def pseudo(qapp: QApplication) -> Iterator[QApplication]:
    apply_language(qapp, "qps")
    yield qapp
    apply_language(qapp, "en")


def _window(forgotten: bool) -> QMainWindow:
    """A small screen: every text wrapped, except a few when ``forgotten``."""
    window = QMainWindow()
    window.setWindowTitle(_("Cases"))
    menu = window.menuBar().addMenu(_("&File"))
    menu.addAction(_("Open case file…"))
    menu.addAction("Quit" if forgotten else _("Quit"))
    tabs = QTabWidget()
    window.setCentralWidget(tabs)
    page = QWidget()
    tabs.addTab(page, _("Profile"))
    tabs.addTab(QWidget(), "Notes" if forgotten else _("Notes"))
    layout = QVBoxLayout(page)
    group = QGroupBox(_("Company"))
    layout.addWidget(group)
    inner = QVBoxLayout(group)
    inner.addWidget(QLabel("Kowalski Sp. z o.o."))  # data: the company's name
    inner.addWidget(QLabel("1 250"))  # a number
    name = QLineEdit()
    name.setPlaceholderText("Company name" if forgotten else _("Company name"))
    inner.addWidget(name)
    staff = QSpinBox()
    staff.setSuffix(_(" persons"))
    inner.addWidget(staff)
    save = QPushButton(_("Save"))
    save.setToolTip("Saves the case" if forgotten else _("Saves the case"))
    layout.addWidget(save)
    hidden = QLabel("Never shown")
    hidden.hide()
    layout.addWidget(hidden)
    table = QTableView()
    model = QStandardItemModel(0, 2, table)
    model.setHorizontalHeaderLabels([_("Name"), "Country" if forgotten else _("Country")])
    table.setModel(model)
    layout.addWidget(table)
    layout.addWidget(QDialogButtonBox(QDialogButtonBox.StandardButton.Close))
    return window


def test_a_screen_with_every_text_wrapped_leaves_nothing(pseudo, qtbot) -> None:
    window = _window(forgotten=False)
    qtbot.addWidget(window)

    assert untranslated_texts(window, data=["Kowalski Sp. z o.o."]) == []


def test_texts_that_were_not_wrapped_are_listed_with_their_place(pseudo, qtbot) -> None:
    window = _window(forgotten=True)
    qtbot.addWidget(window)

    found = {
        (item.what, item.text) for item in untranslated_texts(window, data=["Kowalski Sp. z o.o."])
    }

    assert found == {
        ("action 'Quit'", "Quit"),
        ("tab 1", "Notes"),
        ("placeholder", "Company name"),
        ("tooltip", "Saves the case"),
        ("header 1", "Country"),
    }


def test_data_left_out_of_the_list_is_reported(pseudo, qtbot) -> None:
    window = _window(forgotten=False)
    qtbot.addWidget(window)

    found = untranslated_texts(window)

    assert [(item.what, item.text) for item in found] == [("text", "Kowalski Sp. z o.o.")]
    assert "QGroupBox" in found[0].where and found[0].where.startswith("QMainWindow")

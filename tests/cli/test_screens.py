"""``brokerdesk screens``: pictures of the main screens, one folder per language."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication

from brokerdesk.cli import main


def test_screens_saves_the_main_screens_of_each_language_asked_for(
    qapp: QApplication, tmp_path: Path
) -> None:
    code = main(["screens", str(tmp_path), "--lang", "de", "--lang", "lv", "--cases", "12"])
    assert code == 0
    for language in ("de", "lv"):
        names = sorted(p.name for p in (tmp_path / language).glob("*.png"))
        assert names[:5] == [
            "01-welcome.png",
            "02-welcome-problem.png",
            "03-case-list.png",
            "04-case-list-filtered.png",
            "05-settings.png",
        ]
        picture = QImage(str(tmp_path / language / "03-case-list.png"))
        assert (picture.width(), picture.height()) == (1280, 800)
    assert not (tmp_path / "en").exists()


def test_screens_refuses_a_size_it_cannot_read(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["screens", str(tmp_path), "--size", "big"]) == 2
    assert "--size must look like 1280x800" in capsys.readouterr().err

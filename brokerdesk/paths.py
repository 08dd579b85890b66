"""Where BrokerDesk finds its bundled resources and where it keeps user data."""

from __future__ import annotations

import os
import sys
from pathlib import Path

APP_NAME = "BrokerDesk"


def resources_dir() -> Path:
    """The ``resources/`` folder: beside the package from source, inside the bundle when frozen."""
    override = os.environ.get("BROKERDESK_RESOURCES")
    if override:
        return Path(override)
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:
        return Path(frozen) / "resources"
    return Path(__file__).resolve().parent.parent / "resources"


def translations_dir() -> Path:
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:
        return Path(frozen) / "translations"
    return Path(__file__).resolve().parent.parent / "translations"


def user_data_dir() -> Path:
    """The per-user data folder (``~/.local/share/BrokerDesk`` on Linux)."""
    import platformdirs  # not needed to open a file the broker named

    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def default_case_file() -> Path:
    return user_data_dir() / "cases.brokerdesk"


def default_backup_dir(case_file: Path) -> Path:
    return case_file.parent / "backups"

"""The desktop app (PySide6 Widgets). It calls services only; long work runs off the GUI thread."""

from __future__ import annotations

import sys
from types import ModuleType

import PySide6.QtCore  # noqa: F401 - installs the import hook that ``_cheaper_feature_check`` tunes


def _uses_pyside(module: ModuleType) -> bool:
    """Whether a module's source mentions PySide6: PySide's own question, read as bytes."""
    path = getattr(module, "__file__", None)
    if not path or not path.endswith(".py"):
        return False  # no source to read: PySide's own check answers False as well
    try:
        with open(path, "rb") as source:
            return b"PySide6" in source.read()
    except OSError:
        return False


def _cheaper_feature_check() -> None:
    # Once PySide6 is loaded, it asks of every module imported after it whether its source
    # mentions PySide6 (for ``from __feature__ import …``), through ``inspect.getsource``, which
    # decodes, splits and caches the whole file: that made every later import about a third
    # slower, a tenth of a second of the app's start. The same question, read as bytes, costs
    # next to nothing. A PySide6 without the hook is left alone.
    feature = sys.modules.get("shibokensupport.feature")
    if feature is not None and callable(getattr(feature, "_mod_uses_pyside", None)):
        feature._mod_uses_pyside = _uses_pyside  # type: ignore[attr-defined]


_cheaper_feature_check()

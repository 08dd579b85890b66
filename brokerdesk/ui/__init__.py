"""The desktop app (PySide6 Widgets). It calls services only; long work runs off the GUI thread."""

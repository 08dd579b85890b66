"""``brokerdesk selftest``: checks that an installation (or the bundle) has all it needs.

It loads the instrument, the classifications, the fonts and every catalog, opens a temporary
case file, creates a demo case and builds its report in every language, and starts Qt
offscreen. It prints one line per check and exits 0, or 1 with the failing check named.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gettext
import os
import random
import tempfile
import time
import traceback
from collections.abc import Callable
from pathlib import Path

from brokerdesk.cli.common import UserError


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("selftest", help="check that this installation works, then exit")
    parser.add_argument("--verbose", action="store_true", help="show the traceback of a failure")
    parser.set_defaults(handler=run)


def _content() -> str:
    from brokerdesk.content import Library

    library = Library()
    instrument = library.current
    return (
        f"instrument {instrument.key}: {len(instrument.dimensions)} dimensions; "
        f"NACE {len(library.nace)} codes; NUTS-2 {sum(map(len, library.regions.values()))}"
    )


def _catalogs() -> str:
    from brokerdesk.i18n import LANGUAGES, catalog

    missing = [
        lang
        for lang in LANGUAGES[1:]
        if not isinstance(catalog(lang).translations, gettext.GNUTranslations)
    ]
    if missing:
        raise RuntimeError(f"no compiled catalog for {', '.join(missing)}")
    return f"catalogs for {' '.join(LANGUAGES)}"


def _fonts() -> str:
    from brokerdesk.reports.fonts import STYLES, register_fonts

    register_fonts()
    return f"fonts: {', '.join(STYLES)}"


def _reports() -> str:
    from brokerdesk.content import Library
    from brokerdesk.i18n import LANGUAGES
    from brokerdesk.services.casefiles import create_case_file
    from brokerdesk.services.demo import demo_document
    from brokerdesk.services.exchange import import_documents
    from brokerdesk.services.reports import build_report_bytes

    library = Library()
    with tempfile.TemporaryDirectory(prefix="brokerdesk-selftest-") as folder:
        desk = create_case_file(Path(folder) / "selftest.brokerdesk")
        try:
            start = dt.datetime(2026, 11, 1, tzinfo=dt.UTC)
            doc = demo_document(random.Random(3), library, 0, start)
            doc["status"] = "assessed"
            import_documents(desk.uow, library, [doc])
            sizes = []
            for language in LANGUAGES:
                pdf = build_report_bytes(desk.uow, library, doc["id"], language=language)
                if not pdf.startswith(b"%PDF") or len(pdf) < 10_000:
                    raise RuntimeError(f"the {language} report is not a complete PDF")
                sizes.append(len(pdf))
        finally:
            desk.close()
    return (
        f"case file and reports in {len(LANGUAGES)} languages ({min(sizes) // 1024}–"
        f"{max(sizes) // 1024} KiB)"
    )


def _qt() -> str:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication, QLabel

    app = QApplication.instance() or QApplication(["brokerdesk"])
    assert isinstance(app, QApplication)
    label = QLabel("Łódź · Šiauliai · Jūrmala · Pärnu · Ærø · Größe")
    label.adjustSize()
    image = label.grab()
    if image.isNull():
        raise RuntimeError("Qt could not render a widget")
    return f"Qt {app.platformName()}: rendered {image.width()}×{image.height()}"


CHECKS: tuple[tuple[str, Callable[[], str]], ...] = (
    ("content", _content),
    ("catalogs", _catalogs),
    ("fonts", _fonts),
    ("reports", _reports),
    ("qt", _qt),
)


def run(args: argparse.Namespace) -> int:
    started = time.perf_counter()
    for name, check in CHECKS:
        try:
            detail = check()
        except Exception as exc:
            if args.verbose:
                traceback.print_exc()
            raise UserError(f"self-test failed at {name}: {exc}", 1) from None
        print(f"ok  {name:9} {detail}")
    print(f"self-test passed in {time.perf_counter() - started:.1f} s")
    return 0

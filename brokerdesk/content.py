"""Loads the bundled content: instruments and classifications (NACE Rev. 2, NUTS-2)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from brokerdesk.paths import resources_dir

if TYPE_CHECKING:
    from brokerdesk.domain.instrument import Instrument

CURRENT_INSTRUMENT = "tibs-readiness@1"


class ContentError(RuntimeError):
    """A bundled resource is missing or broken: an installation problem, not a user error."""


def _read_json(path: Path) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ContentError(f"missing resource file {path}") from None
    except json.JSONDecodeError as exc:
        raise ContentError(f"{path}: not valid JSON ({exc})") from None


def load_instrument_file(path: Path) -> Instrument:
    """Reads and checks one instrument file.

    Raises:
        ContentError: the file is missing, not JSON, or not a valid instrument; the message
            names the file and each problem's place.
    """
    # The instrument's model loads with the first instrument: the app lists its cases before.
    from brokerdesk.domain.instrument import InstrumentError, parse_instrument

    try:
        return parse_instrument(_read_json(path))
    except InstrumentError as exc:
        raise ContentError(f"{path}:\n" + "\n".join(f"  {p}" for p in exc.problems)) from None


def load_instrument(key: str = CURRENT_INSTRUMENT, root: Path | None = None) -> Instrument:
    """Loads an instrument by its key, ``tibs-readiness@1``."""
    ident, _, version = key.partition("@")
    folder = (root or resources_dir()) / "instruments"
    return load_instrument_file(folder / f"{ident}-{version}.json")


@dataclass(frozen=True)
class NaceEntry:
    code: str
    title: str
    section: str


class Library:
    """The content a session needs, loaded once and shared by passing it around."""

    def __init__(self, root: Path | None = None) -> None:
        self.root = root or resources_dir()
        self._instruments: dict[str, Instrument] = {}

    def instrument(self, key: str = CURRENT_INSTRUMENT) -> Instrument:
        if key not in self._instruments:
            self._instruments[key] = load_instrument(key, self.root)
        return self._instruments[key]

    @property
    def current(self) -> Instrument:
        return self.instrument(CURRENT_INSTRUMENT)

    @cached_property
    def nace(self) -> dict[str, NaceEntry]:
        """NACE sections and divisions by code: ``C`` and ``25``."""
        data = _read_json(self.root / "classifications" / "nace_rev2.json")
        out: dict[str, NaceEntry] = {}
        for section in data["sections"]:
            out[section["code"]] = NaceEntry(section["code"], section["title"], section["code"])
            for division in section["divisions"]:
                out[division["code"]] = NaceEntry(
                    division["code"], division["title"], section["code"]
                )
        return out

    @cached_property
    def regions(self) -> dict[str, list[tuple[str, str]]]:
        """NUTS-2 regions by country code: ``{"PL": [("PL21", "Małopolskie"), ...]}``."""
        data = _read_json(self.root / "classifications" / "nuts2.json")
        return {cc: [(r["code"], r["name"]) for r in rs] for cc, rs in data["countries"].items()}

    def nace_division(self, code: str | None) -> NaceEntry | None:
        """The division of a NACE code (``25.62`` → ``25``), or the section for a letter."""
        if not code:
            return None
        return self.nace.get(code.split(".")[0])

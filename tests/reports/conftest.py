"""Reports built from real case files, and ways to read a PDF back."""

from __future__ import annotations

import datetime as dt
import re
import subprocess
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from pypdf import PdfReader

from brokerdesk.content import Library
from brokerdesk.services.casefiles import Desk, create_case_file, open_case_file
from brokerdesk.services.demo import COUNTRIES, generate
from brokerdesk.store.reading import CaseQuery

TODAY = dt.date(2026, 11, 29)
LANGUAGE_COUNTRY = {spec["lang"]: country for country, spec in COUNTRIES.items()}


@pytest.fixture(scope="session")
def demo_path(tmp_path_factory: pytest.TempPathFactory, library: Library) -> Path:
    """A case file of demo cases across the seven countries, made once; tests only read it."""
    path = tmp_path_factory.mktemp("reports") / "demo.brokerdesk"
    desk = create_case_file(path, broker={"name": "Ģirts Bērziņš", "country": "LV"})
    generate(desk.uow, library, 42, seed=11)
    desk.close()
    return path


@pytest.fixture
def demo_desk(demo_path: Path) -> Iterator[Desk]:
    desk = open_case_file(demo_path, backup=False)
    yield desk
    desk.close()


def complete_case(desk: Desk, country: str) -> str:
    """The id of a fully assessed demo case of ``country``, one with diacritics in its name."""
    with desk.uow as uow:
        rows = uow.cases.rows(CaseQuery(countries=(country,)))
    complete = [r for r in rows if r.completeness >= 1.0]
    complete.sort(key=lambda r: (r.company.isascii(), r.id))
    assert complete, f"no complete demo case in {country}"
    return complete[0].id


@dataclass(frozen=True)
class Pdf:
    """A built report, read back."""

    data: bytes
    path: Path

    @property
    def reader(self) -> PdfReader:
        return PdfReader(self.path)

    def text(self) -> str:
        """The text as ``pdftotext`` reads it, runs of white space made one space."""
        done = subprocess.run(
            ["pdftotext", "-enc", "UTF-8", str(self.path), "-"],
            capture_output=True,
            check=True,
        )
        return " ".join(done.stdout.decode("utf-8").split())

    def pages(self) -> list[str]:
        return [" ".join((p.extract_text() or "").split()) for p in self.reader.pages]

    def fonts(self) -> list[dict[str, str]]:
        """The rows of ``pdffonts``: name, type, emb, sub, uni."""
        done = subprocess.run(
            ["pdffonts", str(self.path)], capture_output=True, text=True, check=True
        )
        rows = []
        for line in done.stdout.splitlines()[2:]:
            parts = re.split(r"\s{1,}", line.strip())
            # name, type (1 or 2 words), encoding, emb, sub, uni, object, id
            name, emb, sub, uni = parts[0], parts[-5], parts[-4], parts[-3]
            rows.append({"name": name, "emb": emb, "sub": sub, "uni": uni})
        return rows

    def words(self) -> list[tuple[int, float, float, float, float, str]]:
        """Every word with its page and box (x0, y0, x1, y1 in points), by ``pdftotext -bbox``."""
        done = subprocess.run(
            ["pdftotext", "-bbox", "-enc", "UTF-8", str(self.path), "-"],
            capture_output=True,
            check=True,
        )
        html = done.stdout.decode("utf-8")
        out = []
        for n, page in enumerate(html.split("<page ")[1:], start=1):
            for m in re.finditer(
                r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">'
                r"(.*?)</word>",
                page,
            ):
                x0, y0, x1, y1 = (float(m.group(i)) for i in range(1, 5))
                out.append((n, x0, y0, x1, y1, m.group(5)))
        return out


Save = Callable[[bytes], Pdf]


@pytest.fixture
def save(tmp_path: Path) -> Save:
    """Writes PDF bytes to a file in the test's folder and returns a ``Pdf``."""
    counter = iter(range(1000))

    def write(data: bytes) -> Pdf:
        path = tmp_path / f"report-{next(counter)}.pdf"
        path.write_bytes(data)
        return Pdf(data, path)

    return write


def fill_everything(desk: Desk, library: Library, case_id: str) -> None:
    """Fills the parts the demo leaves empty, to the most a broker would write: conclusions,
    five activity areas, agreed actions and several notes."""
    from brokerdesk.services import cases

    def answer(item_id: str, value: object) -> None:
        cases.answer_item(desk.uow, library, case_id, item_id, value, today=TODAY)

    answer("website", "https://www.example.eu")
    answer(
        "strengths",
        "Strong engineering team with 20 years of experience in stainless steel machining; "
        "certified to ISO 9001; loyal customers in Germany and Sweden.",
    )
    answer(
        "gaps",
        "No export budget; product documentation only in the national language; no one in "
        "sales speaks German well enough for negotiations.",
    )
    answer(
        "next_steps",
        "The company prepares an English product catalogue by the end of January.\n\n"
        "The broker publishes the partnership profile and arranges two meetings at the trade "
        "fair in Hanover; both sides meet again after the fair to decide on a distributor.",
    )
    answer("follow_up", "2027-02-15")
    criteria = [c.id for c in library.current.criteria]
    names = [
        ("Precision machined components for food-processing lines", "product"),
        ("Modular timber house kits with design service", "product"),
        ("Industrial IoT monitoring of machine uptime", "service"),
        ("Laser cladding repair of worn shafts and moulds", "competence"),
        ("Acoustic panels from recycled textile fibres", "product"),
    ]
    with desk.uow as uow:
        stored = uow.cases.get(case_id)
        assert stored is not None
        existing = list(stored.doc.get("areas", {}))
    for key in existing:
        cases.remove_entry(desk.uow, library, case_id, "areas", key)
    for n, (name, kind) in enumerate(names):
        ratings = {c: (n + i) % 5 for i, c in enumerate(criteria)}
        description = "Made to order in small series, delivered with installation and training."
        cases.put_entry(
            desk.uow,
            library,
            case_id,
            "areas",
            {"name": name, "kind": kind, "description": description, "ratings": ratings},
            key=f"area-{n}",
        )
    for n in range(6):
        cases.put_entry(
            desk.uow,
            library,
            case_id,
            "actions",
            {
                "text": f"Action {n + 1}: prepare and send the price list and references to the "
                "three distributors found through the partnership profile.",
                "due": f"2027-0{n + 1}-10",
                "position": n,
            },
            key=f"action-{n}",
        )
    for n in range(3):
        cases.put_entry(
            desk.uow,
            library,
            case_id,
            "notes",
            {
                "text": "The managing director explained the order book and the plans for a "
                "second shift; the export manager showed the offers sent to Sweden. " * 3,
                "at": f"2026-11-0{n + 1}T10:00Z",
                "author": "Ģirts Bērziņš",
            },
            key=f"note-{n}",
        )

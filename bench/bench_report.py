"""Report benchmarks: building a client report in-process, and the cold ``brokerdesk report``.

Baselines measured in the same run: a document of similar size (five pages of paragraphs, two
tables and a chart, the same embedded DejaVu fonts) built with bare reportlab, in-process and as
a fresh Python process.
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from bench.harness import Figure, command_ms, median, samples

ROOT = Path(__file__).resolve().parent.parent

# A stand-alone script: the same amount of PDF work without BrokerDesk around it.
BASELINE = r"""
import io, sys
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib import colors
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import SimpleDocTemplate, Paragraph, Table, TableStyle, PageBreak, Spacer
from reportlab.graphics.shapes import Drawing, Polygon, String

FONTS = sys.argv[1]
for name in ("DejaVuSans", "DejaVuSans-Bold", "DejaVuSans-Oblique", "DejaVuSans-BoldOblique"):
    pdfmetrics.registerFont(TTFont(name, f"{FONTS}/{name}.ttf"))
body = ParagraphStyle("b", fontName="DejaVuSans", fontSize=9.5, leading=13.5)
head = ParagraphStyle("h", fontName="DejaVuSans-Bold", fontSize=16, leading=20)
text = ("Żółć gęślą jaźń, Rīga, Klaipėda, Jyväskylä, Næstved, Göttingen, Pärnu. " * 6).strip()

def run():
    story = []
    for page in range(5):
        story.append(Paragraph(f"Section {page + 1}", head))
        for _ in range(6):
            story.append(Paragraph(text, body))
        rows = [[Paragraph(f"Row {r} {text[:40]}", body), Paragraph(str(r * 7), body)]
                for r in range(9)]
        table = Table(rows, colWidths=[380, 80], repeatRows=1)
        table.setStyle(TableStyle([("FONT", (0, 0), (-1, -1), "DejaVuSans", 9),
                                   ("LINEBELOW", (0, 0), (-1, -1), 0.4, colors.grey)]))
        story.append(table)
        if page == 1:
            d = Drawing(400, 200)
            d.add(Polygon([200, 20, 380, 100, 200, 180, 20, 100], fillColor=colors.lightblue))
            for i in range(9):
                d.add(String(20 + 40 * i, 190, f"Dimension {i}", fontName="DejaVuSans",
                             fontSize=7))
            story.append(d)
        story.append(PageBreak())
    out = io.BytesIO()
    doc = SimpleDocTemplate(out, pagesize=A4, initialFontName="DejaVuSans")
    doc.build(story)
    return out.getvalue()

if __name__ == "__main__":
    data = run()
    with open(sys.argv[2], "wb") as f:
        f.write(data)
"""


def _complete_case(folder: Path) -> tuple[Path, str]:
    """A case file with demo cases; the id of a fully assessed one."""
    from brokerdesk.content import Library
    from brokerdesk.services.casefiles import create_case_file
    from brokerdesk.services.cases import list_cases
    from brokerdesk.services.demo import generate

    path = folder / "bench.brokerdesk"
    desk = create_case_file(path, broker={"name": "Bench Broker", "country": "PL"})
    generate(desk.uow, Library(), 30, seed=7)
    rows = list_cases(desk.uow)
    best = max(rows, key=lambda r: (r.completeness, r.readiness or 0))
    desk.close()
    return path, best.id


ALONE = r"""
import datetime as dt, json, sys
from brokerdesk.content import Library
from brokerdesk.domain.case import Case
from brokerdesk.domain.scoring import score_case
from brokerdesk.i18n import catalog
from brokerdesk.reports import build_report

case = Case(json.loads(open(sys.argv[1], encoding="utf-8").read()))
library = Library()
result = score_case(library.instrument(case.instrument_key), case)
build_report(case, result, library, catalog(sys.argv[2]), dt.date.today())
"""


def _write_report_alone(folder: Path, desk_path: Path, case_id: str) -> None:
    """The script that builds a report from a case document in JSON, and that document."""
    import json

    from brokerdesk.services.casefiles import open_case_file
    from brokerdesk.services.cases import get_case

    desk = open_case_file(desk_path, backup=False)
    try:
        doc = get_case(desk.uow, case_id).doc
    finally:
        desk.close()
    (folder / "case.json").write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    (folder / "alone.py").write_text(ALONE, encoding="utf-8")


def run() -> list[Figure]:
    from brokerdesk.content import Library
    from brokerdesk.paths import resources_dir
    from brokerdesk.services.casefiles import open_case_file
    from brokerdesk.services.reports import build_report_bytes

    figures: list[Figure] = []
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        path, case_id = _complete_case(folder)
        desk = open_case_file(path, backup=False)
        library = Library()
        today = dt.date(2026, 11, 29)
        baseline_py = folder / "baseline.py"
        baseline_py.write_text(BASELINE)
        fonts = str(resources_dir() / "fonts")
        namespace: dict[str, object] = {"__name__": "baseline"}
        sys_argv = sys.argv
        sys.argv = ["baseline", fonts, str(folder / "baseline.pdf")]
        try:
            exec(compile(BASELINE, "baseline", "exec"), namespace)
        finally:
            sys.argv = sys_argv
        bare = samples(namespace["run"], repeat=15)  # type: ignore[arg-type]
        ours = samples(
            lambda: build_report_bytes(desk.uow, library, case_id, language="pl", today=today),
            repeat=15,
        )
        desk.close()
        figures.append(
            Figure(
                "report of a complete case, in-process (median)",
                median(ours),
                "ms",
                baseline=median(bare),
                target="≤ 250 ms",
            )
        )

        env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "0"}
        python = sys.executable
        brokerdesk = [python, "-m", "brokerdesk", "report", case_id[:8], "--case-file", str(path)]
        command = [*brokerdesk, "--lang", "pl", "-o", str(folder / "cold.pdf")]
        base = [python, str(baseline_py), fonts, str(folder / "cold-baseline.pdf")]
        subprocess.run(command, check=True, capture_output=True, env=env)  # warm the disk cache
        subprocess.run(base, check=True, capture_output=True, env=env)
        cold_base, cold_ours = [], []
        for _ in range(5):  # interleaved, so that load from elsewhere hits both alike
            cold_base += command_ms(base, repeat=1, env=env)
            cold_ours += command_ms(command, repeat=1, env=env)
        figures.append(
            Figure(
                "cold `brokerdesk report` command (median)",
                median(cold_ours),
                "ms",
                baseline=median(cold_base),
                target="ratio ≤ 2",
            )
        )
        # Where the cold command's time goes: what every ``brokerdesk`` command pays before it
        # does anything (the command line and the case-file store it imports), and the report
        # alone in a fresh process (reading the stored case as JSON, no case file opened).
        parser = [python, "-c", "import brokerdesk.cli as c; c.build_parser()"]
        alone = [python, str(folder / "alone.py"), str(folder / "case.json"), "pl"]
        _write_report_alone(folder, desk_path=path, case_id=case_id)
        startup, report_only = [], []
        for _ in range(5):
            startup += command_ms(parser, repeat=1, env=env)
            report_only += command_ms(alone, repeat=1, env=env)
        figures.append(
            Figure(
                "  of which: `brokerdesk` start-up (import, parser)",
                median(startup),
                "ms",
                baseline=median(cold_base),
            )
        )
        figures.append(
            Figure(
                "  the report alone in a fresh process (no case file)",
                median(report_only),
                "ms",
                baseline=median(cold_base),
            )
        )
    return figures


if __name__ == "__main__":
    for figure in run():
        print(figure.line())
    sys.exit(0)

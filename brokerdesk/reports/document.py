"""The client report laid out as a PDF with reportlab's platypus.

Order: a cover (company, date, broker, case reference, company profile), a one-page summary
(readiness index, band, completeness, the top activity area and why, strengths and gaps), the
readiness by dimension (radar chart and table), the activity areas ranked, the partner search
profile, recommended actions and next steps, notes, the broker's contact, signature lines and
what the assessment is and is not. A complete case fits in six pages.
"""

from __future__ import annotations

import io
from functools import partial
from typing import Any

from reportlab.lib.units import mm
from reportlab.platypus import (
    BaseDocTemplate,
    CondPageBreak,
    Flowable,
    Frame,
    KeepTogether,
    PageBreak,
    PageTemplate,
    Spacer,
)
from reportlab.platypus.flowables import HRFlowable

from brokerdesk.i18n import LOCALES, Catalog
from brokerdesk.reports import theme
from brokerdesk.reports.canvas import Furniture, NumberedCanvas
from brokerdesk.reports.chart import Spoke, radar
from brokerdesk.reports.flowables import (
    ScoreBar,
    data_table,
    field_table,
    grid,
    para,
    paragraphs,
)
from brokerdesk.reports.fonts import REGULAR
from brokerdesk.reports.model import Field, ReportModel

W = theme.FRAME_WIDTH
CELL_PADDING = 8  # the left and right padding of a data table's cells, in points


def _cover(m: ReportModel, cat: Catalog) -> list[Flowable]:
    _ = cat.gettext
    s = theme.styles()
    out: list[Flowable] = [
        Spacer(1, 28 * mm),
        para(m.instrument_title.upper(), s.cover_kicker),
        Spacer(1, 3 * mm),
        para(m.title, s.cover_title),
        HRFlowable(
            width="22%",
            thickness=2,
            color=theme.ACCENT,
            spaceBefore=4,
            spaceAfter=10,
            hAlign="LEFT",
        ),
        para(m.company, s.cover_company),
    ]
    if m.place:
        out.append(para(m.place, s.cover_meta))
    out.append(Spacer(1, 10 * mm))
    meta = [
        (_("Date of the report"), m.date),
        (_("Innovation broker"), m.broker),
        (_("Case reference"), m.reference),
    ]
    cells = [
        [para(label, s.label) for label, value in meta if value],
        [para(value, s.body) for _label, value in meta if value],
    ]
    count = len(cells[0])
    table = grid(
        cells,
        [W / 3] * count,
        [
            ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
        ],
    )
    out.append(table)
    if m.interim:
        out += [Spacer(1, 8 * mm), _interim_box(m, cat)]
    if m.profile or m.contacts:
        out += [Spacer(1, 12 * mm), para(_("Company profile"), s.h2)]
        fields = list(m.profile)
        if m.contacts:
            fields.append(Field(_("Contact persons"), "\n".join(m.contacts)))
        out.append(field_table(fields))
    out.append(PageBreak())
    return out


def _interim_box(m: ReportModel, cat: Catalog) -> Flowable:
    _ = cat.gettext
    s = theme.styles()
    text = _(
        "The assessment is {completeness} complete. The figures in this report may change "
        "when it is finished."
    ).format(completeness=m.completeness)
    box = grid(
        [[para(_("Interim report"), s.interim)], [para(text, s.small)]],
        [W],
        [
            ("BACKGROUND", (0, 0), (-1, -1), theme.INTERIM_LIGHT),
            ("LINEBEFORE", (0, 0), (0, -1), 2.5, theme.INTERIM),
            ("LEFTPADDING", (0, 0), (-1, -1), 4 * mm),
            ("TOPPADDING", (0, 0), (-1, 0), 3 * mm),
            ("BOTTOMPADDING", (0, -1), (-1, -1), 3 * mm),
        ],
    )
    return box


def _key_figures(m: ReportModel, cat: Catalog) -> Flowable:
    _ = cat.gettext
    s = theme.styles()
    index = para(m.readiness, s.figure if m.readiness_value is not None else s.h3)
    widths = [W * 0.3, W * 0.4, W * 0.3]
    text = [w - 8 * mm for w in widths]  # less the cell padding
    cells = [
        [index, para(m.band or "–", s.h3, text[1]), para(m.completeness, s.h3)],
        [
            para(_("Readiness index (0–100)"), s.figure_label, text[0]),
            para(_("Readiness band"), s.figure_label, text[1]),
            para(_("Completeness of the assessment"), s.figure_label, text[2]),
        ],
    ]
    table = grid(
        cells,
        widths,
        [
            ("BACKGROUND", (0, 0), (-1, -1), theme.ACCENT_LIGHT),
            ("VALIGN", (0, 0), (-1, 0), "BOTTOM"),
            ("VALIGN", (0, 1), (-1, 1), "TOP"),
            ("LEFTPADDING", (0, 0), (-1, -1), 4 * mm),
            ("TOPPADDING", (0, 0), (-1, 0), 4 * mm),
            ("BOTTOMPADDING", (0, 1), (-1, 1), 4 * mm),
            ("LINEAFTER", (0, 0), (1, -1), 0.8, theme.PAGE_BACKGROUND),
        ],
    )
    return table


def _summary(m: ReportModel, cat: Catalog) -> list[Flowable]:
    _ = cat.gettext
    s = theme.styles()
    out: list[Flowable] = [para(_("Summary"), s.h1), _key_figures(m, cat), Spacer(1, 3 * mm)]
    if m.band_description:
        out.append(para(m.band_description, s.body))
    elif m.readiness_value is None:
        out.append(para(_("There are not yet enough answers to give a readiness index."), s.body))
    spokes = [Spoke(d.title, d.score, d.score_text) for d in m.dimensions]
    if len(spokes) >= 3:
        out.append(radar(spokes, W, radius=33 * mm))
    out.append(para(_("Activity area with the highest potential"), s.h2))
    if m.top_area:
        out += [para(m.top_area, s.h3), para(m.top_reason, s.body)]
    else:
        out.append(para(_("No activity area has been rated yet."), s.muted))

    def column(title: str, items: tuple[str, ...], note: str, empty: str) -> list[Flowable]:
        col: list[Flowable] = [para(title, s.h2)]
        col += [para(f"•  {item}", s.body) for item in items] or [para(empty, s.muted)]
        if note:
            col += [Spacer(1, 2 * mm), *paragraphs(note, s.small)]
        return col

    half = (W - 8 * mm) / 2
    columns = grid(
        [
            [
                column(
                    _("Main strengths"),
                    m.strengths,
                    m.strengths_note,
                    _("No dimension scores high enough yet to count as a strength."),
                ),
                column(
                    _("Main gaps"),
                    m.gaps,
                    m.gaps_note,
                    _("No dimension scores low enough to count as a gap."),
                ),
            ]
        ],
        [half + 8 * mm, half],
        [
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ("RIGHTPADDING", (0, 0), (0, 0), 8 * mm),
        ],
    )
    out += [columns, PageBreak()]
    return out


def _dimensions(m: ReportModel, cat: Catalog) -> list[Flowable]:
    _ = cat.gettext
    s = theme.styles()
    out: list[Flowable] = [para(_("Readiness by dimension"), s.h1)]
    bar = 42 * mm
    widths = [0.0, 16 * mm, bar + 8 * mm, 28 * mm]
    widths[0] = W - sum(widths)
    text = [w - CELL_PADDING for w in widths]
    rows: list[list[Any]] = [
        [
            para(_("Dimension"), s.cell_head, text[0]),
            para(_("Score (0–100)"), s.cell_head, text[1] + text[2]),
            "",
            para(_("Items answered"), s.cell_head_right, text[3]),
        ]
    ]
    extra: list[tuple] = [("SPAN", (1, 0), (2, 0))]
    for n, d in enumerate(m.dimensions, start=1):
        if d.score is None:
            rows.append(
                [
                    para(d.title, s.cell, text[0]),
                    para(d.score_text, s.cell_na, text[1] + text[2]),
                    "",
                    para(d.answered_text, s.cell_right, text[3]),
                ]
            )
            extra.append(("SPAN", (1, n), (2, n)))
        else:
            rows.append(
                [
                    para(d.title, s.cell, text[0]),
                    para(d.score_text, s.cell_bold_right),
                    ScoreBar(d.score, bar, d.weak),
                    para(d.answered_text, s.cell_right, text[3]),
                ]
            )
    out += [Spacer(1, 2 * mm), data_table(rows, widths, extra), Spacer(1, 2 * mm)]
    out.append(
        para(
            _(
                "Scores below {threshold} mark a gap to close; the recommended actions "
                "address them first. A dimension with too few answers shows "
                "“insufficient data” instead of a score."
            ).format(threshold=m.weak_below),
            s.muted,
        )
    )
    return out


def _areas(m: ReportModel, cat: Catalog) -> list[Flowable]:
    _ = cat.gettext
    s = theme.styles()
    out: list[Flowable] = [CondPageBreak(70 * mm), para(_("Activity areas ranked"), s.h1)]
    if not m.areas:
        return [*out, para(_("No activity area has been described yet."), s.muted)]
    bar = 22 * mm
    widths = [9 * mm, 0.0, bar + 12 * mm + CELL_PADDING, 50 * mm]
    widths[1] = W - sum(widths)
    text = [w - CELL_PADDING for w in widths]
    rows: list[list[Any]] = [
        [
            para("#", s.cell_head),
            para(_("Activity area"), s.cell_head, text[1]),
            para(_("Potential (0–100)"), s.cell_head, text[2]),
            para(_("Strongest criteria"), s.cell_head, text[3]),
        ]
    ]
    for area in m.areas:
        detail = " · ".join(x for x in (area.kind, area.description) if x)
        name = [para(area.name, s.cell_bold, text[1])]
        if detail:
            name.append(para(detail, s.cell_muted, text[1]))
        if area.potential is None:
            potential: Any = para(area.potential_text, s.cell_na, text[2])
        else:
            potential = grid(
                [[para(area.potential_text, s.cell_bold), ScoreBar(area.potential, bar)]],
                [10 * mm, bar + 2 * mm],
                [
                    ("LEFTPADDING", (0, 0), (-1, -1), 0),
                    ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                    ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ],
            )
        rows.append(
            [para(area.rank, s.cell), name, potential, para(area.strongest, s.cell, text[3])]
        )
    out.append(data_table(rows, widths))
    return out


def _partner(m: ReportModel, cat: Catalog) -> list[Flowable]:
    _ = cat.gettext
    s = theme.styles()
    out: list[Flowable] = [CondPageBreak(50 * mm), para(_("Partner search profile"), s.h1)]
    if not m.partner:
        return [*out, para(_("The partner search profile has not been filled in yet."), s.muted)]
    return [*out, field_table(m.partner)]


def _actions(m: ReportModel, cat: Catalog) -> list[Flowable]:
    _ = cat.gettext
    s = theme.styles()
    out: list[Flowable] = [CondPageBreak(60 * mm), para(_("Recommended actions"), s.h1)]
    if m.actions and m.actions_suggested:
        out.append(
            para(
                _(
                    "Suggested for the dimensions with the lowest scores; the company and "
                    "the broker choose together which to take up."
                ),
                s.muted,
            )
        )
    if m.actions:
        rows = [
            [
                para(f"{n}.", s.cell_bold),
                [para(a.text, s.cell)] + ([para(a.context, s.cell_muted)] if a.context else []),
            ]
            for n, a in enumerate(m.actions, start=1)
        ]
        table = grid(
            rows,
            [8 * mm, W - 8 * mm],
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("TOPPADDING", (0, 0), (-1, -1), 3),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
                ("LINEBELOW", (0, 0), (-1, -2), 0.4, theme.RULE),
            ],
        )
        out.append(table)
    else:
        out.append(para(_("No actions are recommended at this stage."), s.muted))
    out.append(para(_("Next steps"), s.h2))
    if m.next_steps:
        out += paragraphs(m.next_steps, s.body)
    follow_up = (
        _("Follow-up contact: {date}").format(date=m.follow_up)
        if m.follow_up
        else _("The date of the follow-up contact is still to be agreed.")
    )
    out.append(para(follow_up, s.h3))
    return out


def _notes(m: ReportModel, cat: Catalog) -> list[Flowable]:
    _ = cat.gettext
    s = theme.styles()
    if not m.notes:
        return []
    out: list[Flowable] = [CondPageBreak(30 * mm), para(_("Notes from the interview"), s.h2)]
    for note in m.notes:
        if note.heading:
            out.append(para(note.heading, s.label))
        out += paragraphs(note.text, s.note)
    return out


def _closing(m: ReportModel, cat: Catalog) -> list[Flowable]:
    _ = cat.gettext
    s = theme.styles()
    out: list[Flowable] = []
    if m.broker_contact:
        out.append(
            KeepTogether(
                [
                    para(_("Your innovation broker"), s.h2),
                    field_table(m.broker_contact, label_width=40 * mm),
                ]
            )
        )
    half = (W - 14 * mm) / 2

    def line() -> Flowable:
        return HRFlowable(width="100%", thickness=0.6, color=theme.INK)

    # One row per line of the block, so that both signature lines stay level however long
    # the company's name is.
    signatures = grid(
        [
            [para(_("Innovation broker"), s.label), para(_("For the company"), s.label)],
            [para(m.broker, s.cell_bold, half), para(m.company, s.cell_bold, half)],
            [Spacer(1, 14 * mm), Spacer(1, 14 * mm)],  # room to sign
            [line(), line()],
            [para(_("Date and signature"), s.muted), para(_("Date and signature"), s.muted)],
        ],
        [half + 14 * mm, half],
        [
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ("RIGHTPADDING", (0, 0), (-1, -1), 0),
            ("RIGHTPADDING", (0, 0), (0, -1), 14 * mm),
            ("TOPPADDING", (0, 0), (-1, -1), 1),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
        ],
    )
    about: list[Flowable] = []
    if m.about:
        about = [para(_("About this assessment"), s.h2), para(m.about, s.muted)]
    out.append(KeepTogether([*about, Spacer(1, 6 * mm), signatures]))
    return out


def story(m: ReportModel, cat: Catalog) -> list[Flowable]:
    """Every flowable of the report, in order."""
    return [
        *_cover(m, cat),
        *_summary(m, cat),
        *_dimensions(m, cat),
        *_areas(m, cat),
        *_partner(m, cat),
        *_actions(m, cat),
        *_notes(m, cat),
        *_closing(m, cat),
    ]


def render(m: ReportModel, cat: Catalog) -> bytes:
    """The report as PDF bytes."""
    _ = cat.gettext
    buffer = io.BytesIO()
    doc = BaseDocTemplate(
        buffer,
        **theme.PAGE,
        title=f"{m.title} – {m.company}",
        author=m.broker,
        subject=m.instrument_title,
        keywords=list(m.keywords),
        creator="BrokerDesk",
        lang=LOCALES.get(m.language, m.language).replace("_", "-"),
        displayDocTitle=True,
        initialFontName=REGULAR,  # else every page starts with a Helvetica selection
    )
    frame = Frame(
        doc.leftMargin,
        doc.bottomMargin,
        doc.width,
        doc.height,
        id="body",
        leftPadding=0,
        rightPadding=0,
        topPadding=0,
        bottomPadding=0,
    )
    doc.addPageTemplates([PageTemplate(id="page", frames=[frame])])
    furniture = Furniture(
        title=m.title,
        company=m.company,
        reference=_("Case {reference}").format(reference=m.reference),
        date=m.date,
        page_label=_("Page {page} of {pages}"),
        interim=_("Interim report") if m.interim else "",
    )
    doc.build(story(m, cat), canvasmaker=partial(NumberedCanvas, furniture=furniture))
    return buffer.getvalue()

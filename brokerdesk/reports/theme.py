"""The report's look: page geometry, a restrained palette and the paragraph styles.

One accent colour (a deep petrol blue) carries the hierarchy; everything else is ink, greys and
white space. Every style is set in DejaVu Sans (see ``fonts``).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm

from brokerdesk.reports.fonts import BOLD, OBLIQUE, REGULAR, register_fonts

PAGE_WIDTH, PAGE_HEIGHT = A4
MARGIN_LEFT = MARGIN_RIGHT = 20 * mm
MARGIN_TOP = 24 * mm
MARGIN_BOTTOM = 22 * mm
FRAME_WIDTH = PAGE_WIDTH - MARGIN_LEFT - MARGIN_RIGHT
# The page of every BrokerDesk document, as reportlab's document templates take it.
PAGE = {
    "pagesize": (PAGE_WIDTH, PAGE_HEIGHT),
    "leftMargin": MARGIN_LEFT,
    "rightMargin": MARGIN_RIGHT,
    "topMargin": MARGIN_TOP,
    "bottomMargin": MARGIN_BOTTOM,
}

ACCENT = colors.HexColor("#1F5A72")
ACCENT_LIGHT = colors.HexColor("#E8F0F3")
ACCENT_MID = colors.HexColor("#8FB3C2")
INK = colors.HexColor("#222A30")
MUTED = colors.HexColor("#5F6B73")
RULE = colors.HexColor("#C9D3D8")
FAINT = colors.HexColor("#F4F6F7")
INTERIM = colors.HexColor("#9A5B13")  # a warm amber: noticeable, not alarming
INTERIM_LIGHT = colors.HexColor("#FBF3E6")
WEAK = colors.HexColor("#C98A3A")  # bars of dimensions below the weak threshold
PAGE_BACKGROUND = colors.white


@dataclass(frozen=True)
class Styles:
    body: ParagraphStyle
    small: ParagraphStyle
    muted: ParagraphStyle
    note: ParagraphStyle
    h1: ParagraphStyle
    h2: ParagraphStyle
    h3: ParagraphStyle
    cover_kicker: ParagraphStyle
    cover_title: ParagraphStyle
    cover_company: ParagraphStyle
    cover_meta: ParagraphStyle
    figure: ParagraphStyle
    figure_label: ParagraphStyle
    cell: ParagraphStyle
    cell_bold: ParagraphStyle
    cell_bold_right: ParagraphStyle
    cell_muted: ParagraphStyle
    cell_na: ParagraphStyle
    cell_right: ParagraphStyle
    cell_head: ParagraphStyle
    cell_head_right: ParagraphStyle
    label: ParagraphStyle
    interim: ParagraphStyle


@lru_cache(maxsize=1)
def styles() -> Styles:
    register_fonts()
    base = ParagraphStyle(
        "body",
        fontName=REGULAR,
        fontSize=9.5,
        leading=13.5,
        textColor=INK,
        alignment=TA_LEFT,
        spaceAfter=4,
        # A word wider than its column is broken rather than run off the page. (reportlab's
        # embeddedHyphenation is left off: it drops the hyphens of "Produkcyjno-Handlowo-…".)
        splitLongWords=1,
    )

    def derive(name: str, **kw: object) -> ParagraphStyle:
        return ParagraphStyle(name, parent=base, **kw)

    cell = derive("cell", fontSize=8.5, leading=11, spaceAfter=0)
    return Styles(
        body=base,
        small=derive("small", fontSize=8.5, leading=12),
        muted=derive("muted", fontSize=8.5, leading=12, textColor=MUTED),
        note=derive("note", fontSize=9, leading=13, textColor=INK),
        h1=derive(
            "h1",
            fontName=BOLD,
            fontSize=16,
            leading=20,
            textColor=ACCENT,
            spaceBefore=14,
            spaceAfter=8,
            keepWithNext=1,
        ),
        h2=derive(
            "h2",
            fontName=BOLD,
            fontSize=11.5,
            leading=15,
            textColor=ACCENT,
            spaceBefore=10,
            spaceAfter=5,
            keepWithNext=1,
        ),
        h3=derive(
            "h3",
            fontName=BOLD,
            fontSize=9.5,
            leading=13,
            spaceBefore=6,
            spaceAfter=2,
            keepWithNext=1,
        ),
        cover_kicker=derive(
            "cover_kicker", fontName=BOLD, fontSize=9, leading=12, textColor=ACCENT
        ),
        cover_title=derive(
            "cover_title", fontName=BOLD, fontSize=24, leading=30, textColor=ACCENT, spaceAfter=6
        ),
        cover_company=derive(
            "cover_company", fontName=BOLD, fontSize=18, leading=23, textColor=INK, spaceAfter=4
        ),
        cover_meta=derive("cover_meta", fontSize=10.5, leading=15, textColor=MUTED),
        figure=derive(
            "figure", fontName=BOLD, fontSize=20, leading=24, textColor=ACCENT, spaceAfter=0
        ),
        figure_label=derive("figure_label", fontSize=8, leading=10.5, textColor=MUTED),
        cell=cell,
        cell_bold=ParagraphStyle("cell_bold", parent=cell, fontName=BOLD),
        cell_bold_right=ParagraphStyle(
            "cell_bold_right", parent=cell, fontName=BOLD, alignment=TA_RIGHT
        ),
        cell_muted=ParagraphStyle("cell_muted", parent=cell, textColor=MUTED, fontSize=8),
        cell_na=ParagraphStyle(
            "cell_na", parent=cell, fontName=OBLIQUE, textColor=MUTED, fontSize=8
        ),
        cell_right=ParagraphStyle("cell_right", parent=cell, alignment=TA_RIGHT),
        cell_head=ParagraphStyle(
            "cell_head", parent=cell, fontName=BOLD, fontSize=8, leading=10, textColor=ACCENT
        ),
        cell_head_right=ParagraphStyle(
            "cell_head_right",
            parent=cell,
            fontName=BOLD,
            fontSize=8,
            leading=10,
            textColor=ACCENT,
            alignment=TA_RIGHT,
        ),
        label=derive("label", fontSize=8.5, leading=11.5, textColor=MUTED, spaceAfter=0),
        interim=derive(
            "interim", fontName=BOLD, fontSize=9.5, leading=13, textColor=INTERIM, spaceAfter=0
        ),
    )

"""Sector knowledge for partner matching: NACE sections, supply-chain neighbours, domains, words.

Everything here is plain data with a few pure functions, so that ``matching`` reads as rules.

- **NACE sections.** A division (``25``) belongs to one section (``C``) by the fixed ranges of
  NACE Rev. 2; a code may also be given as a section letter only.
- **Related sectors.** Two divisions are related when they are in the same section, or when they
  are supply-chain neighbours in the small table below (farming and food processing, wood and
  furniture, electronics and software...): pairs of divisions that commonly buy from, sell to or
  work with each other across sections.
- **Smart-specialisation domains.** The instrument asks no smart-specialisation question, so the
  domains are *derived*: from the company's NACE division or section and from the words of its
  English keywords and summary, through a table of themes that recur in the research and
  innovation strategies (RIS3) of the Baltic Sea Region's regions. They are an approximation of a
  region's real priorities, meant to say "these two work on the same kind of thing", and the
  explanation of a match calls them what they are. When a case carries an explicit answer
  ``smart_specialisation`` (a list of the domain ids below), that answer is used instead.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from brokerdesk.domain.text import N_

# NACE Rev. 2 sections by division ranges (inclusive).
_SECTIONS = (
    ("A", 1, 3),
    ("B", 5, 9),
    ("C", 10, 33),
    ("D", 35, 35),
    ("E", 36, 39),
    ("F", 41, 43),
    ("G", 45, 47),
    ("H", 49, 53),
    ("I", 55, 56),
    ("J", 58, 63),
    ("K", 64, 66),
    ("L", 68, 68),
    ("M", 69, 75),
    ("N", 77, 82),
    ("O", 84, 84),
    ("P", 85, 85),
    ("Q", 86, 88),
    ("R", 90, 93),
    ("S", 94, 96),
    ("T", 97, 98),
    ("U", 99, 99),
)
SECTION_LETTERS = frozenset(letter for letter, _, _ in _SECTIONS)

# Divisions that commonly work together along a supply chain, across (or within) sections.
SUPPLY_CHAIN = frozenset(
    frozenset(pair)
    for pair in (
        ("01", "10"),  # crops and livestock → food processing
        ("03", "10"),  # fishing → fish processing
        ("02", "16"),  # forestry → sawmills and wood products
        ("16", "31"),  # wood products → furniture
        ("16", "41"),  # wood products → building construction
        ("16", "43"),  # wood products → specialised construction
        ("23", "41"),  # cement, glass, ceramics → building
        ("25", "43"),  # metal structures → construction
        ("24", "25"),  # basic metals → metal products
        ("25", "28"),  # metal components → machinery
        ("25", "29"),  # metal components → vehicles
        ("25", "30"),  # metal components → ships and other transport equipment
        ("22", "29"),  # plastic parts → vehicles
        ("26", "27"),  # electronics → electrical equipment
        ("26", "62"),  # electronics → software
        ("27", "28"),  # electrical equipment → machinery
        ("28", "71"),  # machinery → engineering services
        ("41", "71"),  # building → architecture and engineering
        ("62", "63"),  # software → data and information services
        ("62", "72"),  # software → research and development
        ("21", "72"),  # pharmaceuticals → research and development
        ("20", "21"),  # chemicals → pharmaceuticals
        ("20", "22"),  # chemicals → rubber and plastics
        ("13", "14"),  # textiles → clothing
        ("10", "11"),  # food → beverages
        ("10", "46"),  # food → wholesale
        ("46", "49"),  # wholesale → land transport
        ("46", "52"),  # wholesale → warehousing
        ("30", "50"),  # ships → water transport
        ("35", "27"),  # energy → electrical equipment
        ("38", "13"),  # waste and recycling → textiles
        ("38", "22"),  # waste and recycling → plastics
        ("55", "79"),  # accommodation → travel agencies
    )
)

# Smart-specialisation domains: a name, and what derives them (divisions, sections, words).
DOMAINS: dict[str, tuple[str, frozenset[str], frozenset[str], str]] = {
    "bioeconomy": (
        N_("Bioeconomy, food and forestry"),
        frozenset({"01", "02", "03", "10", "11", "12", "16", "17"}),
        frozenset({"A"}),
        "food agriculture berry dairy forestry wood timber organic beverage bioeconomy "
        "aquaculture fish",
    ),
    "manufacturing": (
        N_("Advanced manufacturing and materials"),
        frozenset({"13", "20", "22", "23", "24", "25", "27", "28", "29", "30", "33"}),
        frozenset(),
        "machining cnc laser welding automation robotics manufacturing metal steel composite "
        "cladding casting materials textile",
    ),
    "digital": (
        N_("ICT and digital solutions"),
        frozenset({"26", "62", "63"}),
        frozenset({"J"}),
        "software iot digital data cloud cybersecurity artificial fintech platform electronics "
        "sensor",
    ),
    "energy": (
        N_("Clean energy and circular economy"),
        frozenset({"35", "36", "37", "38", "39"}),
        frozenset({"D", "E"}),
        "energy solar wind hydrogen battery recycled recycling circular waste emission insulation",
    ),
    "health": (
        N_("Health and life sciences"),
        frozenset({"21", "86", "87", "88"}),
        frozenset({"Q"}),
        "health medical pharmaceutical biotech diagnostics wellbeing care",
    ),
    "maritime": (
        N_("Maritime and blue economy"),
        frozenset({"03", "30", "50", "52"}),
        frozenset(),
        "marine maritime ship boat port navigation offshore vessel",
    ),
    "construction": (
        N_("Smart construction and housing"),
        frozenset({"41", "42", "43", "71"}),
        frozenset({"F"}),
        "construction building housing modular house architecture",
    ),
    "creative": (
        N_("Creative industries and tourism"),
        frozenset({"55", "56", "58", "59", "73", "74", "79", "90", "91", "93"}),
        frozenset({"I", "R"}),
        "design tourism game media film fashion music",
    ),
    "logistics": (
        N_("Transport and logistics"),
        frozenset({"49", "51", "52", "53"}),
        frozenset({"H"}),
        "logistics transport freight warehousing shipping",
    ),
}

# Words that say nothing about what a company does: English function words and the phrases every
# partner-search summary uses ("looks for partners to enter new markets...").
_STOP_TEXT = """
    a about above after again against all also am an and any are as at be because been before
    being below between both but by can could did do does doing down during each few for from
    further had has have having he her here hers him his how i if in into is it its itself just
    me more most my no nor not now of off on once only or other our ours out over own same she
    should so some such than that the their theirs them then there these they this those through
    to too under until up very was we were what when where which while who whom why will with
    would you your yours
    company companies firm firms partner partners partnership market markets offer offers
    offering look looks looking seek seeks seeking search searching new enter entering region
    regions baltic sea international internationally abroad foreign cooperation cooperate
    product products service services solution solutions customer customers client clients
    business businesses based well high quality experience experienced years year one two
    ltd llc gmbh oyj aps sia uab
"""
STOP_WORDS = frozenset(_STOP_TEXT.split())

_SPECIAL = {"ł": "l", "ø": "o", "æ": "ae", "œ": "oe", "ß": "ss", "đ": "d", "ı": "i", "ħ": "h"}


def _fold_table() -> dict[int, str]:
    """The Latin letters with diacritics (U+00C0–U+024F) mapped to their base letters."""
    table = {}
    for code in range(0xC0, 0x250):
        char = chr(code).lower()
        base = _SPECIAL.get(char) or "".join(
            c for c in unicodedata.normalize("NFKD", char) if not unicodedata.combining(c)
        )
        if base.isascii() and base:
            table[code] = base
    return table


_FOLD = _fold_table()
_WORD = re.compile(r"[a-z0-9]+")
_SHORT_KEEP = frozenset({"ai", "3d", "5g"})


def nace_division(code: object) -> str | None:
    """The two-digit division of a NACE code (``25.62`` → ``25``); None for a section letter."""
    if not isinstance(code, str):
        return None
    head = code.strip().split(".")[0]
    return head if len(head) == 2 and head.isdigit() else None


def nace_section(code: object) -> str | None:
    """The section letter of a NACE code or division (``25.62`` → ``C``, ``C`` → ``C``)."""
    if not isinstance(code, str):
        return None
    text = code.strip().upper()
    if text in SECTION_LETTERS:
        return text
    division = nace_division(text)
    if division is None:
        return None
    number = int(division)
    for letter, low, high in _SECTIONS:
        if low <= number <= high:
            return letter
    return None


def related(division_a: str | None, division_b: str | None) -> bool:
    """Whether two divisions are supply-chain neighbours (see ``SUPPLY_CHAIN``)."""
    if not division_a or not division_b or division_a == division_b:
        return False
    return frozenset((division_a, division_b)) in SUPPLY_CHAIN


def neighbours(division: str | None) -> frozenset[str]:
    """The supply-chain neighbours of a division."""
    return _NEIGHBOURS.get(division or "", frozenset())


def _neighbour_table() -> dict[str, frozenset[str]]:
    table: dict[str, set[str]] = {}
    for pair in SUPPLY_CHAIN:
        a, b = sorted(pair)
        table.setdefault(a, set()).add(b)
        table.setdefault(b, set()).add(a)
    return {k: frozenset(v) for k, v in table.items()}


_NEIGHBOURS = _neighbour_table()


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """A light English stemmer: plural and -ing/-ed/-e endings (``machining`` → ``machin``)."""
    if len(word) <= 4:
        return word
    if word.endswith("ies") and len(word) > 5:
        word = word[:-3] + "y"
    elif word.endswith("s") and not word.endswith(("ss", "us", "is")):
        word = word[:-1]
    for suffix in ("ing", "ed", "e"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: -len(suffix)]
    return word


def fold(text: str) -> str:
    """Lower case without diacritics, so that ``Łódź`` and ``lodz`` are the same word."""
    text = text.lower()
    if text.isascii():
        return text
    # Composed first, so that a letter typed as base + combining mark folds like the other.
    return unicodedata.normalize("NFC", text).translate(_FOLD)


def words(text: object) -> dict[str, str]:
    """The distinctive words of a text, by stem, each with the first word that gave it."""
    if not isinstance(text, str):
        return {}
    out: dict[str, str] = {}
    for word in _WORD.findall(fold(text)):
        if word in STOP_WORDS or word.isdigit():
            continue
        if len(word) < 3 and word not in _SHORT_KEEP:
            continue
        out.setdefault(stem(word), word)
    return out


_DOMAIN_WORDS: dict[str, frozenset[str]] = {
    key: frozenset(stem(fold(w)) for w in spec[3].split()) for key, spec in DOMAINS.items()
}


def domains(division: str | None, section: str | None, stems: frozenset[str]) -> frozenset[str]:
    """The smart-specialisation domains derived from a sector and the words of a profile."""
    found = set()
    for key, (_name, divisions, sections, _words) in DOMAINS.items():
        by_sector = (division and division in divisions) or (section and section in sections)
        if by_sector or stems & _DOMAIN_WORDS[key]:
            found.add(key)
    return frozenset(found)

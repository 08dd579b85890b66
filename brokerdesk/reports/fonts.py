"""The report's fonts: DejaVu Sans in four styles, embedded, and text made safe to show in them.

The standard PDF fonts (Helvetica and friends) cannot show ł, ą, ā, ģ, ė or ų and are never
embedded, so every string of the report, chart labels included, is set in DejaVu Sans. DejaVu
has no glyph for most emoji or for CJK; ``printable`` replaces what a font cannot show with a
visible placeholder instead of leaving an empty box or failing.
"""

from __future__ import annotations

import threading
import unicodedata
from functools import lru_cache
from pathlib import Path

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfbase.ttfonts import TTFont

from brokerdesk.paths import resources_dir

FAMILY = "DejaVuSans"
REGULAR = "DejaVuSans"
BOLD = "DejaVuSans-Bold"
OBLIQUE = "DejaVuSans-Oblique"
BOLD_OBLIQUE = "DejaVuSans-BoldOblique"
STYLES = {REGULAR: (0, 0), BOLD: (1, 0), OBLIQUE: (0, 1), BOLD_OBLIQUE: (1, 1)}
PLACEHOLDER = "\ufffd"  # the replacement character, which every DejaVu style has
# Invisible format and joining characters (zero-width joiner, variation selectors): dropping
# them when the font lacks them changes nothing a reader could see.
_SILENT_CATEGORIES = frozenset({"Cf", "Mn", "Me", "Cc", "Cs"})
_KEEP_CONTROLS = frozenset("\n\t")
_ZWJ = "\u200d"

_lock = threading.Lock()


class FontError(RuntimeError):
    """A bundled font file is missing or broken: an installation problem."""


def fonts_dir() -> Path:
    return resources_dir() / "fonts"


def register_fonts() -> None:
    """Registers the four DejaVu Sans styles with reportlab, once per process.

    Raises:
        FontError: a font file is missing or cannot be read.
    """
    with _lock:
        if FAMILY in pdfmetrics.getRegisteredFontNames():
            return
        for name in STYLES:
            path = fonts_dir() / f"{name}.ttf"
            try:
                pdfmetrics.registerFont(TTFont(name, str(path)))
            except Exception as exc:  # reportlab raises several kinds for a bad font file
                raise FontError(f"cannot load the font {path}: {exc}") from None
        for name, (bold, italic) in STYLES.items():
            addMapping(FAMILY, bold, italic, name)


@lru_cache(maxsize=8)
def coverage(font: str) -> frozenset[int]:
    """The code points a registered font has glyphs for."""
    register_fonts()
    face = pdfmetrics.getFont(font).face
    return frozenset(face.charToGlyph)


def printable(text: str, font: str = REGULAR) -> str:
    """``text`` with every character ``font`` cannot show replaced by a visible placeholder.

    An emoji sequence (joined by zero-width joiners, with variation selectors or skin-tone
    modifiers) becomes one placeholder, not several; invisible characters the font lacks are
    dropped, since leaving them out changes nothing a reader could see.
    """
    chars = coverage(font)
    if all(ord(ch) in chars or ch in _KEEP_CONTROLS for ch in text):
        return text
    out: list[str] = []
    absorbing = joined = False  # inside the tail of a sequence already shown as a placeholder
    for ch in text:
        present = ord(ch) in chars or ch in _KEEP_CONTROLS
        if absorbing:
            if ch == _ZWJ:
                joined = True
                continue
            if _modifies(ch) or (joined and not present):
                joined = False
                continue
            absorbing = joined = False
        if present:
            out.append(ch)
        elif unicodedata.category(ch) not in _SILENT_CATEGORIES:
            out.append(PLACEHOLDER)
            absorbing = True
    return "".join(out)


def _modifies(ch: str) -> bool:
    """A character that only changes the look of the one before it."""
    code = ord(ch)
    return (
        0xFE00 <= code <= 0xFE0F
        or 0x1F3FB <= code <= 0x1F3FF
        or unicodedata.category(ch) in ("Mn", "Me", "Cf")
    )


_VOWELS = frozenset("aeiouyäöüõåæøąęóėįųūāēīōéèáàíìúù")
# Letter pairs that spell one sound in a partner language: never cut between them.
_DIGRAPHS = frozenset(
    {"ch", "ck", "sc", "ph", "th", "sh", "qu", "ng", "sz", "cz", "rz", "dz", "dž"}
)


def _good_cut(word: str, at: int) -> bool:
    """Whether ``word`` may be hyphenated before index ``at``: between syllables, roughly.

    Before a consonant that a vowel follows ("Internationalisie-rung") or between two
    consonants that are not one sound ("Bereit-schaft"); no dictionary, but no "Internationa-
    lisierun-gs" either.
    """
    if at < 2 or at > len(word) - 2:
        return False
    before, here, after = (word[at - 1].lower(), word[at].lower(), word[at + 1].lower())
    if not (before.isalpha() and here.isalpha() and after.isalpha()):
        return False
    if before in _VOWELS:
        return here not in _VOWELS and after in _VOWELS
    return here not in _VOWELS and before + here not in _DIGRAPHS


def split_word(word: str, font: str, size: float, width: float) -> list[str]:
    """A word too wide for ``width`` points cut into pieces that fit, each but the last with a
    hyphen, preferably between syllables; a word that fits comes back whole."""
    register_fonts()
    pieces: list[str] = []
    while len(word) > 1 and stringWidth(word, font, size) > width:
        fits = len(word) - 1
        while fits > 1 and stringWidth(word[:fits] + "-", font, size) > width:
            fits -= 1
        # The longest piece that ends between syllables, unless that wastes half the line.
        cut = next((c for c in range(fits, fits // 2, -1) if _good_cut(word, c)), fits)
        pieces.append(word[:cut] + "-")
        word = word[cut:]
    pieces.append(word)
    return pieces


def break_long_words(text: str, font: str, size: float, width: float) -> str:
    """``text`` with every word wider than ``width`` split by hyphens into pieces that fit.

    A long compound in a narrow table column ("Internationalisierungsbereitschaftsindex") then
    breaks with a hyphen, instead of being cut mid-letter without one.
    """
    if stringWidth(text, font, size) <= width:
        return text
    lines = []
    for line in text.split("\n"):
        words = [" ".join(split_word(w, font, size, width)) for w in line.split(" ")]
        lines.append(" ".join(words))
    return "\n".join(lines)

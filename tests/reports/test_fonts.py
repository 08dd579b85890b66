"""Fonts: DejaVu Sans registered from the bundled files, and text made printable in it."""

from __future__ import annotations

import pytest

from brokerdesk.paths import resources_dir
from brokerdesk.reports.fonts import BOLD, PLACEHOLDER, REGULAR, STYLES, coverage, printable


def test_the_four_dejavu_styles_and_their_licence_are_bundled() -> None:
    folder = resources_dir() / "fonts"
    for name in STYLES:
        assert (folder / f"{name}.ttf").stat().st_size > 100_000
    licence = (folder / "LICENSE-DejaVu.txt").read_text(encoding="utf-8")
    assert "Bitstream Vera" in licence and "Permission is hereby granted" in licence


@pytest.mark.parametrize(
    "text",
    ["Łódź, Gdańsk", "Rīga, Ģirts, Ķemeri", "Klaipėda, Šiauliai, ų", "Jõhvi, Pärnu", "Ærø, Ålborg"],
)
def test_the_letters_of_the_seven_partner_languages_print_unchanged_in_every_style(
    text: str,
) -> None:
    for style in STYLES:
        assert printable(text, style) == text


def test_an_emoji_sequence_becomes_one_visible_placeholder() -> None:
    assert (
        printable("ok 👨\u200d👩\u200d👧 fine 👍🏽👍", REGULAR)
        == f"ok {PLACEHOLDER} fine {PLACEHOLDER * 2}"
    )


def test_characters_the_font_lacks_are_replaced_and_invisible_ones_dropped() -> None:
    assert printable("中文", REGULAR) == PLACEHOLDER * 2
    assert printable("a\x00b\x1bc", REGULAR) == "abc"
    assert printable("line\nbreak\ttab", REGULAR) == "line\nbreak\ttab"


def test_hebrew_and_arabic_letters_are_shown_not_replaced() -> None:
    assert printable("שלום مرحبا", REGULAR) == "שלום مرحبا"


def test_a_style_is_checked_against_its_own_glyphs() -> None:
    missing = next(iter(coverage(REGULAR) - coverage(BOLD)))
    assert printable(chr(missing), REGULAR) == chr(missing)
    assert printable(chr(missing), BOLD) in (PLACEHOLDER, "")

"""Babel extractors for the bundled content: instrument files and the NACE Rev. 2 titles.

Babel calls an extractor with a binary file object and expects tuples
``(lineno, funcname, message, comments)``. The comments carry each text's place (dimension, item,
level ...) so that a translator sees what a bare sentence belongs to. Registered in ``babel.cfg``.

NUTS region names are proper names and are not extracted.
"""

from __future__ import annotations

import json
from collections.abc import Collection, Iterator, Mapping
from json.scanner import py_make_scanner  # type: ignore[attr-defined]
from typing import IO, Any

# Keys of an instrument file whose string values are shown to people. Everything else (ids,
# kinds, rule checks, conditions, patterns) is program data.
TEXT_KEYS = frozenset(
    {"title", "text", "help", "label", "name", "description", "message", "unit", "levels"}
)
_WHAT = {
    "title": "title",
    "text": "question or label",
    "help": "guidance for the broker",
    "label": "choice",
    "name": "band name",
    "description": "description",
    "message": "validation message",
    "unit": "unit shown after a number",
}

Extracted = tuple[int, str | None, str, list[str]]


class _Located(str):
    """A JSON string that remembers where it ended in the source text."""

    end: int


def _load_located(text: str) -> Any:
    """Parses JSON like ``json.loads``, but every string value is a ``_Located``.

    The pure-Python scanner reads string values through ``decoder.parse_string``; wrapping that
    function gives each value its position without writing a JSON parser.
    """
    decoder = json.JSONDecoder()
    plain = decoder.parse_string  # type: ignore[attr-defined]

    def parse_string(source: str, end: int, strict: bool = True) -> tuple[str, int]:
        value, stop = plain(source, end, strict)
        located = _Located(value)
        located.end = stop
        return located, stop

    decoder.parse_string = parse_string  # type: ignore[attr-defined]
    scan = py_make_scanner(decoder)
    value, _end = scan(text, 0)
    return value


def _line(text: str, value: str) -> int:
    end = getattr(value, "end", 0)
    return text.count("\n", 0, end) + 1


# How a comment names a node, after the list holding it: ``sections`` → ``section profile``.
_SINGULAR = {
    "sections": "section",
    "dimensions": "dimension",
    "items": "item",
    "choices": "choice",
    "bands": "band",
    "actions": "action",
    "criteria": "criterion",
    "rules": "rule",
}


def _label(node: Mapping[str, Any], holder: str) -> str:
    ident = node.get("id") or node.get("check")
    if not ident:
        return ""
    return f"{_SINGULAR.get(holder, holder)} {ident}".strip()


def _walk_instrument(node: Any, trail: tuple[str, ...], holder: str) -> Iterator[tuple[str, str]]:
    """Yields ``(text, comment)`` for every translatable string under ``node``."""
    if isinstance(node, list):
        for child in node:
            yield from _walk_instrument(child, trail, holder)
        return
    if not isinstance(node, dict):
        return
    label = _label(node, holder) if holder else ""
    here = (*trail, label) if label else trail
    place = " › ".join(here)
    for key, value in node.items():
        if key == "levels" and isinstance(value, list):
            for level, text in enumerate(value):
                if isinstance(text, str) and text.strip():
                    yield text, f"{place}: level {level} of the 0–4 scale"
        elif key in TEXT_KEYS and isinstance(value, str):
            if value.strip():
                yield value, f"{place}: {_WHAT.get(key, key)}"
        elif isinstance(value, dict | list):
            yield from _walk_instrument(value, here, key)


def extract_instrument(
    fileobj: IO[bytes],
    keywords: Collection[str],
    comment_tags: Collection[str],
    options: Mapping[str, Any],
) -> Iterator[Extracted]:
    """Extracts the texts of an instrument file (see docs/instrument-format.md).

    Every title, question, help text, level description, choice label, action, band name and
    description, rule message and unit is a message; the comment names its place, for example
    ``instrument tibs-readiness@1 › section readiness › dimension mgmt › item mgmt_commitment:
    level 2 of the 0–4 scale``.
    """
    text = fileobj.read().decode(options.get("encoding", "utf-8"))
    data = _load_located(text)
    if not isinstance(data, dict):
        return
    name = f"instrument {data.get('id', '?')}@{data.get('version', '?')}"
    for message, comment in _walk_instrument(data, (name,), ""):
        yield _line(text, message), None, str(message), [comment]


def extract_nace(
    fileobj: IO[bytes],
    keywords: Collection[str],
    comment_tags: Collection[str],
    options: Mapping[str, Any],
) -> Iterator[Extracted]:
    """Extracts the section and division titles of the NACE Rev. 2 classification.

    The European Union publishes official NACE titles in every one of its languages; the
    comment says so, so that translators take those rather than translating anew.
    """
    text = fileobj.read().decode(options.get("encoding", "utf-8"))
    data = _load_located(text)
    for section in data.get("sections", []):
        yield (
            _line(text, section["title"]),
            None,
            str(section["title"]),
            [f"NACE Rev. 2 section {section['code']} (use the official EU title)"],
        )
        for division in section.get("divisions", []):
            yield (
                _line(text, division["title"]),
                None,
                str(division["title"]),
                [f"NACE Rev. 2 division {division['code']} (use the official EU title)"],
            )

"""Checks of the translation catalogs, shared by ``tools check`` and ``tests/i18n``.

A catalog is complete when every message of the template is translated and not fuzzy, keeps the
placeholders of its source (``{name}`` and, for ``python-format`` messages, ``%``-style), has the
number of plural forms its language needs, passes ``msgfmt --check``, and equals its English
source only where ``translations/allowlist.txt`` says that is right (names, codes, units).
"""

from __future__ import annotations

import gettext
import os
import re
import string
import subprocess
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from babel.messages.catalog import Catalog, Message


@dataclass(frozen=True)
class Problem:
    """One thing wrong with one message (or with the catalog, when ``msgid`` is empty)."""

    language: str
    kind: str  # missing, untranslated, fuzzy, placeholders, plural forms, identical, header, msgfmt
    msgid: str
    detail: str = ""

    def __str__(self) -> str:
        text = f"{self.kind}: {self.msgid!r}" if self.msgid else self.kind
        return f"{text} ({self.detail})" if self.detail else text


class Allowlist:
    """Messages whose translation may be identical to the English source.

    The file has one message per line, ``LANGUAGES | message``, where ``LANGUAGES`` is ``*`` or
    language codes separated by spaces; ``#`` starts a comment line.
    """

    def __init__(self, entries: dict[str, set[str]] | None = None) -> None:
        self.entries = entries or {}

    def allows(self, language: str, msgid: str) -> bool:
        languages = self.entries.get(msgid, set())
        return "*" in languages or language in languages


def load_allowlist(path: Path) -> Allowlist:
    entries: dict[str, set[str]] = {}
    if not path.exists():
        return Allowlist()
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        languages, bar, message = line.partition(" | ")
        if not bar or not message:
            raise ValueError(f"{path}:{number}: expected 'LANGUAGES | message', found {line!r}")
        entries.setdefault(message, set()).update(languages.split())
    return Allowlist(entries)


# %-style conversions as Python's % operator reads them: %(name)s, %5.1f, %%.
_PERCENT = re.compile(
    r"%(?:\((?P<name>[^)]*)\))?[#0 +-]*(?:\*|\d+)?(?:\.(?:\*|\d+))?[hlL]?[diouxXeEfFgGcrsa%]"
)
_FORMATTER = string.Formatter()


def brace_fields(text: str) -> Counter[str]:
    """The ``{fields}`` of a ``str.format`` template (``{value:.1f}`` counts as ``value``).

    Raises:
        ValueError: the braces do not balance.
    """
    fields: Counter[str] = Counter()
    for _literal, field, _spec, _conversion in _FORMATTER.parse(text):
        if field is not None:
            fields[re.split(r"[.\[]", field, maxsplit=1)[0]] += 1
    return fields


def percent_specs(text: str) -> list[str]:
    """The ``%`` conversions of a ``python-format`` message, in order, ``%%`` left out."""
    return [m.group(0) for m in _PERCENT.finditer(text) if m.group(0) != "%%"]


def _has_words(text: str) -> bool:
    """Whether a text holds letters outside its placeholders (``{count} %`` does not)."""
    try:
        literal = "".join(part for part, *_rest in _FORMATTER.parse(text))
    except ValueError:
        literal = text
    return any(ch.isalpha() for ch in _PERCENT.sub("", literal))


def _forms(message: Message) -> tuple[list[str], list[str]]:
    """The source texts and translations of a message, as lists (one item when singular)."""
    ids = list(message.id) if isinstance(message.id, list | tuple) else [message.id]
    strings = message.string
    texts = list(strings) if isinstance(strings, list | tuple) else [strings or ""]
    return ids, texts


def forms_only_for_one(plural_expr: str, count: int) -> frozenset[int]:
    """Plural forms that a language uses for n = 1 alone (which may leave the number out)."""
    choose = gettext.c2py(plural_expr)
    used: dict[int, set[int]] = {index: set() for index in range(count)}
    for n in range(1000):
        used.setdefault(choose(n), set()).add(n)
    return frozenset(index for index, numbers in used.items() if numbers == {1})


def _placeholder_problem(
    message: Message, ids: list[str], texts: list[str], lenient: frozenset[int]
) -> str:
    """What is wrong with the placeholders of a translated message; empty when nothing."""
    try:
        wanted = set().union(*(brace_fields(text) for text in ids))
        plural_fields = set(brace_fields(ids[-1]))
        for index, text in enumerate(texts):
            fields = set(brace_fields(text))
            if not fields <= wanted:
                return f"unknown {sorted(fields - wanted)} in form {index}"
            # Every form must say what the English plural says, except a form used for exactly
            # one thing, which may leave the number out ("jeden plik").
            strict = len(texts) == 1 or index not in lenient
            if strict and fields != plural_fields:
                return f"expected {sorted(plural_fields)} in form {index}, found {sorted(fields)}"
    except ValueError as exc:
        return f"unbalanced braces ({exc})"
    # BrokerDesk formats with str.format only: a "%" in a message ("25% or more") is text,
    # whatever flag Babel guessed, so %-conversions are not compared.
    return ""


def check_messages(
    catalog: Catalog,
    language: str,
    allowlist: Allowlist,
    template: Catalog | None = None,
    plurals: int | None = None,
) -> list[Problem]:
    """Checks every message of a catalog (not ``msgfmt``, not the header)."""
    problems = []
    plurals = plurals or catalog.num_plurals
    lenient = forms_only_for_one(catalog.plural_expr, plurals)
    if template is not None:
        for source in template:
            if source.id and catalog.get(source.id, source.context) is None:
                problems.append(Problem(language, "missing", _key(source)))
    for message in catalog:
        if not message.id:
            continue
        key = _key(message)
        ids, texts = _forms(message)
        if message.fuzzy:
            problems.append(Problem(language, "fuzzy", key))
            continue
        if len(ids) > 1 and len(texts) != plurals:
            problems.append(
                Problem(language, "plural forms", key, f"{len(texts)} forms, expected {plurals}")
            )
        if not all(texts):
            problems.append(Problem(language, "untranslated", key))
            continue
        detail = _placeholder_problem(message, ids, texts, lenient)
        if detail:
            problems.append(Problem(language, "placeholders", key, detail))
        same = texts[0] == ids[0] or texts[-1] == ids[-1]
        if same and _has_words(ids[0]) and not allowlist.allows(language, ids[0]):
            problems.append(Problem(language, "identical", key, "not in allowlist.txt"))
    return problems


def _key(message: Message) -> str:
    text = message.id[0] if isinstance(message.id, list | tuple) else message.id
    return f"{message.context}\x04{text}" if message.context else str(text)


def check_header(catalog: Catalog, language: str, plurals: int) -> list[Problem]:
    problems = []
    header = dict(catalog.mime_headers)
    match = re.search(r"nplurals\s*=\s*(\d+)", header.get("Plural-Forms", ""))
    if not match or int(match.group(1)) != plurals:
        found = match.group(1) if match else "none"
        problems.append(
            Problem(language, "header", "", f"Plural-Forms: nplurals={found}, expected {plurals}")
        )
    if header.get("Language") != language:
        problems.append(Problem(language, "header", "", f"Language: {header.get('Language')!r}"))
    if catalog.fuzzy:
        problems.append(Problem(language, "header", "", "the header is marked fuzzy"))
    return problems


def msgfmt_problems(path: Path) -> list[str]:
    """What ``msgfmt --check`` says about a catalog; empty when it is clean.

    Raises:
        FileNotFoundError: GNU gettext's ``msgfmt`` is not installed (scripts/system-deps.sh).
    """
    result = subprocess.run(
        ["msgfmt", "--check", "--output-file", os.devnull, str(path)],
        capture_output=True,
        text=True,
        check=False,
    )
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    if result.returncode and not lines:
        lines = [f"msgfmt exited with {result.returncode}"]
    return lines


def template_duplicates(path: Path) -> list[str]:
    """Messages defined more than once in a ``.pot`` (a reader would merge them silently)."""
    keys: Counter[str] = Counter()
    context, current, field = "", "", ""
    for raw in [*path.read_text(encoding="utf-8").splitlines(), ""]:
        line = raw.strip()
        if line.startswith('"') and field:
            if field == "msgid":
                current += _unquote(line)
            elif field == "msgctxt":
                context += _unquote(line)
            continue
        if field == "msgid" and current:
            keys[f"{context}\x04{current}" if context else current] += 1
        if field == "msgid":
            context = ""
        field = ""
        if line.startswith("msgctxt "):
            field, context = "msgctxt", _unquote(line[8:])
        elif line.startswith("msgid "):
            field, current = "msgid", _unquote(line[6:])
    return sorted(key for key, count in keys.items() if count > 1)


def _unquote(text: str) -> str:
    from babel.messages.pofile import unescape

    return unescape(text.strip())


def check_language(folder: Path, language: str, allowlist: Allowlist) -> list[Problem]:
    """Every check of one language's catalog, ``msgfmt`` included, against the template."""
    from brokerdesk.i18n.tools import (
        PipelineError,
        plural_forms,
        po_path,
        read_catalog,
        template_path,
    )

    path = po_path(folder, language)
    if not path.exists():
        return [Problem(language, "missing", "", f"{path} does not exist")]
    try:
        catalog = read_catalog(path, language)
        template = read_catalog(template_path(folder))
    except PipelineError as exc:
        return [Problem(language, "header", "", str(exc))]
    plurals = plural_forms(language)[0]
    problems = check_header(catalog, language, plurals)
    problems += check_messages(catalog, language, allowlist, template, plurals)
    problems += [Problem(language, "msgfmt", "", line) for line in msgfmt_problems(path)]
    return problems

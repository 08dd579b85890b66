"""The translation pipeline: ``python -m brokerdesk.i18n.tools extract|update|compile|check``.

- ``extract`` reads the sources named in ``babel.cfg`` (Python, instrument files, NACE titles) and
  writes ``translations/brokerdesk.pot``.
- ``update`` creates ``translations/<lang>/LC_MESSAGES/brokerdesk.po`` for each partner language
  that has none, and merges the template into the existing ones.
- ``compile`` writes ``brokerdesk.mo`` beside each ``.po`` that is newer than its ``.mo``: it does
  nothing (quickly) when nothing changed, and nothing at all when there is no catalog yet.
- ``check`` runs the catalog checks of ``tests/i18n/test_catalogs.py`` and lists the problems.

Files are only rewritten when their content changes (the creation date alone does not count), so
that running the pipeline twice leaves no difference behind. This is a developer's tool and speaks
English.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import os
import sys
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from brokerdesk.i18n import DOMAIN, LANGUAGES

if TYPE_CHECKING:
    from babel.messages.catalog import Catalog

ROOT = Path(__file__).resolve().parents[2]
TARGETS = tuple(lang for lang in LANGUAGES if lang != "en")  # English is the source language
KEYWORDS = {
    "_": None,
    "N_": None,
    "gettext": None,
    "ngettext": (1, 2),
    "pgettext": ((1, "c"), 2),
    "npgettext": ((1, "c"), 2, 3),
}
COMMENT_TAGS = ("Translators:",)
# Lines that change on every run without the messages changing; ignored when comparing.
_VOLATILE = (b'"POT-Creation-Date:', b'"PO-Revision-Date:')


class PipelineError(RuntimeError):
    """A catalog cannot be read or written; the message names the file."""


def template_path(folder: Path) -> Path:
    return folder / f"{DOMAIN}.pot"


def po_path(folder: Path, language: str) -> Path:
    return folder / language / "LC_MESSAGES" / f"{DOMAIN}.po"


def default_folder() -> Path:
    from brokerdesk.paths import translations_dir

    return translations_dir()


# -- extract ---------------------------------------------------------------------------------


def extract_catalog(root: Path = ROOT, config: Path | None = None) -> Catalog:
    """Collects every message of the sources that ``babel.cfg`` names, as a template catalog."""
    from babel.messages.catalog import Catalog
    from babel.messages.extract import extract_from_dir
    from babel.messages.frontend import parse_mapping_cfg

    from brokerdesk import __version__

    root = root.resolve()
    config = config or root / "babel.cfg"
    with config.open(encoding="utf-8") as handle:
        method_map, options_map = parse_mapping_cfg(handle, str(config))
    tops = {pattern.split("/", 1)[0] for pattern, _method in method_map}

    def wanted(path: str) -> bool:
        parts = Path(path).relative_to(root).parts
        return parts[0] in tops and not any(p.startswith((".", "_")) for p in parts)

    catalog = Catalog(
        project="BrokerDesk",
        version=__version__,
        copyright_holder="BrokerDesk developers",
        charset="utf-8",
        fuzzy=False,
    )
    current = ["?"]  # the file being read, to name it when it cannot be read

    def reading(filename: str, method: str, options: object) -> None:
        current[0] = filename

    found = extract_from_dir(
        str(root),
        method_map,
        options_map,
        keywords=KEYWORDS,
        comment_tags=COMMENT_TAGS,
        callback=reading,
        directory_filter=wanted,
    )
    try:
        for filename, lineno, message, comments, context in found:
            entry = catalog.add(
                message, None, [(filename, lineno)], auto_comments=comments, context=context
            )
            # BrokerDesk formats with str.format ({name}) only. Babel flags any "25% or" as a
            # %-format ("% o"), which would make translators copy phantom directives.
            if entry is not None:
                entry.flags.discard("python-format")
    except (ValueError, SyntaxError, KeyError, UnicodeDecodeError) as exc:
        raise PipelineError(f"{current[0]}: cannot extract messages ({exc})") from None
    return catalog


def _render(catalog: Catalog, **options: object) -> bytes:
    from babel.messages.pofile import write_po

    # Babel re-adds its python-format guess to every message it builds; BrokerDesk formats with
    # {name} only, so the flag would only make msgfmt and translators chase phantom "% o"s.
    for message in catalog:
        message.flags.discard("python-format")
    buffer = io.BytesIO()
    write_po(buffer, catalog, width=100, **options)  # type: ignore[arg-type]
    return buffer.getvalue()


def _stable(content: bytes) -> bytes:
    return b"\n".join(line for line in content.splitlines() if not line.startswith(_VOLATILE))


def _write_if_changed(path: Path, content: bytes) -> bool:
    """Writes ``content`` unless the file already says the same; returns whether it wrote."""
    if path.exists() and _stable(path.read_bytes()) == _stable(content):
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(path.name + ".tmp")
    temporary.write_bytes(content)
    os.replace(temporary, path)
    return True


def extract(folder: Path, root: Path = ROOT) -> tuple[Catalog, bool]:
    """Writes the template; returns it and whether the file changed."""
    catalog = extract_catalog(root)
    return catalog, _write_if_changed(template_path(folder), _render(catalog))


# -- update ----------------------------------------------------------------------------------


def read_catalog(path: Path, language: str | None = None) -> Catalog:
    from babel.messages.pofile import PoFileError, read_po

    try:
        with path.open("rb") as handle:
            return read_po(handle, locale=language, abort_invalid=True)
    except (OSError, PoFileError, ValueError) as exc:
        raise PipelineError(f"{path}: cannot be read ({exc})") from None


def plural_forms(language: str) -> tuple[int, str]:
    """The number of plural forms and the rule, from Babel's (CLDR) locale data."""
    from babel.messages.plurals import get_plural

    rule = get_plural(language)
    return rule.num_plurals, rule.plural_expr


def _fix_header(catalog: Catalog, language: str) -> None:
    """Sets the header fields a partner-language catalog must have right."""
    from babel import Locale

    count, expression = plural_forms(language)
    catalog.mime_headers = [("Plural-Forms", f"nplurals={count}; plural={expression};")]
    catalog.language_team = f"{Locale.parse(language).english_name} translators of BrokerDesk"
    catalog.fuzzy = False


def init_catalog(template: Catalog, language: str) -> Catalog:
    """A new, untranslated catalog for ``language`` (as ``pybabel init`` makes it)."""
    from babel import Locale
    from babel.messages.catalog import Catalog

    catalog = Catalog(
        locale=Locale.parse(language),
        domain=DOMAIN,
        project=template.project,
        version=template.version,
        copyright_holder="BrokerDesk developers",
        charset="utf-8",
        creation_date=template.creation_date,
        revision_date=dt.datetime.now(dt.UTC),
        fuzzy=False,
    )
    catalog.update(template, no_fuzzy_matching=True)
    # Babel's default is a placeholder that msgfmt --check warns about; the team's editor
    # (Poedit, Lokalize ...) puts the real name here on the first save.
    catalog.last_translator = "BrokerDesk translators"
    _fix_header(catalog, language)
    return catalog


def update(folder: Path, languages: Iterable[str] = TARGETS) -> dict[str, str]:
    """Creates or updates each language's catalog from the template.

    Returns:
        What happened per language: ``created``, ``updated`` or ``unchanged``.
    """
    pot = template_path(folder)
    if not pot.exists():
        raise PipelineError(f"{pot} does not exist: run 'extract' first")
    template = read_catalog(pot)
    done = {}
    for language in languages:
        path = po_path(folder, language)
        if path.exists():
            catalog = read_catalog(path, language)
            catalog.update(template, update_header_comment=False, keep_user_comments=True)
            _fix_header(catalog, language)
            action = "updated"
        else:
            catalog = init_catalog(template, language)
            action = "created"
        # Babel wraps a multi-line previous msgid ("#|") into lines msgfmt cannot read, so the
        # previous wording is not written; the fuzzy flag still marks what needs a look.
        content = _render(catalog, include_previous=False)
        done[language] = action if _write_if_changed(path, content) else "unchanged"
    return done


# -- compile ---------------------------------------------------------------------------------


def compile_catalogs(
    folder: Path, languages: Iterable[str] = TARGETS, force: bool = False
) -> dict[str, str]:
    """Compiles each ``.po`` that is newer than its ``.mo``; fuzzy entries are left out.

    Returns:
        Per language: ``compiled``, ``up to date`` or ``no catalog``.
    """
    done = {}
    for language in languages:
        po = po_path(folder, language)
        mo = po.with_suffix(".mo")
        if not po.exists():
            done[language] = "no catalog"
            continue
        if not force and mo.exists() and mo.stat().st_mtime >= po.stat().st_mtime:
            done[language] = "up to date"
            continue
        from babel.messages.mofile import write_mo

        catalog = read_catalog(po, language)
        buffer = io.BytesIO()
        write_mo(buffer, catalog, use_fuzzy=False)
        temporary = mo.with_name(mo.name + ".tmp")
        temporary.write_bytes(buffer.getvalue())
        os.replace(temporary, mo)  # a reader never sees half a catalog
        done[language] = "compiled"
    return done


def statistics(folder: Path, language: str) -> tuple[int, int, int]:
    """``(translated, fuzzy, total)`` messages of a language's catalog."""
    catalog = read_catalog(po_path(folder, language), language)
    messages = [m for m in catalog if m.id]
    fuzzy = sum(1 for m in messages if m.fuzzy)
    translated = sum(
        1
        for m in messages
        if not m.fuzzy and (all(m.string) if isinstance(m.string, list | tuple) else bool(m.string))
    )
    return translated, fuzzy, len(messages)


# -- command line ----------------------------------------------------------------------------


def _languages(chosen: Sequence[str] | None) -> tuple[str, ...]:
    chosen = tuple(chosen or TARGETS)
    unknown = [lang for lang in chosen if lang not in TARGETS]
    if unknown:
        raise PipelineError(
            f"unknown language {', '.join(unknown)}; choose from {' '.join(TARGETS)}"
        )
    return chosen


def _cmd_extract(args: argparse.Namespace) -> int:
    catalog, changed = extract(args.folder, args.root)
    sources: dict[str, int] = {}
    for message in catalog:
        if message.id:
            for filename in {filename for filename, _line in message.locations}:
                parts = filename.split("/")
                key = (
                    "/".join(parts[:2]) if parts[0] == "brokerdesk" and len(parts) > 2 else filename
                )
                sources[key] = sources.get(key, 0) + 1
    state = "written" if changed else "unchanged"
    print(f"{template_path(args.folder)}: {len(catalog)} messages ({state}); found in")
    for key, count in sorted(sources.items()):
        print(f"  {count:5d} from {key}")
    return 0


def _cmd_update(args: argparse.Namespace) -> int:
    for language, action in update(args.folder, _languages(args.language)).items():
        translated, fuzzy, total = statistics(args.folder, language)
        print(f"{language}: {action}; {translated} of {total} translated, {fuzzy} fuzzy")
    return 0


def _cmd_compile(args: argparse.Namespace) -> int:
    done = compile_catalogs(args.folder, _languages(args.language), args.force)
    compiled = [lang for lang, action in done.items() if action == "compiled"]
    missing = [lang for lang, action in done.items() if action == "no catalog"]
    if compiled:
        print(f"compiled: {' '.join(compiled)}")
    if missing and len(missing) == len(done):
        print("no catalogs yet: run 'update' to create them")
    return 0


def _cmd_check(args: argparse.Namespace) -> int:
    from brokerdesk.i18n.checks import check_language, load_allowlist, template_duplicates

    problems = 0
    duplicates = template_duplicates(template_path(args.folder))
    for duplicate in duplicates:
        print(f"brokerdesk.pot: duplicate message {duplicate!r}")
    problems += len(duplicates)
    allowlist = load_allowlist(args.folder / "allowlist.txt")
    for language in _languages(args.language):
        found = check_language(args.folder, language, allowlist)
        problems += len(found)
        kinds: dict[str, int] = {}
        for problem in found:
            kinds[problem.kind] = kinds.get(problem.kind, 0) + 1
        summary = ", ".join(f"{count} {kind}" for kind, count in sorted(kinds.items()))
        print(f"{language}: {summary or 'clean'}")
        for problem in found[: None if args.verbose else 5]:
            print(f"  {problem}")
        if len(found) > 5 and not args.verbose:
            print(f"  ... and {len(found) - 5} more (--verbose lists them all)")
    return 1 if problems else 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m brokerdesk.i18n.tools", description=__doc__)
    parser.add_argument(
        "--folder", type=Path, default=None, help="the translations folder (default: translations/)"
    )
    parser.add_argument("--root", type=Path, default=ROOT, help=argparse.SUPPRESS)
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("extract", help="write brokerdesk.pot from the sources").set_defaults(
        run=_cmd_extract
    )
    for name, run, text in (
        ("update", _cmd_update, "create or update the .po of each language"),
        ("compile", _cmd_compile, "compile each changed .po to .mo"),
        ("check", _cmd_check, "check the catalogs as the tests do"),
    ):
        command = sub.add_parser(name, help=text)
        command.add_argument("language", nargs="*", help=f"some of: {' '.join(TARGETS)}")
        command.set_defaults(run=run)
        if name == "compile":
            command.add_argument("--force", action="store_true", help="compile even if up to date")
        if name == "check":
            command.add_argument("--verbose", action="store_true", help="list every problem")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    args.folder = args.folder or default_folder()
    try:
        return int(args.run(args))
    except PipelineError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    raise SystemExit(main())

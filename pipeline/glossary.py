"""The glossary: proper names and terms with their form in each language.

CSV files (UTF-8, header `en,es,action,note[,case]`), one term a row. A cell
may list variants separated by `|`; the first is canonical.
"""

from __future__ import annotations

import csv
import hashlib
import re
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from .errors import GlossaryError
from .model import GlossaryHit

GLOSSARY_LANGUAGES = ("en", "es")
ACTIONS = ("map", "keep", "forbid")
REQUIRED_COLUMNS = ("en", "es", "action")
OPTIONAL_COLUMNS = ("note", "case")
CASES = ("sensitive", "insensitive")


@dataclass(frozen=True)
class GlossaryEntry:
    forms: dict[str, tuple[str, ...]]  # language -> variants, canonical first
    action: str
    note: str
    case_sensitive: bool
    origin: str  # "FILE:LINE", names the row in messages

    def canonical(self, lang: str) -> str:
        return self.forms[lang][0]

    def target_form(self, source: str, target: str) -> str | None:
        """The form to write in a `target` edition; None when the glossary does not say
        (a mapped term and a language without a column): the engine translates it then."""
        if target in self.forms:
            return self.canonical(target)
        return self.canonical(source) if self.action == "keep" else None


@dataclass(frozen=True)
class Glossary:
    entries: tuple[GlossaryEntry, ...]
    digest: str  # of the files' bytes: part of every translation's signature

    def find(self, text: str, lang: str) -> list[GlossaryHit]:
        """Non-overlapping terms of `lang` in `text`, longest match first."""
        matcher = self._matchers.get(lang)
        if matcher is None or not text:
            return []
        pattern, by_form = matcher
        hits = []
        for match in pattern.finditer(text):
            form = match.group(0)
            entry = by_form.get(form) or by_form[form.casefold()]
            hits.append(GlossaryHit(match.start(), match.end(), form, entry.origin))
        return hits

    def entry(self, origin: str) -> GlossaryEntry:
        return self._by_origin[origin]

    @cached_property
    def _by_origin(self) -> dict[str, GlossaryEntry]:
        return {entry.origin: entry for entry in self.entries}

    @cached_property
    def _matchers(self) -> dict[str, tuple[re.Pattern, dict[str, GlossaryEntry]]]:
        return {lang: _build_matcher(self.entries, lang) for lang in GLOSSARY_LANGUAGES}


def _build_matcher(entries: tuple[GlossaryEntry, ...], lang: str):
    by_form: dict[str, GlossaryEntry] = {}
    alternatives: list[tuple[int, str]] = []
    for entry in entries:
        if entry.action == "forbid":
            continue
        for form in entry.forms[lang]:
            key = form if entry.case_sensitive else form.casefold()
            if key in by_form:
                continue  # the first row claiming a form wins; `glossary lint` reports the clash
            by_form[key] = entry
            escaped = re.escape(form)
            alternatives.append((len(form), escaped if entry.case_sensitive else f"(?i:{escaped})"))
    # Longest first: Python's alternation takes the first alternative that matches.
    alternatives.sort(key=lambda item: -item[0])
    body = "|".join(alternative for _, alternative in alternatives) or r"(?!x)x"
    return re.compile(rf"(?<!\w)(?:{body})(?!\w)"), by_form


def empty_glossary() -> Glossary:
    return Glossary(entries=(), digest=hashlib.sha256(b"").hexdigest()[:12])


def load_glossaries(paths: list[Path]) -> Glossary:
    digest = hashlib.sha256()
    entries: list[GlossaryEntry] = []
    for path in paths:
        data = _read(path)
        digest.update(data)
        entries.extend(parse_glossary(path, data))
    return Glossary(entries=tuple(entries), digest=digest.hexdigest()[:12])


def default_glossary_paths(folder: Path = Path("glossaries")) -> list[Path]:
    """Every CSV in ./glossaries, in name order."""
    return sorted(folder.glob("*.csv")) if folder.is_dir() else []


def parse_glossary(path: Path, data: bytes) -> list[GlossaryEntry]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise GlossaryError("not UTF-8; save the glossary as UTF-8 CSV", path, line) from error
    rows = list(csv.reader(text.splitlines()))
    if not rows:
        raise GlossaryError("empty glossary: a header line en,es,action,note is required", path, 1)
    columns = _check_header(path, [cell.strip().lower() for cell in rows[0]])
    return [
        _parse_row(path, number, columns, row)
        for number, row in enumerate(rows[1:], start=2)
        if any(cell.strip() for cell in row)
    ]


def _read(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as error:
        raise GlossaryError(f"cannot read glossary: {error.strerror}", path) from error


def _check_header(path: Path, header: list[str]) -> list[str]:
    missing = [column for column in REQUIRED_COLUMNS if column not in header]
    if missing:
        raise GlossaryError(
            f"header lacks column {', '.join(missing)}; expected en,es,action,note[,case]", path, 1
        )
    unknown = [column for column in header if column not in REQUIRED_COLUMNS + OPTIONAL_COLUMNS]
    if unknown:
        raise GlossaryError(f"unknown column {', '.join(map(repr, unknown))} in header", path, 1)
    return header


def _parse_row(path: Path, line: int, columns: list[str], row: list[str]) -> GlossaryEntry:
    if len(row) != len(columns):
        raise GlossaryError(f"row has {len(row)} cells, the header has {len(columns)}", path, line)
    cells = {column: cell.strip() for column, cell in zip(columns, row)}
    action = cells["action"].lower()
    if action not in ACTIONS:
        raise GlossaryError(f"action {cells['action']!r} is not one of {', '.join(ACTIONS)}", path, line)
    case = (cells.get("case") or "sensitive").lower()
    if case not in CASES:
        raise GlossaryError(f"case {cells['case']!r} is not one of {', '.join(CASES)}", path, line)
    forms = {lang: _variants(path, line, lang, cells[lang]) for lang in GLOSSARY_LANGUAGES}
    return GlossaryEntry(
        forms=forms,
        action=action,
        note=cells.get("note", ""),
        case_sensitive=case == "sensitive",
        origin=f"{path.name}:{line}",
    )


def _variants(path: Path, line: int, lang: str, cell: str) -> tuple[str, ...]:
    variants = tuple(variant.strip() for variant in cell.split("|"))
    if not cell or not all(variants):
        raise GlossaryError(f"empty {lang} term", path, line)
    return variants

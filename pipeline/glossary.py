"""The glossary: proper names and terms with their form in each language.

CSV files (UTF-8, header `en,es,action,note[,case]`), one term a row. A cell
may list variants separated by `|`; the first is canonical. `keep` and `map`
rows are protected during translation; a `forbid` row lists forms that must not
appear in the edition of each column's language (one of its cells may be empty).
TBX termbases (ISO 30042) are read too, by their .tbx suffix (tbx.py).
"""

from __future__ import annotations

import csv
import hashlib
import io
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from . import files
from .errors import GlossaryError
from .model import GlossaryHit
from .termmatch import TermMatcher

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

    def written_form(self, source: str, target: str, occurrence: str) -> str | None:
        """target_form(); for a case-insensitive term, in the case of the source occurrence:
        'fever' -> 'fiebre' even when the canonical form is 'Fiebre', and 'Fever' -> 'Fiebre'."""
        form = self.target_form(source, target)
        return form if form is None or self.case_sensitive else match_case(form, occurrence)


@dataclass(frozen=True)
class Glossary:
    entries: tuple[GlossaryEntry, ...]
    digest: str  # of the files' bytes: part of every translation's signature

    def find(self, text: str, lang: str) -> list[GlossaryHit]:
        """Non-overlapping terms of `lang` in `text`: leftmost first, then longest (termmatch.py)."""
        if lang not in GLOSSARY_LANGUAGES:
            return []
        if lang not in self._matchers:  # built on first use: a large glossary is searched in one language
            self._matchers[lang] = term_matcher(self.entries, lang)
        return [GlossaryHit(m.start, m.end, m.text, m.value.origin) for m in self._matchers[lang].find(text)]

    def entry(self, origin: str) -> GlossaryEntry:
        return self._by_origin[origin]

    def describe_hits(self, hits: tuple[GlossaryHit, ...], source: str, target: str) -> str:
        """'Dushanbe -> Dusambé; Financial Times': the terms and their form in the target edition."""
        return "; ".join(self._describe_hit(hit, source, target) for hit in hits)

    def _describe_hit(self, hit: GlossaryHit, source: str, target: str) -> str:
        form = self.entry(hit.entry_id).target_form(source, target)
        return hit.source_form if form in (None, hit.source_form) else f"{hit.source_form} -> {form}"

    @cached_property
    def _by_origin(self) -> dict[str, GlossaryEntry]:
        return {entry.origin: entry for entry in self.entries}

    @cached_property
    def _matchers(self) -> dict[str, TermMatcher[GlossaryEntry]]:
        return {}


def term_matcher(entries: tuple[GlossaryEntry, ...], lang: str, forbidden: bool = False) -> TermMatcher[GlossaryEntry]:
    """The `lang` forms of the entries (of the forbid rows when `forbidden`, else of the others).
    The first row claiming a form wins; `glossary lint` reports the clash."""
    matcher: TermMatcher[GlossaryEntry] = TermMatcher()
    for entry in entries:
        if (entry.action == "forbid") == forbidden:
            for form in entry.forms[lang]:
                matcher.add(form, entry.case_sensitive, entry)
    return matcher


def match_case(form: str, occurrence: str) -> str:
    """`form` in the case pattern of `occurrence`: all capitals, capitalised or lower case.
    A form that starts with an acronym or a mixed-case word keeps its case."""
    first_word = form.split(" ", 1)[0]
    if len(occurrence) > 1 and occurrence.isupper():
        return form.upper()
    if occurrence[:1].isupper():
        return form[:1].upper() + form[1:]
    if occurrence.islower() and first_word[:1].isupper() and first_word[1:].islower():
        return form[:1].lower() + form[1:]
    return form


def empty_glossary() -> Glossary:
    return Glossary(entries=(), digest=hashlib.sha256(b"").hexdigest()[:12])


def load_glossaries(paths: list[Path]) -> Glossary:
    """CSV glossaries, or TBX termbases (by the .tbx suffix), as one glossary."""
    digest = hashlib.sha256()
    entries: list[GlossaryEntry] = []
    for path in paths:
        data = read_bytes(path)
        digest.update(data)
        entries.extend(parse_glossary(path, data))
    return Glossary(entries=tuple(entries), digest=digest.hexdigest()[:12])


def default_glossary_paths(folder: Path = Path("glossaries")) -> list[Path]:
    """Every CSV in ./glossaries, in name order."""
    return sorted(folder.glob("*.csv")) if folder.is_dir() else []


def parse_glossary(path: Path, data: bytes) -> list[GlossaryEntry]:
    if path.suffix.lower() == ".tbx":
        from .tbx import parse_tbx

        return parse_tbx(path, data)
    return [entry_of(row) for row in read_rows(path, data)]


@dataclass(frozen=True)
class Row:
    """One CSV row as written, cells stripped, before its values are checked."""

    path: Path
    line: int
    cells: dict[str, str]


def read_rows(path: Path, data: bytes) -> list[Row]:
    """The non-blank rows; GlossaryError for what makes a file unreadable as a glossary."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise GlossaryError("not UTF-8; save the glossary as UTF-8 CSV", path, line) from error
    rows = list(csv.reader(text.splitlines()))
    if not rows:
        raise GlossaryError("empty glossary: a header line en,es,action,note is required", path, 1)
    columns = _check_header(path, [cell.strip().lower() for cell in rows[0]])
    result = []
    for line, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != len(columns):
            raise GlossaryError(f"row has {len(row)} cells, the header has {len(columns)}", path, line)
        result.append(Row(path, line, {column: cell.strip() for column, cell in zip(columns, row)}))
    return result


def read_bytes(path: Path) -> bytes:
    return files.read_bytes(path, GlossaryError)


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


def entry_of(row: Row) -> GlossaryEntry:
    """The entry a row stands for; GlossaryError naming the row when a value is wrong."""
    cells, path, line = row.cells, row.path, row.line
    action = cells["action"].lower()
    if action not in ACTIONS:
        raise GlossaryError(f"action {cells['action']!r} is not one of {', '.join(ACTIONS)}", path, line)
    case = (cells.get("case") or "sensitive").lower()
    if case not in CASES:
        raise GlossaryError(f"case {cells['case']!r} is not one of {', '.join(CASES)}", path, line)
    forms = {lang: variants(cells[lang]) for lang in GLOSSARY_LANGUAGES}
    for lang in GLOSSARY_LANGUAGES:
        # A forbid row may leave one language out: it forbids nothing there.
        allowed_empty = action == "forbid" and not cells[lang] and any(forms.values())
        if not allowed_empty and (not forms[lang] or not all(forms[lang])):
            raise GlossaryError(f"empty {lang} term", path, line)
    return GlossaryEntry(forms=forms, action=action, note=cells.get("note", ""),
                         case_sensitive=case == "sensitive", origin=f"{path.name}:{line}")


def variants(cell: str) -> tuple[str, ...]:
    """'Panjshir|Panshir' -> ('Panjshir', 'Panshir'); '' -> ()."""
    return tuple(variant.strip() for variant in cell.split("|")) if cell else ()


def glossary_csv(entries: list[GlossaryEntry]) -> bytes:
    """The entries as a glossary CSV; the case column only when a row needs it."""
    with_case = any(not entry.case_sensitive for entry in entries)
    output = io.StringIO()
    writer = csv.writer(output, lineterminator="\n")
    writer.writerow(["en", "es", "action", "note"] + (["case"] if with_case else []))
    for entry in entries:
        cells = ["|".join(entry.forms[lang]) for lang in GLOSSARY_LANGUAGES] + [entry.action, entry.note]
        writer.writerow(cells + (["sensitive" if entry.case_sensitive else "insensitive"] if with_case else []))
    return output.getvalue().encode("utf-8")

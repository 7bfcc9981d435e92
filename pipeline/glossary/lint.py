"""`diglot glossary lint`: glossary rows that would make translations wrong or ambiguous.

Each rule is a function over all rows of all files given (a clash between two
files is a clash too) that yields (row, message); its id and name are given
with @rule, and its docstring is the user documentation. A file that cannot be
read as a glossary at all (encoding, header, cell count) is an input error.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import combinations
from pathlib import Path
from typing import Callable, Iterator

from .csvfile import entry_of, read_bytes, read_rows
from .entry import GLOSSARY_LANGUAGES, GlossaryEntry, variants
from .match import term_path
from .tbx import parse_tbx


@dataclass(frozen=True)
class LintRow:
    path: str  # as given, for messages
    line: int
    entry: GlossaryEntry | None  # None when a cell is empty
    cells: dict[str, str]  # as written (empty for TBX)

    @property
    def where(self) -> str:
        return f"{self.path}:{self.line}"


@dataclass(frozen=True)
class LintFinding:
    row: LintRow
    rule: str
    message: str

    def __str__(self) -> str:
        return f"{self.row.where}: error: {self.message} [{self.rule}]"


@dataclass(frozen=True)
class Rule:
    id: str
    name: str
    run: Callable[[list[LintRow]], Iterator[tuple[LintRow, str]]]

    @property
    def doc(self) -> str:
        return " ".join((self.run.__doc__ or "").split())


RULES: list[Rule] = []


def rule(rule_id: str, name: str):
    def register(function):
        RULES.append(Rule(rule_id, name, function))
        return function

    return register


def lint_files(paths: list[Path]) -> list[LintFinding]:
    """Every finding of every rule, in file and line order."""
    rows = [row for path in paths for row in _rows(path)]
    findings = [LintFinding(row, item.id, message) for item in RULES for row, message in item.run(rows)]
    order = {row.where: index for index, row in enumerate(rows)}
    return sorted(findings, key=lambda finding: order[finding.row.where])


def _rows(path: Path) -> list[LintRow]:
    data = read_bytes(path)
    if path.suffix.lower() == ".tbx":
        return [LintRow(str(path), int(entry.origin.rsplit(":", 1)[1]), entry, {})
                for entry in parse_tbx(path, data)]
    rows = []
    for row in read_rows(path, data):
        empty = _empty_cells(row.cells)
        rows.append(LintRow(str(path), row.line, None if empty else entry_of(row), row.cells))
    return rows


def _empty_cells(cells: dict[str, str]) -> list[str]:
    forbid = cells["action"].lower() == "forbid"
    empty = [] if cells["action"] else ["action"]
    for lang in GLOSSARY_LANGUAGES:
        forms = variants(cells[lang])
        if (not forms and not forbid) or not all(forms):
            empty.append(lang)
    if forbid and not any(cells[lang] for lang in GLOSSARY_LANGUAGES):
        empty += list(GLOSSARY_LANGUAGES)
    return empty


def _entries(rows: list[LintRow]) -> list[tuple[LintRow, GlossaryEntry]]:
    return [(row, row.entry) for row in rows if row.entry is not None]


def _key(form: str, entry: GlossaryEntry, other: GlossaryEntry) -> str:
    """Two rows' forms are the same when equal under the looser of their case rules."""
    return form if entry.case_sensitive and other.case_sensitive else form.casefold()


# --- the rules ---------------------------------------------------------------


@rule("empty-cell", "Empty cell")
def empty_cell(rows: list[LintRow]) -> Iterator[tuple[LintRow, str]]:
    """The en, es and action cells are filled, and no variant list has an empty variant
    ('Kabul||Kaboul', a trailing '|'). A forbid row may leave one language empty."""
    for row in rows:
        if row.cells:
            for column in _empty_cells(row.cells):
                yield row, f"empty {column} cell" if column == "action" or not row.cells[column] else \
                    f"empty variant in the {column} cell {row.cells[column]!r}"


@rule("duplicate", "Duplicate row")
def duplicate(rows: list[LintRow]) -> Iterator[tuple[LintRow, str]]:
    """No row repeats the forms of an earlier row (both languages, every variant, same case
    rule): only the first is ever used."""
    seen: dict[tuple, LintRow] = {}
    for row, entry in _entries(rows):
        key = (entry.action == "forbid", entry.case_sensitive, tuple(entry.forms[lang] for lang in GLOSSARY_LANGUAGES))
        if key in seen:
            yield row, f"duplicate of {seen[key].where}"
        else:
            seen[key] = row


@rule("conflicting-mapping", "Conflicting mapping")
def conflicting_mapping(rows: list[LintRow]) -> Iterator[tuple[LintRow, str]]:
    """No source form is given two different targets: two rows with the same canonical form
    in one language agree on the canonical form in the other. Otherwise the first row wins
    and the other never applies; make one row, with the other targets as variants if they
    are acceptable too."""
    for (first_row, first), (row, entry) in _sharing_pairs(rows):
        for lang, other in (("en", "es"), ("es", "en")):
            same_source = _key(first.canonical(lang), first, entry) == _key(entry.canonical(lang), entry, first)
            if same_source and first.canonical(other) != entry.canonical(other):
                yield row, (f"{lang} {entry.canonical(lang)!r} maps to {other} {entry.canonical(other)!r} here "
                            f"but to {first.canonical(other)!r} at {first_row.where}")
                break


@rule("variant-claimed-twice", "Variant claimed by two rows")
def variant_claimed_twice(rows: list[LintRow]) -> Iterator[tuple[LintRow, str]]:
    """A variant belongs to one row: a form listed by two rows, as a variant in at least one
    of them, is attributed to the first row only, and the second row's reading of it never
    applies."""
    for (first_row, first), (row, entry) in _sharing_pairs(rows):
        if _same_forms(first, entry):
            continue  # a duplicate
        for lang in GLOSSARY_LANGUAGES:
            canonical = {_key(first.canonical(lang), first, entry), _key(entry.canonical(lang), entry, first)}
            shared = [form for form in _shared_forms(first, entry, lang) if len(canonical) > 1
                      or _key(form, entry, first) not in canonical]
            if shared:
                yield row, f"{lang} variant {shared[0]!r} is also claimed by {first_row.where}"
                break


@rule("forbidden-allowed", "Forbidden form also allowed")
def forbidden_allowed(rows: list[LintRow]) -> Iterator[tuple[LintRow, str]]:
    """No form is forbidden by one row and written by another: every translation using it
    would fail `diglot check`."""
    allowed = {}
    for row, entry in _entries(rows):
        if entry.action != "forbid":
            for lang in GLOSSARY_LANGUAGES:
                for form in entry.forms[lang]:
                    allowed.setdefault((lang, form.casefold()), row)
    for row, entry in _entries(rows):
        if entry.action == "forbid":
            for lang in GLOSSARY_LANGUAGES:
                for form in entry.forms[lang]:
                    other = allowed.get((lang, form.casefold()))
                    if other is not None and form in other.entry.forms[lang]:
                        yield row, f"{lang} {form!r} is forbidden here but written by {other.where}"


@rule("shadowed-term", "Shadowed term")
def shadowed_term(rows: list[LintRow]) -> Iterator[tuple[LintRow, str]]:
    """No term starts with the end of another row's term: where the two meet in a text
    ('New York' and 'York Times' in 'New York Times'), the leftmost match wins and the other
    term is not found. (A term inside a longer one is fine: the longer one wins, as meant.)"""
    for lang in GLOSSARY_LANGUAGES:
        starts: dict[tuple[str, ...], list[tuple[LintRow, str]]] = {}
        paths = []
        for row, entry in _entries(rows):
            if entry.action == "forbid":
                continue
            for form in entry.forms[lang]:
                keys = _folded_keys(form)
                paths.append((row, form, keys))
                for length in range(1, len(keys)):
                    starts.setdefault(keys[:length], []).append((row, form))
        reported = set()
        for row, form, keys in paths:
            for cut in range(1, len(keys)):
                for other_row, other in starts.get((keys[cut].lstrip(" "), *keys[cut + 1 :]), []):
                    if other_row is not row and (other_row.where, other) not in reported:
                        reported.add((other_row.where, other))
                        yield other_row, (f"{lang} {other!r} is shadowed by {form!r} ({row.where}) where they "
                                          f"overlap: in {_overlap(form, other, len(keys) - cut)!r} only "
                                          f"{form!r} is found")


def _folded_keys(form: str) -> tuple[str, ...]:
    return tuple(key.casefold() for key in term_path(form)[0])


def _overlap(first: str, second: str, shared_words: int) -> str:
    words = second.split(" ")
    return first + (" " + " ".join(words[shared_words:]) if len(words) > shared_words else "")


def _sharing_pairs(rows: list[LintRow]) -> Iterator[tuple[tuple[LintRow, GlossaryEntry], tuple[LintRow, GlossaryEntry]]]:
    """Pairs of map/keep rows (earlier, later) that list a form in common, in one language or both."""
    by_form: dict[str, list[int]] = {}
    entries = [(row, entry) for row, entry in _entries(rows) if entry.action != "forbid"]
    for index, (_, entry) in enumerate(entries):
        for lang in GLOSSARY_LANGUAGES:
            for form in entry.forms[lang]:
                by_form.setdefault(f"{lang}:{form.casefold()}", []).append(index)
    pairs = sorted({pair for indexes in by_form.values() for pair in combinations(sorted(set(indexes)), 2)})
    for first, second in pairs:
        if any(_shared_forms(entries[first][1], entries[second][1], lang) for lang in GLOSSARY_LANGUAGES):
            yield entries[first], entries[second]


def _shared_forms(first: GlossaryEntry, second: GlossaryEntry, lang: str) -> list[str]:
    theirs = {_key(form, first, second) for form in first.forms[lang]}
    return [form for form in second.forms[lang] if _key(form, second, first) in theirs]


def _same_forms(first: GlossaryEntry, second: GlossaryEntry) -> bool:
    return all(first.forms[lang] == second.forms[lang] for lang in GLOSSARY_LANGUAGES)

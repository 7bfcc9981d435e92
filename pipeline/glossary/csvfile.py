"""Glossary CSV files (UTF-8, header `en,es,action,note[,case][,match]`): reading and writing."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path

from .. import files
from ..errors import GlossaryError
from .entry import (ACTIONS, CASES, GLOSSARY_LANGUAGES, MATCHES, OPTIONAL_COLUMNS, REQUIRED_COLUMNS, GlossaryEntry,
                    variants)


def parse_glossary(path: Path, data: bytes) -> list[GlossaryEntry]:
    """The entries of a glossary CSV."""
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
            f"header lacks column {', '.join(missing)}; expected en,es,action,note[,case][,match]", path, 1
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
    match = (cells.get("match") or "").lower()
    if match and match not in MATCHES:
        raise GlossaryError(f"match {cells['match']!r} is not one of {', '.join(MATCHES)}", path, line)
    forms = {lang: variants(cells[lang]) for lang in GLOSSARY_LANGUAGES}
    for lang in GLOSSARY_LANGUAGES:
        # A forbid row may leave one language out: it forbids nothing there.
        allowed_empty = action == "forbid" and not cells[lang] and any(forms.values())
        if not allowed_empty and (not forms[lang] or not all(forms[lang])):
            raise GlossaryError(f"empty {lang} term", path, line)
    return GlossaryEntry(forms=forms, action=action, note=cells.get("note", ""),
                         case_sensitive=case == "sensitive", origin=f"{path.name}:{line}", match=match)


def glossary_csv(entries: list[GlossaryEntry]) -> bytes:
    """The entries as a glossary CSV; the case and match columns only when a row needs them."""
    with_case = any(not entry.case_sensitive for entry in entries)
    with_match = any(entry.match for entry in entries)
    output = io.StringIO()
    writer = csv.writer(output, lineterminator="\n")
    writer.writerow(["en", "es", "action", "note"] + ["case"] * with_case + ["match"] * with_match)
    for entry in entries:
        cells = ["|".join(entry.forms[lang]) for lang in GLOSSARY_LANGUAGES] + [entry.action, entry.note]
        cells += ["sensitive" if entry.case_sensitive else "insensitive"] * with_case + [entry.match] * with_match
        writer.writerow(cells)
    return output.getvalue().encode("utf-8")

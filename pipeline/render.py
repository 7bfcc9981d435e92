"""Stage 8: the edition as plain text, laid out like the source article."""

from __future__ import annotations

from pathlib import Path

import polib

from .model import Document


def edition_path(locales: Path, lang: str, doc_id: str) -> Path:
    return locales / lang / f"{doc_id}.txt"


def render_edition(document: Document, catalog: polib.POFile) -> bytes:
    """Each segment's line replaced by its catalog entry's msgstr (the source if empty)."""
    entries = [entry for entry in catalog if not entry.obsolete]
    lines = [line.rstrip() for line in document.lines]
    for segment, entry in zip(document.segments, entries, strict=True):
        lines[segment.line - 1] = entry.msgstr or segment.text
    return ("\n".join(lines).rstrip("\n") + "\n").encode("utf-8")

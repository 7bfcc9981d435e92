"""Stage 8: the edition, a file of the source's own format with each unit's translation in its place."""

from __future__ import annotations

from pathlib import Path

import polib

from .formats import format_named
from .model import Document


def edition_path(locales: Path, lang: str, doc_id: str, suffix: str = ".txt") -> Path:
    return locales / lang / f"{doc_id}{suffix}"


def render_edition(document: Document, catalog: polib.POFile, lang: str) -> bytes:
    """The document with each segment's text replaced by its catalog entry's msgstr (the source if empty)."""
    entries = [entry for entry in catalog if not entry.obsolete]
    texts = [entry.msgstr or segment.text for segment, entry in zip(document.segments, entries, strict=True)]
    return format_named(document.format).edition(document, texts, lang)

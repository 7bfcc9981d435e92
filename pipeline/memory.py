"""Translation memory: translations already in any catalog, reused instead of translated again.

Same source text, same edition language. A reviewed translation wins over
machine output; machine output is reused only when it was made with the
same glossary, so a glossary change is never hidden by an old translation.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import polib

from .catalog import GLOSSARY_HEADER, is_reviewed, iter_catalogs, load_catalog
from .model import Document, Translation


@dataclass(frozen=True)
class Remembered:
    text: str
    reviewed: bool
    origin: str  # the catalog it comes from, for the entry's comment


class TranslationMemory:
    def __init__(self, glossary_digest: str):
        self.glossary_digest = glossary_digest
        self._entries: dict[tuple[str, str], Remembered] = {}

    @classmethod
    def from_locales(
        cls, locales: Path, targets: list[str], glossary_digest: str,
        loaded: dict[tuple[str, str], polib.POFile | None] | None = None,
    ) -> "TranslationMemory":
        """Every catalog of the target languages; `loaded` ones, keyed (doc_id, lang), are not parsed again."""
        loaded = loaded or {}
        memory = cls(glossary_digest)
        for lang, doc_id, path in iter_catalogs(locales):
            if lang in targets:
                catalog = loaded[doc_id, lang] if (doc_id, lang) in loaded else load_catalog(path)
                memory.add_catalog(lang, f"{doc_id}.po", catalog)
        return memory

    def add_catalog(self, lang: str, origin: str, catalog: polib.POFile) -> None:
        same_glossary = catalog.metadata.get(GLOSSARY_HEADER) == self.glossary_digest
        for entry in catalog:
            if entry.obsolete or not entry.msgstr or entry.msgstr == entry.msgid:
                continue
            if is_reviewed(entry) or (same_glossary and "engine: " in entry.comment):
                self._offer(lang, entry.msgid, Remembered(entry.msgstr, is_reviewed(entry), origin))

    def _offer(self, lang: str, source: str, candidate: Remembered) -> None:
        known = self._entries.get((lang, source))
        if known is None or (candidate.reviewed and not known.reviewed):
            self._entries[lang, source] = candidate

    def apply(self, document: Document, lang: str) -> int:
        """Give the segments the memory knows their translation; returns how many."""
        reused = 0
        for segment in document.segments:
            found = self._entries.get((lang, segment.text))
            if found is not None and segment.translatable and lang not in segment.translations:
                state = "reviewed" if found.reviewed else "machine translation"
                segment.translations[lang] = Translation(
                    found.text, "reused", engine=f"{state} in {found.origin}", reviewed=found.reviewed
                )
                reused += 1
        return reused

"""Translation memory: translations already in any catalog, reused instead of translated again.

Same source text, same edition language. A reviewed translation wins over
machine output and is reused whatever the glossary. Machine output is the
translate stage's cache: it is reused only when it would come out the same,
that is made by the same engine with the same glossary terms (translate.py
decides), so a glossary edit sends to the engine just the segments whose terms
it changed, and a reused entry is written exactly as it was (its engine,
unknown words and check lines kept).
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass

import polib

from .catalog import (
    CHECK_NOTE, ENGINE_NOTE, GLOSSARY_NOTE, comment_lines, is_reviewed, is_untouched_copy, unknown_words,
    values_after,
)
from .model import Document, Translation


@dataclass(frozen=True)
class Remembered:
    """A reviewed translation and the catalog it comes from."""

    text: str
    origin: str  # the catalog it comes from, for the entry's comment


@dataclass(frozen=True)
class MachineOutput:
    """What a catalog entry says of the machine translation it holds."""

    text: str
    engine: str
    glossary: str  # the entry's glossary line: the terms it was translated with
    unknown_words: tuple[str, ...]
    flags: tuple[str, ...]


# Machine output is kept for the most recent entries only, so memory stays flat
# however large the batch: the engines are deterministic, so an entry forgotten
# is translated again into the same text. Reviewed work is never forgotten.
MACHINE_ENTRIES = 5_000


class TranslationMemory:
    def __init__(self) -> None:
        self._reviewed: dict[tuple[str, str], Remembered] = {}
        self._machine: OrderedDict[tuple[str, str], MachineOutput] = OrderedDict()
        self._made_now: set[tuple[str, str]] = set()  # keys of _machine made in this run
        # With --jobs, chunks are translated in several threads: adding is several steps
        # (reading alone is one dict lookup, safe as it is).
        self._lock = threading.Lock()

    def add_catalog(self, lang: str, origin: str, catalog: polib.POFile, made_now: bool = False) -> None:
        """Remember a catalog's translations. `made_now`: the catalog was made in this run,
        so its machine output is that of the current engine and glossary, and no catalog
        from an earlier run replaces it."""
        with self._lock:
            self._add_entries(lang, origin, catalog, made_now)

    def _add_entries(self, lang: str, origin: str, catalog: polib.POFile, made_now: bool) -> None:
        for entry in catalog:
            if entry.obsolete or not entry.msgstr or is_untouched_copy(entry):
                continue
            if is_reviewed(entry):
                if (lang, entry.msgid) not in self._reviewed:
                    self._reviewed[lang, entry.msgid] = Remembered(entry.msgstr, origin)
            elif ENGINE_NOTE in entry.comment:
                if made_now:
                    self._made_now.add((lang, entry.msgid))
                elif (lang, entry.msgid) in self._made_now:  # a subset of _machine's keys
                    continue
                self._remember(lang, entry.msgid, machine_output(entry))

    def _remember(self, lang: str, source: str, output: MachineOutput) -> None:
        self._machine[lang, source] = output
        self._machine.move_to_end((lang, source))
        if len(self._machine) > MACHINE_ENTRIES:
            forgotten, _ = self._machine.popitem(last=False)
            self._made_now.discard(forgotten)

    def apply(self, document: Document, lang: str) -> int:
        """Give the segments the reviewed translations the memory knows; returns how many."""
        reused = 0
        for segment in document.segments:
            found = self._reviewed.get((lang, segment.text))
            if found is not None and segment.translatable and lang not in segment.translations:
                segment.translations[lang] = Translation(
                    found.text, "reused", engine=f"reviewed in {found.origin}", reviewed=True
                )
                reused += 1
        return reused

    def machine_output(self, lang: str, source: str) -> MachineOutput | None:
        """The machine translation of `source` into `lang` some catalog holds, if any."""
        return self._machine.get((lang, source))


def machine_output(entry: polib.POEntry) -> MachineOutput:
    lines = comment_lines(entry)
    return MachineOutput(
        text=entry.msgstr,
        engine=next(iter(values_after(lines, ENGINE_NOTE)), ""),
        glossary=next(iter(values_after(lines, GLOSSARY_NOTE)), ""),
        unknown_words=unknown_words(lines),
        flags=tuple(values_after(lines, CHECK_NOTE)),
    )

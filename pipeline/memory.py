"""Translation memory: translations already in any catalog, reused instead of translated again.

Same source text, same edition language. A reviewed translation wins over
machine output and is reused whatever the glossary. Machine output is the
translate stage's cache: it is reused only when it would come out the same,
that is made by the same engine with the same glossary terms (translate.py
decides), so a glossary edit sends to the engine just the segments whose terms
it changed, and a reused entry is written exactly as it was (its engine,
unknown words and check lines kept).

Reviewed work is also remembered sentence by sentence (align.py links each
entry's sentences to its translation's), so a paragraph whose source changed,
or a paragraph of another article, is built from the sentences an editor
already reviewed and only the others go to the engine (translate.py).
"""

from __future__ import annotations

import re
import threading
from collections import OrderedDict
from dataclasses import dataclass
from typing import TYPE_CHECKING

import polib

from .align import sure_links
from .catalog import (
    CHECK_NOTE, GENERATOR, ENGINE_NOTE, GLOSSARY_NOTE, comment_lines, is_review_work, is_reviewed, is_untouched_copy,
    unknown_words, values_after,
)
from .formats.base import collapse
from .model import Document, Segment, Translation
from .sentences import sentence_spans

if TYPE_CHECKING:  # rapidfuzz is imported when there is reviewed work to look through, not before
    from .fuzzy import FuzzyIndex, Match


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


@dataclass(frozen=True)
class Part:
    """Source text [start, end) of a segment, one sentence or two, and the reviewed translation the
    memory knows for it (None: the engine translates it)."""

    start: int
    end: int
    translation: str | None = None
    origin: str = ""
    sentences: int = 1  # two where an editor merged their translations


# Machine output is kept for the most recent entries only, so memory stays flat
# however large the batch: the engines are deterministic, so an entry forgotten
# is translated again into the same text. Reviewed work is never forgotten.
MACHINE_ENTRIES = 5_000


class TranslationMemory:
    def __init__(self) -> None:
        self._reviewed: dict[tuple[str, str], Remembered] = {}
        self._machine: OrderedDict[tuple[str, str], MachineOutput] = OrderedDict()
        self._made_now: set[tuple[str, str]] = set()  # keys of _machine made in this run
        # Reviewed sentences, (lang, source sentence or two, whitespace made one space) -> translation;
        # aligned when first asked for, so a run that translates nothing pays nothing for them.
        self._sentences: dict[tuple[str, str], Remembered] = {}
        self._unaligned: list[tuple[str, str, str, str]] = []  # (lang, msgid, msgstr, origin)
        self._seen: set[tuple[str, str, str]] = set()  # review work already given to _unaligned
        self._similar: FuzzyIndex | None = None  # reviewed paragraphs, for suggestions; made when first asked
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
        current = catalog.metadata.get("X-Generator") == GENERATOR
        for entry in catalog:
            if is_review_work(entry) and (lang, entry.msgid, entry.msgstr) not in self._seen:
                # obsolete entries too: their sentences may live on elsewhere
                self._seen.add((lang, entry.msgid, entry.msgstr))
                self._unaligned.append((lang, entry.msgid, entry.msgstr, origin))
            if entry.obsolete or not entry.msgstr or is_untouched_copy(entry):
                continue
            if not current and not is_reviewed(entry):
                continue  # another diglot's machine output: made again
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

    def sentence_parts(self, segment: Segment, lang: str) -> list[Part] | None:
        """The segment's sentences with the reviewed translations the memory knows for them (two
        sentences together where an editor merged their translations); None when it knows none."""
        if segment.mixed or segment.credit_length or not segment.translatable:
            return None
        spans = sentence_spans(segment.plain)  # a sentence never ends inside inline markup
        known = self._aligned()
        parts: list[Part] = []
        index = 0
        while index < len(spans):
            for width in (2, 1):
                if index + width > len(spans):
                    continue
                start, end = spans[index][0], spans[index + width - 1][1]
                found = known.get((lang, sentence_key(segment.text[start:end])))
                if found is not None:
                    parts.append(Part(start, end, found.text, found.origin, width))
                    index += width
                    break
            else:
                parts += self._unknown_then_known(segment.text, *spans[index], lang, known)
                index += 1
        return parts if any(part.translation is not None for part in parts) else None

    @staticmethod
    def _unknown_then_known(text: str, start: int, end: int, lang: str,
                            known: dict[tuple[str, str], Remembered]) -> list[Part]:
        """A sentence the memory does not know; or, where a line without a final stop (a headline)
        ran into a reviewed sentence, the two: the splitter cannot see that boundary, the memory can."""
        for found in SENTENCE_START_RE.finditer(text, start, end):
            remembered = known.get((lang, sentence_key(text[found.end():end])))
            if remembered is not None:
                head_end = start + len(text[start:found.start()].rstrip())
                return [Part(start, head_end), Part(found.end(), end, remembered.text, remembered.origin)]
        return [Part(start, end)]

    def suggestion(self, lang: str, source: str) -> Match | None:
        """The reviewed translation of the most similar text (75% or more), for the editor to
        consider; the entry keeps the engine's output."""
        self._aligned()
        return self._similar.best(lang, source) if self._similar is not None else None

    def _aligned(self) -> dict[tuple[str, str], Remembered]:
        with self._lock:
            if self._unaligned and self._similar is None:
                from .fuzzy import FuzzyIndex

                self._similar = FuzzyIndex()
            for lang, source, translation, origin in self._unaligned:
                self._similar.add(lang, source, translation, origin)
                for sentence, text in self._remember_sentences(lang, source, translation, origin):
                    self._similar.add(lang, sentence, text, origin)
            self._unaligned.clear()
        return self._sentences

    def _remember_sentences(self, lang: str, source: str, translation: str, origin: str) -> list[tuple[str, str]]:
        """Remember the entry's sentence pairs the alignment is sure of; returns them, when the
        entry has more than one sentence."""
        source_spans, target_spans = sentence_spans(source), sentence_spans(translation)
        pairs = []
        for link in sure_links([source[a:b] for a, b in source_spans], [translation[a:b] for a, b in target_spans]):
            key = sentence_key(source[source_spans[link.source_start][0]:source_spans[link.source_end - 1][1]])
            text = translation[target_spans[link.target_start][0]:target_spans[link.target_end - 1][1]]
            self._sentences.setdefault((lang, key), Remembered(text, origin))
            pairs.append((key, text))
        return pairs if len(source_spans) > 1 else []

    def machine_output(self, lang: str, source: str) -> MachineOutput | None:
        """The machine translation of `source` into `lang` some catalog holds, if any."""
        return self._machine.get((lang, source))


# Where a sentence could start though no stop ends the one before: a space, then a capital.
SENTENCE_START_RE = re.compile(r"\s+(?=[A-ZÁÉÍÓÚÑ¿¡\"“«])")


def sentence_key(text: str) -> str:
    return collapse(text).strip()


def machine_output(entry: polib.POEntry) -> MachineOutput:
    lines = comment_lines(entry)
    return MachineOutput(
        text=entry.msgstr,
        engine=next(iter(values_after(lines, ENGINE_NOTE)), ""),
        glossary=next(iter(values_after(lines, GLOSSARY_NOTE)), ""),
        unknown_words=unknown_words(lines),
        flags=tuple(values_after(lines, CHECK_NOTE)),
    )

"""The `translate` job: every stage of DESIGN.md's data flow, in order.

Everything is read and checked before anything is written, so bad input
leaves locales/ exactly as it was. Documents then go through in chunks, each
written as soon as it is done: an interrupted batch loses at most the chunks
in flight, and the next run skips documents whose catalogs match their input.
"""

from __future__ import annotations

import sys
import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TypeVar

import polib

from .catalog import (
    build_catalog, catalog_bytes, catalog_path, input_digest, is_up_to_date, iter_catalogs, load_catalog,
)
from .detect import detect_document
from .engines import EngineRegistry
from .errors import InputError
from .files import locked, remove_stale_temporaries, write_atomic
from .memory import TranslationMemory
from .glossary import Glossary
from .model import Document, Segment
from .protect import find_terms
from .read import read_document, read_documents
from .render import edition_path, render_edition
from .segment import segment_count, segment_document
from .translate import translate_documents

T = TypeVar("T")
R = TypeVar("R")


@dataclass
class Summary:
    documents: int = 0
    up_to_date: int = 0  # documents whose catalogs already matched their input
    segments: int = 0
    translated: int = 0
    reused: int = 0
    copied: int = 0
    carried: int = 0
    flagged: int = 0
    written: list[Path] = field(default_factory=list)

    def count_up_to_date(self, segments: int) -> None:
        self.up_to_date += 1
        self.segments += segments

    def count(self, document: Document, targets: list[str]) -> None:
        self.segments += len(document.segments)
        for segment in document.segments:
            for lang in targets:
                translation = segment.translations[lang]
                self.translated += translation.method == "machine" and not translation.from_memory
                self.reused += translation.method == "reused" or translation.from_memory
                self.copied += translation.method == "copied"
                self.carried += translation.method == "carried"
                self.flagged += bool(translation.flags)


def analyse(paths: list[str | Path], glossary: Glossary) -> list[Document]:
    """read -> segment -> detect -> glossary terms."""
    return analyse_documents(read_documents(paths), glossary)


def analyse_documents(documents: list[Document], glossary: Glossary) -> list[Document]:
    """segment -> detect -> glossary terms: the analysis a cluster's workers do (run_stage)."""
    for document in documents:
        detect_document(segment_document(document))
        find_terms(document, glossary)
    return documents


def run_translate(
    paths: list[str | Path],
    targets: list[str],
    glossary: Glossary,
    locales: Path,
    engines: EngineRegistry,
    jobs: int = 1,
    on_progress: Callable[[int, int], None] = lambda done, total: None,
) -> Summary:
    """Translate every document into every target; each document's files are written
    as soon as it is done, so an interrupted batch resumes where it stopped."""
    documents = read_documents(paths)
    summary = Summary(documents=len(documents))
    with locked(locales), _engine_thread_first():
        remove_stale_temporaries(locales)
        job = _Job(targets, glossary, locales, engines, TranslationMemory(), summary)
        job.read_locales(documents)
        on_progress(0, len(documents))
        done = 0
        # Three stages, each in a thread of its own, one chunk apart: while the
        # engine translates a chunk, the next one is analysed and the one before
        # is written (Apertium runs in processes of its own and CTranslate2
        # releases the GIL), so the engine is never kept waiting for our stages.
        job.set_aside(documents)
        chunks = _chunks(documents, job.counts)
        marked = [(chunk, number == len(chunks)) for number, chunk in enumerate(chunks, start=1)]
        analysed = _ahead(job.analyse, marked, workers=engines.stage_jobs)
        translated = _ahead(job.translate, analysed, workers=jobs)
        for finished in _ahead(job.write, translated, workers=1):
            done += finished
            on_progress(done, len(documents))
    return summary


# While the analysis and writing threads run Python, the thread that feeds the
# engine waits for the interpreter lock each time the engine answers, up to the
# switch interval (5 ms by default), and the engine idles meanwhile. A shorter
# interval, for the run only, lets it in sooner: on two cores the time outside
# the engine fell from 8.2% to 7.1% of a 2,000-segment Apertium run (5 runs each).
SWITCH_INTERVAL = 0.0005


@contextmanager
def _engine_thread_first() -> Iterator[None]:
    before = sys.getswitchinterval()
    sys.setswitchinterval(min(before, SWITCH_INTERVAL))
    try:
        yield
    finally:
        sys.setswitchinterval(before)


# Segments analysed, translated and written together. The engines keep their
# processes and models for the whole run, so a chunk costs them little; small
# chunks keep the engine busy sooner, bound what a killed run can lose, and keep
# memory flat. The first chunks are smaller still, so the engine starts after
# one article's analysis instead of a full chunk's.
SEGMENTS_PER_CHUNK = 250
SEGMENTS_FIRST_CHUNK = 25


def _chunks(documents: list[Document], counts: dict[str, int] | None = None) -> list[list[Document]]:
    """Whole documents, a chunk ending with the one that reaches its limit; `counts`: each
    document's segments, when already counted (a page's units are found by parsing it)."""
    counts = counts if counts is not None else {d.doc_id: segment_count(d) for d in documents}
    chunks: list[list[Document]] = []
    limit = size = SEGMENTS_FIRST_CHUNK
    for document in documents:
        if size >= limit:
            if chunks:
                limit = min(2 * limit, SEGMENTS_PER_CHUNK)
            chunks.append([])
            size = 0
        chunks[-1].append(document)
        size += counts[document.doc_id]
    return chunks


def _ahead(function: Callable[[T], R], items: Iterable[T], workers: int) -> Iterator[R]:
    """function over items, in order, in `workers` threads that run ahead of the
    consumer by at most `workers` items, so only a few chunks are ever in memory."""
    with ThreadPoolExecutor(max_workers=workers) as pool:
        running: deque[Future[R]] = deque()
        for item in items:
            running.append(pool.submit(function, item))
            if len(running) > workers:
                yield running.popleft().result()
        while running:
            yield running.popleft().result()


@dataclass
class _Analysed:
    """A chunk after detection: the documents to translate and their catalogs."""

    documents: int  # in the chunk, up to date or not
    pending: list[Document]
    old: dict[tuple[str, str], polib.POFile | None]  # the pending documents' catalogs, (doc_id, lang)
    last: bool  # no chunk comes after it


@dataclass
class _Translated:
    """A chunk after translation: the new catalogs of its pending documents, to write."""

    documents: int  # in the chunk, up to date or not
    catalogs: list[tuple[Document, dict[str, polib.POFile]]]


@dataclass
class _Job:
    targets: list[str]
    glossary: Glossary
    locales: Path
    engines: EngineRegistry
    memory: TranslationMemory
    summary: Summary
    # per document: what its catalogs are made from (catalog.input_digest)
    digests: dict[str, str] = field(default_factory=dict)
    # per document whose catalogs all match its input: its editions, rendered from them
    up_to_date: dict[str, dict[Path, bytes]] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)
    counts: dict[str, int] = field(default_factory=dict)  # per document: its segments

    def set_aside(self, documents: list[Document]) -> None:
        """Let go of every document's text until its chunk comes (analyse reads it again), so that
        a batch streams through memory: the driver of an archive run holds a few chunks, not the batch."""
        for document in documents:
            if document.doc_id not in self.counts:  # else counted while its catalogs were read
                self.counts[document.doc_id] = segment_count(document)
            document.lines, document.source = [], ""

    def _read_again(self, document: Document) -> Document:
        """The document with its text, which must be what was read and checked before the run
        began; the batch's own copy stays without it."""
        again = read_document(document.path, document.text_fields)
        document = replace(document, lines=again.lines, source=again.source, encoding=again.encoding)
        if input_digest(document, self.glossary, self.engines.made_by) != self.digests[document.doc_id]:
            raise InputError("changed while diglot was translating the batch; run again", document.path)
        return document

    def read_locales(self, documents: list[Document]) -> None:
        """Every catalog of the targets is read and checked before anything is written, and
        goes into the translation memory; none is kept. A document whose catalogs all match
        its input has its editions rendered here; the others' catalogs are read again with
        their chunk, so the batch streams through memory."""
        batch = {document.doc_id: document for document in documents}
        self.digests = {d.doc_id: input_digest(d, self.glossary, self.engines.made_by) for d in documents}
        matching: dict[str, dict[Path, bytes]] = {}
        for lang, doc_id, path in iter_catalogs(self.locales):
            if lang not in self.targets:
                continue
            catalog = load_catalog(path)
            self.memory.add_catalog(lang, f"{doc_id}.po", catalog)
            document = batch.get(doc_id)
            if document is not None and self._matches(document, catalog):
                matching.setdefault(doc_id, {})[edition_path(self.locales, lang, doc_id, document.suffix)] = \
                    render_edition(document, catalog, lang)
        for document in documents:
            document.segments = []
        self.up_to_date = {doc_id: editions for doc_id, editions in matching.items()
                           if len(editions) == len(self.targets)}

    def _matches(self, document: Document, catalog: polib.POFile) -> bool:
        """Whether the catalog was made from this very input. The document is segmented once for
        all its catalogs (a page is parsed for it), and only when a catalog's digest matches."""
        if not is_up_to_date(catalog, self.digests[document.doc_id]):
            return False
        if not document.segments:
            segment_document(document)
            self.counts[document.doc_id] = len(document.segments)
        return [entry.msgid for entry in catalog if not entry.obsolete] == [s.text for s in document.segments]

    def analyse(self, marked: tuple[list[Document], bool]) -> _Analysed:
        """segment -> detect -> glossary terms, for the documents whose catalogs do not match their input."""
        chunk, last = marked
        pending = []
        for document in chunk:
            editions = self.up_to_date.pop(document.doc_id, None)
            if editions is None:
                pending.append(document)
            else:  # nothing to translate; the editions are still written, as editors edit the catalogs
                segments = self.counts[document.doc_id]
                self._store(editions, lambda summary: summary.count_up_to_date(segments))
        old = {(d.doc_id, lang): load_catalog(catalog_path(self.locales, lang, d.doc_id))
               for d in pending for lang in self.targets}
        pending = [self._read_again(document) for document in pending]
        if pending:  # on a cluster a worker analyses them, and sends back analysed copies
            pending = self.engines.run_stage(analyse_documents, pending, self.glossary)
        return _Analysed(len(chunk), pending, old, last)

    def translate(self, analysed: _Analysed) -> _Translated:
        """translate -> restore -> catalog. The new catalogs go into the memory
        here, in chunk order, so what the next chunk reuses never depends on
        how far the writing has got."""
        pending = analysed.pending
        for lang in self.targets:
            for document in pending:
                self._recall(analysed.old[document.doc_id, lang], document, lang)
                self.memory.apply(document, lang)
            translate_documents(pending, lang, self.glossary, self.engines, self.memory)
            if analysed.last:  # one Apertium direction alive at a time while the run ends
                self.engines.release(lang)
        catalogs = []
        for document in pending:
            built = {}
            for lang in self.targets:
                old = analysed.old[document.doc_id, lang]
                built[lang] = build_catalog(document, lang, self.glossary, old, self.digests[document.doc_id])
                self.memory.add_catalog(lang, f"{document.doc_id}.po", built[lang], made_now=True)
            catalogs.append((document, built))
        return _Translated(analysed.documents, catalogs)

    def write(self, translated: _Translated) -> int:
        """render, serialise and write each document's catalogs and editions."""
        for document, catalogs in translated.catalogs:
            outputs: dict[Path, bytes] = {}
            for lang, catalog in catalogs.items():
                outputs[catalog_path(self.locales, lang, document.doc_id)] = catalog_bytes(catalog)
                outputs[edition_path(self.locales, lang, document.doc_id, document.suffix)] = \
                    render_edition(document, catalog, lang)
            self._store(outputs, lambda summary: summary.count(document, self.targets))
            document.segments, document.lines, document.source = [], [], ""  # done: let the batch stream
        return translated.documents

    def _recall(self, catalog: polib.POFile | None, document: Document, lang: str) -> None:
        """The document's own catalog, read last, so that its machine output wins over other old
        catalogs' (output made in this run still wins over it)."""
        if catalog is not None:
            self.memory.add_catalog(lang, f"{document.doc_id}.po", catalog)

    def _store(self, outputs: dict[Path, bytes], record: Callable[[Summary], None]) -> None:
        with self.lock:
            self.summary.written += [path for path, data in outputs.items() if write_atomic(path, data)]
            record(self.summary)


def translate_lines(
    lines: list[str], source: str, target: str, glossary: Glossary, engines: EngineRegistry
) -> list[str]:
    """`diglot mt`: each line one prose segment of `source`; empty lines kept."""
    document = Document(path=Path("<stdin>"), doc_id="stdin", lines=lines, lang=source)
    document.segments = [
        Segment(text=line.strip(), line=number, index=number - 1, kind="prose", lang=source)
        for number, line in enumerate(lines, start=1)
        if line.strip()
    ]
    find_terms(document, glossary)
    translate_documents([document], target, glossary, engines)
    output = list(lines)
    for segment in document.segments:
        output[segment.line - 1] = segment.translations[target].text
    return output

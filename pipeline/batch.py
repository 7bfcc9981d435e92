"""The `translate` job: every stage of DESIGN.md's data flow, in order.

Everything is read and checked before anything is written, so bad input
leaves locales/ exactly as it was.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .catalog import build_catalog, catalog_bytes, catalog_path, load_catalog
from .detect import detect_document
from .engines import EngineRegistry
from .files import write_atomic
from .glossary import Glossary
from .model import Document, Segment
from .protect import find_terms
from .read import read_documents
from .render import edition_path, render_edition
from .segment import segment_document
from .translate import translate_documents


@dataclass
class Summary:
    documents: int = 0
    segments: int = 0
    translated: int = 0
    copied: int = 0
    carried: int = 0
    flagged: int = 0
    written: list[Path] = field(default_factory=list)


def analyse(paths: list[str | Path], glossary: Glossary) -> list[Document]:
    """read -> segment -> detect -> glossary terms."""
    documents = read_documents(paths)
    for document in documents:
        detect_document(segment_document(document))
        find_terms(document, glossary)
    return documents


def run_translate(
    paths: list[str | Path], targets: list[str], glossary: Glossary, locales: Path, engines: EngineRegistry
) -> Summary:
    documents = analyse(paths, glossary)
    old_catalogs = {
        (document.doc_id, lang): load_catalog(catalog_path(locales, lang, document.doc_id))
        for document in documents
        for lang in targets
    }
    for lang in targets:
        translate_documents(documents, lang, glossary, engines)
    outputs: dict[Path, bytes] = {}
    for document in documents:
        for lang in targets:
            catalog = build_catalog(document, lang, glossary, old_catalogs[document.doc_id, lang])
            outputs[catalog_path(locales, lang, document.doc_id)] = catalog_bytes(catalog)
            outputs[edition_path(locales, lang, document.doc_id)] = render_edition(document, catalog)
    summary = _summarise(documents, targets)
    summary.written = [path for path, data in outputs.items() if write_atomic(path, data)]
    return summary


def _summarise(documents: list[Document], targets: list[str]) -> Summary:
    summary = Summary(documents=len(documents))
    for document in documents:
        summary.segments += len(document.segments)
        for segment in document.segments:
            for lang in targets:
                translation = segment.translations[lang]
                summary.translated += translation.method == "machine"
                summary.copied += translation.method == "copied"
                summary.carried += translation.method == "carried"
                summary.flagged += bool(translation.flags)
    return summary


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

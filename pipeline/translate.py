"""Stage 5: give every segment its text in a target edition.

Segments already in the target language are copied; carried-over kinds
(slugs, credits, URLs) are kept as written and flagged; the rest go to an
engine in one batch per language pair, each distinct text translated once.
"""

from __future__ import annotations

from .engines import EngineRegistry
from .glossary import Glossary
from .model import Document, Segment, Translation
from .protect import Protected, is_placeholder, protect
from .restore import normalise_names, restore


def translate_documents(
    documents: list[Document], target: str, glossary: Glossary, engines: EngineRegistry
) -> None:
    pending: dict[str, list[tuple[Segment, Protected]]] = {}
    for document in documents:
        for segment in document.segments:
            if target in segment.translations:
                continue  # given earlier, e.g. from the translation memory
            source = _source_language(segment, target)
            if source is None:
                segment.translations[target] = _without_engine(segment, target, glossary)
            else:
                pending.setdefault(source, []).append((segment, protect(segment, source, target, glossary)))
    for source, items in sorted(pending.items()):
        _translate_pair(items, source, target, engines)


def _source_language(segment: Segment, target: str) -> str | None:
    """The language to translate from; None when no engine is needed."""
    if not segment.translatable:
        return None
    if segment.mixed:
        others = [span.lang for span in segment.spans if span.lang not in (target, "und")]
        return segment.lang if segment.lang in others else next(iter(others), None)
    return segment.lang if segment.lang not in (target, "und") else None


def _without_engine(segment: Segment, target: str, glossary: Glossary) -> Translation:
    if not segment.translatable:
        return Translation(segment.text, "carried", flags=(f"{segment.kind}: carried over unchanged",))
    if segment.lang == "und":
        return Translation(segment.text, "carried", flags=("language not determined: carried over unchanged",))
    text = normalise_names(segment, glossary, target)
    flags = ("glossary names put in canonical form",) if text != segment.text else ()
    return Translation(text, "copied", flags=flags)


def _translate_pair(items: list[tuple[Segment, Protected]], source: str, target: str, engines: EngineRegistry) -> None:
    engine = engines.engine_for(source, target)
    distinct = list(dict.fromkeys(protected.text for _, protected in items))
    outputs = dict(zip(distinct, engine.translate_detailed(distinct, source, target)))
    signature = engine.describe(source, target)
    for segment, protected in items:
        output = outputs[protected.text]
        text, flags = restore(output.text, protected)
        if segment.mixed:
            flags += (f"mixed segment: {source} text translated, {target} text kept as written",)
        unknown = tuple(word for word in output.unknown_words if not is_placeholder(word))
        segment.translations[target] = Translation(text, "machine", signature, unknown, flags)

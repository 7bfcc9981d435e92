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
            translation = _without_engine(segment, target, glossary)
            if translation is not None:
                segment.translations[target] = translation
            else:
                pending.setdefault(segment.lang, []).append((segment, protect(segment, segment.lang, target, glossary)))
    for source, items in sorted(pending.items()):
        _translate_pair(items, source, target, engines)


def _without_engine(segment: Segment, target: str, glossary: Glossary) -> Translation | None:
    if not segment.translatable:
        return Translation(segment.text, "carried", flags=(f"{segment.kind}: carried over unchanged",))
    if segment.lang == "und":
        return Translation(segment.text, "carried", flags=("language not determined: carried over unchanged",))
    if segment.lang == target:
        text = normalise_names(segment, glossary, target)
        flags = ("glossary names put in canonical form",) if text != segment.text else ()
        return Translation(text, "copied", flags=flags)
    return None


def _translate_pair(items: list[tuple[Segment, Protected]], source: str, target: str, engines: EngineRegistry) -> None:
    engine = engines.engine_for(source, target)
    distinct = list(dict.fromkeys(protected.text for _, protected in items))
    outputs = dict(zip(distinct, engine.translate_detailed(distinct, source, target)))
    signature = engine.describe(source, target)
    for segment, protected in items:
        output = outputs[protected.text]
        text, flags = restore(output.text, protected)
        unknown = tuple(word for word in output.unknown_words if not is_placeholder(word))
        segment.translations[target] = Translation(text, "machine", signature, unknown, flags)

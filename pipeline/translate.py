"""Stage 5: give every segment its text in a target edition.

Segments already in the target language are copied; carried-over kinds
(slugs, credits, URLs) are kept as written and flagged; the rest go to an
engine in one batch per language pair, each distinct text translated once.

Glossary terms reach the engine as placeholders (protect.py), but for the
single-word terms an engine applies itself (Apertium: glossary/lexicon.py), so
that they inflect and the words around them agree. When the engine drops,
repeats or changes a placeholder, the segment is translated again in pieces, the
text between the protected spans, so no placeholder is at the engine's mercy;
if that fails too, the translation is flagged for review, never silently wrong.
A term the engine was left but did not write sends its segment through the
placeholder path again.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from .engines import Engine, EngineRegistry
from .engines.base import capitalised
from .glossary import Glossary
from .glossary.agreement import agreement_notes
from .glossary.lexicon import NO_LEXICON, EngineLexicon, engine_lexicon, missing_terms
from .memory import Part, TranslationMemory
from .model import Document, Segment, Translation
from .protect import Protected, is_placeholder, protect
from .restore import normalise_names, restore, restore_in_pieces


@dataclass
class Attempt:
    text: str
    unknown_words: tuple[str, ...]
    problems: tuple[str, ...]


def translate_documents(
    documents: list[Document], target: str, glossary: Glossary, engines: EngineRegistry,
    memory: TranslationMemory | None = None,
) -> None:
    pending: dict[str, list[Segment]] = {}
    composed: list[tuple[Segment, list[Part], list[Segment]]] = []
    for document in documents:
        for segment in document.segments:
            if target in segment.translations:
                continue  # given earlier, e.g. from the translation memory
            source = _source_language(segment, target)
            parts = memory.sentence_parts(segment, target) if memory is not None and source else None
            if source is None:
                segment.translations[target] = _without_engine(segment, target, glossary)
            elif parts is None:
                pending.setdefault(source, []).append(segment)
            else:  # some sentences reviewed already: only the others go to the engine
                pieces = [_piece(segment, part) for part in parts if part.translation is None]
                pending.setdefault(source, []).extend(pieces)
                composed.append((segment, parts, pieces))
    for source, segments in sorted(pending.items()):
        _translate_pair(segments, source, target, engines, glossary, memory)
    if memory is not None:
        pieces = {id(piece) for _, _, made in composed for piece in made}
        _suggest(memory, [s for group in pending.values() for s in group if id(s) not in pieces], target)
    for segment, parts, pieces in composed:
        segment.translations[target] = _composed(segment, parts, pieces, target)


def _suggest(memory: TranslationMemory, segments: list[Segment], target: str) -> None:
    """Beside the engine's output, the reviewed translation of the most similar text, if any."""
    for segment in segments:
        match = memory.suggestion(target, segment.text)
        if match is not None:
            segment.translations[target] = replace(segment.translations[target], suggestion=match)


def _piece(segment: Segment, part: Part) -> Segment:
    """The part of a segment the engine translates: its text, markup and glossary terms."""
    start, end = part.start, part.end
    inside = [(first, last) for first, last in segment.markup if start <= first and last <= end]
    hits = [hit for hit in segment.hits if start <= hit.start and hit.end <= end]
    return replace(segment, text=segment.text[start:end], markup=tuple((a - start, b - start) for a, b in inside),
                   hits=tuple(replace(hit, start=hit.start - start, end=hit.end - start) for hit in hits),
                   spans=(), translations={})


def _composed(segment: Segment, parts: list[Part], pieces: list[Segment], target: str) -> Translation:
    """The segment's translation from its reviewed sentences and the engine's translations of the
    others, in source order, with what lies between them (spaces, markup) as written."""
    fresh = iter(piece.translations[target] for piece in pieces)
    texts, machine, reviewed, new = [segment.text[:parts[0].start]], [], {}, []
    numbers = 0  # the source's sentences so far
    for index, part in enumerate(parts):
        sentences = list(range(numbers + 1, numbers + part.sentences + 1))
        numbers += part.sentences
        if part.translation is None:
            machine.append(next(fresh))
            texts.append(machine[-1].text)
            new += sentences
        else:
            texts.append(part.translation)
            reviewed.setdefault(part.origin, []).extend(sentences)
        following = parts[index + 1].start if index + 1 < len(parts) else len(segment.text)
        texts.append(segment.text[part.end:following])
    flags = (_sentence_note(reviewed, new),) + tuple(flag for output in machine for flag in output.flags)
    unknown = tuple(dict.fromkeys(word for output in machine for word in output.unknown_words))
    if machine:
        return Translation("".join(texts), "machine", machine[0].engine, unknown, flags)
    return Translation("".join(texts), "reused", f"reviewed in {', '.join(reviewed)}", flags=flags)


def _sentence_note(reviewed: dict[str, list[int]], new: list[int]) -> str:
    """'sentences 1, 3 reviewed in a.po; sentence 2 new, from the engine': what an editor reads again."""
    def numbered(numbers: list[int]) -> str:
        return ("sentence " if len(numbers) == 1 else "sentences ") + ", ".join(map(str, numbers))

    said = [f"{numbered(numbers)} reviewed in {origin}" for origin, numbers in reviewed.items()]
    if new:
        said.append(f"{numbered(new)} new, from the engine: review {'it' if len(new) == 1 else 'them'}")
    return "; ".join(said)


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


def _translate_pair(segments: list[Segment], source: str, target: str, engines: EngineRegistry,
                    glossary: Glossary, memory: TranslationMemory | None) -> None:
    engine = engines.engine_for(source, target)
    signature = engine.describe(source, target)
    lexicon = engine_lexicon(glossary, source, target)
    if not engine.use_lexicon(source, target, lexicon.rules_json):
        lexicon = NO_LEXICON
    fresh = []
    for segment in segments:
        protected = protect(segment, source, target, glossary, lexicon)
        remembered = _from_memory(memory, segment, protected, target, signature, glossary)
        if remembered is not None:
            segment.translations[target] = remembered
        else:
            fresh.append((segment, protected))
    placeholders: dict[int, set[str]] = {}  # segment -> the engine terms it sends as placeholders
    while fresh:
        missed = _translate_fresh(fresh, engine, signature, source, target, lexicon)
        fresh = []
        for segment, origins in missed:  # again, with those terms as placeholders
            placeholders.setdefault(id(segment), set()).update(origins)
            narrowed = lexicon.without(placeholders[id(segment)])
            fresh.append((segment, protect(segment, source, target, glossary, narrowed)))


def _from_memory(memory: TranslationMemory | None, segment: Segment, protected: Protected, target: str,
                 signature: str, glossary: Glossary) -> Translation | None:
    """The machine translation a catalog already holds, when the engine would give it
    again: the same engine, the same glossary terms, each in the form the glossary now
    writes it (a case rule may have changed)."""
    found = memory.machine_output(target, segment.text) if memory is not None else None
    if found is None or found.engine != signature:
        return None
    if found.glossary != glossary.describe_hits(segment.hits, segment.lang, target):
        return None
    if not all(term in found.text for term in protected.terms):
        return None
    return Translation(found.text, "machine", signature, found.unknown_words, found.flags, from_memory=True)


def _translate_fresh(items: list[tuple[Segment, Protected]], engine: Engine, signature: str, source: str,
                     target: str, lexicon: EngineLexicon) -> list[tuple[Segment, set[str]]]:
    """Translate the segments; those with engine terms that did not come out are left
    untranslated and returned, with those terms."""
    distinct = list(dict.fromkeys(protected.text for _, protected in items))
    outputs = dict(zip(distinct, engine.translate_detailed(distinct, source, target)))
    checked = [(segment, protected) for segment, protected in items if protected.engine_terms]
    missing = missing_terms([(outputs[protected.text].text, protected.engine_terms) for _, protected in checked],
                            lexicon, target)
    missed = [(segment, set(origins)) for (segment, _), origins in zip(checked, missing) if origins]
    if missed:
        left = {id(segment) for segment, _ in missed}
        items = [(segment, protected) for segment, protected in items if id(segment) not in left]
    attempts = []
    for _, protected in items:
        output = outputs[protected.text]
        attempts.append(Attempt(*_restored(output.text, output.unknown_words, protected)))
    failed = [protected for (_, protected), attempt in zip(items, attempts) if attempt.problems]
    retried = iter(_translate_in_pieces(engine, failed, source, target))
    for (segment, protected), attempt in zip(items, attempts):
        flags = attempt.problems and _take_retry(attempt, next(retried))
        if segment.mixed:
            flags += (f"mixed segment: {source} text translated, {target} text kept as written",)
        if target == "es":
            flags += agreement_notes(attempt.text, protected.terms)
        segment.translations[target] = Translation(attempt.text, "machine", signature, attempt.unknown_words, flags)
    return missed


def _restored(output: str, unknown: tuple[str, ...], protected: Protected) -> tuple[str, tuple[str, ...], tuple[str, ...]]:
    text, problems = restore(output, protected)
    return text, tuple(word for word in unknown if not is_placeholder(word)), problems


def _take_retry(attempt: Attempt, retry: Attempt | None) -> tuple[str, ...]:
    """Use the translation in pieces when it worked; the flags that tell the reviewer."""
    if retry is None:
        return attempt.problems + ("translating in pieces around the protected text failed too: "
                                   "check this translation",)
    attempt.text, attempt.unknown_words = retry.text, retry.unknown_words
    return tuple(f"{problem}; translated again in pieces around it" for problem in attempt.problems)


def _translate_in_pieces(engine: Engine, failed: list[Protected], source: str, target: str) -> list[Attempt | None]:
    """One more batch: the text between protected spans of every failed segment, each piece once."""
    if not failed:
        return []
    cores = [[_core(piece) for piece in protected.pieces()] for protected in failed]
    distinct = list(dict.fromkeys(core for pieces in cores for _, core, _ in pieces if core))
    outputs = dict(zip(distinct, engine.translate_detailed(distinct, source, target)))
    return [_assemble(protected, pieces, outputs) for protected, pieces in zip(failed, cores)]


def _core(piece: str) -> tuple[str, str, str]:
    """(leading space, text worth translating or '', trailing space) of a piece."""
    core = piece.strip()
    if not any(character.isalpha() for character in core):
        return piece, "", ""
    start = piece.index(core)
    return piece[:start], core, piece[start + len(core):]


def _assemble(protected: Protected, pieces: list[tuple[str, str, str]], outputs: dict) -> Attempt | None:
    texts, unknown = [], []
    for lead, core, trail in pieces:
        output = outputs[core].text.strip() if core else ""
        if core and not output:
            return None
        if core and core[0].islower() and capitalised(output.split(" ", 1)[0]):
            output = output[0].lower() + output[1:]  # the engine capitalised what starts a text
        texts.append(lead + output + trail)
        unknown += outputs[core].unknown_words if core else ()
    return Attempt(restore_in_pieces(texts, protected), tuple(dict.fromkeys(unknown)), ())

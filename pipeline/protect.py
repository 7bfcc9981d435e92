"""Stage 4: glossary names and inline markup become placeholders an engine cannot alter.

A placeholder is a capitalised nonsense word (`Zqxa`, `Zqxb`, ...): both
Apertium and the Argos models treat it as an unknown proper noun and copy it
through, where bracketed or numbered tokens get translated or dropped.
"""

from __future__ import annotations

import re
import string
from dataclasses import dataclass, field
from functools import lru_cache

from .glossary import Glossary
from .glossary.inflect import inflected_target
from .glossary.lexicon import NO_LEXICON, EngineLexicon
from .model import GlossaryHit, Segment

# Inline material that must come out exactly as written.
# Inline markup, each kind with what a text must contain for it to match there.
MARKUP_ALTERNATIVES = (
    (("<",), r"<[^<>\n]{1,200}>"),  # HTML/XML tags
    (("://",), r"https?://\S+[^\s.,;:!?)\"']"),  # URLs
    (("@",), r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+"),  # e-mail addresses
    (("@", "#"), r"(?<!\w)[@#]\w+"),  # handles and hashtags
)
PLACEHOLDER_PREFIXES = ("Zqx", "Qvz", "Xjq")
# What is left of a placeholder an engine changed ("zqxa", "Zqxas", "ZQXA").
PLACEHOLDER_RESIDUE_RE = re.compile(rf"(?i)(?<![^\W\d_])(?:{'|'.join(PLACEHOLDER_PREFIXES)})[a-z]*")


@dataclass(frozen=True)
class ProtectedSpan:
    """Characters [start, end) of the source, what replaces them in the edition, and why."""

    start: int
    end: int
    replacement: str
    placeholder: str
    kind: str  # "term" (glossary), "kept" (already in the target language) or "markup"
    glued: tuple[bool, bool]  # a word character touches it on the left, on the right
    # A term given the plural of its source occurrence (glossary/inflect.py): its gender ('m', 'f'
    # or None) and number, which the article before it takes in a Spanish edition (restore.py).
    agreement: tuple[str | None, str] | None = None


@dataclass
class Protected:
    """A segment's text ready for an engine, and what each placeholder stands for."""

    text: str
    source: str = ""
    spans: list[ProtectedSpan] = field(default_factory=list)
    # What comes before the text sent to the engine, kept as written: a caption's credit.
    # The engine sees the caption alone, as it would a caption without a credit: a
    # placeholder in front of it would start the sentence with an unknown word, which
    # an engine may read into the caption's first noun phrase.
    kept_prefix: str = ""
    # The glossary terms left to the engine (glossary/lexicon.py): an entry's origin per occurrence.
    engine_terms: list[str] = field(default_factory=list)

    @property
    def restorations(self) -> dict[str, str]:
        return {span.placeholder: span.replacement for span in self.spans}

    @property
    def terms(self) -> list[str]:
        """The glossary forms this segment's edition must contain."""
        return [span.replacement for span in self.spans if span.kind == "term"]

    def pieces(self) -> list[str]:
        """The source text between the protected spans: what to translate when the engine
        cannot be trusted with the placeholders."""
        bounds = [len(self.kept_prefix)] + [edge for span in self.spans for edge in (span.start, span.end)]
        bounds.append(len(self.source))
        return [self.source[bounds[i] : bounds[i + 1]] for i in range(0, len(bounds), 2)]


def protect(segment: Segment, source: str, target: str, glossary: Glossary,
            lexicon: EngineLexicon = NO_LEXICON) -> Protected:
    """Replace the glossary terms of `source` and inline markup in the segment's text; the terms
    the engine applies itself (`lexicon`) stay as written."""
    text, credit_end = segment.text, segment.credit_length
    prefix = _free_prefix(text)
    protected = Protected(text="", source=text, kept_prefix=text[:credit_end])
    pieces, position = [], credit_end
    to_protect, protected.engine_terms = _to_protect(segment, source, target, glossary, lexicon)
    touching = {end for _, end, *_ in to_protect} & {start for start, *_ in to_protect}
    for number, (start, end, replacement, kind, agreement) in enumerate(to_protect):
        placeholder = prefix + _letters(number)
        # Glued to a word, or to another placeholder's text ('[' + term + '](url)'): spaced apart
        # so the engine sees two words, glued again in the edition.
        left = _is_word_char(text[start - 1 : start]) or start in touching
        right = _is_word_char(text[end : end + 1]) or end in touching
        pieces += [text[position:start], " " * (left and start not in touching), placeholder, " " * right]
        protected.spans.append(ProtectedSpan(start, end, replacement, placeholder, kind, (left, right), agreement))
        position = end
    pieces.append(text[position:])
    protected.text = "".join(pieces)
    return protected


def _to_protect(segment: Segment, source: str, target: str, glossary: Glossary,
                lexicon: EngineLexicon) -> tuple[list[tuple], list[str]]:
    """(start, end, replacement, kind, agreement) of what becomes a placeholder, in text order;
    and the origins of the terms left to the engine, one per occurrence."""
    text = segment.text
    # Inline markup its format found (tags, inline code, text marked translate="no") first:
    # nothing may overlap it.
    found: list[tuple] = [(start, end, text[start:end], "markup", None) for start, end in segment.markup
                          if start >= segment.credit_length]
    # In a mixed segment, what is already in the target language stays as written.
    found += [(start, end, text[start:end], "kept", None) for s in segment.spans if segment.mixed and s.lang == target
              for start, end in _outside(s.start, s.end, segment.markup, text)]
    for hit in segment.hits:
        entry = glossary.entry(hit.entry_id)
        form = entry.written_form(source, target, hit.source_form)
        if form is not None and not _overlaps(hit.start, hit.end, found):
            if lexicon.handles(entry, hit.source_form):  # kept in `found` so that no markup overlaps it
                found.append((hit.start, hit.end, entry.origin, "engine", None))
                continue
            inflected = inflected_target(entry, source, target, hit.source_form)
            written, agreement = (form, None) if inflected is None else \
                (inflected.form, (inflected.gender, inflected.number))
            if _starts_sentence(text, hit.start, segment.credit_length) and hit.source_form[:1].isupper():
                written = written[:1].upper() + written[1:]  # 'COVID-19 vaccines are' -> 'Vacunas para ...'
            found.append((hit.start, hit.end, written, "term", agreement))
    markup = _markup_re(text).finditer(text, segment.credit_length)
    found += [(m.start(), m.end(), m.group(0), "markup", None) for m in markup
              if not _overlaps(m.start(), m.end(), found)]
    ordered = sorted(found)
    return [span for span in ordered if span[3] != "engine"], [span[2] for span in ordered if span[3] == "engine"]


def _outside(start: int, end: int, markup: tuple[tuple[int, int], ...], text: str) -> list[tuple[int, int]]:
    """The parts of [start, end) outside the markup ranges, without their outer spaces."""
    bounds, position = [], start
    for first, last in sorted(markup):
        if first >= end:
            break
        if last > position:
            bounds.append((position, max(position, first)))
            position = last
    bounds.append((position, end))
    return [(first + len(piece) - len(piece.lstrip()), first + len(piece.rstrip()))
            for first, last in bounds if (piece := text[first:last]).strip()]


def _starts_sentence(text: str, start: int, text_start: int) -> bool:
    before = text[text_start:start].rstrip().rstrip("¿¡\"'“‘«(")
    return not before or before[-1] in ".!?"


@lru_cache(maxsize=None)
def _markup_pattern(present: tuple[bool, ...]) -> re.Pattern[str]:
    alternatives = [pattern for (_, pattern), there in zip(MARKUP_ALTERNATIVES, present) if there]
    return re.compile("|".join(alternatives) or r"(?!)")


def _markup_re(text: str) -> re.Pattern[str]:
    """The markup pattern without the alternatives whose text is not there: they match
    nothing, and the e-mail one costs time at every letter (most text has no markup)."""
    return _markup_pattern(tuple(any(needle in text for needle in needles) for needles, _ in MARKUP_ALTERNATIVES))


def _is_word_char(character: str) -> bool:
    return bool(character) and (character.isalnum() or character == "_")


def is_placeholder(word: str) -> bool:
    return any(word.startswith(prefix) and word[len(prefix):].isalpha() for prefix in PLACEHOLDER_PREFIXES)


def _overlaps(first: int, last: int, spans: list[tuple]) -> bool:
    return any(first < span[1] and span[0] < last for span in spans)


def _free_prefix(text: str) -> str:
    lowered = text.lower()
    return next((p for p in PLACEHOLDER_PREFIXES if p.lower() not in lowered), PLACEHOLDER_PREFIXES[0])


def _letters(number: int) -> str:
    """0 -> 'a', 25 -> 'z', 26 -> 'ba': lower-case letters only, never digits."""
    letters = string.ascii_lowercase
    word = letters[number % 26]
    while number >= 26:
        number //= 26
        word = letters[number % 26] + word
    return word


def find_terms(document, glossary: Glossary) -> None:
    """Record each segment's glossary hits, in each language the segment is in."""
    searched = [segment for segment in document.segments if segment.translatable]
    languages = {segment.lang for segment in searched} | {span.lang for segment in searched if segment.mixed
                                                          for span in segment.spans}
    for lang in sorted(languages):  # the document's words analysed in one batch, not segment by segment
        glossary.analyse([segment.plain_body for segment in searched], lang)
    for segment in document.segments:
        segment.hits = terms_in(segment, glossary) if segment.translatable else ()


def terms_in(segment: Segment, glossary: Glossary) -> tuple[GlossaryHit, ...]:
    """The glossary terms of the segment's text (of a caption, after its credit); in a mixed
    segment, of each of its languages."""
    body = segment.plain_body  # never a term inside a tag or inline code
    if not segment.mixed:
        return segment.in_text(glossary.find(body, segment.lang))
    languages = sorted({span.lang for span in segment.spans} - {"und"})
    found = sorted((hit for lang in languages for hit in glossary.find(body, lang)),
                   key=lambda hit: (hit.start, hit.start - hit.end))
    hits: list[GlossaryHit] = []
    for hit in found:  # leftmost, then longest, as within one language
        if not hits or hit.start >= hits[-1].end:
            hits.append(hit)
    return segment.in_text(hits)

"""Stage 4: glossary names and inline markup become placeholders an engine cannot alter.

A placeholder is a capitalised nonsense word (`Zqxa`, `Zqxb`, ...): both
Apertium and the Argos models treat it as an unknown proper noun and copy it
through, where bracketed or numbered tokens get translated or dropped.
"""

from __future__ import annotations

import re
import string
from dataclasses import dataclass, field

from .glossary import Glossary
from .model import GlossaryHit, Segment

# Inline material that must come out exactly as written.
MARKUP_RE = re.compile(
    r"<[^<>\n]{1,200}>"  # HTML/XML tags
    r"|https?://\S+[^\s.,;:!?)\"']"  # URLs
    r"|[\w.+-]+@[\w-]+(?:\.[\w-]+)+"  # e-mail addresses
    r"|(?<!\w)[@#]\w+"  # handles and hashtags
)
PLACEHOLDER_PREFIXES = ("Zqx", "Qvz", "Xjq")


@dataclass
class Protected:
    """A segment's text ready for an engine, and what each placeholder stands for."""

    text: str
    restorations: dict[str, str] = field(default_factory=dict)
    # Placeholders the source glued to a word ("<b>word</b>"): protect() spaced
    # them apart so the engine sees words; restore() takes those spaces out again.
    glued: dict[str, tuple[bool, bool]] = field(default_factory=dict)


def protect(segment: Segment, source: str, target: str, glossary: Glossary) -> Protected:
    """Replace the glossary terms of `source` and inline markup in the segment's text."""
    text = segment.text
    # In a mixed segment, what is already in the target language stays as written.
    spans = [(s.start, s.end, text[s.start : s.end]) for s in segment.spans if segment.mixed and s.lang == target]
    targets = [(hit, glossary.entry(hit.entry_id).target_form(source, target)) for hit in segment.hits]
    spans += [(hit.start, hit.end, form) for hit, form in targets if form is not None and not _overlaps(hit, spans)]
    spans += [(m.start(), m.end(), m.group(0)) for m in MARKUP_RE.finditer(text) if not _overlaps(m, spans)]
    spans.sort()
    prefix = _free_prefix(text)
    protected = Protected(text="")
    pieces, position = [], 0
    for number, (start, end, replacement) in enumerate(spans):
        placeholder = prefix + _letters(number)
        left, right = _is_word_char(text[start - 1 : start]), _is_word_char(text[end : end + 1])
        pieces += [text[position:start], " " * left, placeholder, " " * right]
        protected.restorations[placeholder] = replacement
        if left or right:
            protected.glued[placeholder] = (left, right)
        position = end
    pieces.append(text[position:])
    protected.text = "".join(pieces)
    return protected


def _is_word_char(character: str) -> bool:
    return bool(character) and (character.isalnum() or character == "_")


def is_placeholder(word: str) -> bool:
    return any(word.startswith(prefix) and word[len(prefix):].isalpha() for prefix in PLACEHOLDER_PREFIXES)


def _overlaps(item, spans: list[tuple[int, int, str]]) -> bool:
    """Whether a regex match or a glossary hit overlaps one of the spans."""
    first, last = (item.start(), item.end()) if isinstance(item, re.Match) else (item.start, item.end)
    return any(first < end and start < last for start, end, _ in spans)


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
    for segment in document.segments:
        segment.hits = _hits(segment, glossary) if segment.translatable else ()


def _hits(segment: Segment, glossary: Glossary) -> tuple[GlossaryHit, ...]:
    if not segment.mixed:
        return tuple(glossary.find(segment.text, segment.lang))
    languages = sorted({span.lang for span in segment.spans} - {"und"})
    found = sorted((hit for lang in languages for hit in glossary.find(segment.text, lang)),
                   key=lambda hit: (hit.start, hit.start - hit.end))
    hits: list[GlossaryHit] = []
    for hit in found:  # leftmost, then longest, as within one language
        if not hits or hit.start >= hits[-1].end:
            hits.append(hit)
    return tuple(hits)

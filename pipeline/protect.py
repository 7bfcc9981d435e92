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
from .model import Segment

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
    targets = [(hit, glossary.entry(hit.entry_id).target_form(source, target)) for hit in segment.hits]
    spans = [(hit.start, hit.end, form) for hit, form in targets if form is not None]
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


def _overlaps(match: re.Match, spans: list[tuple[int, int, str]]) -> bool:
    return any(match.start() < end and start < match.end() for start, end, _ in spans)


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
    """Record each segment's glossary hits in the segment's own language."""
    for segment in document.segments:
        segment.hits = tuple(glossary.find(segment.text, segment.lang)) if segment.translatable else ()

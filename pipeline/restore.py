"""Stage 6: put the protected terms back, in the target language's canonical form."""

from __future__ import annotations

import re
from collections import Counter

from .glossary import Glossary
from .model import Segment
from .protect import Protected


def restore(output: str, protected: Protected) -> tuple[str, tuple[str, ...]]:
    """The engine's output with placeholders replaced, and the problems found.

    A placeholder the engine dropped or repeated is reported, never papered over.
    """
    if not protected.restorations:
        return output, ()
    counts: Counter[str] = Counter()

    def put_back(match: re.Match) -> str:
        placeholder = match.group(2)
        counts[placeholder] += 1
        left, right = protected.glued.get(placeholder, (False, False))
        lead = "" if left else match.group(1)
        trail = "" if right else match.group(3)
        return lead + protected.restorations[placeholder] + trail

    # Longest first, so that "Zqxba" is never read as "Zqxb" followed by "a".
    names = sorted(protected.restorations, key=len, reverse=True)
    pattern = re.compile(rf"( ?)({'|'.join(map(re.escape, names))})( ?)")
    output = pattern.sub(put_back, output)
    flags = tuple(_problem(replacement, counts[placeholder]) for placeholder, replacement
                  in protected.restorations.items() if counts[placeholder] != 1)
    return output, flags


def _problem(replacement: str, count: int) -> str:
    what = "lost" if count == 0 else f"repeated {count} times"
    return f"protected text {replacement!r} {what} by the engine"


def normalise_names(segment: Segment, glossary: Glossary, lang: str) -> str:
    """The segment's own text with every glossary variant in its canonical form."""
    text, position, pieces = segment.text, 0, []
    for hit in segment.hits:
        pieces += [text[position:hit.start], glossary.entry(hit.entry_id).canonical(lang)]
        position = hit.end
    pieces.append(text[position:])
    return "".join(pieces)

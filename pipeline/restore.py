"""Stage 6: put the protected terms back, in the target language's canonical form."""

from __future__ import annotations

import re

from .glossary import Glossary
from .model import Segment
from .protect import Protected


def restore(output: str, protected: Protected) -> tuple[str, tuple[str, ...]]:
    """The engine's output with placeholders replaced, and the problems found.

    A placeholder the engine dropped or repeated is reported, never papered over.
    """
    flags = []
    for placeholder, replacement in protected.restorations.items():
        pattern = re.compile(rf"(?<!\w){re.escape(placeholder)}(?!\w)")
        count = len(pattern.findall(output))
        if count != 1:
            what = "lost" if count == 0 else f"repeated {count} times"
            flags.append(f"protected text {replacement!r} {what} by the engine")
        output = pattern.sub(lambda _match: replacement, output)
    return output, tuple(flags)


def normalise_names(segment: Segment, glossary: Glossary, lang: str) -> str:
    """The segment's own text with every glossary variant in its canonical form."""
    text, position, pieces = segment.text, 0, []
    for hit in segment.hits:
        pieces += [text[position:hit.start], glossary.entry(hit.entry_id).canonical(lang)]
        position = hit.end
    pieces.append(text[position:])
    return "".join(pieces)

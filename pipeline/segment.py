"""Stage 2: cut a document into segments, one a unit its format finds.

A unit is what an editor reviews as one catalog entry: a line of a text
article (one paragraph a line), a block or translatable attribute of an HTML
page, a block or front-matter field of a Markdown post (formats/). Sentence
splitting, which engines and the memory need, is sentences.py.
"""

from __future__ import annotations

import re

from .formats import Unit, format_named
from .kinds import FILE_EXT
from .model import Document, Segment

# URLs, paths and file names written in the text of a page or post: never translated, so
# they are markup as the links' own destinations are ("see /post/presentaciones-accesibles/").
LITERAL_RE = re.compile(
    r"(?:https?|ftp)://[^\s<>\"'()\[\]]*[^\s<>\"'()\[\].,;:!?]"
    r"|(?<![\w/])www\.[\w-]+(?:\.[\w-]+)+(?:/[^\s<>\"'()\[\]]*[^\s<>\"'()\[\].,;:!?])?"
    r"|(?<![\w/.])/[\w.-]+(?:/[\w.%-]*)+"
    rf"|(?<![\w/.-])[\w-]+\.{FILE_EXT}(?![\w.])"
    r"|[\w.+-]+@[\w-]+(?:\.[\w-]+)+",
    re.IGNORECASE,
)


def segment_document(document: Document) -> Document:
    units = format_named(document.format).units(document)
    literal = document.format != "text"  # a text article's segments stay as they always were
    document.segments = [
        Segment(text=unit.text, line=unit.line, index=index, start=unit.start, end=unit.end,
                markup=_with_literals(unit) if literal else unit.markup, role=unit.role)
        for index, unit in enumerate(units)
    ]
    return document


def _with_literals(unit: Unit) -> tuple[tuple[int, int], ...]:
    """The unit's markup and the URLs, paths and file names of its text, as one set of ranges."""
    plain = Segment(unit.text, unit.line, 0, markup=unit.markup).plain
    found = [match.span() for match in LITERAL_RE.finditer(plain)]
    if not found:
        return unit.markup
    merged: list[tuple[int, int]] = []
    for start, end in sorted(unit.markup + tuple(found)):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return tuple(merged)


def segment_lines(document: Document) -> Document:
    """`detect --lines`: every line is a segment, blank ones included, text untouched."""
    document.segments = [
        Segment(text=line, line=number, index=number - 1) for number, line in enumerate(document.lines, start=1)
    ]
    return document


def segment_count(document: Document) -> int:
    """How many segments segment_document makes of the document."""
    if document.format == "text":
        return sum(1 for line in document.lines if line.strip())
    return len(format_named(document.format).units(document))

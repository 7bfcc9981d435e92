"""Stage 2: cut a document into segments, one a unit its format finds.

A unit is what an editor reviews as one catalog entry: a line of a text
article (one paragraph a line), a block or translatable attribute of an HTML
page, a block or front-matter field of a Markdown post (formats/). Sentence
splitting, which engines need, is `split_sentences`.
"""

from __future__ import annotations

from .formats import format_named
from .model import Document, Segment


def segment_document(document: Document) -> Document:
    units = format_named(document.format).units(document)
    document.segments = [
        Segment(text=unit.text, line=unit.line, index=index, start=unit.start, end=unit.end,
                markup=unit.markup, role=unit.role)
        for index, unit in enumerate(units)
    ]
    return document


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

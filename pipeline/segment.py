"""Stage 2: cut a document into segments.

A news article stores one paragraph a line; a line is the unit an editor
reviews, so each non-blank line becomes one segment. Sentence splitting,
which engines need, is `split_sentences`.
"""

from __future__ import annotations

import re

from .model import Document, Segment

WHITESPACE_RE = re.compile(r"\s+")


def segment_document(document: Document) -> Document:
    document.segments = [
        Segment(text=WHITESPACE_RE.sub(" ", line).strip(), line=number, index=index)
        for index, (number, line) in enumerate(_content_lines(document.lines))
    ]
    return document


def segment_lines(document: Document) -> Document:
    """`detect --lines`: every line is a segment, blank ones included, text untouched."""
    document.segments = [
        Segment(text=line, line=number, index=number - 1) for number, line in enumerate(document.lines, start=1)
    ]
    return document


def segment_count(document: Document) -> int:
    """How many segments segment_document makes of the document: one a non-blank line."""
    return sum(1 for _ in _content_lines(document.lines))


def _content_lines(lines: list[str]):
    for number, line in enumerate(lines, start=1):
        if line.strip():
            yield number, line

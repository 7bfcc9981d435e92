"""The data model every stage takes and returns: a Document of Segments."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

LANGUAGES = ("en", "es", "und")

# Kinds whose text goes to an engine. The others (credit, slug, url, other)
# are carried over unchanged and flagged for review.
TRANSLATABLE_KINDS = frozenset({"prose", "heading", "caption", "boilerplate"})
KINDS = ("prose", "heading", "caption", "credit", "slug", "boilerplate", "url", "other")


@dataclass(frozen=True)
class Span:
    """Characters [start, end) of a segment's text in one language."""

    start: int
    end: int
    lang: str


@dataclass(frozen=True)
class GlossaryHit:
    """A glossary term found in a segment's source text."""

    start: int
    end: int
    source_form: str
    entry_id: str


@dataclass
class Translation:
    """A segment's text in one edition, and how it came to be."""

    text: str
    method: str  # "copied", "machine", "carried", "reused" (from the translation memory)
    engine: str = ""  # what produced it; for "reused", where it comes from
    unknown_words: tuple[str, ...] = ()
    flags: tuple[str, ...] = ()  # problems a reviewer must look at
    reviewed: bool = False  # reused from a reviewed entry: needs no new review
    from_memory: bool = False  # machine output a catalog already held, not sent to the engine again


@dataclass
class Segment:
    text: str
    line: int  # 1-based line in the source file
    index: int  # position in the document
    kind: str = "other"
    lang: str = "und"
    confidence: float = 0.0
    mixed: bool = False
    spans: tuple[Span, ...] = ()
    hits: tuple[GlossaryHit, ...] = ()
    translations: dict[str, Translation] = field(default_factory=dict)

    @property
    def translatable(self) -> bool:
        return self.kind in TRANSLATABLE_KINDS


@dataclass
class Document:
    path: Path
    doc_id: str
    lines: list[str]  # the source lines as read, for rendering editions
    segments: list[Segment] = field(default_factory=list)
    lang: str = "und"  # the language most of the document is in

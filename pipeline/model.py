"""The data model every stage takes and returns: a Document of Segments."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TypeVar

LANGUAGES = ("en", "es", "und")

# Kinds whose text goes to an engine (of a caption, the text after its credit). The
# others (credit, slug, url, other) are carried over unchanged and flagged for review.
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


Located = TypeVar("Located", Span, GlossaryHit)


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
    suggestion: object = None  # fuzzy.Match: a reviewed translation of a similar text, for the editor


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
    credit_length: int = 0  # a caption's opening credit ("AFP/NAME - "), kept as written in every edition
    # Where the unit is in its document's source and what of its text is inline markup
    # (formats/base.py, Unit); a plain-text segment is its line and has none.
    start: int = 0
    end: int = 0
    markup: tuple[tuple[int, int], ...] = ()
    role: str = ""  # what the format says the unit is: "heading", "caption", "title", "attribute", "field"

    @property
    def translatable(self) -> bool:
        return self.kind in TRANSLATABLE_KINDS

    @property
    def body(self) -> str:
        """The text after a caption's credit (all of any other segment's text): what has a
        language, glossary terms and a translation."""
        return self.text[self.credit_length:]

    @property
    def plain(self) -> str:
        """The text with its inline markup blanked out, character for character, so that
        detection and the glossary see only words and their offsets still fit `text`."""
        if not self.markup:
            return self.text
        characters = list(self.text)
        for start, end in self.markup:
            characters[start:end] = " " * (end - start)
        return "".join(characters)

    @property
    def plain_body(self) -> str:
        return self.plain[self.credit_length:]

    def in_text(self, found: Iterable[Located]) -> tuple[Located, ...]:
        """Spans or glossary hits found in `body`, with their offsets into `text`."""
        return tuple(replace(item, start=item.start + self.credit_length, end=item.end + self.credit_length)
                     for item in found)


@dataclass
class Document:
    path: Path
    doc_id: str
    lines: list[str]  # the source lines as read, for rendering editions
    segments: list[Segment] = field(default_factory=list)
    lang: str = "und"  # the language most of the document is in
    format: str = "text"  # the name of its format (formats/): text, html, markdown
    source: str = ""  # the whole file as decoded, for the formats that write editions in place
    encoding: str = "utf-8"  # how its editions are encoded
    text_fields: tuple[str, ...] = ()  # front matter keys the project translates beside the format's own

    @property
    def suffix(self) -> str:
        """What its editions' file names end in: the input's own suffix."""
        return self.path.suffix.lower() or ".txt"

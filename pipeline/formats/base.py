"""What every document format gives the pipeline, and the helpers they share.

A format (Okapi's filter, translate-toolkit's storage) does three things, and
the stages between know nothing of it:

- `decode`: the file's bytes as text, refusing what it cannot read;
- `units`: where the translatable text is, each unit with its exact place in
  that text and the inline markup inside it that must come out as written;
- `edition`: the source text with each translated unit written back at its
  place, nothing else touched: a unit whose text did not change leaves its
  bytes alone, so an edition that translates nothing is the source, byte for byte.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from ..errors import InputError
from ..model import Document

Range = tuple[int, int]
ASCII_SPACE_RE = re.compile(r"[ \t\n\r\f]+")


@dataclass(frozen=True)
class Decoded:
    """A file's text as read, and how to write an edition of it."""

    text: str  # everything, BOM and line endings included where the format keeps them
    encoding: str = "utf-8"  # a Python codec name; editions are encoded with it


@dataclass(frozen=True)
class Unit:
    """One piece of text an editor reviews as a catalog entry.

    `text` is what the catalog shows and the engine gets: the source as written,
    inline markup included, runs of whitespace in the translatable parts made one
    space and the ends trimmed. `markup` lists the ranges of `text` that are never
    translated (tags, inline code, elements marked translate="no", character
    references kept as written): they travel through detection, the glossary and
    the engine as placeholders. `start`/`end` is the range of the decoded source
    that an edition replaces with the unit's translation.
    """

    text: str
    start: int
    end: int
    line: int  # 1-based line of `start` in the source
    markup: tuple[Range, ...] = ()
    role: str = ""  # "heading", "caption", "title", "attribute", "field"; "" for prose


class Format(Protocol):
    """formats/__init__.py says which suffix each format reads."""

    def decode(self, path: Path, data: bytes) -> Decoded:
        """The file's text; InputError (naming the file and line) when it cannot be read."""

    def units(self, document: Document) -> list[Unit]:
        """The translatable units of `document.source`, in document order; InputError
        (file and line) for input the format refuses (front matter that is not YAML)."""

    def edition(self, document: Document, texts: list[str], lang: str) -> bytes:
        """The edition's bytes: `document.source` with `texts[i]` written in place of
        segment i, whose text it translates (`document.segments[i]`, made from `units`),
        encoded as `document.encoding`; where no text differs from its segment's, the
        source's very bytes. `lang` is the edition's language."""

    def inline_codes(self, text: str) -> list[str]:
        """The inline markup of a unit's text (as `units` writes it, or an editor's
        translation of it), in order: what `diglot check` compares and exchange
        formats carry as inline codes."""


def splice(text: str, changes: list[tuple[int, int, str]]) -> str:
    """`text` with each range [start, end) replaced; the ranges must not overlap."""
    pieces, position = [], 0
    for start, end, replacement in sorted(changes, key=lambda change: (change[0], change[1])):
        if start < position:
            raise ValueError(f"overlapping ranges at {start}")
        pieces += [text[position:start], replacement]
        position = end
    pieces.append(text[position:])
    return "".join(pieces)


def line_at(text: str, offset: int) -> int:
    """The 1-based line of `offset` in `text` (a CR LF counts once)."""
    return text.count("\n", 0, offset) + 1


def collapse(text: str) -> str:
    """Runs of ASCII whitespace made one space (a no-break space stays: it is meant)."""
    return ASCII_SPACE_RE.sub(" ", text)


def refuse_binary(path: Path, data: bytes) -> None:
    """InputError, naming the line, for a file with NUL bytes: no text format has them."""
    if b"\x00" in data:
        offset = data.index(b"\x00")
        raise InputError("binary file (contains NUL bytes), not text", path, data.count(b"\n", 0, offset) + 1)


def decode_utf8(path: Path, data: bytes) -> str:
    """The file's text, a BOM kept; InputError naming the line of the first byte UTF-8 lacks."""
    refuse_binary(path, data)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise InputError(
            f"not UTF-8 (byte 0x{data[error.start]:02x} at offset {error.start}); convert it with iconv",
            path, data.count(b"\n", 0, error.start) + 1,
        ) from error

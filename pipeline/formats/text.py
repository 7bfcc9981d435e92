"""Plain text: a news article stores one paragraph a line, and a line is a unit."""

from __future__ import annotations

import re
from pathlib import Path

from ..model import Document
from .base import Decoded, Unit, decode_utf8

WHITESPACE_RE = re.compile(r"\s+")


class TextFormat:
    """Plain text, UTF-8: one unit a non-blank line."""

    def decode(self, path: Path, data: bytes) -> Decoded:
        return Decoded(decode_utf8(path, data).removeprefix("\ufeff"))

    def units(self, document: Document) -> list[Unit]:
        return [Unit(WHITESPACE_RE.sub(" ", line).strip(), 0, 0, number)
                for number, line in enumerate(document.lines, start=1) if line.strip()]

    def edition(self, document: Document, texts: list[str], lang: str) -> bytes:
        """Each segment's line replaced by its text, laid out like the source article."""
        lines = [line.rstrip() for line in document.lines]
        for segment, text in zip(document.segments, texts, strict=True):
            lines[segment.line - 1] = text or segment.text
        return ("\n".join(lines).rstrip("\n") + "\n").encode("utf-8")

    def inline_codes(self, text: str) -> list[str]:
        return []


FORMAT = TextFormat()

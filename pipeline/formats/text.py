"""Plain text: a news article stores one paragraph a line, and a line is a unit."""

from __future__ import annotations

import re
from pathlib import Path

from ..errors import InputError
from ..model import Document
from .base import Decoded, Unit

WHITESPACE_RE = re.compile(r"\s+")


class TextFormat:
    name = "text"
    suffixes = (".txt",)

    def decode(self, path: Path, data: bytes) -> Decoded:
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as error:
            raise InputError(
                f"not UTF-8 (byte 0x{data[error.start]:02x} at offset {error.start}); convert it with iconv",
                path,
                data.count(b"\n", 0, error.start) + 1,
            ) from error
        return Decoded(text.removeprefix("\ufeff"))

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

"""Document formats, one module each (text, html, markdown), behind formats/base.py's interface.

The module that reads a file writes its editions (Okapi's filters): each
translated unit goes back into the source text at the place it came from, so
an edition differs from its source only inside translated text and the
language marks.
"""

from __future__ import annotations

import importlib
from pathlib import Path

from .base import Decoded, Format, Unit, splice

# Suffix -> format; a module is imported only when a file of its format comes.
FORMAT_OF_SUFFIX = {
    ".txt": "text",
    ".html": "html",
    ".htm": "html",
    ".md": "markdown",
    ".markdown": "markdown",
}
SUFFIXES = tuple(FORMAT_OF_SUFFIX)


def format_named(name: str) -> Format:
    return importlib.import_module(f"{__name__}.{name}").FORMAT


def format_of(path: Path) -> str | None:
    """The name of the format of a file with this name, or None when diglot reads no such file."""
    return FORMAT_OF_SUFFIX.get(path.suffix.lower())


__all__ = ["Decoded", "Format", "Unit", "splice", "format_named", "format_of", "SUFFIXES", "FORMAT_OF_SUFFIX"]

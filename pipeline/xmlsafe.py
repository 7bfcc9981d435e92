"""Parsing XML from other tools (XLIFF, TMX, TBX) without trusting it.

A document type declaration is refused outright: it is where external
entities and entity-expansion bombs live, and no exchange format needs one.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

from .errors import DiglotError, InputError
from .files import read_bytes

DOCTYPE_RE = re.compile(rb"<!\s*(?:DOCTYPE|ENTITY)", re.IGNORECASE)


def parse_xml(path: Path) -> ET.Element:
    """The root element of `path`; InputError naming file and line otherwise."""
    data = read_bytes(path)
    refuse_declarations(path, data)
    try:
        return ET.fromstring(data)
    except ET.ParseError as error:
        raise InputError(f"not well-formed XML: {error}", path, error.position[0]) from error


def refuse_declarations(path: Path, data: bytes, error: type[DiglotError] = InputError) -> None:
    """Raise `error` naming the line of a DOCTYPE or ENTITY declaration, if there is one."""
    declaration = DOCTYPE_RE.search(data)
    if declaration:
        line = data.count(b"\n", 0, declaration.start()) + 1
        raise error("refusing a document type declaration (DOCTYPE/ENTITY): entities can read local files "
                    "or expand without end, and no exchange format needs them", path, line)


def local_name(element: ET.Element) -> str:
    """The tag without its namespace: '{urn:...}unit' -> 'unit'."""
    return element.tag.rsplit("}", 1)[-1]

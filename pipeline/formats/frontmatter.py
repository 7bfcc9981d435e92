"""YAML front matter (`---` ... `---` at the top of a Markdown post): where its text fields are,
and how a field's new text is written back in the scalar's own style.

ruamel.yaml's event stream gives each scalar's value, style and exact place in the source, so
keys, comments, the quoting of every other value and the layout stay byte for byte: only the
characters of a translated scalar are rewritten.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

from ruamel.yaml import YAML
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.events import (
    AliasEvent,
    CollectionStartEvent,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
)
from ruamel.yaml.nodes import ScalarNode

from ..errors import InputError
from .base import collapse

DEFAULT_TEXT_FIELDS = frozenset({"title", "description", "summary", "subtitle", "caption", "alt"})
LANGUAGE_KEYS = frozenset({"lang", "language"})
STRING_TAG = "tag:yaml.org,2002:str"
FENCE = "---"
CLOSING_FENCES = ("---", "...")
TOML_FENCE = "+++"  # Hugo's TOML front matter
# A TOML key set to a one-line basic string: the values a TOML front matter can give as text.
TOML_STRING_RE = re.compile(r'^[ \t]*([A-Za-z0-9_-]+)[ \t]*=[ \t]*("(?:[^"\\\r\n]|\\.)*")[ \t]*(?:#[^\r\n]*)?\r?$',
                            re.MULTILINE)
TOML_TABLE_RE = re.compile(r"^[ \t]*\[", re.MULTILINE)
# ruamel marks where a folded (`>`) scalar was folded with BEL; the value itself has none.
FOLD_MARK = "\a"


@dataclass(frozen=True)
class Block:
    """The front matter's YAML text: source[start:end], its first line the file's `first_line`."""

    start: int
    end: int
    first_line: int
    body_start: int  # where the Markdown after the closing fence begins
    toml: bool = False  # between +++ lines (Hugo), not YAML


@dataclass(frozen=True)
class Scalar:
    """A scalar value in the front matter: its key, value, style and range in the source."""

    key: str
    value: str
    style: str | None  # None plain, "'", '"', "|", ">"
    start: int
    end: int
    top_level: bool


def find_block(source: str, offset: int, path: Path) -> Block | None:
    """The front matter opening at `offset` (after any BOM), or None when the file has none."""
    first_end = _line_end(source, offset)
    fence = source[offset:first_end].rstrip()
    if fence not in (FENCE, TOML_FENCE):
        return None
    closing = CLOSING_FENCES if fence == FENCE else (TOML_FENCE,)
    position = first_end
    while position < len(source):
        line_end = _line_end(source, position)
        if source[position:line_end].rstrip() in closing:
            return Block(first_end, position, 2, line_end, toml=fence == TOML_FENCE)
        position = line_end
    raise InputError(f"front matter opened with {fence} is never closed (no {fence} line after it)", path, 1)


def _line_end(source: str, start: int) -> int:
    """The offset after the line starting at `start`, its line break included."""
    newline = source.find("\n", start)
    return len(source) if newline < 0 else newline + 1


def scalars(source: str, block: Block, path: Path) -> list[Scalar]:
    """Every scalar value of a mapping reached through mappings only (not inside lists)."""
    if block.toml:
        return _toml_scalars(source, block, path)
    text = source[block.start:block.end]
    found: list[Scalar] = []
    stack: list[_Frame] = []
    try:
        for event in YAML().parse(text):
            parent = stack[-1] if stack else None
            if isinstance(event, CollectionStartEvent):
                reached = parent is None or (parent.mapping and parent.reached and not parent.expecting_key)
                stack.append(_Frame(isinstance(event, MappingStartEvent), reached))
            elif isinstance(event, (MappingEndEvent, SequenceEndEvent)):
                stack.pop()
                if stack:
                    stack[-1].take(None)
            elif isinstance(event, (ScalarEvent, AliasEvent)) and parent is not None:
                if (isinstance(event, ScalarEvent) and parent.mapping and not parent.expecting_key
                        and parent.reached and parent.key is not None and _is_string(event)):
                    found.append(Scalar(parent.key, event.value, event.style,
                                        block.start + event.start_mark.index,
                                        block.start + event.end_mark.index, len(stack) == 1))
                parent.take(event.value if isinstance(event, ScalarEvent) else None)
    except MarkedYAMLError as error:
        # Where the broken construct starts ("while scanning a quoted scalar" on the line that
        # opens the quote) tells an editor more than where the parser gave up (the end).
        mark = error.context_mark or error.problem_mark
        line = block.first_line + (mark.line if mark is not None else 0)
        problem = "; ".join(part for part in (error.context, error.problem) if part) or "invalid YAML"
        raise InputError(f"front matter is not valid YAML: {problem}", path, line) from error
    except YAMLError as error:
        raise InputError(f"front matter is not valid YAML: {error}", path, block.first_line) from error
    return [scalar for scalar in found if scalar is not None]


def _toml_scalars(source: str, block: Block, path: Path) -> list[Scalar]:
    """A TOML front matter's one-line basic strings (`title = "..."`), checked with tomllib first;
    other values (multi-line and literal strings, arrays, dates) are never text here."""
    text = source[block.start:block.end]
    try:
        tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        where = re.search(r"line (\d+)", str(error))
        line = block.first_line + int(where.group(1)) - 1 if where else block.first_line
        raise InputError(f"front matter is not valid TOML: {error}", path, line) from error
    first_table = next((found.start() for found in TOML_TABLE_RE.finditer(text)), len(text))
    return [Scalar(found.group(1), tomllib.loads(f"value = {found.group(2)}")["value"], '"',
                   block.start + found.start(2), block.start + found.end(2), found.start() < first_table)
            for found in TOML_STRING_RE.finditer(text)]


class _Frame:
    """An open mapping or sequence while walking the events."""

    def __init__(self, mapping: bool, reached: bool):
        self.mapping = mapping
        self.reached = reached  # reached from the top through mappings only
        self.expecting_key = True
        self.key: str | None = None

    def take(self, scalar: str | None) -> None:
        """A key or value (a nested collection gives None) was read in this collection."""
        if self.mapping:
            if self.expecting_key:
                self.key = scalar
            self.expecting_key = not self.expecting_key


def _is_string(event: ScalarEvent) -> bool:
    if event.tag is not None and event.tag not in ("!!str", STRING_TAG):
        return False
    if event.style is not None or event.tag is not None:
        return True
    return _resolves_to_string(event.value)


_RESOLVER = YAML().resolver


def _resolves_to_string(value: str) -> bool:
    """A plain scalar is text unless YAML reads it as a date, number, boolean or null."""
    return _RESOLVER.resolve(ScalarNode, value, (True, False)) == STRING_TAG


def field_text(scalar: Scalar) -> str:
    """A text field's value as a unit shows it: as YAML reads it, whitespace made one space."""
    return collapse(scalar.value.replace(FOLD_MARK, "")).strip()


def write_scalar(source: str, scalar: Scalar, text: str) -> tuple[int, int, str]:
    """The change that gives `scalar` the value `text`, in the scalar's own style."""
    if scalar.style == '"':
        return scalar.start, scalar.end, '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'
    if scalar.style == "'":
        return scalar.start, scalar.end, "'" + text.replace("'", "''") + "'"
    if scalar.style in ("|", ">"):
        return _write_block_scalar(source, scalar, text)
    if _plain_is_safe(text):
        return scalar.start, scalar.end, text
    return scalar.start, scalar.end, '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _write_block_scalar(source: str, scalar: Scalar, text: str) -> tuple[int, int, str]:
    """The block's header line (indicator, chomping, comment) kept; the text on one indented line."""
    header_end = source.index("\n", scalar.start)
    header = source[scalar.start:header_end]
    newline = "\n"
    if header.endswith("\r"):
        header, newline = header[:-1], "\r\n"
    first = source[header_end + 1:scalar.end]
    indent = first[:len(first) - len(first.lstrip(" "))]
    end = scalar.start + len(source[scalar.start:scalar.end].rstrip())
    return scalar.start, end, header + newline + indent + text


# Words a YAML 1.1 reader (Hugo's, Jekyll's) takes for booleans, though YAML 1.2 does not.
YAML_1_1_BOOLEANS = frozenset({"y", "n", "yes", "no", "on", "off", "true", "false"})
PLAIN_UNSAFE_FIRST = set("-?:,[]{}#&*!|>'\"%@`")


def _plain_is_safe(text: str) -> bool:
    """Whether `text` reads back as the same string written as a plain scalar."""
    if not text or text != text.strip() or text[0] in PLAIN_UNSAFE_FIRST:
        return False
    if ": " in text or " #" in text or text.endswith(":") or "\t" in text:
        return False
    return text.lower() not in YAML_1_1_BOOLEANS and _resolves_to_string(text)


def language_change(scalar: Scalar, source: str, lang: str) -> tuple[int, int, str] | None:
    """The change setting a top-level `lang:`/`language:` of en or es (any region) to `lang`."""
    if not scalar.top_level or scalar.key not in LANGUAGE_KEYS:
        return None
    code = scalar.value.strip().lower().replace("_", "-").split("-")[0]
    if code not in ("en", "es"):
        return None
    if scalar.style in ('"', "'"):
        return scalar.start + 1, scalar.end - 1, lang
    if scalar.style is None:
        return scalar.start, scalar.end, lang
    return None

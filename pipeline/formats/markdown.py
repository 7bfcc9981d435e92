"""Markdown posts: CommonMark with GFM tables and strikethrough, and YAML front matter.

markdown-it-py finds the blocks (with their source lines); each block's inline content is
parsed again by a tokenizer that records which rule read which characters, so every piece of
inline markup (emphasis delimiters, a link's brackets and destination, code spans, raw HTML,
escapes) is known by its exact place. A unit's text is that inline source with whitespace made
one space in its text parts; an edition writes a translation over the unit's source range and
leaves every other byte alone.
"""

from __future__ import annotations

import importlib
import re
import threading
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from markdown_it import MarkdownIt
from markdown_it.rules_inline.state_inline import StateInline
from markdown_it.token import Token

from ..model import Document
from .base import Decoded, Unit, collapse, decode_utf8, line_at, splice
from .frontmatter import (
    DEFAULT_TEXT_FIELDS,
    Block,
    Scalar,
    field_text,
    find_block,
    language_change,
    scalars,
    write_scalar,
)

BOM = "\ufeff"
MD_TRIM = " \t\n\r\f\v"  # what markdown-it's mdTrim strips (CommonMark whitespace)

# Template code CommonMark does not know, kept whole as markup: Hugo shortcodes, Liquid tags and
# output, MDX/JSX expressions (heading ids `{/*id*/}`), footnote markers and definitions' labels.
TEMPLATE_RE = re.compile(
    r"\{\{<.*?>\}\}|\{\{%.*?%\}\}|\{%.*?%\}|\{\{.*?\}\}|\{[^{}\n]*\}|\[\^[^\]\s]+\]:?", re.DOTALL
)
LINE_BREAK_RE = re.compile(r"\r\n|\n|\r")
# A Hugo shortcode, and the parameters of one that are text for a reader (a figure's caption and
# alt text, a title), double-quoted: the rest of the shortcode is never translated.
SHORTCODE_RE = re.compile(r"\{\{[<%].*?[%>]\}\}", re.DOTALL)
SHORTCODE_TEXT_RE = re.compile(r'(?<![\w-])(alt|caption|title)\s*=\s*"([^"\\]*)"')
# A translation must not turn a paragraph into another block when it lands at a line start.
BLOCK_START_RE = re.compile(r"(?:#{1,6}(?=\s|$)|>|[-+*](?=\s|$)|\d{1,9}[.)](?=\s|$)|(?:-{3,}|\*{3,}|_{3,}|=+)\s*$)")

TEXT, MARKUP, DROP = 0, 1, 2


# ---------------------------------------------------------------- inline source, rule by rule


@dataclass
class _Recording:
    """What the recording tokenizer saw in one inline parse: paints of [start, end) in order."""

    state: StateInline | None = None
    depth: int = 0
    paints: list[tuple[int, int, int, int, object]] = field(default_factory=list)  # (depth, seq, start, end, how)


_RECORDING = threading.local()


def _new_parser() -> MarkdownIt:
    md = MarkdownIt("commonmark").enable(["table", "strikethrough"])
    md.disable(["inline", "text_join"])  # block structure only; inline content is parsed by us
    names = {rule.fn: rule.name for rule in md.inline.ruler.__rules__}
    original_tokenize = md.inline.tokenize

    def recording_tokenize(state: StateInline) -> None:
        recording: _Recording | None = getattr(_RECORDING, "current", None)
        if recording is None or (recording.state is not None and recording.state is not state):
            original_tokenize(state)  # an image's alt text, parsed on a state of its own
            return
        recording.state = state
        _tokenize(state, recording, names)

    md.inline.tokenize = recording_tokenize
    return md


def _tokenize(state: StateInline, recording: _Recording, names: dict) -> None:
    """markdown-it-py's ParserInline.tokenize, noting which rule read which characters."""
    rules = state.md.inline.ruler.getRules("")
    end = state.posMax
    max_nesting = state.md.options["maxNesting"]
    depth = recording.depth
    newline_rule = state.md.inline.ruler.__rules__[state.md.inline.ruler.__find__("newline")].fn
    recording.paints.append((2 * depth, len(recording.paints), state.pos, end, TEXT))
    recording.depth += 1
    try:
        while state.pos < end:
            start, pushed_from, had_pending = state.pos, len(state.tokens), bool(state.pending)
            ok = False
            if state.level < max_nesting:
                for rule in rules:
                    if rule(state, False):
                        ok = True
                        break
            if ok:
                pushed = state.tokens[pushed_from:]
                if had_pending and pushed and rule is not newline_rule:
                    pushed = pushed[1:]  # the text read before the rule, flushed by its first push
                _note_rule(state, recording, names.get(rule, ""), start, pushed, 2 * depth + 1)
                if state.pos >= end:
                    break
                continue
            state.append_pending(state.src[state.pos])
            state.pos += 1
        if state.pending:
            state.pushPending()
    finally:
        recording.depth = depth


def _note_rule(state: StateInline, recording: _Recording, name: str, start: int,
               pushed: list[Token], depth: int) -> None:
    """How the characters a rule read are painted: text, markup, or dropped (see _paint)."""
    paints, end = recording.paints, state.pos

    def paint(a: int, b: int, how: object) -> None:
        paints.append((depth, len(paints), a, b, how))

    types = [token.type for token in pushed]
    if name == "text" or not pushed:
        paint(start, end, TEXT)
    elif name in ("newline", "escape") and "hardbreak" in types:
        spaces = start
        while name == "newline" and spaces > 0 and state.src[spaces - 1] == " ":
            spaces -= 1
        paint(spaces, start + (1 if name == "newline" else 2), MARKUP)
        paint(start + (1 if name == "newline" else 2), end, DROP)
    elif name == "newline":
        paint(start, end, TEXT)
    elif name in ("emphasis", "strikethrough"):
        # One text token per delimiter piece; a piece that became em/strong/s is markup.
        position = start
        for token in pushed:
            if token.type != "text":
                continue
            paint(position, position + len(token.content), (token, token.content))
            position += len(token.content)
    elif name == "image":
        image = next(token for token in pushed if token.type == "image")
        paint(start, end, MARKUP)
        alt_start = start + 2
        alt_end = alt_start + len(image.content)
        if not _is_shortcut_reference(state.src, alt_end, end):
            paint(alt_start, alt_end, TEXT)
    elif name == "link":
        paint(start, end, MARKUP)
        label_end = next((paint_[3] for paint_ in reversed(paints) if paint_[0] == depth + 1
                          and paint_[4] == TEXT and start < paint_[2] <= paint_[3] < end), None)
        if label_end is not None and _is_shortcut_reference(state.src, label_end, end):
            paint(start, end, ("force",))
    else:
        paint(start, end, MARKUP)


def _is_shortcut_reference(source: str, label_end: int, end: int) -> bool:
    """`[label]` or `[label][]`: the label is the reference's name, so it must stay as written."""
    rest = source[label_end + 1:end]
    return not rest.startswith("(") and (rest == "" or rest == "[]")


def _paint(content: str, paints: list, forced: list[tuple[int, int]]) -> list[int]:
    """One label (TEXT, MARKUP, DROP) per character of `content`; deeper paints win."""
    labels = [TEXT] * len(content)
    for _, _, start, end, how in sorted(paints, key=lambda paint: (paint[0], paint[1])):
        if isinstance(how, tuple):
            if how[0] == "force":
                forced.append((start, end))
                continue
            token, original = how
            how = TEXT if token.type == "text" and token.content == original else MARKUP
        labels[start:end] = [how] * (end - start)
    for start, end in forced:
        labels[start:end] = [MARKUP] * (end - start)
    return labels


class _InlineParser:
    """Parses inline Markdown content into labelled parts; one per format instance and thread."""

    def __init__(self) -> None:
        self.md = _new_parser()

    def parts(self, content: str, env: dict) -> list[tuple[str, int]]:
        """`content` cut into runs of (source text, TEXT | MARKUP | DROP), in order."""
        recording = _Recording()
        _RECORDING.current = recording
        try:
            self.md.inline.parse(content, self.md, env, [])
        finally:
            _RECORDING.current = None
        forced = [match.span() for match in TEMPLATE_RE.finditer(content)]
        labels = _paint(content, recording.paints, forced)
        runs: list[tuple[str, int]] = []
        start = 0
        for position in range(1, len(content) + 1):
            if position == len(content) or labels[position] != labels[start]:
                runs.append((content[start:position], labels[start]))
                start = position
        return runs


@dataclass(frozen=True)
class _Inline:
    """A unit's text and markup ranges made from labelled parts, or None when it has no words."""

    text: str
    markup: tuple[tuple[int, int], ...]
    words: bool  # whether its text parts hold any letter


def _assemble(runs: list[tuple[str, int]]) -> _Inline:
    pieces: list[tuple[str, int]] = []
    for source, label in runs:
        if label == DROP:
            continue
        piece = collapse(source) if label == TEXT else source
        if pieces and pieces[-1][1] == label:
            pieces[-1] = (pieces[-1][0] + piece, label)
        else:
            pieces.append((piece, label))
    # Trim the ends of the text parts only; markup stays as written.
    if pieces and pieces[0][1] == TEXT:
        pieces[0] = (pieces[0][0].lstrip(" "), TEXT)
    if pieces and pieces[-1][1] == TEXT:
        pieces[-1] = (pieces[-1][0].rstrip(" "), TEXT)
    text, markup, words = "", [], False
    for piece, label in pieces:
        if label == MARKUP and piece:
            if markup and markup[-1][1] == len(text):
                markup[-1] = (markup[-1][0], len(text) + len(piece))
            else:
                markup.append((len(text), len(text) + len(piece)))
        elif label == TEXT:
            words = words or any(character.isalpha() for character in piece)
        text += piece
    return _Inline(text, tuple(markup), words)


class _AnyReference(dict):
    """References for parsing a unit's text alone: every `[label]` may name a definition."""

    def get(self, key, default=None):  # noqa: ANN001 - dict's signature
        return {"href": "", "title": ""}


# ---------------------------------------------------------------- places: units and how to write them


@dataclass(frozen=True)
class _Place:
    """A unit and what writing its translation back needs."""

    unit: Unit
    kind: str  # "inline", "cell", "field", "html", "shortcode"
    newline: str = "\n"  # what a line break inside a translation becomes in the source
    scalar: Scalar | None = None
    block: tuple[int, int] | None = None  # an HTML block's source range


@dataclass
class _Lines:
    """The source's lines: where each starts (after a BOM) and its text without the line break."""

    starts: list[int]
    texts: list[str]
    breaks: list[str]

    @classmethod
    def of(cls, source: str, offset: int) -> _Lines:
        """Lines end as CommonMark says: at LF, CR LF or a lone CR (an old Mac file)."""
        starts, texts, breaks = [], [], []
        position = offset
        for line_break in LINE_BREAK_RE.finditer(source, offset):
            starts.append(position)
            texts.append(source[position:line_break.start()])
            breaks.append(line_break.group())
            position = line_break.end()
        starts.append(position)
        texts.append(source[position:])
        breaks.append("")
        return cls(starts, texts, breaks)


class MarkdownFormat:
    def __init__(self) -> None:
        self._parsers = threading.local()

    # -- the interface

    def decode(self, path: Path, data: bytes) -> Decoded:
        return Decoded(decode_utf8(path, data), "utf-8")

    def units(self, document: Document) -> list[Unit]:
        return [place.unit for place in self._places(document)]

    def edition(self, document: Document, texts: list[str], lang: str) -> bytes:
        source = document.source
        changed = [index for index, (segment, text) in enumerate(zip(document.segments, texts, strict=True))
                   if text and text != segment.text]
        if not changed:
            return source.encode(document.encoding)
        places = self._places(document)
        if len(places) != len(document.segments):
            raise ValueError(f"{document.path}: {len(document.segments)} segments for {len(places)} units")
        changes = []
        html_blocks: dict[tuple[int, int], list[int]] = {}
        for index in changed:
            place = places[index]
            if place.kind == "html":
                html_blocks.setdefault(place.block, []).append(index)
            else:
                changes.append(self._change(source, place, texts[index]))
        for (start, end), indexes in html_blocks.items():
            in_block = [i for i, place in enumerate(places) if place.block == (start, end)]
            changes += _html().fragment_changes(source, start, end, [places[i].unit for i in in_block],
                                                [texts[i] for i in in_block])
        changes += self._language_marks(source, document.path, lang)
        return splice(source, changes).encode(document.encoding)

    def inline_codes(self, text: str) -> list[str]:
        runs = self._inline().parts(text, {"references": _AnyReference()})
        return [piece for piece, label in _merge_markup(runs) if label == MARKUP]

    # -- units

    def _inline(self) -> _InlineParser:
        parser = getattr(self._parsers, "parser", None)
        if parser is None:
            parser = self._parsers.parser = _InlineParser()
        return parser

    def _places(self, document: Document) -> list[_Place]:
        # The units, then each edition, of a post parse it once.
        return self._places_of(document.source, document.path, frozenset(document.text_fields))

    @lru_cache(maxsize=8)
    def _places_of(self, source: str, path: Path, text_fields: frozenset[str]) -> list[_Place]:
        offset = 1 if source.startswith(BOM) else 0
        block = find_block(source, offset, path)
        fields = DEFAULT_TEXT_FIELDS | text_fields  # the project's own (diglot.toml)
        places = self._field_places(source, block, path, fields) if block else []
        places += self._body_places(source, offset, block)
        return sorted(places, key=lambda place: place.unit.start)

    def _field_places(self, source: str, block: Block, path: Path, fields: frozenset[str]) -> list[_Place]:
        places = []
        for scalar in scalars(source, block, path):
            if scalar.key not in fields:
                continue
            inline = _assemble(self._inline().parts(field_text(scalar), {}))
            if inline.words:
                unit = Unit(inline.text, scalar.start, scalar.end, line_at(source, scalar.start),
                            inline.markup, "field")
                places.append(_Place(unit, "field", scalar=scalar))
        return places

    def _body_places(self, source: str, offset: int, block: Block | None) -> list[_Place]:
        lines = _Lines.of(source, offset)
        skipped = 0
        if block is not None:  # front matter lines become blank lines: line numbers stay
            skipped = line_at(source, block.body_start) - 1
        markdown_text = "\n" * skipped + "\n".join(lines.texts[skipped:])
        env: dict = {}
        parser = self._inline()
        tokens = parser.md.parse(markdown_text, env)
        places: list[_Place] = []
        paragraphs: list[tuple[int, _Place | None, Token]] = []
        for index, token in enumerate(tokens):
            if token.type == "inline" and tokens[index - 1].type in ("paragraph_open", "heading_open"):
                opening = tokens[index - 1]
                place = self._block_place(source, lines, token, opening, env)
                if place is not None:
                    places.append(place)
                elif opening.type == "paragraph_open":  # no words of its own: a figure shortcode's?
                    places += self._shortcode_places(source, lines, token, env)
                if opening.type == "paragraph_open":
                    paragraphs.append((index, place, token))
            elif token.type == "inline" and tokens[index - 1].type in ("th_open", "td_open"):
                places += self._cell_places(source, lines, tokens, index, env)
            elif token.type == "html_block":
                places += self._html_places(source, lines, token)
        return _with_captions(places, paragraphs)

    def _block_place(self, source: str, lines: _Lines, inline: Token, opening: Token, env: dict) -> _Place | None:
        first, last = inline.map[0], inline.map[1] - 1  # a setext underline is not in the map
        located = _locate(lines, inline.content, first, last, atx=opening.markup.startswith("#"))
        if located is None:
            return None
        start, end, columns = located
        inline_text = _assemble(self._inline().parts(inline.content, env))
        if not inline_text.words:
            return None
        role = "heading" if opening.type == "heading_open" else ""
        if role == "" and _only_images(self._inline().parts(inline.content, env)):
            role = "attribute"
        newline = lines.breaks[first] or "\n"
        if last > first:  # a line break in a translation continues the block as its source does
            newline += lines.texts[first + 1][:columns[1]]
        unit = Unit(inline_text.text, start, end, first + 1, inline_text.markup, role)
        return _Place(unit, "inline", newline=newline)

    def _shortcode_places(self, source: str, lines: _Lines, inline: Token, env: dict) -> list[_Place]:
        """The caption, alt text and title of the Hugo shortcodes a paragraph is made of
        (`{{< figure src="valle.jpg" caption="..." >}}`): units of their own."""
        located = _locate(lines, inline.content, inline.map[0], inline.map[1] - 1, atx=False)
        if located is None:
            return []
        start, end, _ = located
        places = []
        for code in SHORTCODE_RE.finditer(source, start, end):
            for parameter in SHORTCODE_TEXT_RE.finditer(source, code.start(), code.end()):
                inline_text = _assemble(self._inline().parts(parameter.group(2), env))
                if inline_text.words:
                    value_start = parameter.start(2)
                    role = "caption" if parameter.group(1) == "caption" else "attribute"
                    unit = Unit(inline_text.text, value_start, parameter.end(2), line_at(source, value_start),
                                inline_text.markup, role)
                    places.append(_Place(unit, "shortcode"))
        return places

    def _cell_places(self, source: str, lines: _Lines, tokens: list[Token], index: int, env: dict) -> list[_Place]:
        """A table row's cells are found once, at its first cell, by splitting the row's line."""
        if tokens[index - 2].type != "tr_open":
            return []
        row = tokens[index].map[0]
        places = []
        cells = _split_row(lines.texts[row])
        position = index
        for cell_start, cell_end in cells:
            if position >= len(tokens) or tokens[position].type != "inline":
                break
            expected = tokens[position].content
            raw = lines.texts[row][cell_start:cell_end]
            position += 3  # inline, td_close, td_open
            if raw.replace("\\|", "|") != expected and raw != expected:
                continue
            inline_text = _assemble(self._inline().parts(raw, env))
            if inline_text.words:
                start = lines.starts[row] + cell_start
                unit = Unit(inline_text.text, start, start + len(raw), row + 1, inline_text.markup)
                places.append(_Place(unit, "cell"))
        return places

    def _html_places(self, source: str, lines: _Lines, token: Token) -> list[_Place]:
        html = _html()
        if html is None:
            return []
        first, last = token.map[0], token.map[1] - 1
        start = lines.starts[first]
        end = lines.starts[last] + len(lines.texts[last])
        return [_Place(unit, "html", block=(start, end)) for unit in html.fragment_units(source, start, end)]

    # -- writing

    def _change(self, source: str, place: _Place, text: str) -> tuple[int, int, str]:
        unit = place.unit
        if place.kind == "field":
            return write_scalar(source, place.scalar, collapse(text).strip())
        if place.kind == "cell":
            return unit.start, unit.end, _escape_pipes(collapse(text).strip())
        if place.kind == "shortcode":  # a Go string: a quote or backslash in it is escaped
            return unit.start, unit.end, collapse(text).strip().replace("\\", "\\\\").replace('"', '\\"')
        text = text.strip()
        if unit.role != "heading" and not BLOCK_START_RE.match(unit.text):
            text = _escape_block_start(text)
        return unit.start, unit.end, text.replace("\n", place.newline)

    def _language_marks(self, source: str, path: Path, lang: str) -> list[tuple[int, int, str]]:
        offset = 1 if source.startswith(BOM) else 0
        block = find_block(source, offset, path)
        if block is None:
            return []
        changes = (language_change(scalar, source, lang) for scalar in scalars(source, block, path))
        return [change for change in changes if change is not None]


def _escape_block_start(text: str) -> str:
    """A paragraph's translation that would start another block (`# `, `> `, `- `, `1. `, a
    rule or an underline) gets a backslash that keeps it a paragraph."""
    match = BLOCK_START_RE.match(text)
    if match is None:
        return text
    marker = match.group()
    if marker[0].isdigit():
        return marker[:-1] + "\\" + marker[-1] + text[len(marker):]
    return "\\" + text


def _merge_markup(runs: list[tuple[str, int]]) -> list[tuple[str, int]]:
    merged: list[tuple[str, int]] = []
    for piece, label in runs:
        if label == DROP:
            continue
        if merged and merged[-1][1] == label:
            merged[-1] = (merged[-1][0] + piece, label)
        else:
            merged.append((piece, label))
    return merged


def _only_images(runs: list[tuple[str, int]]) -> bool:
    """Whether a paragraph's words are all image alt text (an image-only paragraph)."""
    return any(label == MARKUP and "![" in piece for piece, label in runs) and _alt_only(runs)


def _alt_only(runs: list[tuple[str, int]]) -> bool:
    """Every text run sits between an image's `![` and its `](...)`."""
    for position, (piece, label) in enumerate(runs):
        if label != TEXT or not piece.strip():
            continue
        before = runs[position - 1][0] if position else ""
        after = runs[position + 1][0] if position + 1 < len(runs) else ""
        if not before.endswith("![") or not after.startswith("]"):
            return False
    return True


def _with_captions(places: list[_Place], paragraphs: list[tuple[int, _Place | None, Token]]) -> list[_Place]:
    """A wholly emphasised paragraph next to an image-only paragraph is the image's caption."""
    captions = set()
    for position, (_, place, inline) in enumerate(paragraphs):
        if place is not None and place.unit.role in ("", "attribute") and _image_with_caption(place.unit):
            captions.add(id(place))
        if place is None or place.unit.role != "" or not _wholly_emphasised(place.unit):
            continue
        neighbours = paragraphs[max(position - 1, 0):position] + paragraphs[position + 1:position + 2]
        if any(other is not None and other.unit.role == "attribute" and _adjacent(inline, token)
               for _, other, token in neighbours):
            captions.add(id(place))
    return [_Place(Unit(place.unit.text, place.unit.start, place.unit.end, place.unit.line,
                        place.unit.markup, "caption"), place.kind, place.newline)
            if id(place) in captions else place for place in places]


def _image_with_caption(unit: Unit) -> bool:
    """A paragraph of an image and, before or after it (or both: caption and credit), wholly
    emphasised lines."""
    text, markup = unit.text, unit.markup
    opening = next((a for a, b in markup if text.startswith("![", a)), None)
    closing = next((b for a, b in markup if "](" in text[a:b] and (opening is None or a > opening)), None)
    if opening is None or closing is None:
        return False
    around = [_clipped(unit, 0, opening), _clipped(unit, closing, len(text))]
    return any(part.text for part in around) and all(
        not part.text or _wholly_emphasised(part) for part in around)


def _clipped(unit: Unit, start: int, end: int) -> Unit:
    """The part [start, end) of a unit's text, its ends trimmed, with the markup inside it."""
    text = unit.text[start:end]
    start += len(text) - len(text.lstrip(" "))
    end = start + len(text.strip(" "))
    markup = tuple((max(a, start) - start, min(b, end) - start) for a, b in unit.markup if a < end and b > start)
    return Unit(unit.text[start:end], 0, 0, 0, markup)


def _wholly_emphasised(unit: Unit) -> bool:
    text, markup = unit.text, unit.markup
    return (len(text) > 2 and len(markup) >= 2 and markup[0][0] == 0 and markup[-1][1] == len(text)
            and text[0] in "*_" and text[-1] == text[0])


def _adjacent(inline: Token, other: Token) -> bool:
    gap_after = other.map[0] - inline.map[1]
    gap_before = inline.map[0] - other.map[1]
    return inline.level == other.level and (0 <= gap_after <= 1 or 0 <= gap_before <= 1)


def _locate(lines: _Lines, content: str, first: int, last: int,
            atx: bool) -> tuple[int, int, list[int]] | None:
    """The source range of a block's inline `content`: its lines are the ends of source lines
    `first`..`last` after their container prefixes (`> `, list indentation), trimmed."""
    content_lines = content.split("\n")
    if len(content_lines) != last - first + 1:
        return None
    columns = []
    for number, content_line in enumerate(content_lines):
        piece = content_line.lstrip(" \t")
        line = lines.texts[first + number]
        if atx:
            hashes = line.find("#")
            column = line.find(piece, hashes + 1) if hashes >= 0 else -1
        elif number == len(content_lines) - 1:
            column = line.rfind(piece)
        else:
            column = len(line) - len(piece) if line.endswith(piece) else -1
        if column < 0:
            return None
        columns.append(column)
    start = lines.starts[first] + columns[0]
    end = lines.starts[last] + columns[-1] + len(content_lines[-1].lstrip(" \t"))
    return start, end, columns


def _split_row(line: str) -> list[tuple[int, int]]:
    """The [start, end) of each cell's trimmed text in a table row's line, split as markdown-it
    splits it (`\\|` does not split; a leading and a trailing pipe open and close the row)."""
    row_start = len(line) - len(line.lstrip(" \t>"))
    row_end = len(line.rstrip(MD_TRIM))
    cells, cell_start, escaped = [], row_start, False
    for position in range(row_start, row_end):
        character = line[position]
        if character == "|" and not escaped:
            cells.append((cell_start, position))
            cell_start = position + 1
        escaped = character == "\\"
    cells.append((cell_start, row_end))
    if cells and cells[0][0] == cells[0][1]:
        cells.pop(0)
    if cells and cells[-1][0] == cells[-1][1]:
        cells.pop()
    return [_trimmed(line, start, end) for start, end in cells]


def _trimmed(line: str, start: int, end: int) -> tuple[int, int]:
    text = line[start:end]
    if not text.strip(MD_TRIM):
        return start, start
    return start + len(text) - len(text.lstrip(MD_TRIM)), start + len(text.rstrip(MD_TRIM))


def _escape_pipes(text: str) -> str:
    """A `|` in a table cell's translation would split the cell."""
    pieces, escaped = [], False
    for character in text:
        pieces.append("\\|" if character == "|" and not escaped else character)
        escaped = character == "\\" and not escaped
    return "".join(pieces)


def _html():
    """The HTML format's fragment API, once pipeline/formats/html.py has it."""
    try:
        module = importlib.import_module(f"{__package__}.html")
    except ImportError:
        return None
    if not hasattr(module, "fragment_units") or not hasattr(module, "fragment_changes"):
        return None
    return module


FORMAT = MarkdownFormat()

"""HTML pages: the text a reader sees, written back where it stands.

`html.parser` (with `convert_charrefs=False`) is the tokenizer: every token's
exact place in the source comes from its position, so an edition is the source
with each translated unit spliced in and nothing re-serialised. Over the tokens
a small element stack does what a browser's tree builder would need to for
this job: omitted end tags, stray end tags, void elements, `translate`
inheritance, and the elements whose content is never text to translate.

A *flow* is a run of inline content (text, references, inline tags, comments)
that a block-level tag starts or ends; a flow with a letter to translate is a
unit. Inline tags, comments, code and protected text inside it are its markup.
Translatable attributes (`alt`, `title`, `aria-label`, `placeholder`, the
description and title `<meta>`s) are units of their own, even when their tag
sits inside a text unit.
"""

from __future__ import annotations

import bisect
import codecs
import html
import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from html.parser import HTMLParser, attrfind_tolerant, charref, entityref, tagfind_tolerant
from pathlib import Path

from ..errors import InputError
from ..model import Document
from .base import Decoded, Unit, collapse, refuse_binary, splice

# --- element classes ----------------------------------------------------------

VOID = frozenset(
    "area base basefont bgsound br col embed frame hr img input keygen link meta param source track wbr".split())
# Whose whole content is inline markup, never text to translate; they stay inside a flow.
OPAQUE = frozenset("script style template svg math iframe noembed noframes".split())
# Inline code: kept whole, as markup, inside the sentence around it.
CODE = frozenset("code kbd samp var".split())
# Blocks whose content is never translated nor looked into (preformatted, form values).
SKIPPED = frozenset("pre textarea listing xmp plaintext".split())
# Phrasing content: stays inside the current flow. (`meta` and `link` carry microdata inside sentences.)
INLINE = frozenset(
    "a abbr acronym audio b bdi bdo big blink br button canvas cite data del dfn em embed font i img input ins "
    "label link map mark meta meter nobr object output picture progress q rp rt ruby s slot small source span "
    "strike strong sub sup time tt u video wbr".split()) | OPAQUE | CODE
P_CLOSERS = frozenset(
    "address article aside blockquote center details dialog dir div dl dd dt fieldset figcaption figure footer "
    "form h1 h2 h3 h4 h5 h6 header hgroup hr li listing main menu nav ol p plaintext pre section summary table "
    "ul xmp".split())
SCOPE_BOUNDARIES = frozenset("html table td th caption template marquee object applet button".split())
TABLE_PARTS = frozenset("table tbody thead tfoot tr td th caption".split())
# A start tag closes the open elements named first, looking no further than those named second.
IMPLIED_CLOSES = {
    "td": (frozenset({"td", "th"}), frozenset({"tr", "table"})),
    "th": (frozenset({"td", "th"}), frozenset({"tr", "table"})),
    "tr": (frozenset({"tr", "td", "th"}), frozenset({"table", "tbody", "thead", "tfoot"})),
    "tbody": (frozenset({"tbody", "thead", "tfoot", "tr", "td", "th"}), frozenset({"table"})),
    "thead": (frozenset({"tbody", "thead", "tfoot", "tr", "td", "th"}), frozenset({"table"})),
    "tfoot": (frozenset({"tbody", "thead", "tfoot", "tr", "td", "th"}), frozenset({"table"})),
    "option": (frozenset({"option"}), frozenset({"select", "datalist", "optgroup"})),
    "optgroup": (frozenset({"option", "optgroup"}), frozenset({"select"})),
}
LIST_ITEMS = {"li": frozenset({"li"}), "dt": frozenset({"dt", "dd"}), "dd": frozenset({"dt", "dd"})}
ROLES = {"h1": "heading", "h2": "heading", "h3": "heading", "h4": "heading", "h5": "heading", "h6": "heading",
         "title": "title", "figcaption": "caption", "caption": "caption"}

# --- attributes ------------------------------------------------------------------

TEXT_ATTRIBUTES = ("title", "aria-label", "alt", "placeholder")
NO_TITLE_TAGS = frozenset("html head meta link style script base".split())
META_TEXT = frozenset("description og:title og:description twitter:title twitter:description".split())
NEEDS_QUOTES = frozenset(" \t\n\r\f\"'=<>`")

# Characters a reference keeps as written: markup-significant, invisible or spacing ones.
# Decoded, these would read as markup where a translation is written back: `&lt;b&gt;` stays
# as written. An `&amp;` is decoded ("AT&T" is one word for the engine) and a bare `&` escaped
# again when a translation is written; quotes are escaped where an attribute needs it.
MARKUP_CHARACTERS = frozenset("<>")
ASCII_WHITESPACE = " \t\n\r\f"
# Template code in a page's text (Vue, Angular, Jinja, Liquid, Hugo): markup, never translated.
TEMPLATE_RE = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", re.DOTALL)

WINDOWS_1252_LABELS = frozenset(
    "ansi_x3.4-1968 ascii cp1252 cp819 csisolatin1 ibm819 iso-8859-1 iso-ir-100 iso8859-1 iso88591 iso_8859-1 "
    "iso_8859-1:1987 l1 latin1 us-ascii windows-1252 x-cp1252".split())
UTF8_LABELS = frozenset("unicode-1-1-utf-8 unicode11utf8 unicode20utf8 utf-8 utf8 x-unicode20utf8 "
                        "utf-16 utf-16le utf-16be".split())  # a page that says UTF-16 in ASCII bytes is not
BOMS = ((b"\xef\xbb\xbf", "utf-8"), (b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be"))
PRESCAN_BYTES = 1024
ENCODE_ERRORS = "diglot-html"


def kept_as_written(decoded: str) -> bool:
    """Whether a reference that decodes to this stays raw (markup): the characters that mean
    markup, and the invisible or spacing ones an editor cannot see in a catalog."""
    return any(character in MARKUP_CHARACTERS or character.isspace()
               or unicodedata.category(character)[0] in "CZ" for character in decoded)


def invisible(text: str) -> bool:
    return all(character.isspace() or unicodedata.category(character) in ("Cf", "Cc", "Zs") for character in text)


def has_letter(text: str) -> bool:
    return any(character.isalpha() for character in text)


# --- decoding --------------------------------------------------------------------


class _Found(Exception):
    pass


class _CharsetPrescan(HTMLParser):
    """The first `<meta>` that declares a charset, as the HTML spec's prescan finds it."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.charset: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag != "meta":
            return
        charset = attribute(attrs, "charset")
        if not charset and (attribute(attrs, "http-equiv") or "").strip().lower() == "content-type":
            charset = charset_in_content(attribute(attrs, "content") or "")
        if charset:
            self.charset = charset
            raise _Found

    handle_startendtag = handle_starttag

    def parse_html_declaration(self, i: int) -> int:
        return self.parse_bogus_comment(i) if self.rawdata.startswith("<![", i) else super().parse_html_declaration(i)


def charset_in_content(content: str) -> str | None:
    """The spec's "extracting a character encoding from a meta element"."""
    lowered = content.lower()
    position = lowered.find("charset")
    while position >= 0:
        rest = content[position + 7:].lstrip(ASCII_WHITESPACE)
        if rest.startswith("="):
            rest = rest[1:].lstrip(ASCII_WHITESPACE)
            if rest[:1] in ("'", '"'):
                closing = rest.find(rest[0], 1)
                return rest[1:closing] if closing > 0 else None
            value = rest
            for stop in ASCII_WHITESPACE + ";":
                value = value.split(stop, 1)[0]
            return value or None
        position = lowered.find("charset", position + 7)
    return None


def declared_charset(data: bytes) -> str | None:
    scanner = _CharsetPrescan()
    try:
        scanner.feed(data[:PRESCAN_BYTES].decode("latin-1"))
        scanner.close()
    except _Found:
        pass
    except Exception:  # a tokenizer failure in the first KiB means no declaration found
        return scanner.charset
    return scanner.charset


def codec_for(label: str) -> str | None:
    """The Python codec for a WHATWG encoding label; None when Python has none."""
    label = label.strip().lower()
    if label in WINDOWS_1252_LABELS:
        return "cp1252"
    if label in UTF8_LABELS:
        return "utf-8"
    try:
        return codecs.lookup(label).name
    except LookupError:
        return None


def decode_html(path: Path, data: bytes) -> Decoded:
    for bom, codec in BOMS:
        if data.startswith(bom):
            return Decoded(_decode_keeping_bytes(data, codec), codec)
    refuse_binary(path, data)  # after the BOMs: UTF-16 has NUL bytes
    label = declared_charset(data)
    codec = codec_for(label) if label else None
    if codec:
        return Decoded(_decode_keeping_bytes(data, codec), codec)
    try:
        return Decoded(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError as error:
        raise InputError("neither UTF-8 nor declares its charset (add <meta charset=...>)",
                         path, data.count(b"\n", 0, error.start) + 1) from error


def _decode_keeping_bytes(data: bytes, codec: str) -> str:
    """Bytes the codec lacks stay themselves (surrogateescape), so the edition gives them back."""
    try:
        return data.decode(codec)
    except UnicodeDecodeError:
        return data.decode(codec, errors="surrogateescape")


def _encode_error(error: UnicodeError) -> tuple[str | bytes, int]:
    """Encoding an edition: an escaped source byte goes back as that byte; a character the
    page's codec lacks becomes a numeric character reference."""
    if not isinstance(error, UnicodeEncodeError):
        raise error
    character = error.object[error.start]
    if "\udc80" <= character <= "\udcff":
        return bytes([ord(character) - 0xDC00]), error.start + 1
    return f"&#{ord(character)};", error.start + 1


codecs.register_error(ENCODE_ERRORS, _encode_error)


def encode(text: str, encoding: str) -> bytes:
    return text.encode(encoding, errors=ENCODE_ERRORS)


# --- tokens ----------------------------------------------------------------------

START, END, DATA, REF, COMMENT, RAW = "start", "end", "data", "ref", "comment", "raw"


@dataclass(slots=True)
class Token:
    kind: str
    start: int
    end: int
    tag: str = ""
    attrs: list | None = None
    closed: bool = False  # a start tag written <x/>


class _Tokenizer(HTMLParser):
    """html.parser's tokens with their offsets in the text it is fed."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=False)
        self.text = text
        self.line_starts = line_starts(text)
        self.found: list[list] = []  # [kind, start, known length or -1, tag, attrs, closed]

    def here(self) -> int:
        line, column = self.getpos()
        return self.line_starts[line - 1] + column

    def handle_starttag(self, tag, attrs):
        self.found.append([START, self.here(), len(self.get_starttag_text()), tag, attrs, False])

    def handle_startendtag(self, tag, attrs):
        self.found.append([START, self.here(), len(self.get_starttag_text()), tag, attrs, True])

    def handle_endtag(self, tag):
        self.found.append([END, self.here(), -1, tag, None, False])

    def handle_data(self, data):
        start = self.here()
        # a start tag the tokenizer gave up on comes as data: it is markup all the same
        kind = RAW if len(data) > 1 and data[0] == "<" else DATA
        self.found.append([kind, start, len(data), "", None, False])

    def handle_entityref(self, name):
        start = self.here()
        length = 1 + len(name) + (self.text.startswith(";", start + 1 + len(name)))
        self.found.append([REF, start, length, "", None, False])

    def handle_charref(self, name):
        start = self.here()
        length = 2 + len(name) + (self.text.startswith(";", start + 2 + len(name)))
        self.found.append([REF, start, length, "", None, False])

    def handle_comment(self, data):
        self.found.append([COMMENT, self.here(), -1, "", None, False])

    def handle_decl(self, decl):
        self.found.append([COMMENT, self.here(), -1, "", None, False])

    handle_pi = unknown_decl = handle_comment

    def parse_html_declaration(self, i: int) -> int:
        # `<![CDATA[`, `<![if !IE]>`: outside SVG a browser reads them as bogus comments
        # (and html.parser would raise on the conditional ones)
        return self.parse_bogus_comment(i) if self.rawdata.startswith("<![", i) else super().parse_html_declaration(i)


def line_starts(text: str) -> list[int]:
    starts, position = [0], text.find("\n")
    while position >= 0:
        starts.append(position + 1)
        position = text.find("\n", position + 1)
    return starts


def _defused(text: str) -> str:
    """`text` with the `&` of every `&#` that is no character reference made harmless, length
    kept: html.parser 3.11 hands everything after such a `&#` over as one piece of data."""
    position = text.find("&#")
    if position < 0:
        return text
    padded, characters = text + " ", None
    while position >= 0:
        if not charref.match(padded, position):
            characters = characters or list(text)
            characters[position] = "\x01"
        position = text.find("&#", position + 2)
    return "".join(characters) if characters else text


def tokenize(text: str, base: int = 0) -> list[Token]:
    """Every piece of `text`, in order, each with its range (offset by `base`); what the
    tokenizer skipped or left unfinished comes as RAW, so the ranges cover the text."""
    tokenizer = _Tokenizer(text)
    tokenizer.feed(_defused(text))
    tokenizer.close()
    found, tokens, length = tokenizer.found, [], len(text)
    for index, (kind, start, known, tag, attrs, closed) in enumerate(found):
        following = found[index + 1][1] if index + 1 < len(found) else length
        end = start + known if known >= 0 else following
        tokens.append(Token(kind, base + start, base + end, tag, attrs, closed))
        if end < following:
            tokens.append(Token(RAW, base + end, base + following))
    if not found and length:
        tokens.append(Token(RAW, base, base + length))
    elif found and found[0][1] > 0:
        tokens.insert(0, Token(RAW, base, base + found[0][1]))
    return tokens


def attribute(attrs: list | None, name: str) -> str | None:
    for key, value in attrs or ():
        if key == name:
            return value if value is not None else ""
    return None


@dataclass(frozen=True, slots=True)
class AttributeSpan:
    """Where one attribute is inside its tag's raw text."""

    name: str
    value_start: int  # of the value without its quotes; for a bare name, where the name ends
    value_end: int
    quote: str  # '"', "'", "" (unquoted) or None-like "-" for an attribute without a value


def attribute_spans(raw_tag: str) -> list[AttributeSpan]:
    """The attributes of a raw start tag, found as html.parser's own tokenizer finds them."""
    spans, match = [], tagfind_tolerant.match(raw_tag, 1)
    position = match.end() if match else len(raw_tag)
    while position < len(raw_tag):
        found = attrfind_tolerant.match(raw_tag, position)
        if not found or found.end() == position:
            break
        name = found.group(1).lower()
        if found.group(2):
            value_start, value_end = found.span(3)
            quote = raw_tag[value_start] if raw_tag[value_start:value_start + 1] in ("'", '"') else ""
            if quote and value_end > value_start + 1 and raw_tag[value_end - 1] == quote:
                value_start, value_end = value_start + 1, value_end - 1
            elif quote:
                value_start += 1
        else:
            value_start = value_end = found.end(1)
            quote = "-"
        spans.append(AttributeSpan(name, value_start, value_end, quote))
        position = found.end()
    return spans


def tag_name_end(raw_tag: str) -> int:
    match = tagfind_tolerant.match(raw_tag, 1)
    return 1 + len(match.group(1)) if match else len(raw_tag)


def references(text: str) -> list[tuple[int, int, str]]:
    """The character references in `text` (an attribute value, a translation) with what they
    decode to, found with html.parser's own patterns."""
    found, padded = [], text + " "
    position = text.find("&")
    while position >= 0:
        match = charref.match(padded, position) or entityref.match(padded, position)
        if match:
            end = match.end() if padded[match.end() - 1] == ";" else match.end() - 1
            raw = text[position:end]
            decoded = html.unescape(raw)
            if decoded != raw:
                found.append((position, end, decoded))
        position = text.find("&", position + 1)
    return found


# --- the element stack and flows ---------------------------------------------------


@dataclass(slots=True, eq=False)
class Element:
    tag: str
    start: int  # its start tag's range
    end: int
    translate: bool = True
    code: bool = False  # inside code, kbd, samp, var
    opaque: bool = False  # inside script, style, svg...: markup through and through
    skipped: bool = False  # inside pre, textarea: no text at all
    block: bool = False
    untranslated: Untranslated | None = None  # the translate="no" element this one is in
    text_units: int = 0  # text units inside it (for marking a unit's language on its element)


@dataclass(slots=True, eq=False)
class Untranslated:
    """An element that starts a translate="no" region: its language may need marking."""

    tag_start: int
    tag_end: int
    has_lang: bool
    text: list[str] = field(default_factory=list)


@dataclass(slots=True)
class Piece:
    start: int
    end: int
    text: str  # what the unit text shows: the source as written, or a reference decoded
    markup: bool
    kind: str  # START, END, DATA, REF, COMMENT, RAW
    tag: str = ""
    partner: int = -1  # a start tag's end tag in the same flow, and back


@dataclass(slots=True)
class TextUnit:
    """A text unit and what writing it back, or marking its language, needs."""

    unit: Unit
    pieces: list[Piece]
    holder: Element  # the innermost block element the text is in


@dataclass(slots=True)
class TagEdit:
    """A change inside one start tag: an attribute unit's value, a language mark."""

    tag_start: int
    tag_end: int
    start: int  # the range in the source the replacement takes, inside the tag
    end: int
    quote: str = ""  # the value's quoting, for an attribute unit ("-" for a mark to insert)


@dataclass
class Parsed:
    units: list[Unit]
    text_units: dict[tuple[int, int], TextUnit]
    attribute_units: dict[tuple[int, int], TagEdit]
    html_tag: tuple[int, int] | None = None
    locale_values: list[tuple[int, int, int, int]] = field(default_factory=list)  # og:locale: tag, content
    locale_alternates: list[str] = field(default_factory=list)
    untranslated: list[Untranslated] = field(default_factory=list)


class _Walker:
    """Walks the tokens once, keeping the element stack, and makes the units."""

    def __init__(self, source: str, tokens: list[Token], lines: list[int]) -> None:
        self.source = source
        self.tokens = tokens
        self.lines = lines
        self.stack = [Element("#root", -1, -1, block=True)]
        self.flow: list[Piece] = []
        self.flow_holders: list[Element] = []
        self.flow_open: list[int] = []  # indexes of the flow's start tags not yet closed
        self.parsed = Parsed([], {}, {})

    def walk(self) -> Parsed:
        for token in self.tokens:
            if token.kind == START:
                self.start_tag(token)
            elif token.kind == END:
                self.end_tag(token)
            else:
                self.content(token)
        self.finish_flow()
        self.parsed.units.sort(key=lambda unit: (unit.start, unit.end))
        return self.parsed

    def line(self, offset: int) -> int:
        return bisect.bisect_right(self.lines, offset)

    # -- tags --

    def start_tag(self, token: Token) -> None:
        top, tag = self.stack[-1], token.tag
        void = tag in VOID or (token.closed and (top.opaque or tag in ("svg", "math")))
        if top.skipped or top.opaque:
            if self.flow and not top.skipped:
                self.add(token, markup=True)
            if not void:
                self.stack.append(Element(tag, token.start, token.end, top.translate, top.code, top.opaque,
                                          top.skipped, True, top.untranslated))
            return
        inline = tag in INLINE
        if not inline:
            self.finish_flow()
            self.close_implied(tag)
            top = self.stack[-1]
        element = self.element(token, top, inline)
        self.record_tag(token, element)
        if inline:
            self.add(token, markup=True)
        if not void:
            self.stack.append(element)

    def element(self, token: Token, parent: Element, inline: bool) -> Element:
        tag, attrs = token.tag, token.attrs
        translate = parent.translate
        own = attribute(attrs, "translate")
        if own is not None and own.strip().lower() in ("yes", ""):
            translate = True
        elif (own is not None and own.strip().lower() == "no") or (
                own is None and "notranslate" in (attribute(attrs, "class") or "").split()):
            translate = False
        untranslated = parent.untranslated
        if not translate and parent.translate:
            has_lang = attribute(attrs, "lang") is not None or attribute(attrs, "xml:lang") is not None
            untranslated = Untranslated(token.start, token.end, has_lang)
            self.parsed.untranslated.append(untranslated)
        elif translate:
            untranslated = None
        return Element(tag, token.start, token.end, translate, parent.code or tag in CODE,
                       tag in OPAQUE, tag in SKIPPED, not inline, untranslated)

    def close_implied(self, tag: str) -> None:
        if tag in P_CLOSERS:
            self.pop_to({"p"}, SCOPE_BOUNDARIES)
        if tag in LIST_ITEMS:
            self.pop_to(LIST_ITEMS[tag], None)
        elif tag in IMPLIED_CLOSES:
            closes, stops = IMPLIED_CLOSES[tag]
            self.pop_to(closes, stops)

    def pop_to(self, names: set | frozenset, stops: frozenset | None) -> bool:
        """Pop down to the nearest open element named in `names`; look no further than an
        element in `stops` (None: than any block but address, div and p, as for li)."""
        stack = self.stack
        for depth in range(len(stack) - 1, 0, -1):
            element = stack[depth]
            if element.tag in names:
                del stack[depth:]
                return True
            if stops is None:
                if element.block and element.tag not in ("address", "div", "p"):
                    return False
            elif element.tag in stops:
                return False
        return False

    def end_tag(self, token: Token) -> None:
        top, tag = self.stack[-1], token.tag
        if top.skipped or top.opaque:
            if self.flow and not top.skipped:
                self.add(token, markup=True)
            self.pop_matching(tag, inline=False)
            return
        if tag in INLINE:
            self.add(token, markup=True)
            self.pop_matching(tag, inline=True)
            return
        self.finish_flow()
        if tag not in ("body", "html", "br"):
            self.pop_matching(tag, inline=False)

    def pop_matching(self, tag: str, inline: bool) -> None:
        """An end tag closes its element and what is open inside it; a stray one is ignored
        (for an inline tag, one whose element is outside the nearest block)."""
        stops = frozenset({"table", "html"}) if tag in TABLE_PARTS else SCOPE_BOUNDARIES
        stack = self.stack
        for depth in range(len(stack) - 1, 0, -1):
            element = stack[depth]
            if element.tag == tag:
                del stack[depth:]
                return
            if (inline and element.block) or element.tag in stops:
                return

    def record_tag(self, token: Token, element: Element) -> None:
        """Attribute units, and the tags that carry the page's language."""
        tag, attrs = token.tag, token.attrs
        if tag == "html" and self.parsed.html_tag is None:
            self.parsed.html_tag = (token.start, token.end)
        if not attrs:
            return
        names = [name for name, _ in attrs]
        wanted = [name for name in TEXT_ATTRIBUTES if name in names and self.attribute_translatable(tag, name, attrs)]
        meta_text = False
        if tag == "meta" and "content" in names:
            kind = (attribute(attrs, "property") or attribute(attrs, "name") or "").strip().lower()
            meta_text = kind in META_TEXT
            if kind == "og:locale":
                self.locale_value(token)
            elif kind == "og:locale:alternate":
                self.parsed.locale_alternates.append((attribute(attrs, "content") or "").strip())
        if (wanted or meta_text) and element.translate and not element.code:
            self.attribute_units(token, set(wanted) | ({"content"} if meta_text else set()))

    @staticmethod
    def attribute_translatable(tag: str, name: str, attrs: list) -> bool:
        if name == "alt":
            return tag in ("img", "area") or (tag == "input" and (attribute(attrs, "type") or "").lower() == "image")
        if name == "placeholder":
            return tag in ("input", "textarea")
        if name == "title":
            return tag not in NO_TITLE_TAGS
        return True

    def locale_value(self, token: Token) -> None:
        raw = self.source[token.start:token.end]
        for span in attribute_spans(raw):
            if span.name == "content":
                self.parsed.locale_values.append(
                    (token.start, token.end, token.start + span.value_start, token.start + span.value_end))
                return

    def attribute_units(self, token: Token, names: set[str]) -> None:
        raw = self.source[token.start:token.end]
        seen = set()
        for span in attribute_spans(raw):
            if span.name not in names or span.name in seen or span.quote == "-":
                continue
            seen.add(span.name)
            made = attribute_unit(raw[span.value_start:span.value_end], token.start + span.value_start,
                                  self.line)
            if made is not None:
                self.parsed.units.append(made)
                self.parsed.attribute_units[(made.start, made.end)] = TagEdit(
                    token.start, token.end, made.start, made.end, span.quote)

    # -- content --

    def content(self, token: Token) -> None:
        top = self.stack[-1]
        if top.skipped:
            return
        kind = token.kind
        protected = top.opaque or top.code or not top.translate
        if kind == DATA:
            if top.untranslated is not None and not top.opaque:
                top.untranslated.text.append(self.source[token.start:token.end])
            if not self.flow and not self.source[token.start:token.end].strip(ASCII_WHITESPACE):
                return
            for part, template in self.template_parts(token):
                self.add(part, markup=protected or template)
        elif kind == REF:
            raw = self.source[token.start:token.end]
            decoded = html.unescape(raw)
            if top.untranslated is not None and not top.opaque:
                top.untranslated.text.append(decoded)
            # an unknown name (`AT&T`) is text as written; a kept reference is markup
            markup = protected or (decoded != raw and kept_as_written(decoded))
            if markup and not self.flow and invisible(decoded):
                return
            self.add(token, markup=markup, text=None if markup else decoded)
        elif self.flow:  # comments, declarations, leftovers: markup inside a flow, nothing outside
            self.add(token, markup=True)

    def template_parts(self, token: Token) -> list[tuple[Token, bool]]:
        """The data token cut around template code ({{ ... }}, {% ... %}), each part marked."""
        data = self.source[token.start:token.end]
        if "{" not in data:
            return [(token, False)]
        parts, position = [], 0
        for found in TEMPLATE_RE.finditer(data):
            if found.start() > position:
                parts.append((Token(DATA, token.start + position, token.start + found.start()), False))
            parts.append((Token(DATA, token.start + found.start(), token.start + found.end()), True))
            position = found.end()
        if position < len(data):
            parts.append((Token(DATA, token.start + position, token.end), False))
        return parts

    def add(self, token: Token, markup: bool, text: str | None = None) -> None:
        if not self.flow:
            self.flow_holders = [element for element in self.stack if element.block]
        piece = Piece(token.start, token.end, text if text is not None else self.source[token.start:token.end],
                      markup, token.kind, token.tag)
        flow = self.flow
        if token.kind == START and token.tag not in VOID and not token.closed:
            self.flow_open.append(len(flow))
        elif token.kind == END:
            for position in range(len(self.flow_open) - 1, -1, -1):
                opener = self.flow_open[position]
                if flow[opener].tag == token.tag:
                    flow[opener].partner, piece.partner = len(flow), opener
                    del self.flow_open[position:]
                    break
        flow.append(piece)

    def finish_flow(self) -> None:
        if not self.flow:
            return
        pieces, holders = self.flow, self.flow_holders
        self.flow, self.flow_open = [], []
        role = next((ROLES[element.tag] for element in reversed(holders) if element.tag in ROLES), "")
        for low, high in unit_ranges(pieces):
            made = text_unit(pieces, low, high, self.line, role)
            if made is None:
                continue
            unit, kept = made
            for element in holders:
                element.text_units += 1
            self.parsed.units.append(unit)
            self.parsed.text_units[(unit.start, unit.end)] = TextUnit(unit, kept, holders[-1])


# --- units from flows and attribute values -------------------------------------------


def blank(piece: Piece) -> bool:
    """Whether a piece at either end of a flow can stay outside its unit."""
    if piece.markup:
        if piece.kind in (COMMENT, RAW):
            return True
        if piece.kind == START:
            return piece.tag in VOID or piece.partner < 0
        if piece.kind == END:
            return piece.partner < 0
        return not piece.text.strip() if piece.kind == DATA else piece.kind == REF and invisible(
            html.unescape(piece.text))
    return not piece.text.strip()  # a no-break space at either end is no text either


def letter_counts(pieces: list[Piece]) -> list[int]:
    """letters[i]: how many of the first i pieces hold a letter to translate."""
    letters = [0]
    for piece in pieces:
        letters.append(letters[-1] + (not piece.markup and has_letter(piece.text)))
    return letters


def unit_ranges(pieces: list[Piece]) -> list[tuple[int, int]]:
    """The flow as one unit; or, when all its words are inside two or more elements side by
    side (a menu's links, a label and its button), one unit each."""
    letters = letter_counts(pieces)
    groups, index = [], 0
    while index < len(pieces):
        piece = pieces[index]
        last = piece.partner if piece.kind == START and piece.partner > index else index
        if letters[last + 1] > letters[index]:
            if last == index and not piece.markup:
                return [(0, len(pieces))]  # words of the sentence itself
            groups.append((index, last + 1))
        index = last + 1
    return groups if len(groups) > 1 else [(0, len(pieces))]


def trimmed(pieces: list[Piece], low: int, high: int) -> tuple[int, int]:
    """The pieces a flow's unit spans: without blank ends, a tag pair around all of it, or a
    closed group of markup with no words at either end."""
    letters = letter_counts(pieces)
    while low < high:
        first, last = pieces[low], pieces[high - 1]
        if blank(first):
            low += 1
        elif blank(last):
            high -= 1
        elif first.kind == START and first.partner == high - 1:
            low, high = low + 1, high - 1
        elif first.kind == START and low < first.partner < high and letters[first.partner + 1] == letters[low]:
            low = first.partner + 1
        elif last.kind == END and low <= last.partner < high - 1 and letters[high] == letters[last.partner]:
            high = last.partner
        else:
            break
    if letters[high] == letters[low]:
        return low, low
    return low, high


def text_unit(pieces: list[Piece], low: int, high: int, line_of, role: str) -> tuple[Unit, list[Piece]] | None:
    low, high = trimmed(pieces, low, high)
    if low == high:
        return None
    kept = pieces[low:high]
    text, markup = unit_text(kept)
    start, end = kept[0].start, kept[-1].end
    if not kept[0].markup:
        start += len(kept[0].text) - len(kept[0].text.lstrip()) if kept[0].kind == DATA else 0
    if not kept[-1].markup:
        end -= len(kept[-1].text) - len(kept[-1].text.rstrip()) if kept[-1].kind == DATA else 0
    return Unit(text, start, end, line_of(start), markup, role), kept


def unit_text(pieces: list[Piece]) -> tuple[str, tuple[tuple[int, int], ...]]:
    """The unit text of pieces: text runs collapsed, markup as written; and the markup's ranges."""
    parts: list[tuple[bool, str]] = []
    run: list[str] = []
    for piece in pieces:
        if piece.markup:
            if run:
                parts.append((False, collapse("".join(run))))
                run = []
            parts.append((True, piece.text))
        else:
            run.append(piece.text)
    if run:
        parts.append((False, collapse("".join(run))))
    return joined(parts)


def joined(parts: list[tuple[bool, str]]) -> tuple[str, tuple[tuple[int, int], ...]]:
    if parts and not parts[0][0]:
        parts[0] = (False, parts[0][1].lstrip())
    if parts and not parts[-1][0]:
        parts[-1] = (False, parts[-1][1].rstrip())
    text, markup, position = [], [], 0
    for is_markup, part in parts:
        if is_markup and part:
            if markup and markup[-1][1] == position:
                markup[-1] = (markup[-1][0], position + len(part))
            else:
                markup.append((position, position + len(part)))
        text.append(part)
        position += len(part)
    return "".join(text), tuple(markup)


def attribute_unit(value: str, offset: int, line_of) -> Unit | None:
    """The unit of an attribute value at `offset`: references decoded but the kept ones."""
    stripped = value.strip()
    if not has_letter(stripped):
        return None
    start = offset + len(value) - len(value.lstrip())
    parts, position = [], 0
    for ref_start, ref_end, decoded in references(stripped):
        parts.append((False, stripped[position:ref_start]))
        kept = kept_as_written(decoded)
        parts.append((kept, stripped[ref_start:ref_end] if kept else decoded))
        position = ref_end
    parts.append((False, stripped[position:]))
    merged: list[tuple[bool, str]] = []
    for is_markup, part in parts:
        if not is_markup and merged and not merged[-1][0]:
            merged[-1] = (False, merged[-1][1] + part)
        elif part:
            merged.append((is_markup, part))
    merged = [(is_markup, part if is_markup else collapse(part)) for is_markup, part in merged]
    text, markup = joined(merged)
    plain = "".join(part for is_markup, part in merged if not is_markup)
    if not has_letter(plain):
        return None
    return Unit(text, start, start + len(stripped), line_of(start), markup, "attribute")


def escaped_attribute(text: str, quote: str) -> str:
    """A translation as an attribute value: a bare `&` escaped, the quote in use escaped;
    an unquoted value that now needs quotes gets double ones."""
    text = escaped_ampersands(text)
    if quote == '"':
        return text.replace('"', "&quot;")
    if quote == "'":
        return text.replace("'", "&#39;")
    if not text or any(character in NEEDS_QUOTES for character in text):
        return '"' + text.replace('"', "&quot;") + '"'
    return text


def escaped_text(text: str, unit: Unit) -> str:
    """A translation of a text unit as HTML: its markup as written, a bare `&` in its text escaped."""
    if "&" not in text:
        return text
    codes = sorted({unit.text[start:end] for start, end in unit.markup}, key=len, reverse=True)
    if not codes:
        return escaped_ampersands(text)
    pieces = re.split("(" + "|".join(map(re.escape, codes)) + ")", text)  # text, code, text, ...
    return "".join(piece if index % 2 else escaped_ampersands(piece) for index, piece in enumerate(pieces))


def escaped_ampersands(text: str) -> str:
    """`text` with every `&` that starts no character reference written `&amp;`."""
    starts = {start for start, _, _ in references(text)}
    return "".join("&amp;" if character == "&" and index not in starts else character
                   for index, character in enumerate(text))


# --- parsing, cached: units, then each edition, parse a page once -------------------------


@lru_cache(maxsize=8)
def parse(source: str, start: int = 0, end: int | None = None) -> Parsed:
    end = len(source) if end is None else end
    lines = source_lines(source)
    tokens = tokenize(source[start:end] if (start, end) != (0, len(source)) else source, start)
    return _Walker(source, tokens, lines).walk()


@lru_cache(maxsize=8)
def source_lines(source: str) -> list[int]:
    return line_starts(source)


def fragment_units(source: str, start: int, end: int) -> list[Unit]:
    """The units of the HTML in source[start:end] (raw HTML inside Markdown), with offsets
    and lines in the whole `source`."""
    return list(parse(source, start, end).units)


def fragment_changes(source: str, start: int, end: int, units: list[Unit],
                     texts: list[str]) -> list[tuple[int, int, str]]:
    """The (start, end, replacement) changes that write `texts` (translations of `units`, as
    fragment_units gave them) into source[start:end]; [] when no text differs."""
    parsed = parse(source, start, end)
    return changes(source, parsed, units, texts, [])


def changes(source: str, parsed: Parsed, units: list[Unit], texts: list[str],
            marks: list[tuple[TagEdit, str]]) -> list[tuple[int, int, str]]:
    """Text units written in place; attribute values and `marks` (edits inside start tags)
    written into their tag, which is inside a translated text unit's translation when the
    tag is inside that unit."""
    if len(units) != len(texts):
        raise ValueError(f"{len(texts)} texts for {len(units)} units")
    written: dict[tuple[int, int], str] = {}
    tag_edits: list[tuple[TagEdit, str]] = list(marks)
    for unit, text in zip(units, texts):
        if not text or text == unit.text:
            continue
        place = parsed.attribute_units.get((unit.start, unit.end))
        if place is not None:
            tag_edits.append((place, escaped_attribute(text, place.quote)))
        else:
            written[(unit.start, unit.end)] = escaped_text(text, unit)
    by_tag: dict[tuple[int, int], list[tuple[int, int, str]]] = {}
    for edit, replacement in tag_edits:
        by_tag.setdefault((edit.tag_start, edit.tag_end), []).append(
            (edit.start - edit.tag_start, edit.end - edit.tag_start, replacement))
    hosts = sorted(written)
    inside: dict[tuple[int, int], list[tuple[str, str]]] = {}
    result = []
    for (tag_start, tag_end), edits in sorted(by_tag.items()):
        raw = source[tag_start:tag_end]
        new = splice(raw, edits)
        host = hosts[bisect.bisect_right(hosts, (tag_start, len(source) + 1)) - 1] if hosts else None
        if host is not None and host[0] <= tag_start and tag_end <= host[1]:
            inside.setdefault(host, []).append((raw, new))
        else:
            result.append((tag_start, tag_end, new))
    for (start, end), text in written.items():
        cursor = 0
        for raw, new in inside.get((start, end), ()):
            found = text.find(raw, cursor)
            if found >= 0:
                text = text[:found] + new + text[found + len(raw):]
                cursor = found + len(new)
        result.append((start, end, text))
    return sorted(result)


# --- language marks ---------------------------------------------------------------------


def lang_mark(source: str, tag_start: int, tag_end: int, lang: str,
              names: tuple[str, ...] = ("lang",)) -> list[tuple[TagEdit, str]]:
    """Set `lang` (and the other names given, where the tag has them) on a start tag: a value
    of another language replaced, ` lang="xx"` added after the tag name where it is missing."""
    raw = source[tag_start:tag_end]
    first: dict[str, AttributeSpan] = {}
    for span in attribute_spans(raw):
        first.setdefault(span.name, span)
    marks = []
    for name in names:
        span = first.get(name)
        if span is None:
            if name == "lang":
                where = tag_start + tag_name_end(raw)
                marks.append((TagEdit(tag_start, tag_end, where, where, "-"), f' lang="{lang}"'))
        elif span.quote == "-":  # a bare attribute: give it the value
            where = tag_start + span.value_end
            marks.append((TagEdit(tag_start, tag_end, where, where, "-"), f'="{lang}"'))
        elif primary_language(raw[span.value_start:span.value_end]) != lang:
            marks.append((TagEdit(tag_start, tag_end, tag_start + span.value_start, tag_start + span.value_end,
                                  span.quote), lang))
    return marks


def primary_language(tag: str) -> str:
    return tag.strip().replace("_", "-").split("-")[0].lower()


def locale_for(lang: str, current: str, alternates: list[str]) -> str:
    """og:locale for an edition: the source's own when it is already that language, else one
    the page lists as an alternate, else the language's usual region, written like the source."""
    separator = "-" if "-" in current else "_"
    for candidate in [current, *alternates]:
        if candidate.lower().startswith(lang + "_") or candidate.lower().startswith(lang + "-"):
            return lang + separator + candidate[len(lang) + 1:]
    return lang + separator + {"en": "US", "es": "ES"}.get(lang, lang.upper())


def language_marks(source: str, parsed: Parsed, lang: str) -> list[tuple[TagEdit, str]]:
    marks = []
    if parsed.html_tag is not None:
        marks += lang_mark(source, *parsed.html_tag, lang, names=("lang", "xml:lang"))
    for tag_start, tag_end, start, end in parsed.locale_values:
        locale = locale_for(lang, source[start:end].strip(), parsed.locale_alternates)
        marks.append((TagEdit(tag_start, tag_end, start, end, '"'), locale))
    if parsed.untranslated:
        from ..detect import identify_language  # the detector's tables load only when needed

        for region in parsed.untranslated:
            text = "".join(region.text)
            if region.has_lang or not has_letter(text):
                continue
            found, _ = identify_language(collapse(text).strip())
            if found not in ("und", lang):
                marks += lang_mark(source, region.tag_start, region.tag_end, found)
    return marks


# --- the format ---------------------------------------------------------------------------


class HtmlFormat:
    def decode(self, path: Path, data: bytes) -> Decoded:
        return decode_html(path, data)

    def units(self, document: Document) -> list[Unit]:
        return list(parse(document.source).units)

    def edition(self, document: Document, texts: list[str], lang: str) -> bytes:
        source = document.source
        parsed = parse(source)
        units = parsed.units
        if not any(text and text != unit.text for unit, text in zip(units, texts)):
            return encode(source, document.encoding)
        written = changes(source, parsed, units, texts, language_marks(source, parsed, lang))
        return encode(splice(source, written), document.encoding)

    def inline_codes(self, text: str) -> list[str]:
        return inline_codes(text)


def inline_codes(text: str) -> list[str]:
    """Tags, comments and kept references as written, and the content of code and of
    translate="no" elements as one piece a run: a unit text's inline markup, in order."""
    codes: list[str] = []
    protected: list[bool] = [False]
    run: list[str] = []

    def flush() -> None:
        if run:
            codes.append("".join(run))
            run.clear()

    for token in tokenize(text):
        raw = text[token.start:token.end]
        if token.kind == START:
            flush()
            codes.append(raw)
            if token.tag not in VOID and not token.closed:
                protected.append(protected_inside(token, protected[-1]))
        elif token.kind == END:
            flush()
            codes.append(raw)
            if len(protected) > 1:
                protected.pop()
        elif token.kind in (COMMENT, RAW):
            flush()
            codes.append(raw)
        elif protected[-1]:
            run.append(raw)
        elif token.kind == REF:
            decoded = html.unescape(raw)
            if decoded != raw and kept_as_written(decoded):
                flush()
                codes.append(raw)
    flush()
    return codes


def protected_inside(token: Token, parent: bool) -> bool:
    """Whether the content of this start tag's element is markup (as in units)."""
    if token.tag in CODE or token.tag in OPAQUE:
        return True
    own = (attribute(token.attrs, "translate") or "").strip().lower()
    if own == "yes" or (own == "" and attribute(token.attrs, "translate") is not None):
        return False
    return parent or own == "no" or "notranslate" in (attribute(token.attrs, "class") or "").split()


def mark_languages(document: Document) -> bytes:
    """The page with `lang` on each text unit of the other language than the page's (on its
    element when the unit is all of that element's text, else on a span around it) and on
    each span of the other language inside a mixed unit; the source's bytes when none."""
    source, main = document.source, document.lang
    parsed = parse(source)
    marks: list[tuple[TagEdit, str]] = []
    inserted: list[tuple[int, int, str]] = []
    for segment in document.segments:
        if segment.role == "attribute":
            continue
        info = parsed.text_units.get((segment.start, segment.end))
        if info is None:
            continue
        if segment.lang in ("en", "es") and segment.lang != main:
            holder = info.holder
            if holder.text_units == 1 and holder.tag not in ("#root", "html", "body", "head"):
                marks += lang_mark(source, holder.start, holder.end, segment.lang)
            else:
                inserted += [(segment.start, segment.start, f'<span lang="{segment.lang}">'),
                             (segment.end, segment.end, "</span>")]
        elif segment.mixed and segment.lang == main:
            inserted += span_marks(info, segment.spans, main)
    if not marks and not inserted:
        return encode(source, document.encoding)
    written = changes(source, parsed, [], [], marks) + inserted
    return encode(splice(source, written), document.encoding)


def span_marks(info: TextUnit, spans, main: str) -> list[tuple[int, int, str]]:
    """`<span lang>` around each span of the other language that lies in one run of text."""
    places = character_places(info.pieces)
    unit = info.unit
    marked = []
    for span in spans:
        if span.lang not in ("en", "es") or span.lang == main:
            continue
        start, end = span.start, span.end
        while start < end and unit.text[start] == " ":
            start += 1
        while end > start and unit.text[end - 1] == " ":
            end -= 1
        if start >= end or any(places[index] is None for index in range(start, end)):
            continue
        marked += [(places[start][0], places[start][0], f'<span lang="{span.lang}">'),
                   (places[end - 1][1], places[end - 1][1], "</span>")]
    return marked


def character_places(pieces: list[Piece]) -> list[tuple[int, int] | None]:
    """For each character of the pieces' unit text, its range in the source (None for
    markup), built the way unit_text builds the text."""
    atoms: list[tuple[str, tuple[int, int] | None]] = []
    for piece in pieces:
        if piece.markup:
            atoms += [(character, None) for character in piece.text]
        elif piece.kind == DATA:
            atoms += [(character, (piece.start + index, piece.start + index + 1))
                      for index, character in enumerate(piece.text)]
        else:
            atoms += [(character, (piece.start, piece.end)) for character in piece.text]
    places: list[tuple[int, int] | None] = []
    text: list[str] = []
    for character, place in atoms:
        if place is not None and character in ASCII_WHITESPACE:
            if text and text[-1] == " " and places[-1] is not None:
                places[-1] = (places[-1][0], place[1])
                continue
            character = " "
        text.append(character)
        places.append(place)
    while text and text[0] == " " and places[0] is not None:
        text.pop(0)
        places.pop(0)
    while text and text[-1] == " " and places[-1] is not None:
        text.pop()
        places.pop()
    return places


FORMAT = HtmlFormat()

"""Round trips with the tools translators already use: XLIFF 2.0, TMX 1.4b and PO.

Export writes what the catalogs hold. Import takes translations reviewed
elsewhere back into the catalogs: an entry counts as reviewed only where the
file marks it final (XLIFF `state="final"`, a PO entry without `fuzzy`, a TMX
unit with `<prop type="x-diglot-state">final</prop>`); anything else is a
fuzzy suggestion, and a suggestion never replaces a reviewed entry.

An entry of an HTML page or a Markdown post holds inline markup (tags, links,
emphasis, code spans: its format's `inline_codes`). XLIFF carries each piece as
an inline code with the markup as the unit's original data (`<pc>` for a start
and end that pair and nest, `<ph>` for the rest), TMX as `<bpt>`/`<ept>`/`<ph>`
holding the markup; import writes the markup back where the codes are, in the
order the translator left them. Plain-text entries are plain text in both.

A fuzzy match offered in an entry's comment (fuzzy.py: `match:`, `match source:`,
`match translation:`) is exported as a translation candidate of the XLIFF 2.0
Translation Candidates module: `<mtc:matches>` first in the unit (where the core
schema puts modules' elements), one `<mtc:match ref="#SEGMENT" similarity=...
origin=... type="tm">` with the reviewed source and target, their inline codes in
the match's own `<originalData>` (the module's scope for them), where a CAT tool
shows it beside the segment. Import never takes a candidate: only a segment's
`<target>` counts.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
import xml.parsers.expat
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

import polib

from . import __version__
from .catalog import (
    catalog_bytes, catalog_path, comment_lines, is_reviewed, iter_catalogs, load_catalog, source_language,
)
from .errors import InputError
from .files import read_bytes, write_atomic
from .formats import Format, format_named, format_of
from .fuzzy import Match, suggestion_from
from .read import read_document
from .render import edition_path, render_edition
from .segment import segment_document
from .xmlsafe import local_name, parse_xml

XLIFF_NS = "urn:oasis:names:tc:xliff:document:2.0"
MATCHES_NS = "urn:oasis:names:tc:xliff:matches:2.0"  # the Translation Candidates module
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
STATE_PROP = "x-diglot-state"
INLINE_HOLDERS = ("source", "target", "seg")  # mixed content: indenting would add text between codes


@dataclass(frozen=True)
class Incoming:
    """One translation from an imported file."""

    msgid: str
    msgstr: str
    final: bool
    msgctxt: str | None = None


# --- inline codes ------------------------------------------------------------

VOID_ELEMENTS = frozenset("area base br col embed hr img input keygen link meta param source track wbr".split())
DELIMITER_CHARACTERS = frozenset("*_~")  # Markdown emphasis and strikethrough: the same run opens and closes


def entry_format(entry: polib.POEntry) -> Format | None:
    """The format of the document the entry comes from (its `#:` file), when that format has
    inline markup (HTML, Markdown)."""
    name = format_of(Path(entry.occurrences[0][0])) if entry.occurrences else None
    return format_named(name) if name not in (None, "text") else None


def locate_codes(text: str, codes: list[str]) -> list[tuple[int, int]] | None:
    """Where each of `codes` is in `text`, found in order; None when one is not there."""
    spans, position = [], 0
    for code in codes:
        start = text.find(code, position) if code else -1
        if start < 0:
            return None
        position = start + len(code)
        spans.append((start, position))
    return spans


@dataclass(frozen=True)
class Inline:
    """A text and its inline codes: `codes[i]` is at `spans[i]`; `ends` maps a code that opens
    (a start tag, `**`, a link's `[`) to the code that closes it, pairs nesting properly."""

    text: str
    codes: list[str] = field(default_factory=list)
    spans: list[tuple[int, int]] = field(default_factory=list)
    ends: dict[int, int] = field(default_factory=dict)

    @property
    def starts(self) -> dict[int, int]:
        return {end: start for start, end in self.ends.items()}

    def key(self, index: int) -> tuple[str, int, str | None]:
        """What makes a code of a target the same as one of its source: its text, its
        occurrence among codes of that text, and the code that closes it."""
        code = self.codes[index]
        closing = self.codes[self.ends[index]] if index in self.ends else None
        return code, self.codes[:index + 1].count(code), closing


def inline_of(text: str, markup: Format | None) -> Inline:
    """`text` with the inline codes `markup` finds in it (none without a format, or when the
    format names a code the text does not hold in that order)."""
    codes = markup.inline_codes(text) if markup is not None and text else []
    spans = locate_codes(text, codes)
    return Inline(text, codes, spans, _pairs(codes)) if codes and spans else Inline(text)


def _pairs(codes: list[str]) -> dict[int, int]:
    """Opening code -> its closing code; a close that does not match the innermost open code
    stays alone, so the pairs always nest."""
    ends: dict[int, int] = {}
    open_codes: list[tuple[int, str]] = []
    for index, code in enumerate(codes):
        role, key = _role(code)
        if role == "either":
            role = "close" if open_codes and open_codes[-1][1] == key else "open"
        if role == "open":
            open_codes.append((index, key))
        elif role == "close" and open_codes and open_codes[-1][1] == key:
            ends[open_codes.pop()[0]] = index
    return ends


def _role(code: str) -> tuple[str, str]:
    """("open" | "close" | "either" | "alone", what it pairs with)."""
    if set(code) <= DELIMITER_CHARACTERS:
        return "either", code
    if code in ("[", "!["):
        return "open", "["
    if code.startswith("]"):  # "](url)", "][ref]", "]"
        return "close", "["
    events = _TagEvents(code).events
    if len(events) == 1 and events[0][0] in ("open", "close") and events[0][1] not in VOID_ELEMENTS:
        return events[0][0], "<" + events[0][1]
    return "alone", ""


class _TagEvents(HTMLParser):
    """What an HTML tokenizer sees in one code: a lone start or end tag pairs, anything else
    (a void or self-closed tag, a whole <code>...</code>, a comment, a reference) stands alone."""

    def __init__(self, code: str):
        super().__init__(convert_charrefs=False)
        self.events: list[tuple[str, str]] = []
        self.feed(code)
        self.close()

    def handle_starttag(self, tag, attrs):
        self.events.append(("open", tag))

    def handle_startendtag(self, tag, attrs):
        self.events.append(("void", tag))

    def handle_endtag(self, tag):
        self.events.append(("close", tag))

    def handle_data(self, data):
        self.events.append(("data", data))


@dataclass
class CodeIds:
    """A unit's inline code ids: the same code (by `Inline.key`) has the same id in source and
    target, a code only the target has a new one; each code text has one original data id."""

    elements: dict[tuple[str, int, str | None], str] = field(default_factory=dict)
    data: dict[str, str] = field(default_factory=dict)  # code text -> data id

    def register(self, inline: Inline) -> None:
        """Number `inline`'s codes in text order (source first, then target)."""
        for index, code in enumerate(inline.codes):
            self.data_id(code)
            if index not in inline.starts:
                self.element(inline, index)

    def element(self, inline: Inline, index: int) -> str:
        return self.elements.setdefault(inline.key(index), str(len(self.elements) + 1))

    def data_id(self, code: str) -> str:
        return self.data.setdefault(code, f"d{len(self.data) + 1}")


def _append_text(element: ET.Element, text: str) -> None:
    """Add `text` after what `element` already holds."""
    if not text:
        return
    if len(element):
        element[-1].tail = (element[-1].tail or "") + text
    else:
        element.text = (element.text or "") + text


# --- export ------------------------------------------------------------------


def export_xliff(locales: Path, folder: Path) -> list[Path]:
    """One XLIFF 2.0 file per catalog: FOLDER/<doc-id>.<lang>.xlf; FOLDER is created if missing.
    Every catalog is read first, so a broken one leaves nothing written."""
    outputs = {folder / f"{doc_id}.{lang}.xlf": _xml_bytes(_xliff_tree(doc_id, lang, load_catalog(path)))
               for lang, doc_id, path in iter_catalogs(locales)}
    _make_folder(folder)
    for path, data in outputs.items():
        write_atomic(path, data)
    return list(outputs)


def export_tmx(locales: Path, file: Path) -> Path:
    """Every translated entry of every catalog as a TMX 1.4b translation unit; the file's
    folder is created if missing."""
    tmx = ET.Element("tmx", version="1.4")
    ET.SubElement(tmx, "header", {
        "creationtool": "diglot", "creationtoolversion": __version__, "segtype": "paragraph",
        "o-tmf": "gettext PO", "adminlang": "en", "srclang": "*all*", "datatype": "plaintext",
    })
    body = ET.SubElement(tmx, "body")
    for lang, doc_id, path in iter_catalogs(locales):
        for entry in load_catalog(path):
            source = source_language(entry)
            if entry.obsolete or not entry.msgstr or source in ("und", lang):
                continue
            unit = ET.SubElement(body, "tu")
            ET.SubElement(unit, "prop", type="x-diglot-document").text = doc_id
            ET.SubElement(unit, "prop", type=STATE_PROP).text = "final" if is_reviewed(entry) else "fuzzy"
            markup, ids = entry_format(entry), CodeIds()
            texts = {source: inline_of(entry.msgid, markup), lang: inline_of(entry.msgstr, markup)}
            for tuv_lang, inline in texts.items():
                ids.register(inline)
                _tmx_inline(ET.SubElement(ET.SubElement(unit, "tuv", {XML_LANG: tuv_lang}), "seg"), inline, ids)
    _make_folder(file.parent)
    write_atomic(file, _xml_bytes(tmx))
    return file


def _tmx_inline(seg: ET.Element, inline: Inline, ids: CodeIds) -> None:
    """`inline`'s text into a TMX <seg>: a pair of codes as <bpt>/<ept>, any other code as <ph>,
    each holding the markup it stands for; `x` matches a code across languages."""
    position = 0
    for index, (start, end) in enumerate(inline.spans):
        _append_text(seg, inline.text[position:start])
        position = end
        code = inline.codes[index]
        if index in inline.starts:
            ET.SubElement(seg, "ept", i=ids.element(inline, inline.starts[index])).text = code
        elif index in inline.ends:
            number = ids.element(inline, index)
            ET.SubElement(seg, "bpt", i=number, x=number).text = code
        else:
            ET.SubElement(seg, "ph", x=ids.element(inline, index)).text = code
    _append_text(seg, inline.text[position:])


def _xliff_tree(doc_id: str, lang: str, catalog: polib.POFile) -> ET.Element:
    xliff = ET.Element(f"{{{XLIFF_NS}}}xliff", version="2.0",
                       srcLang=catalog.metadata.get("X-Source-Language", "und"), trgLang=lang)
    original = next((entry.occurrences[0][0] for entry in catalog if entry.occurrences), doc_id)
    file = ET.SubElement(xliff, f"{{{XLIFF_NS}}}file", id=doc_id, original=original)
    for number, entry in enumerate((e for e in catalog if not e.obsolete), start=1):
        file.append(_xliff_unit(number, entry))
    return xliff


def _xliff_unit(number: int, entry: polib.POEntry) -> ET.Element:
    unit = ET.Element(f"{{{XLIFF_NS}}}unit", id=f"u{number}")
    markup = entry_format(entry)
    suggestion = suggestion_from(comment_lines(entry))
    if suggestion is not None:  # modules' elements come first in a unit
        _xliff_candidate(ET.SubElement(unit, _mtc("matches")), f"s{number}", suggestion, markup)
    notes = ET.SubElement(unit, f"{{{XLIFF_NS}}}notes")
    if entry.msgctxt:
        ET.SubElement(notes, f"{{{XLIFF_NS}}}note", category="msgctxt").text = entry.msgctxt
    for line in entry.comment.split("\n") if entry.comment else []:
        ET.SubElement(notes, f"{{{XLIFF_NS}}}note", category="diglot").text = line
    for file_name, line in entry.occurrences:
        ET.SubElement(notes, f"{{{XLIFF_NS}}}note", category="location").text = f"{file_name}:{line}"
    if not len(notes):
        unit.remove(notes)
    texts = [inline_of(entry.msgid, markup)] + ([inline_of(entry.msgstr, markup)] if entry.msgstr else [])
    ids = _original_data(unit, texts)
    state = "final" if is_reviewed(entry) else ("translated" if entry.msgstr else "initial")
    segment = ET.SubElement(unit, _xlf("segment"), id=f"s{number}", state=state)
    for name, inline in zip(("source", "target"), texts):
        _xliff_inline(ET.SubElement(segment, _xlf(name)), inline, ids)
    return unit


def _xliff_candidate(matches: ET.Element, segment_id: str, match: Match, markup: Format | None) -> None:
    """A fuzzy match as a translation candidate for the segment's source: its inline codes
    are the match's own, with its own original data (the module's scope for their ids)."""
    candidate = ET.SubElement(matches, _mtc("match"), ref=f"#{segment_id}", similarity=f"{match.score:.1f}",
                              origin=match.origin, type="tm")
    texts = [inline_of(match.source, markup), inline_of(match.translation, markup)]
    ids = _original_data(candidate, texts)
    for name, inline in zip(("source", "target"), texts):
        _xliff_inline(ET.SubElement(candidate, _xlf(name)), inline, ids)


def _original_data(parent: ET.Element, texts: list[Inline]) -> CodeIds:
    """Number the codes of `texts` (source first) and add their <originalData> to `parent`."""
    ids = CodeIds()
    for inline in texts:
        ids.register(inline)
    if ids.data:
        original = ET.SubElement(parent, _xlf("originalData"))
        for code, data_id in ids.data.items():
            ET.SubElement(original, _xlf("data"), id=data_id).text = code
    return ids


def _xliff_inline(parent: ET.Element, inline: Inline, ids: CodeIds) -> None:
    """`inline`'s text into `parent` (a <source> or <target>): each pair of codes a <pc> around
    what it encloses, every other code a <ph>, both pointing at the markup's original data."""
    enclosing, position = [parent], 0
    for index, (start, end) in enumerate(inline.spans):
        _append_text(enclosing[-1], inline.text[position:start])
        position = end
        if index in inline.starts:
            enclosing.pop()
        elif index in inline.ends:
            start_data, end_data = ids.data_id(inline.codes[index]), ids.data_id(inline.codes[inline.ends[index]])
            enclosing.append(ET.SubElement(enclosing[-1], _xlf("pc"), id=ids.element(inline, index),
                                           dataRefStart=start_data, dataRefEnd=end_data))
        else:
            ET.SubElement(enclosing[-1], _xlf("ph"), id=ids.element(inline, index),
                          dataRef=ids.data_id(inline.codes[index]))
    _append_text(enclosing[-1], inline.text[position:])


def _xlf(name: str) -> str:
    return f"{{{XLIFF_NS}}}{name}"


def _mtc(name: str) -> str:
    return f"{{{MATCHES_NS}}}{name}"


def _xml_bytes(root: ET.Element) -> bytes:
    """The document, indented everywhere but inside text that holds inline codes."""
    ET.register_namespace("", XLIFF_NS)
    ET.register_namespace("mtc", MATCHES_NS)
    held = [(element, list(element)) for element in root.iter() if local_name(element) in INLINE_HOLDERS]
    for element, _ in held:
        del element[:]
    ET.indent(root)
    for element, codes in held:
        element.extend(codes)
    return ET.tostring(root, encoding="UTF-8", xml_declaration=True) + b"\n"


def _make_folder(folder: Path) -> None:
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:  # a file in the way, no permission
        raise InputError(f"cannot create folder: {error.strerror}", folder) from error


# --- import ------------------------------------------------------------------


def import_file(file: Path, locales: Path) -> dict[Path, int]:
    """Apply `file`'s translations to the catalogs; returns entries changed per catalog."""
    plan = _plan(file, locales)
    catalogs = {path: load_catalog(path) for path in plan}
    changed = {path: _apply(catalogs[path], incoming) for path, incoming in plan.items()}
    for path, count in changed.items():
        if count:
            write_atomic(path, catalog_bytes(catalogs[path]))
            _rerender(path, catalogs[path], locales)
    return changed


def _plan(file: Path, locales: Path) -> dict[Path, list[Incoming]]:
    suffix = file.suffix.lower()
    if suffix == ".po":
        return _plan_po(file, locales)
    if suffix in (".xlf", ".xliff"):
        return _plan_xliff(file, locales)
    if suffix == ".tmx":
        return _plan_tmx(file, locales)
    raise InputError("unknown exchange format: expected .po, .xlf/.xliff or .tmx", file)


def _plan_po(file: Path, locales: Path) -> dict[Path, list[Incoming]]:
    imported = load_catalog(file)
    if imported is None:
        raise InputError("no such file", file)
    lang = imported.metadata.get("Language", "")
    doc_id = imported.metadata.get("Project-Id-Version") or file.stem
    target = _existing_catalog(file, locales, lang, doc_id)
    _same_source_language(file, target, imported.metadata.get("X-Source-Language"))
    incoming = [Incoming(e.msgid, e.msgstr, not e.fuzzy, e.msgctxt) for e in imported if e.msgstr and not e.obsolete]
    return {target: incoming}


def _plan_xliff(file: Path, locales: Path) -> dict[Path, list[Incoming]]:
    root = parse_xml(file)
    if local_name(root) != "xliff" or not root.get("version", "").startswith("2."):
        raise InputError("not an XLIFF 2 document (root <xliff version=\"2.x\">)", file, 1)
    lang = root.get("trgLang", "")
    plan = {}
    for file_element in _children(root, "file"):
        target = _existing_catalog(file, locales, lang, file_element.get("id", ""))
        _same_source_language(file, target, root.get("srcLang"))
        where = _Where(file, root)
        plan[target] = [incoming for unit in file_element.iter(_xlf("unit"))
                        for incoming in _xliff_incoming(unit, where)]
    return plan


def _xliff_incoming(unit: ET.Element, where: _Where) -> list[Incoming]:
    context = next((note.text for notes in _children(unit, "notes") for note in _children(notes, "note")
                    if note.get("category") == "msgctxt"), None)
    # The unit's own original data: a translation candidate (<mtc:match>) holds its own, and
    # candidates are suggestions for the translator's tool, never imported.
    data = {item.get("id"): _xliff_text(item, {}, where)
            for original in _children(unit, "originalData") for item in _children(original, "data")}
    incoming = []
    for segment in _children(unit, "segment"):
        source, target = segment.find(_xlf("source")), segment.find(_xlf("target"))
        if source is not None and target is not None and ("".join(target.itertext()) or len(target)):
            final = segment.get("state") == "final"
            incoming.append(Incoming(_xliff_text(source, data, where), _xliff_text(target, data, where), final,
                                     context))
    return incoming


def _xliff_text(element: ET.Element, data: dict[str | None, str], where: _Where) -> str:
    """The text of a <source>, <target> or <data>, each inline code replaced by the original
    data it refers to, in the order the codes are in."""
    parts = [element.text or ""]
    for child in element:
        name = local_name(child)
        if name in ("ph", "sc", "ec"):
            parts.append(_original(child, "dataRef", data, where))
        elif name == "pc":
            parts += [_original(child, "dataRefStart", data, where), _xliff_text(child, data, where),
                      _original(child, "dataRefEnd", data, where)]
        elif name == "mrk":  # an annotation around text: the text stays
            parts.append(_xliff_text(child, data, where))
        elif name == "cp":
            parts.append(_code_point(child, where))
        parts.append(child.tail or "")  # <sm/>, <em/>: a marker, nothing to write
    return "".join(parts)


def _original(code: ET.Element, attribute: str, data: dict[str | None, str], where: _Where) -> str:
    """The markup an inline code stands for; InputError when the unit does not hold it."""
    reference = code.get(attribute)
    if reference in data:
        return data[reference]
    tag = f'<{local_name(code)} id="{code.get("id", "")}">'
    problem = (f"refers to data id {reference!r}, which the unit's <originalData> does not hold" if reference
               else f"has no {attribute}")
    raise InputError(f"{tag} {problem}: diglot cannot tell what markup it stands for", where.path,
                     where.line(code))


def _code_point(element: ET.Element, where: _Where) -> str:
    try:
        return chr(int(element.get("hex", ""), 16))
    except (ValueError, OverflowError) as error:
        raise InputError(f"<cp hex={element.get('hex')!r}> is not a code point", where.path,
                         where.line(element)) from error


@dataclass
class _Where:
    """An imported file, to say on which line an element of it is."""

    path: Path
    root: ET.Element
    lines: list[int] = field(default_factory=list)

    def line(self, element: ET.Element) -> int:
        """The line of `element`'s start tag (the file parsed again: ElementTree keeps no lines)."""
        if not self.lines:
            parser = xml.parsers.expat.ParserCreate()
            parser.StartElementHandler = lambda *_: self.lines.append(parser.CurrentLineNumber)
            parser.Parse(read_bytes(self.path), True)
        return self.lines[next(number for number, item in enumerate(self.root.iter()) if item is element)]


def _plan_tmx(file: Path, locales: Path) -> dict[Path, list[Incoming]]:
    root = parse_xml(file)
    if local_name(root) != "tmx":
        raise InputError("not a TMX document (root <tmx>)", file, 1)
    by_lang: dict[str, list[Incoming]] = {}
    for unit in root.iter("tu"):
        final = any(p.get("type") == STATE_PROP and p.text == "final" for p in unit.findall("prop"))
        texts = {_tuv_lang(tuv): _seg_text(tuv.find("seg")) for tuv in unit.findall("tuv")
                 if tuv.find("seg") is not None}
        for lang, text in texts.items():
            by_lang.setdefault(lang, []).extend(
                Incoming(source_text, text, final) for source_lang, source_text in texts.items() if source_lang != lang)
    catalogs = iter_catalogs(locales)
    plan = {path: by_lang[lang] for lang, _, path in catalogs if lang in by_lang}
    if not plan:
        languages = ", ".join(sorted(by_lang)) or "none"
        raise InputError(f"no catalog in {locales} for this file's languages ({languages})", file)
    return plan


def _seg_text(seg: ET.Element) -> str:
    """A TMX segment's text with its markup in place: <bpt>, <ept>, <ph>, <it> and <ut> hold
    the markup they stand for, <hi> holds text, so the text of every descendant in order."""
    return "".join(seg.itertext())


def _tuv_lang(tuv: ET.Element) -> str:
    return (tuv.get(XML_LANG) or tuv.get("lang") or "").split("-")[0].lower()


def _children(element: ET.Element, name: str) -> list[ET.Element]:
    return [child for child in element if local_name(child) == name]


def _existing_catalog(file: Path, locales: Path, lang: str, doc_id: str) -> Path:
    path = catalog_path(locales, lang, doc_id)
    if not lang or not path.exists():
        raise InputError(f"no catalog {path} for this file's language {lang or '(none)'!r} and document "
                         f"{doc_id!r}: is it for another language pair?", file)
    return path


def _same_source_language(file: Path, catalog: Path, language: str | None) -> None:
    expected = load_catalog(catalog).metadata.get("X-Source-Language")
    if language and expected and language.split("-")[0].lower() != expected:
        raise InputError(f"source language {language!r} does not match {catalog}'s {expected!r}: "
                         "the file is for another language pair", file)


def _apply(catalog: polib.POFile, incoming: list[Incoming]) -> int:
    entries = {(entry.msgctxt, entry.msgid): entry for entry in catalog if not entry.obsolete}
    by_text = {entry.msgid: entry for entry in catalog if not entry.obsolete}
    changed = 0
    for item in incoming:
        entry = entries.get((item.msgctxt, item.msgid)) or by_text.get(item.msgid)
        if entry is not None and _take(entry, item):
            changed += 1
    return changed


def _take(entry: polib.POEntry, item: Incoming) -> bool:
    """Apply one incoming translation; a suggestion never replaces reviewed work."""
    if item.final:
        if is_reviewed(entry) and entry.msgstr == item.msgstr:
            return False
        entry.msgstr = item.msgstr
        entry.flags = [flag for flag in entry.flags if flag != "fuzzy"]
        entry.previous_msgid = entry.previous_msgctxt = None
        return True
    if is_reviewed(entry) or entry.msgstr == item.msgstr:
        return False
    entry.msgstr = item.msgstr
    if "fuzzy" not in entry.flags:
        entry.flags.append("fuzzy")
    return True


def _rerender(path: Path, catalog: polib.POFile, locales: Path) -> None:
    """Refresh the edition text when the source article is still where it was."""
    source = next((Path(entry.occurrences[0][0]) for entry in catalog if entry.occurrences), None)
    if source is None or not source.is_file():
        return
    document = segment_document(read_document(source))
    active = [entry.msgid for entry in catalog if not entry.obsolete]
    if [segment.text for segment in document.segments] == active:
        lang, doc_id = path.parent.parent.name, path.stem
        write_atomic(edition_path(locales, lang, doc_id, document.suffix), render_edition(document, catalog, lang))

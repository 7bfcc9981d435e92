"""TBX (ISO 30042) termbases in and out: the exchange format of CAT tools.

Export writes TBX-Basic of ISO 30042:2019 (`<tbx>`, `<conceptEntry>`,
`<langSec>`, `<termSec>`); import also reads TBX 2008 (`<martif>`,
`<termEntry>`, `<langSet>`, `<tig>`/`<ntig>`). In a concept, the preferred
term is the canonical form and admitted ones are variants; deprecated and
superseded terms make a `forbid` row. A concept whose forms are the same in
English and Spanish is a `keep` row. A case-insensitive row carries the note
"diglot: case-insensitive". Concepts without both an English and a Spanish
term are left out and counted.

XML from elsewhere is not trusted: a document type declaration (where external
entities and entity-expansion bombs live) is refused before parsing.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
import xml.parsers.expat
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import GlossaryError, InputError
from ..files import write_atomic
from ..xmlsafe import refuse_declarations
from .csvfile import glossary_csv, read_bytes
from .entry import GLOSSARY_LANGUAGES, GlossaryEntry

TBX_NS = "urn:iso:std:iso:30042:ed-2"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
CASE_NOTE = "diglot: case-insensitive"
FORBIDDEN_STATUSES = ("deprecatedTerm", "supersededTerm")


@dataclass
class Node:
    """An XML element with the line it starts on (ElementTree does not keep lines)."""

    tag: str
    attributes: dict[str, str]
    line: int
    children: list[Node] = field(default_factory=list)
    text: str = ""

    def find(self, *tags: str) -> list[Node]:
        """Children with one of the tags."""
        return [child for child in self.children if child.tag in tags]

    def all_text(self) -> str:
        return self.text + "".join(child.all_text() for child in self.children)


@dataclass
class TbxContent:
    entries: list[GlossaryEntry]
    skipped: list[int]  # lines of concepts without both languages


def parse_tbx(path: Path, data: bytes) -> list[GlossaryEntry]:
    return read_tbx(path, data).entries


def read_tbx(path: Path, data: bytes) -> TbxContent:
    root = parse_safely(path, data)
    if root.tag not in ("tbx", "martif"):
        raise GlossaryError(f"not a TBX document: the root element is <{root.tag}>, not <tbx> or <martif>", path,
                            root.line)
    content = TbxContent([], [])
    for concept in _descendants(root, "conceptEntry", "termEntry"):
        entries = _concept_entries(path, concept)
        content.entries += entries
        if not entries:
            content.skipped.append(concept.line)
    return content


def parse_safely(path: Path, data: bytes) -> Node:
    """The document's root; GlossaryError naming file and line for a DOCTYPE, an ENTITY or bad XML."""
    refuse_declarations(path, data, GlossaryError)
    parser = xml.parsers.expat.ParserCreate(namespace_separator=" ")
    stack: list[Node] = [Node("", {}, 0)]

    def start(tag: str, attributes: dict[str, str]) -> None:
        node = Node(_local(tag), {_local(name): value for name, value in attributes.items()}, parser.CurrentLineNumber)
        stack[-1].children.append(node)
        stack.append(node)

    def refuse(*_args) -> None:
        raise GlossaryError("refusing a document type declaration", path, parser.CurrentLineNumber)

    parser.StartElementHandler = start
    parser.EndElementHandler = lambda _tag: stack.pop()
    parser.CharacterDataHandler = lambda text: setattr(stack[-1], "text", stack[-1].text + text)
    parser.StartDoctypeDeclHandler = refuse
    parser.EntityDeclHandler = refuse
    try:
        parser.Parse(data, True)
    except xml.parsers.expat.ExpatError as error:
        raise GlossaryError(f"not well-formed XML: {xml.parsers.expat.errors.messages[error.code]}", path,
                            error.lineno) from error
    return stack[0].children[0]


def _local(name: str) -> str:
    return name.rsplit(" ", 1)[-1]


def _descendants(node: Node, *tags: str) -> list[Node]:
    found = []
    for child in node.children:
        found += [child] if child.tag in tags else _descendants(child, *tags)
    return found


def _concept_entries(path: Path, concept: Node) -> list[GlossaryEntry]:
    allowed: dict[str, list[str]] = {}
    forbidden: dict[str, list[str]] = {}
    forbidden_line = concept.line
    for section in _descendants(concept, "langSec", "langSet"):
        lang = section.attributes.get("lang", "").split("-")[0].split("_")[0].lower()
        for term_section in _descendants(section, "termSec", "tig", "ntig"):
            term, status = _term(path, term_section)
            if not term or lang not in GLOSSARY_LANGUAGES:
                continue
            if status in FORBIDDEN_STATUSES:
                forbidden.setdefault(lang, []).append(term)
                forbidden_line = term_section.line
            elif status == "preferredTerm":
                allowed.setdefault(lang, []).insert(0, term)
            else:
                allowed.setdefault(lang, []).append(term)
    notes = [note.all_text().strip() for note in concept.find("note", "descrip")]
    case_sensitive = CASE_NOTE not in notes
    note = next((text for text in notes if text and text != CASE_NOTE), "")
    entries = []
    if all(allowed.get(lang) for lang in GLOSSARY_LANGUAGES):
        forms = {lang: tuple(dict.fromkeys(allowed[lang])) for lang in GLOSSARY_LANGUAGES}
        action = "keep" if len(set(forms.values())) == 1 else "map"
        entries.append(GlossaryEntry(forms, action, note, case_sensitive, f"{path.name}:{concept.line}"))
    if forbidden:
        forms = {lang: tuple(dict.fromkeys(forbidden.get(lang, ()))) for lang in GLOSSARY_LANGUAGES}
        entries.append(GlossaryEntry(forms, "forbid", note, case_sensitive, f"{path.name}:{forbidden_line}"))
    return entries


def _term(path: Path, term_section: Node) -> tuple[str, str]:
    """(term, administrative status without its '-admn-sts') of a termSec, tig or ntig."""
    terms = _descendants(term_section, "term")
    term = " ".join(terms[0].all_text().split()) if terms else ""
    if "|" in term:
        raise GlossaryError(f"term {term!r} contains '|', which separates variants in a glossary", path,
                            terms[0].line)
    status = next((note.all_text().strip() for note in _descendants(term_section, "termNote")
                   if note.attributes.get("type") in ("administrativeStatus", "normativeAuthorization")), "")
    return term, status.removesuffix("-admn-sts")


def tbx_bytes(entries: list[GlossaryEntry]) -> bytes:
    """The entries as a TBX-Basic (ISO 30042:2019) document."""
    ET.register_namespace("", TBX_NS)
    root = ET.Element(f"{{{TBX_NS}}}tbx", {"type": "TBX-Basic", "style": "dca", XML_LANG: "en"})
    header = ET.SubElement(ET.SubElement(root, f"{{{TBX_NS}}}tbxHeader"), f"{{{TBX_NS}}}fileDesc")
    ET.SubElement(ET.SubElement(header, f"{{{TBX_NS}}}sourceDesc"), f"{{{TBX_NS}}}p").text = "diglot glossary"
    body = ET.SubElement(ET.SubElement(root, f"{{{TBX_NS}}}text"), f"{{{TBX_NS}}}body")
    for number, entry in enumerate(entries, start=1):
        body.append(_concept(number, entry))
    ET.indent(root)
    return ET.tostring(root, encoding="UTF-8", xml_declaration=True) + b"\n"


def _concept(number: int, entry: GlossaryEntry) -> ET.Element:
    concept = ET.Element(f"{{{TBX_NS}}}conceptEntry", id=f"c{number}")
    for text in (entry.note, "" if entry.case_sensitive else CASE_NOTE):
        if text:
            ET.SubElement(concept, f"{{{TBX_NS}}}note").text = text
    for lang in GLOSSARY_LANGUAGES:
        if not entry.forms[lang]:
            continue
        section = ET.SubElement(concept, f"{{{TBX_NS}}}langSec", {XML_LANG: lang})
        for index, form in enumerate(entry.forms[lang]):
            term_section = ET.SubElement(section, f"{{{TBX_NS}}}termSec")
            ET.SubElement(term_section, f"{{{TBX_NS}}}term").text = form
            status = "deprecatedTerm" if entry.action == "forbid" else "preferredTerm" if index == 0 else "admittedTerm"
            note = ET.SubElement(term_section, f"{{{TBX_NS}}}termNote", type="administrativeStatus")
            note.text = f"{status}-admn-sts"
    return concept


def import_tbx(tbx_file: Path, csv_file: Path, overwrite: bool = False) -> TbxContent:
    """Write the termbase as a glossary CSV; nothing is written when anything is wrong."""
    content = read_tbx(tbx_file, read_bytes(tbx_file))
    if csv_file.exists() and not overwrite:
        raise InputError("already exists; give --force to overwrite it", csv_file)
    if not csv_file.parent.is_dir():
        raise InputError("folder does not exist; create it first", csv_file.parent)
    write_atomic(csv_file, glossary_csv(content.entries))
    return content


def export_tbx(entries: list[GlossaryEntry], tbx_file: Path) -> int:
    """Write the glossary entries as one TBX file; the number of concepts written."""
    if not tbx_file.parent.is_dir():
        raise InputError("folder does not exist; create it first", tbx_file.parent)
    write_atomic(tbx_file, tbx_bytes(entries))
    return len(entries)

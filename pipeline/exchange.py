"""Round trips with the tools translators already use: XLIFF 2.0, TMX 1.4b and PO.

Export writes what the catalogs hold. Import takes translations reviewed
elsewhere back into the catalogs: an entry counts as reviewed only where the
file marks it final (XLIFF `state="final"`, a PO entry without `fuzzy`, a TMX
unit with `<prop type="x-diglot-state">final</prop>`); anything else is a
fuzzy suggestion, and a suggestion never replaces a reviewed entry.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

import polib

from . import __version__
from .catalog import catalog_bytes, catalog_path, is_reviewed, iter_catalogs, load_catalog, source_language
from .errors import InputError
from .files import write_atomic
from .read import read_document
from .render import edition_path, render_edition
from .segment import segment_document
from .xmlsafe import local_name, parse_xml

XLIFF_NS = "urn:oasis:names:tc:xliff:document:2.0"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
STATE_PROP = "x-diglot-state"


@dataclass(frozen=True)
class Incoming:
    """One translation from an imported file."""

    msgid: str
    msgstr: str
    final: bool
    msgctxt: str | None = None


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
            for tuv_lang, text in ((source, entry.msgid), (lang, entry.msgstr)):
                ET.SubElement(ET.SubElement(unit, "tuv", {XML_LANG: tuv_lang}), "seg").text = text
    _make_folder(file.parent)
    write_atomic(file, _xml_bytes(tmx))
    return file


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
    notes = ET.SubElement(unit, f"{{{XLIFF_NS}}}notes")
    if entry.msgctxt:
        ET.SubElement(notes, f"{{{XLIFF_NS}}}note", category="msgctxt").text = entry.msgctxt
    for line in entry.comment.split("\n") if entry.comment else []:
        ET.SubElement(notes, f"{{{XLIFF_NS}}}note", category="diglot").text = line
    for file_name, line in entry.occurrences:
        ET.SubElement(notes, f"{{{XLIFF_NS}}}note", category="location").text = f"{file_name}:{line}"
    if not len(notes):
        unit.remove(notes)
    state = "final" if is_reviewed(entry) else ("translated" if entry.msgstr else "initial")
    segment = ET.SubElement(unit, f"{{{XLIFF_NS}}}segment", id=f"s{number}", state=state)
    ET.SubElement(segment, f"{{{XLIFF_NS}}}source").text = entry.msgid
    if entry.msgstr:
        ET.SubElement(segment, f"{{{XLIFF_NS}}}target").text = entry.msgstr
    return unit


def _xml_bytes(root: ET.Element) -> bytes:
    ET.register_namespace("", XLIFF_NS)
    ET.indent(root)
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
        plan[target] = [incoming for unit in file_element.iter(f"{{{XLIFF_NS}}}unit")
                        for incoming in _xliff_incoming(unit)]
    return plan


def _xliff_incoming(unit: ET.Element) -> list[Incoming]:
    context = next((note.text for note in unit.iter(f"{{{XLIFF_NS}}}note") if note.get("category") == "msgctxt"),
                   None)
    incoming = []
    for segment in _children(unit, "segment"):
        source, target = segment.find(f"{{{XLIFF_NS}}}source"), segment.find(f"{{{XLIFF_NS}}}target")
        if source is not None and target is not None and "".join(target.itertext()):
            final = segment.get("state") == "final"
            incoming.append(Incoming("".join(source.itertext()), "".join(target.itertext()), final, context))
    return incoming


def _plan_tmx(file: Path, locales: Path) -> dict[Path, list[Incoming]]:
    root = parse_xml(file)
    if local_name(root) != "tmx":
        raise InputError("not a TMX document (root <tmx>)", file, 1)
    by_lang: dict[str, list[Incoming]] = {}
    for unit in root.iter("tu"):
        final = any(p.get("type") == STATE_PROP and p.text == "final" for p in unit.findall("prop"))
        texts = {_tuv_lang(tuv): "".join(tuv.find("seg").itertext()) for tuv in unit.findall("tuv")
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

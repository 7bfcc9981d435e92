"""Stage 7: one gettext catalog per document and edition, merged with what is already there.

The rules that keep review work safe (DESIGN.md, "Files"):
- machine output is `fuzzy`; an entry without `fuzzy` has been reviewed and
  its msgstr is never overwritten;
- when a source segment changes, the entry keeps the old text as its
  previous msgid (`#| msgid`) and becomes fuzzy;
- reviewed entries whose segment disappeared are kept as obsolete (`#~`);
- nothing in the file changes when nothing in the input changed.
"""

from __future__ import annotations

import difflib
import hashlib
from pathlib import Path

import polib

from . import __version__
from .errors import CatalogError
from .glossary import Glossary
from .model import Document, Segment, Translation

LANGUAGE_NAMES = {"en": "English", "es": "Spanish"}
# Which diglot wrote a catalog: the translation memory reuses machine output only from its own
# version's catalogs, so after an upgrade machine output is made again (reviewed work is kept).
GENERATOR = f"diglot {__version__}"
PREVIOUS_TRANSLATION = "previous reviewed translation: "
GLOSSARY_HEADER = "X-Diglot-Glossary"
INPUT_HEADER = "X-Diglot-Input"
# Extracted-comment lines that the translation memory reads back (memory.py).
GLOSSARY_NOTE = "glossary: "
ENGINE_NOTE = "engine: "
UNKNOWN_NOTE = "unknown words: "
CHECK_NOTE = "check: "
COPIED_NOTE = "copied: "
# A reviewed translation of a similar text, offered to the editor (fuzzy.py).
MATCH_NOTE = "match: "
MATCH_SOURCE_NOTE = "match source: "
MATCH_TRANSLATION_NOTE = "match translation: "
# How each line diglot writes in an extracted comment begins; a line that begins
# otherwise continues the one before, wrapped by a tool that saved the catalog.
NOTE_STARTS = ("lang: ", GLOSSARY_NOTE, ENGINE_NOTE, COPIED_NOTE, "reused: ", "carried over", UNKNOWN_NOTE,
               CHECK_NOTE, PREVIOUS_TRANSLATION, MATCH_NOTE, MATCH_SOURCE_NOTE, MATCH_TRANSLATION_NOTE)


def catalog_path(locales: Path, lang: str, doc_id: str) -> Path:
    return locales / lang / "LC_MESSAGES" / f"{doc_id}.po"


def iter_catalogs(locales: Path) -> list[tuple[str, str, Path]]:
    """(lang, doc_id, path) of every catalog under locales, in a stable order."""
    return [(path.parent.parent.name, path.stem, path) for path in sorted(locales.glob("*/LC_MESSAGES/*.po"))]


def source_language(entry: polib.POEntry) -> str:
    """The language diglot detected for the entry's source, from its `lang:` comment."""
    first = entry.comment.split("\n", 1)[0]
    return first.split(";", 1)[0].removeprefix("lang: ").strip() if first.startswith("lang: ") else "und"


def comment_values(entry: polib.POEntry, prefix: str) -> list[str]:
    """What follows `prefix` on each line of the extracted comment that starts with it."""
    return values_after(comment_lines(entry), prefix)


def values_after(lines: list[str], prefix: str) -> list[str]:
    """What follows `prefix` on each of `lines` (from comment_lines) that starts with it."""
    return [line[len(prefix):] for line in lines if line.startswith(prefix)]


def unknown_words(lines: list[str]) -> tuple[str, ...]:
    """The words of the `unknown words:` line (from comment_lines), as _comment writes them."""
    return tuple(word for value in values_after(lines, UNKNOWN_NOTE) for word in value.split(", ") if word)


def comment_lines(entry: polib.POEntry) -> list[str]:
    """The extracted comment's lines as diglot wrote them, joined again where a tool wrapped them
    (polib and msgcat wrap at spaces and after a hyphen inside a word)."""
    lines: list[str] = []
    for line in entry.comment.split("\n") if entry.comment else []:
        if lines and not line.startswith(NOTE_STARTS):
            glued = lines[-1].endswith("-") and lines[-1][-2:-1].isalpha()
            lines[-1] += line if glued else " " + line
        else:
            lines.append(line)
    return lines


def load_catalog(path: Path) -> polib.POFile | None:
    """The catalog already in locales/, or None; a broken one is an input error."""
    if not path.exists():
        return None
    try:
        catalog = polib.pofile(str(path), encoding="utf-8", check_for_duplicates=True)
    except (OSError, ValueError, UnicodeDecodeError) as error:
        raise CatalogError(f"not a valid PO catalog: {error}", path, _line_of(error)) from error
    return catalog


def written_by_diglot(catalog: polib.POFile) -> bool:
    """Whether diglot wrote the catalog, whichever version."""
    generator = catalog.metadata.get("X-Generator", "")
    return generator == "diglot" or generator.startswith("diglot ")


def input_digest(document: Document, glossary: Glossary, made_by: str) -> str:
    """What a catalog was made from; equal digests mean there is nothing to redo. `made_by`:
    diglot's version and the engines' (EngineRegistry.made_by), so an upgrade redoes the batch."""
    material = "\n".join([made_by, glossary.digest, *document.lines])
    return hashlib.sha256(material.encode("utf-8")).hexdigest()[:16]


def is_up_to_date(catalog: polib.POFile | None, digest: str) -> bool:
    return catalog is not None and catalog.metadata.get(INPUT_HEADER) == digest


def build_catalog(
    document: Document, lang: str, glossary: Glossary, old: polib.POFile | None, digest: str = ""
) -> polib.POFile:
    # No wrapping (like `msgcat --no-wrap`): a paragraph stays one line in a diff,
    # and a comment line is never split where a tool reading it back would not expect.
    catalog = polib.POFile(wrapwidth=0)
    catalog.header = _header_comment(document, lang)
    catalog.metadata = _metadata(document, lang, old)
    catalog.metadata[GLOSSARY_HEADER] = glossary.digest
    if digest:
        catalog.metadata[INPUT_HEADER] = digest
    fresh = [_fresh_entry(document, segment, lang, glossary) for segment in document.segments]
    _number_repeated_texts(fresh)
    merged = _merge(fresh, old) if old is not None else fresh
    catalog.extend(merged)
    return catalog


def catalog_bytes(catalog: polib.POFile) -> bytes:
    catalog.wrapwidth = 0
    return (str(catalog) + "\n").encode("utf-8")


def is_reviewed(entry: polib.POEntry) -> bool:
    """A translation without the fuzzy flag (obsolete ones included): never overwritten."""
    return bool(entry.msgstr) and not entry.fuzzy


def is_untouched_copy(entry: polib.POEntry) -> bool:
    """A segment copied as it was into an edition already in its language: nobody's work."""
    return entry.msgstr == entry.msgid and bool(comment_values(entry, COPIED_NOTE))


def is_review_work(entry: polib.POEntry) -> bool:
    """What a reviewer wrote or accepted, kept when its source changes or goes away."""
    return is_reviewed(entry) and not is_untouched_copy(entry)


def _fresh_entry(document: Document, segment: Segment, lang: str, glossary: Glossary) -> polib.POEntry:
    translation = segment.translations[lang]
    entry = polib.POEntry(
        msgid=segment.text,
        msgstr=translation.text,
        occurrences=[(document.path.as_posix(), str(segment.line))],
        comment=_comment(segment, translation, glossary, lang),
    )
    if translation.flags or not (translation.method == "copied" or translation.reviewed):
        entry.flags.append("fuzzy")
    return entry


def _comment(segment: Segment, translation: Translation, glossary: Glossary, lang: str) -> str:
    lines = [_detection_line(segment)]
    if segment.hits:
        lines.append(GLOSSARY_NOTE + glossary.describe_hits(segment.hits, segment.lang, lang))
    lines.append(_origin_line(segment, translation))
    if translation.unknown_words:
        lines.append(UNKNOWN_NOTE + ", ".join(translation.unknown_words))
    lines += [CHECK_NOTE + flag for flag in translation.flags]
    if translation.suggestion is not None:
        from .fuzzy import suggestion_lines  # rapidfuzz only where there is a suggestion

        lines += suggestion_lines(translation.suggestion)
    return "\n".join(lines)


def _detection_line(segment: Segment) -> str:
    line = f"lang: {segment.lang}; kind: {segment.kind}"
    if segment.mixed:
        line += "; mixed: " + ", ".join(f"{s.lang} {s.start}-{s.end}" for s in segment.spans)
    return line


def _origin_line(segment: Segment, translation: Translation) -> str:
    if translation.method == "machine":
        return ENGINE_NOTE + translation.engine
    if translation.method == "copied":
        return f"{COPIED_NOTE}already {segment.lang}"
    if translation.method == "reused":
        return f"reused: {translation.engine}"
    return "carried over unchanged"


def _number_repeated_texts(entries: list[polib.POEntry]) -> None:
    """gettext needs unique msgids: the second "Read more" gets msgctxt "occurrence 2"."""
    seen: dict[str, int] = {}
    for entry in entries:
        seen[entry.msgid] = seen.get(entry.msgid, 0) + 1
        if seen[entry.msgid] > 1:
            entry.msgctxt = f"occurrence {seen[entry.msgid]}"


def _key(entry: polib.POEntry) -> tuple[str | None, str]:
    return entry.msgctxt, entry.msgid


def _merge(fresh: list[polib.POEntry], old: polib.POFile) -> list[polib.POEntry]:
    old_active = [entry for entry in old if not entry.obsolete]
    old_by_key = {_key(entry): entry for entry in old}
    predecessors = _changed_pairs(old_active, fresh)
    merged = []
    for entry in fresh:
        previous = old_by_key.get(_key(entry))
        if previous is not None:
            merged.append(_keep_review(entry, previous))
        elif id(entry) in predecessors:
            merged.append(_mark_changed(entry, predecessors[id(entry)]))
        else:
            merged.append(entry)
    return merged + _obsolete_reviewed(old, merged)


def _changed_pairs(old: list[polib.POEntry], fresh: list[polib.POEntry]) -> dict[int, polib.POEntry]:
    """Pairs each new segment with the old one it replaced, by position in the document."""
    matcher = difflib.SequenceMatcher(None, [_key(e) for e in old], [_key(e) for e in fresh], autojunk=False)
    pairs = {}
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "replace":
            for before, after in zip(old[i1:i2], fresh[j1:j2]):
                pairs[id(after)] = before
    return pairs


def _keep_review(entry: polib.POEntry, previous: polib.POEntry) -> polib.POEntry:
    if is_reviewed(previous):
        if entry.fuzzy or entry.msgstr != previous.msgstr:
            # What the engine said of its own output no longer describes this text.
            entry.msgstr = previous.msgstr
            entry.comment = entry.comment.split("\n")[0] + _lines_starting(entry.comment, "glossary: ")
        entry.flags = [flag for flag in previous.flags if flag != "fuzzy"]
    elif previous.previous_msgid:
        entry.previous_msgid = previous.previous_msgid
        entry.previous_msgctxt = previous.previous_msgctxt
        entry.comment += _lines_starting(previous.comment, PREVIOUS_TRANSLATION)
    entry.tcomment = previous.tcomment
    return entry


def _lines_starting(comment: str, prefix: str) -> str:
    return "".join("\n" + line for line in comment.split("\n") if line.startswith(prefix))


def _mark_changed(entry: polib.POEntry, previous: polib.POEntry) -> polib.POEntry:
    entry.previous_msgid = previous.msgid
    entry.previous_msgctxt = previous.msgctxt
    if "fuzzy" not in entry.flags:
        entry.flags.append("fuzzy")
    if is_review_work(previous):
        entry.comment += f"\n{PREVIOUS_TRANSLATION}{previous.msgstr}"
    entry.tcomment = previous.tcomment
    return entry


def _obsolete_reviewed(old: polib.POFile, merged: list[polib.POEntry]) -> list[polib.POEntry]:
    """Reviewed work whose segment is gone is kept, commented out, never lost."""
    active = {_key(entry) for entry in merged}
    keep = []
    for entry in old:
        if is_review_work(entry) and _key(entry) not in active:
            entry.obsolete = True
            keep.append(entry)
    return keep


def _header_comment(document: Document, lang: str) -> str:
    name = LANGUAGE_NAMES.get(lang, lang)
    return (
        f"{name} edition of {document.path.as_posix()}, written by diglot.\n"
        "An entry without the fuzzy flag counts as reviewed and is never overwritten:\n"
        "review an entry by correcting its msgstr and removing its fuzzy flag."
    )


def _metadata(document: Document, lang: str, old: polib.POFile | None) -> dict[str, str]:
    metadata = {
        "Project-Id-Version": document.doc_id,
        "Language": lang,
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
        "X-Source-Language": document.lang,
        "X-Generator": GENERATOR,
    }
    if old is not None:  # keep what translators' tools added (Last-Translator, ...)
        metadata.update({key: value for key, value in old.metadata.items()
                         if key not in metadata and not key.startswith("X-Diglot-")})
    return metadata


def _line_of(error: Exception) -> int | None:
    text = str(error)
    marker = "(line "
    if marker in text:
        digits = text.split(marker, 1)[1].split(")", 1)[0]
        return int(digits) if digits.isdigit() else None
    return None

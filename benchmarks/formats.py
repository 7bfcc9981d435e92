"""Document formats (issue 18): HTML pages and Markdown posts in, editions in the same format out.

    python benchmarks/formats.py [--data DIR] [--only pages,cost,pairs] [--rounds 3] [--keep DIR]
                                 [--json FILE] [--examples 5]

Input: DIR/pages (default ../shared/data beside the repository; MANIFEST.tsv lists the pages,
their language and the en/es pairs) and DIR/newstest/newstest2012.eng. Exits with status 2
and a message when the data is absent. Every run is `diglot translate` in a subprocess with
`--engine apertium`, run from the repository root (so ./glossaries is the glossary), into a
fresh locales folder.

pages  Every page (html/en, html/es, md/en, md/es), copied byte for byte into one folder as
       `<lang>-<name>` (the same post in two languages has the same file name), through ONE
       `diglot translate FOLDER --engine apertium` (both editions; if that run fails as a whole,
       each page is run alone and the pages that fail are reported). Each page and edition:
       1. whole page: the edition has the source's skeleton, read independently of diglot.
          HTML (html.parser over the bytes read as Latin-1, so every byte is compared as it is):
          the start tags in order, each with its tag name as written and every attribute as
          written (name, `=`, quotes, value) except the translatable ones (alt, title,
          aria-label, placeholder; `content` of meta description, og:title, og:description,
          twitter:title, twitter:description and og:locale; their names must stay) and the
          language marks of <html> (lang, xml:lang: may be added, changed or kept); the
          contents of script, style, pre and code byte-identical. Markdown (markdown-it-py,
          CommonMark + tables + strikethrough, after the front matter): block tokens in order
          (type, tag, nesting, level, markup, info, attributes), the contents of fenced and
          indented code blocks and the link and image destinations in order identical, inline
          code the same multiset; front matter (ruamel.yaml, round-trip) with the same keys in
          the same order at every depth and every value identical (type included) except the
          text fields (title, description, summary, subtitle, caption, alt at any depth).
       1b. (not in the target's definition) inline markup: for each unit whose text changed,
          its inline markup read independently (html.parser: tags as written, translatable
          attribute values masked, end tags, character references; markdown-it parseInline:
          emphasis, strong, links and images with their destinations, code spans, raw HTML,
          breaks), counted by kind, against the source unit's.
       2. own-language edition (the edition in the page's folder language): the units the
          format finds in the source (FORMAT.units) against those of the edition read back
          with the same format, by index: share unchanged (a page whose counts differ counts
          all its units changed, and fails); and the share of these editions byte-identical to
          their source among those whose catalog has no entry with an `engine:` line (nothing
          was machine-translated into that language).
       3. other edition: source units whose catalog entry says `lang: <page language>` and
          whose text, inline markup blanked out (Segment.plain), has 4 or more words (tokens
          with a letter): share whose edition text differs from the source's.
       4. leftovers: editions with more placeholder residues (protect.PLACEHOLDER_RESIDUE_RE),
          private-use characters (U+E000-U+F8FF) or escaped tags (`&lt;` + letter or `/`) than
          their source.
cost   newstest2012.eng (3,003 lines) as .txt (one paragraph a line), as an HTML page of <p>
       paragraphs and as a Markdown file (blank-line paragraphs, front matter `title:`), each
       `diglot translate FILE --to es --engine apertium` into fresh locales, rounds interleaved
       (txt, html, md, txt, ...); user+sys CPU of the process and all its descendants
       (RUSAGE_CHILDREN deltas, this process made the subreaper of orphans: diglot kills its
       Apertium pipeline's process group, whose modules would otherwise go uncounted).
       Median of the per-round ratios html/txt and md/txt (target <= 1.10). The three es
       editions must hold the same translation per paragraph (HTML units compared with their
       character references decoded).
pairs  For the en/es pairs of MANIFEST.tsv: chrF (sacrebleu) of our es edition of the en post
       against the human es post, and of our en edition of the es post against the human en
       post; one string a document: the units' text with inline markup blanked, whitespace
       collapsed, joined by spaces. Beside it, the source itself against the reference (no
       translation) and the same units translated by `diglot mt` as plain text (markup taken
       out before the engine: what markup costs). Needs the pages run (with --only pairs,
       only the paired posts are translated).
"""

from __future__ import annotations

import argparse
import bisect
import ctypes
import difflib
import html
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from html.parser import HTMLParser, attrfind_tolerant, tagfind_tolerant
from pathlib import Path

from _runs import glossary_hash, prepare_work, unavailable, write_figures
from _signature import ROOT, file_hash, print_table, signature, text_hash
from throughput import diglot_command

from pipeline.catalog import ENGINE_NOTE, catalog_path, comment_lines, load_catalog, source_language
from pipeline.errors import InputError
from pipeline.formats import format_named
from pipeline.protect import PLACEHOLDER_RESIDUE_RE
from pipeline.read import doc_id_for, read_document
from pipeline.render import edition_path

DEFAULT_DATA = ROOT.parent / "shared" / "data"
OTHER = {"en": "es", "es": "en"}
MIN_WORDS = 4
TARGETS = {"whole": 1.0, "own unchanged": 0.99, "other translated": 0.95, "cost ratio": 1.10}

# ---------------------------------------------------------------- running diglot


@dataclass
class Run:
    command: list[str]
    returncode: int
    cpu: float  # user + sys of the process and its children
    wall: float
    stderr: str


PR_SET_CHILD_SUBREAPER = 36


def become_subreaper() -> bool:
    """Make this process the reaper of its orphaned descendants (Linux prctl). diglot ends its
    Apertium pipeline by killing the pipeline's process group, so the modules are never waited
    for by their shell: without this their CPU time would be missing from RUSAGE_CHILDREN
    (measured: 1.1 CPU-s for a diglot run whose modules alone take 5 CPU-s)."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        return libc.prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) == 0
    except (OSError, AttributeError):
        return False


def reap_descendants(timeout: float = 30.0) -> None:
    """Wait for every orphaned descendant handed to this process, so that their CPU time is counted."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            pid, _ = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return
        if pid == 0:
            if time.monotonic() > deadline:
                return
            time.sleep(0.005)


SUBREAPER = become_subreaper()


def run_measured(command: list[str], stdin: str | None = None) -> tuple[Run, str]:
    """Run a command from the repository root; its CPU time (user + sys) from RUSAGE_CHILDREN deltas,
    every descendant included (this process reaps the orphans: become_subreaper)."""
    reap_descendants()
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    done = subprocess.run(command, input=stdin, capture_output=True, text=True, cwd=ROOT)
    wall = time.perf_counter() - started
    reap_descendants()
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return Run(command, done.returncode, cpu, wall, done.stderr), done.stdout


def failed(run: Run) -> bool:
    """Exit 0 is success and 1 findings (files written); anything else, or a traceback, is a failure."""
    return run.returncode not in (0, 1) or "Traceback (most recent call last)" in run.stderr


def shown(command: list[str]) -> str:
    return " ".join(str(part) for part in command)


# ---------------------------------------------------------------- the pages


@dataclass
class Page:
    format: str  # html, md
    lang: str  # the folder's language
    relative: str  # as MANIFEST.tsv names it: html/en/x.html
    pair: str  # the relative path of the same post in the other language, or ""
    copy: Path | None = None  # the file diglot reads
    refused: str = ""  # why diglot wrote nothing for it

    @property
    def doc_id(self) -> str:
        return doc_id_for(self.copy)


def read_manifest(pages_dir: Path) -> list[Page]:
    rows = (pages_dir / "MANIFEST.tsv").read_text(encoding="utf-8").splitlines()
    header = rows[0].split("\t")
    pages = []
    for row in rows[1:]:
        if row.strip():
            values = dict(zip(header, row.split("\t")))
            pages.append(Page(values["format"], values["lang"], values["file"], values.get("pair", "")))
    return pages


def copy_pages(pages: list[Page], pages_dir: Path, folder: Path) -> None:
    """Each page as `<lang>-<name>` in one folder: ids are unique, bytes unchanged."""
    folder.mkdir(parents=True)
    seen: dict[str, str] = {}
    for page in pages:
        page.copy = folder / f"{page.lang}-{Path(page.relative).name}"
        if page.doc_id in seen:
            page.copy = folder / f"{page.format}-{page.lang}-{Path(page.relative).name}"
        seen[page.doc_id] = page.relative
        shutil.copyfile(pages_dir / page.relative, page.copy)


def translate_pages(pages: list[Page], folder: Path, locales: Path) -> tuple[list[Run], str]:
    """One `diglot translate` over the folder; if it fails, each page alone (same locales)."""
    command = [*diglot_command(), "translate", str(folder), "--engine", "apertium", "--locales", str(locales)]
    run, _ = run_measured(command)
    if not failed(run):
        return [run], ""
    note = (f"the single run failed (exit {run.returncode}): {last_lines(run.stderr)}; "
            "each page was then run alone into the same locales")
    runs = [run]
    for page in pages:
        alone, _ = run_measured([*diglot_command(), "translate", str(page.copy), "--engine", "apertium",
                                 "--locales", str(locales)])
        runs.append(alone)
        if failed(alone):
            page.refused = f"exit {alone.returncode}: {last_lines(alone.stderr)}"
    return runs, note


def last_lines(text: str, count: int = 3) -> str:
    lines = [line for line in text.strip().splitlines() if line.strip()]
    return " / ".join(lines[-count:]) if lines else "(no message)"


# ---------------------------------------------------------------- HTML skeleton (independent reading)

TEXT_ATTRIBUTES = frozenset({"alt", "title", "aria-label", "placeholder"})
META_TEXT = frozenset({"description", "og:title", "og:description", "twitter:title", "twitter:description",
                       "og:locale"})
LANGUAGE_MARKS = frozenset({"lang", "xml:lang"})  # on <html>: may be added or changed
RAW_CONTENT = frozenset({"script", "style", "pre", "code"})
NEWLINE_RE = re.compile("\n")


@dataclass
class StartTag:
    offset: int
    raw: str
    key: tuple  # what must be identical: name as written, kept attributes as written, masked names


@dataclass
class Content:
    tag: str
    offset: int
    text: str


class Skeleton(HTMLParser):
    """Start tags and the raw contents of script/style/pre/code, with offsets into the text."""

    def __init__(self, text: str):
        super().__init__(convert_charrefs=False)
        self.text = text
        self.starts = [0] + [match.end() for match in NEWLINE_RE.finditer(text)]
        self.tags: list[StartTag] = []
        self.contents: list[Content] = []
        self.open: list[tuple[str, int, int]] = []  # (tag, tag offset, content start)
        self.feed(text)
        self.close()
        for tag, offset, start in self.open:  # unclosed at the end
            self.contents.append(Content(tag, offset, text[start:]))
        self.contents.sort(key=lambda content: content.offset)

    def _position(self) -> int:
        line, column = self.getpos()
        return self.starts[line - 1] + column

    def line_of(self, offset: int) -> int:
        return bisect.bisect_right(self.starts, offset)

    def _start(self, tag: str, attrs: list) -> tuple[int, str]:
        raw = self.get_starttag_text() or ""
        offset = self._position()
        self.tags.append(StartTag(offset, raw, tag_key(tag, raw, attrs)))
        return offset, raw

    def handle_starttag(self, tag, attrs):
        offset, raw = self._start(tag, attrs)
        if tag in RAW_CONTENT:
            self.open.append((tag, offset, offset + len(raw)))

    def handle_startendtag(self, tag, attrs):
        self._start(tag, attrs)

    def handle_endtag(self, tag):
        position = self._position()
        for index in range(len(self.open) - 1, -1, -1):
            if self.open[index][0] == tag:
                for name, offset, start in self.open[index:]:
                    self.contents.append(Content(name, offset, self.text[start:position]))
                del self.open[index:]
                break


def tag_key(tag: str, raw: str, attrs: list) -> tuple:
    """The tag name as written and each attribute as written, translatable values masked."""
    values = {name: (value or "").strip().lower() for name, value in attrs}
    meta_text = tag == "meta" and (values.get("name") in META_TEXT or values.get("property") in META_TEXT)
    name_match = tagfind_tolerant.match(raw, 1)
    if name_match is None:
        return (raw,)
    kept: list[str] = []
    position = name_match.end()
    while position < len(raw):
        match = attrfind_tolerant.match(raw, position)
        if not match:
            break
        name, rest = match.group(1), match.group(2) or ""
        lowered = name.lower()
        if tag == "html" and lowered in LANGUAGE_MARKS:
            pass  # a language mark: the edition may add or change it
        elif lowered in TEXT_ATTRIBUTES or (meta_text and lowered == "content"):
            kept.append(name + ("=…" if rest else ""))
        else:
            kept.append(name + rest)
        position = match.end()
    closing = "/>" if raw.rstrip().endswith("/>") else ">"
    return (name_match.group(1), tuple(kept), closing)


def html_difference(source_bytes: bytes, edition_bytes: bytes) -> str:
    """The first difference of skeleton, or ""."""
    source, edition = Skeleton(source_bytes.decode("latin-1")), Skeleton(edition_bytes.decode("latin-1"))
    for index, (first, second) in enumerate(zip(source.tags, edition.tags)):
        if first.key != second.key:
            return (f"start tag #{index + 1} differs: source line {source.line_of(first.offset)} "
                    f"{clip(first.raw)} / edition line {edition.line_of(second.offset)} {clip(second.raw)}")
    if len(source.tags) != len(edition.tags):
        longer, which = (source, "source") if len(source.tags) > len(edition.tags) else (edition, "edition")
        extra = longer.tags[min(len(source.tags), len(edition.tags))]
        return (f"{len(source.tags)} start tags in the source, {len(edition.tags)} in the edition; the first "
                f"unmatched, {which} line {longer.line_of(extra.offset)}: {clip(extra.raw)}")
    for index, (first, second) in enumerate(zip(source.contents, edition.contents)):
        if first.tag != second.tag or first.text != second.text:
            return (f"contents of <{first.tag}> #{index + 1} (source line {source.line_of(first.offset)}, "
                    f"edition line {edition.line_of(second.offset)}) differ: "
                    f"{text_difference(first.text, second.text, latin1=True)}")
    if len(source.contents) != len(edition.contents):
        return (f"{len(source.contents)} script/style/pre/code elements in the source, "
                f"{len(edition.contents)} in the edition")
    return ""


def clip(raw: str, most: int = 160) -> str:
    text = latin1_to_text(raw)
    return repr(text if len(text) <= most else text[:most] + "…")


def latin1_to_text(text: str) -> str:
    """A Latin-1 reading of UTF-8 bytes shown as the characters they are (where they are UTF-8)."""
    try:
        return text.encode("latin-1").decode("utf-8", "replace")
    except UnicodeEncodeError:
        return text


def text_difference(source: str, edition: str, context: int = 40, latin1: bool = False) -> str:
    """Around the first difference: `source …` -> `edition …` (latin1: the texts are bytes read as Latin-1)."""
    show = latin1_to_text if latin1 else str
    matcher = difflib.SequenceMatcher(None, source, edition, autojunk=False)
    for tag, first, last, second, second_last in matcher.get_opcodes():
        if tag != "equal":
            start = max(0, first - context)
            left = show(source[start:min(len(source), last + context)])
            right = show(edition[max(0, second - context):min(len(edition), second_last + context)])
            return f"{left!r} -> {right!r}"
    return "(identical)"


# ---------------------------------------------------------------- Markdown skeleton

TEXT_FIELDS = frozenset({"title", "description", "summary", "subtitle", "caption", "alt"})
FENCES = ("---",)
CLOSING = ("---", "...")


def split_front_matter(text: str) -> tuple[str | None, str]:
    """(front matter YAML or None, the Markdown after it)."""
    text = text.removeprefix("\ufeff")
    lines = text.splitlines(keepends=True)
    if not lines or lines[0].rstrip() not in FENCES:
        return None, text
    for index in range(1, len(lines)):
        if lines[index].rstrip() in CLOSING:
            return "".join(lines[1:index]), "".join(lines[index + 1:])
    return None, text


def _markdown_parser():
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark").enable(["table", "strikethrough"])


def markdown_parts(body: str) -> dict[str, list]:
    tokens = _markdown_parser().parse(body)
    blocks, code, links, inline_code, inline = [], [], [], [], Counter()
    for token in tokens:
        if token.type == "inline":
            for child in _walk(token.children or []):
                if child.type not in ("text", "softbreak") and child.nesting != -1:
                    inline[child.type] += 1
                if child.type in ("link_open", "image"):
                    links.append((child.type, child.attrGet("href") if child.type == "link_open"
                                  else child.attrGet("src")))
                elif child.type == "code_inline":
                    inline_code.append(child.content)
            continue
        blocks.append((token.type, token.tag, token.nesting, token.level, token.markup, token.info,
                       tuple(sorted((token.attrs or {}).items())), token.hidden, (token.map or [0])[0] + 1))
        if token.type in ("fence", "code_block"):
            code.append(((token.map or [0])[0] + 1, token.content))
    return {"blocks": blocks, "code": code, "links": links, "inline_code": inline_code, "inline": inline}


def markdown_inline_difference(source_text: str, edition_text: str) -> str:
    """Inline markup markdown-it finds in the body (emphasis, strong, links, images, code, raw HTML,
    hard breaks), counted by kind: a translation that breaks a delimiter changes a count."""
    source = markdown_parts(split_front_matter(source_text)[1])["inline"]
    edition = markdown_parts(split_front_matter(edition_text)[1])["inline"]
    if source == edition:
        return ""
    kinds = sorted(set(source) | set(edition))
    return ", ".join(f"{kind} {source[kind]} -> {edition[kind]}" for kind in kinds if source[kind] != edition[kind])


def _walk(children):
    for child in children:
        yield child
        if child.children:
            yield from _walk(child.children)


def markdown_difference(source_text: str, edition_text: str) -> str:
    source_fm, source_body = split_front_matter(source_text)
    edition_fm, edition_body = split_front_matter(edition_text)
    if (source_fm is None) != (edition_fm is None):
        return f"front matter {'present' if source_fm is not None else 'absent'} in the source, not in the edition"
    if source_fm is not None:
        difference = front_matter_difference(source_fm, edition_fm)
        if difference:
            return difference
    source, edition = markdown_parts(source_body), markdown_parts(edition_body)
    for index, (first, second) in enumerate(zip(source["blocks"], edition["blocks"])):
        if first[:-1] != second[:-1]:
            return (f"block token #{index + 1} differs: source (body line {first[-1]}) {describe_block(first)} / "
                    f"edition (body line {second[-1]}) {describe_block(second)}")
    if len(source["blocks"]) != len(edition["blocks"]):
        return f"{len(source['blocks'])} block tokens in the source, {len(edition['blocks'])} in the edition"
    for index, (first, second) in enumerate(zip(source["code"], edition["code"])):
        if first[1] != second[1]:
            return (f"code block #{index + 1} (source body line {first[0]}) differs: "
                    f"{text_difference(first[1], second[1])}")
    for index, (first, second) in enumerate(zip(source["links"], edition["links"])):
        if first != second:
            return f"link/image destination #{index + 1} differs: source {first[1]!r} / edition {second[1]!r}"
    if len(source["links"]) != len(edition["links"]):
        return (f"{len(source['links'])} link/image destinations in the source, {len(edition['links'])} in the "
                f"edition; first unmatched: {_first_unmatched(source['links'], edition['links'])}")
    if Counter(source["inline_code"]) != Counter(edition["inline_code"]):
        lost = Counter(source["inline_code"]) - Counter(edition["inline_code"])
        new = Counter(edition["inline_code"]) - Counter(source["inline_code"])
        return f"inline code differs: only in the source {sorted(lost)[:3]!r}, only in the edition {sorted(new)[:3]!r}"
    return ""


def _first_unmatched(first: list, second: list):
    shorter, longer = sorted((first, second), key=len)
    return longer[len(shorter)] if len(longer) > len(shorter) else None


def describe_block(block: tuple) -> str:
    kind, tag, nesting, level, markup, info, attrs, hidden, _ = block
    parts = [kind]
    if markup:
        parts.append(f"markup {markup!r}")
    if info:
        parts.append(f"info {info!r}")
    if attrs:
        parts.append(f"attrs {dict(attrs)}")
    parts.append(f"level {level}")
    return " ".join(parts)


def front_matter_difference(source: str, edition: str) -> str:
    from ruamel.yaml import YAML

    try:
        first = YAML(typ="rt").load(source)
    except Exception as error:  # noqa: BLE001 - the source's own problem, said as it is
        return f"source front matter is not YAML ({type(error).__name__})"
    try:
        second = YAML(typ="rt").load(edition)
    except Exception as error:  # noqa: BLE001
        return f"edition front matter is not YAML: {str(error).splitlines()[0] if str(error) else type(error).__name__}"
    return _yaml_difference(first, second, "front matter", None)


def _yaml_difference(first, second, path: str, key) -> str:
    if isinstance(key, str) and key.lower() in TEXT_FIELDS:
        return ""  # a text field: translated, any value
    if isinstance(first, dict):
        if not isinstance(second, dict):
            return f"{path}: a mapping in the source, {type(second).__name__} in the edition"
        if list(first) != list(second):
            return f"{path}: keys {list(first)!r} in the source, {list(second)!r} in the edition"
        for name in first:
            found = _yaml_difference(first[name], second[name], f"{path}.{name}", name)
            if found:
                return found
        return ""
    if isinstance(first, list):
        if not isinstance(second, list) or len(first) != len(second):
            return f"{path}: {first!r} in the source, {second!r} in the edition"
        for index, (one, two) in enumerate(zip(first, second)):
            found = _yaml_difference(one, two, f"{path}[{index}]", None)
            if found:
                return found
        return ""
    if type(first) is not type(second) or first != second:
        return (f"{path}: value {first!r} ({type(first).__name__}) in the source, {second!r} "
                f"({type(second).__name__}) in the edition")
    return ""


# ---------------------------------------------------------------- inline markup of a unit


class InlineTags(HTMLParser):
    """The tags (as written), end tags and character references in an HTML unit's text."""

    def __init__(self, text: str):
        super().__init__(convert_charrefs=False)
        self.found: Counter = Counter()
        self.feed(text)
        self.close()

    def handle_starttag(self, tag, attrs):
        key = tag_key(tag, self.get_starttag_text() or "", attrs)
        self.found[key[0] if len(key) == 1 else "<" + " ".join((key[0], *key[1])) + key[2]] += 1

    handle_startendtag = handle_starttag

    def handle_endtag(self, tag):
        self.found[f"</{tag}>"] += 1

    def handle_entityref(self, name):
        self.found[f"&{name};"] += 1

    def handle_charref(self, name):
        self.found[f"&#{name};"] += 1


def inline_markup(kind: str, text: str) -> Counter:
    """What of a unit's text is inline markup, by kind, read independently of diglot's formats:
    HTML tags and references (html.parser); Markdown inline tokens (markdown-it-py's parseInline:
    emphasis, strong, links and their destinations, images, code spans, raw HTML, breaks)."""
    if kind == "html":
        return InlineTags(text).found
    found: Counter = Counter()
    for token in _markdown_parser().parseInline(text):
        for child in _walk(token.children or []):
            if child.type in ("text", "softbreak") or child.nesting == -1:
                continue
            detail = child.attrGet("href") or child.attrGet("src") or child.content if child.type in (
                "link_open", "image", "code_inline", "html_inline") else ""
            found[f"{child.type} {detail}".strip()] += 1
    return found


def inline_difference(first: Counter, second: Counter) -> str:
    lost, new = first - second, second - first
    return f"only in the source {sorted(lost.elements())[:3]}, only in the edition {sorted(new.elements())[:3]}"


# ---------------------------------------------------------------- units and catalogs


@dataclass
class Read:
    """A file as diglot's format reads it: decoded text and units."""

    source: str
    units: list
    error: str = ""


def read_units(path: Path) -> Read:
    try:
        document = read_document(path)
        units = format_named(document.format).units(document)
    except InputError as error:
        return Read("", [], str(error))
    return Read(document.source, units)


def plain(unit) -> str:
    """The unit's text with its inline markup blanked out (Segment.plain)."""
    characters = list(unit.text)
    for start, end in unit.markup:
        characters[start:end] = " " * (end - start)
    return "".join(characters)


def words(text: str) -> int:
    return sum(1 for token in text.split() if any(character.isalpha() for character in token))


def catalog_entries(locales: Path, lang: str, doc_id: str) -> list | None:
    catalog = load_catalog(catalog_path(locales, lang, doc_id))
    return None if catalog is None else [entry for entry in catalog if not entry.obsolete]


def machine_translated(entries: list) -> int:
    """Entries whose extracted comment has an `engine:` line (machine output, new or from memory)."""
    return sum(any(line.startswith(ENGINE_NOTE) for line in comment_lines(entry)) for entry in entries)


LEFTOVERS = {
    "placeholder residue": PLACEHOLDER_RESIDUE_RE,
    "private-use character": re.compile("[\ue000-\uf8ff]"),
    "escaped tag": re.compile(r"&lt;[A-Za-z/]"),
}


def leftovers(source: str, edition: str) -> dict[str, list[str]]:
    """Per kind, the occurrences in the edition beyond the source's count (with some context)."""
    found = {}
    for name, pattern in LEFTOVERS.items():
        extra = len(pattern.findall(edition)) - len(pattern.findall(source))
        if extra > 0:
            source_counts = Counter(match.group(0) for match in pattern.finditer(source))
            examples = []
            for match in pattern.finditer(edition):
                if source_counts[match.group(0)] > 0:
                    source_counts[match.group(0)] -= 1
                    continue
                examples.append(repr(edition[max(0, match.start() - 40):match.end() + 40]))
            found[name] = [f"{extra} more than the source"] + examples[:2]
    return found


# ---------------------------------------------------------------- scoring a page


@dataclass
class Score:
    page: str
    edition: str  # en / es
    own: bool
    whole: str = "not scored"  # "" = pass
    units: int = 0
    unchanged: int = 0
    counts_differ: str = ""
    first_changed: str = ""
    identical: bool | None = None
    engine_entries: int = 0
    eligible: int = 0  # other edition: source-language units of 4+ words
    translated: int = 0
    untranslated: list[str] = field(default_factory=list)
    leftovers: dict[str, list[str]] = field(default_factory=dict)
    changed: list[str] = field(default_factory=list)  # own edition: changed units, with the catalog's lang/kind
    # own edition, by the language diglot found (catalog aligned with the units): units found in the other
    # language, and of those changed; units in the page's language changed by mixed spans, or otherwise
    other_language: int = 0
    other_language_changed: int = 0
    changed_mixed: int = 0
    changed_same: int = 0
    inline_changed: list[str] = field(default_factory=list)  # units whose inline markup differs
    note: str = ""


def score_page(page: Page, lang: str, locales: Path, source_read: Read) -> Score:
    score = Score(page.relative, lang, lang == page.lang)
    edition_file = edition_path(locales, lang, page.doc_id, page.copy.suffix.lower())
    if page.refused:
        score.whole = f"diglot failed on the page: {page.refused}"
        return score
    if not edition_file.is_file():
        score.whole = f"no edition written ({edition_file.name})"
        return score
    source_bytes, edition_bytes = page.copy.read_bytes(), edition_file.read_bytes()
    try:
        if page.format == "html":
            score.whole = html_difference(source_bytes, edition_bytes)
        else:
            score.whole = markdown_difference(source_bytes.decode("utf-8"), edition_bytes.decode("utf-8"))
    except Exception as error:  # noqa: BLE001 - a checker failure is reported, not fatal
        score.whole = f"could not compare: {type(error).__name__}: {error}"
    edition_read = read_units(edition_file)
    if source_read.error or edition_read.error:
        score.note = f"units unreadable: {source_read.error or edition_read.error}"
        score.units = len(source_read.units)
        return score
    score.leftovers = leftovers(source_read.source, edition_read.source)
    source_units, edition_units = source_read.units, edition_read.units
    score.units = len(source_units)
    entries = catalog_entries(locales, lang, page.doc_id) or []
    score.engine_entries = machine_translated(entries)
    if len(source_units) != len(edition_units):
        score.counts_differ = f"{len(source_units)} units in the source, {len(edition_units)} in the edition"
        return score
    for first, second in zip(source_units, edition_units):
        if first.text != second.text:
            before, after = inline_markup(page.format, first.text), inline_markup(page.format, second.text)
            if before != after:
                score.inline_changed.append(f"line {first.line}: {inline_difference(before, after)}; "
                                            f"{clip_text(first.text, 100)} -> {clip_text(second.text, 100)}")
    aligned = len(entries) == len(source_units) and all(entry.msgid == unit.text
                                                        for entry, unit in zip(entries, source_units))
    if score.own:
        changed = [(index, first, second) for index, (first, second) in enumerate(zip(source_units, edition_units))
                   if first.text != second.text]
        score.unchanged = score.units - len(changed)
        if changed:
            _, first, second = changed[0]
            score.first_changed = f"line {first.line}: {text_difference(first.text, second.text)}"
        score.changed = [f"line {first.line} [{entry_label(entries[index]) if aligned else '?'}]: "
                         f"{clip_text(first.text, 100)} -> {clip_text(second.text, 100)}"
                         for index, first, second in changed]
        if aligned:
            count_by_language(score, page.lang, entries, source_units, edition_units)
        if score.engine_entries == 0:
            score.identical = source_bytes == edition_bytes
            if not score.identical:
                score.first_changed = score.first_changed or first_byte_difference(source_bytes, edition_bytes)
        return score
    if not aligned:
        score.note = f"catalog ({len(entries)} entries) does not match the source units ({len(source_units)})"
        return score
    for entry, first, second in zip(entries, source_units, edition_units):
        if source_language(entry) == page.lang and words(plain(first)) >= MIN_WORDS:
            score.eligible += 1
            if first.text != second.text:
                score.translated += 1
            else:
                score.untranslated.append(f"line {first.line} [{entry_label(entry)}"
                                          f"{', role ' + first.role if first.role else ''}]: {clip_text(first.text)}")
    return score


def count_by_language(score: Score, page_lang: str, entries, source_units, edition_units) -> None:
    """Own edition: which of its units diglot found in the other language (they are translated, as the
    issue wants site chrome translated), and why a unit in the page's language changed."""
    for entry, first, second in zip(entries, source_units, edition_units):
        found, changed = source_language(entry), first.text != second.text
        if found not in (page_lang, "und") and "; mixed: " not in entry.comment:
            score.other_language += 1
            score.other_language_changed += changed
        elif changed and "; mixed: " in entry.comment:
            score.changed_mixed += 1
        elif changed:
            score.changed_same += 1


def entry_label(entry) -> str:
    """The catalog's `lang: xx; kind: yy` of an entry and how its text came (engine, copied, carried)."""
    lines = comment_lines(entry)
    origin = next((line.split(":")[0] for line in lines[1:] if line.startswith((ENGINE_NOTE, "copied", "carried",
                                                                                "reused"))), "")
    return "; ".join(part for part in (lines[0] if lines else "", origin) if part)


def first_byte_difference(first: bytes, second: bytes) -> str:
    index = next((i for i, (a, b) in enumerate(zip(first, second)) if a != b), min(len(first), len(second)))
    line = first.count(b"\n", 0, index) + 1
    return (f"bytes differ from offset {index} (source line {line}): "
            f"{first[max(0, index - 30):index + 40]!r} -> {second[max(0, index - 30):index + 40]!r}")


def clip_text(text: str, most: int = 120) -> str:
    return repr(text if len(text) <= most else text[:most] + "…")


# ---------------------------------------------------------------- tables


def section_pages(data: Path, work: Path, examples: int, only_pairs: bool, figures: dict) -> list[Page]:
    pages_dir = data / "pages"
    pages = read_manifest(pages_dir)
    if only_pairs:
        pages = [page for page in pages if page.pair]
    folder, locales = work / "pages", work / "locales"
    copy_pages(pages, pages_dir, folder)
    runs, note = translate_pages(pages, folder, locales)
    print(f"command: {shown(runs[0].command)}")
    print(f"  exit {runs[0].returncode}, {runs[0].wall:.0f} s wall, {runs[0].cpu:.0f} CPU-s; "
          f"{last_lines(runs[0].stderr, 1)}")
    if note:
        print(f"  NOTE: {note}")
    figures["pages_run"] = {"command": shown(runs[0].command), "exit": runs[0].returncode, "wall_s": runs[0].wall,
                            "cpu_s": runs[0].cpu, "note": note,
                            "refused": {page.relative: page.refused for page in pages if page.refused}}
    if only_pairs:
        return pages
    scores = []
    for page in pages:
        source_read = read_units(page.copy)
        for lang in ("en", "es"):
            scores.append(score_page(page, lang, locales, source_read))
    report_pages(pages, scores, examples, figures)
    return pages


def report_pages(pages: list[Page], scores: list[Score], examples: int, figures: dict) -> None:
    print()
    print(f"## 1. Whole pages: the edition has its source's skeleton ({len(pages)} pages x 2 editions)")
    rows = []
    for kind in ("html", "md"):
        for lang in ("en", "es"):
            group = [score for score in scores if score.page.startswith(f"{kind}/{lang}/")]
            rows.append([f"{kind}/{lang}", len(group), sum(not s.whole for s in group),
                         _share(sum(not s.whole for s in group), len(group))])
    passed = sum(not score.whole for score in scores)
    rows.append(["all", len(scores), passed, _share(passed, len(scores))])
    print_table(["pages", "page-editions", "pass", "share"], rows)
    print("target 100%. Failures (page, edition: first difference):")
    failures = [score for score in scores if score.whole]
    for score in failures:
        print(f"  {score.page} [{score.edition}{' own' if score.own else ''}]: {score.whole}")
    if not failures:
        print("  none")

    print()
    inline = [score for score in scores if score.inline_changed]
    print(f"## 1b. Inline markup (not in the target's definition): page-editions with a unit whose inline markup "
          f"differs from its source's, read independently: {len(inline)} of {len(scores)}")
    for score in inline:
        print(f"  {score.page} [{score.edition}]: {len(score.inline_changed)} units")
        for example in score.inline_changed[:examples]:
            print(f"      {example}")

    print()
    own = [score for score in scores if score.own]
    total_units = sum(score.units for score in own)
    unchanged = sum(score.unchanged for score in own)
    eligible = [score for score in own if score.identical is not None]
    identical = sum(bool(score.identical) for score in eligible)
    print("## 2. Own-language editions (edition in the page's language)")
    print_table(["measure", "count", "of", "share", "target"],
                [["units unchanged", unchanged, total_units, _share(unchanged, total_units), ">= 99%"],
                 ["editions byte-identical, no entry machine-translated", identical, len(eligible),
                  _share(identical, len(eligible)), "100%"],
                 ["editions with some entry machine-translated", len(own) - len(eligible), len(own), "", ""]])
    other_language = sum(score.other_language for score in own)
    own_language = total_units - other_language
    mixed, same = sum(score.changed_mixed for score in own), sum(score.changed_same for score in own)
    print("why units changed, by the language diglot found (the catalog's lang:):")
    print_table(["units", "count", "of", "share"],
                [["found in the other language, translated (chrome such as 'Close', 'Share' included)",
                  sum(score.other_language_changed for score in own), other_language,
                  _share(sum(score.other_language_changed for score in own), other_language)],
                 ["in the page's language, a span of the other language translated", mixed, own_language,
                  _share(mixed, own_language)],
                 ["in the page's language, otherwise changed (glossary names in canonical form)", same, own_language,
                  _share(same, own_language)],
                 ["in the page's language, unchanged", own_language - mixed - same, own_language,
                  _share(own_language - mixed - same, own_language)]])
    print(f"pages with changed units or a different unit count (the first {examples} changes; [the catalog's "
          "lang, kind and origin]):")
    listed = 0
    for score in own:
        if score.counts_differ or score.note or score.unchanged < score.units or score.identical is False:
            listed += 1
            what = score.counts_differ or score.note or f"{score.units - score.unchanged} of {score.units} changed"
            if score.identical is False:
                what += f"; not byte-identical although nothing was machine-translated: {score.first_changed}"
            print(f"  {score.page}: {what}")
            for change in score.changed[:examples]:
                print(f"      {change}")
    if not listed:
        print("  none")

    print()
    other = [score for score in scores if not score.own]
    eligible_units = sum(score.eligible for score in other)
    translated = sum(score.translated for score in other)
    print(f"## 3. Other editions: source-language units of {MIN_WORDS}+ words translated")
    rows = []
    for kind in ("html", "md"):
        group = [score for score in other if score.page.startswith(kind + "/")]
        rows.append([kind, sum(s.eligible for s in group), sum(s.translated for s in group),
                     _share(sum(s.translated for s in group), sum(s.eligible for s in group))])
    rows.append(["all", eligible_units, translated, _share(translated, eligible_units)])
    print_table(["pages", "units", "translated", "share"], rows)
    print("target >= 95%. Pages with untranslated units (count; first examples) or not scored:")
    listed = 0
    for score in other:
        if score.untranslated or score.note or score.counts_differ:
            listed += 1
            what = score.note or score.counts_differ or f"{len(score.untranslated)} of {score.eligible} untranslated"
            print(f"  {score.page} [{score.edition}]: {what}")
            for example in score.untranslated[:examples]:
                print(f"      {example}")
    if not listed:
        print("  none")

    print()
    dirty = [score for score in scores if score.leftovers]
    print(f"## 4. Leftovers: editions with placeholders, private-use characters or escaped tags the source lacks: "
          f"{len(dirty)} of {len(scores)} (target 0)")
    for score in dirty:
        for kind, found in score.leftovers.items():
            print(f"  {score.page} [{score.edition}] {kind}: {found[0]}; " + " ".join(found[1:]))

    figures["pages"] = {
        "page_editions": len(scores),
        "whole_pass": passed, "whole_share": passed / max(1, len(scores)),
        "whole_failures": [{"page": s.page, "edition": s.edition, "difference": s.whole} for s in failures],
        "own_units": total_units, "own_unchanged": unchanged, "own_unchanged_share": unchanged / max(1, total_units),
        "own_other_language_units": other_language,
        "own_other_language_changed": sum(score.other_language_changed for score in own),
        "own_language_units": own_language, "own_language_changed_mixed": mixed,
        "own_language_changed_otherwise": same,
        "own_identical_eligible": len(eligible), "own_identical": identical,
        "own_problems": [{"page": s.page, "counts_differ": s.counts_differ, "note": s.note,
                          "changed": s.units - s.unchanged, "units": s.units, "identical": s.identical,
                          "first_change": s.first_changed}
                         for s in own if s.counts_differ or s.note or s.unchanged < s.units or s.identical is False],
        "other_units": eligible_units, "other_translated": translated,
        "other_share": translated / max(1, eligible_units),
        "other_untranslated": {f"{s.page} [{s.edition}]": s.untranslated or s.note or s.counts_differ
                               for s in other if s.untranslated or s.note or s.counts_differ},
        "inline_markup_changed": {f"{s.page} [{s.edition}]": s.inline_changed for s in inline},
        "own_changed_units": {s.page: s.changed for s in own if s.changed},
        "leftover_editions": len(dirty),
        "leftovers": {f"{s.page} [{s.edition}]": s.leftovers for s in dirty},
    }


def _share(part: int, whole: int) -> str:
    return f"{100 * part / whole:.2f}%" if whole else "–"


# ---------------------------------------------------------------- cost


def cost_inputs(lines: list[str], folder: Path) -> dict[str, Path]:
    folder.mkdir(parents=True)
    paths = {"txt": folder / "newstest2012.txt", "html": folder / "newstest2012.html", "md": folder / "newstest2012.md"}
    paths["txt"].write_text("\n".join(lines) + "\n", encoding="utf-8")
    paths["html"].write_text(
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>newstest2012</title></head><body>\n'
        + "".join(f"<p>{html.escape(line, quote=False)}</p>\n" for line in lines) + "</body></html>\n",
        encoding="utf-8")
    paths["md"].write_text("---\ntitle: newstest2012\n---\n\n" + "\n\n".join(lines) + "\n", encoding="utf-8")
    return paths


def section_cost(data: Path, work: Path, rounds: int, examples: int, figures: dict) -> None:
    source = data / "newstest" / "newstest2012.eng"
    lines = [" ".join(line.split()) for line in source.read_text(encoding="utf-8").splitlines()]
    lines = [line for line in lines if line]
    paths = cost_inputs(lines, work / "cost")
    cpu: dict[str, list[float]] = {name: [] for name in paths}
    wall: dict[str, list[float]] = {name: [] for name in paths}
    commands = {}
    for _ in range(rounds):
        for name, path in paths.items():
            locales = work / f"cost-locales-{name}"
            shutil.rmtree(locales, ignore_errors=True)
            command = [*diglot_command(), "translate", str(path), "--to", "es", "--engine", "apertium",
                       "--locales", str(locales)]
            run, _ = run_measured(command)
            if failed(run):
                print(f"cost: {shown(command)} failed (exit {run.returncode}): {last_lines(run.stderr)}")
                figures["cost"] = {"error": f"{name}: {last_lines(run.stderr)}"}
                return
            cpu[name].append(run.cpu)
            wall[name].append(run.wall)
            commands[name] = shown(command)
    print(f"## 5. Cost: newstest2012.eng, {len(lines):,} paragraphs, --to es, {rounds} interleaved rounds")
    for name in paths:
        print(f"command: {commands[name]}")
    ratios = {name: [value / base for value, base in zip(cpu[name], cpu["txt"])] for name in ("html", "md")}
    rows = [[name, *[f"{value:.2f}" for value in cpu[name]], statistics.median(cpu[name]),
             statistics.median(wall[name]),
             f"{statistics.median(ratios[name]):.3f}" if name in ratios else "1"]
            for name in paths]
    print_table(["input", *[f"CPU-s round {n + 1}" for n in range(rounds)], "median CPU-s", "median wall s",
                 "median ratio to txt"], rows)
    print(f"target: html/txt and md/txt <= {TARGETS['cost ratio']:.2f} (user+sys of diglot and its children)")
    mismatches = compare_cost_editions(work, lines, examples)
    figures["cost"] = {"paragraphs": len(lines), "rounds": rounds, "cpu_s": cpu, "wall_s": wall,
                       "ratio_median": {name: statistics.median(values) for name, values in ratios.items()},
                       "ratios": ratios, "edition_mismatches": mismatches, "commands": commands,
                       "input": text_hash(lines)}


def compare_cost_editions(work: Path, lines: list[str], examples: int) -> dict:
    """The es translation of each paragraph, per input format; differences from the text run's."""
    texts: dict[str, list[str] | str] = {}
    edition_txt = work / "cost-locales-txt" / "es" / "newstest2012.txt"
    texts["txt"] = [line for line in edition_txt.read_text(encoding="utf-8").splitlines() if line.strip()]
    for name, suffix in (("html", ".html"), ("md", ".md")):
        read = read_units(work / f"cost-locales-{name}" / "es" / f"newstest2012{suffix}")
        if read.error:
            texts[name] = f"unreadable: {read.error}"
            continue
        paragraphs = [unit.text for unit in read.units if unit.role == ""]
        texts[name] = [html.unescape(text) for text in paragraphs] if name == "html" else paragraphs
    result = {}
    for name in ("html", "md"):
        found = texts[name]
        if isinstance(found, str) or len(found) != len(texts["txt"]):
            what = found if isinstance(found, str) else f"{len(found)} paragraphs against {len(texts['txt'])}"
            print(f"es editions, {name} against txt: {what}")
            result[name] = {"error": what}
            continue
        differ = [(number, first, second) for number, (first, second) in enumerate(zip(texts["txt"], found), start=1)
                  if " ".join(first.split()) != " ".join(second.split())]
        print(f"es editions, {name} against txt: {len(differ)} of {len(found):,} paragraphs translated differently")
        for number, first, second in differ[:examples]:
            print(f"    paragraph {number} (source {clip_text(lines[number - 1], 90)}): "
                  f"{text_difference(first, second, 30)}")
        result[name] = {"differ": len(differ), "examples": [[n, a, b] for n, a, b in differ[:examples]]}
    return result


# ---------------------------------------------------------------- pairs (chrF)


def document_string(units: list) -> str:
    return " ".join(" ".join(plain(unit).split()) for unit in units if plain(unit).strip())


def section_pairs(pages: list[Page], work: Path, figures: dict) -> None:
    import sacrebleu

    locales = work / "locales"
    by_relative = {page.relative: page for page in pages}
    pairs = [(page, by_relative[page.pair]) for page in pages
             if page.pair and page.lang == "en" and page.pair in by_relative]
    metric = sacrebleu.metrics.CHRF()
    directions = {"en->es": [], "es->en": []}  # (name, hypothesis, untranslated, plain-mt units, reference)
    for english, spanish in pairs:
        for source, reference, target in ((english, spanish, "es"), (spanish, english, "en")):
            source_units = read_units(source.copy).units
            reference_units = read_units(reference.copy).units
            edition = read_units(edition_path(locales, target, source.doc_id, source.copy.suffix.lower()))
            directions[f"{source.lang}->{target}"].append(
                (Path(source.relative).stem, source_units, edition, reference_units))
    print(f"## 6. chrF of the editions of the {len(pairs)} en/es pairs against the human translation "
          "(document level: units' text, markup blanked)")
    rows, result = [], {}
    for direction, items in directions.items():
        source_lang, target = direction.split("->")
        plain_mt = plain_translations(items, source_lang, target)
        hypotheses, sources, plains, references = [], [], [], []
        for (name, source_units, edition, reference_units), mt_doc in zip(items, plain_mt):
            hypothesis = document_string(edition.units) if not edition.error else ""
            hypotheses.append(hypothesis)
            sources.append(document_string(source_units))
            plains.append(mt_doc)
            references.append(document_string(reference_units))
            rows.append([direction, name, metric.sentence_score(hypothesis, [references[-1]]).score,
                         metric.sentence_score(mt_doc, [references[-1]]).score,
                         metric.sentence_score(sources[-1], [references[-1]]).score])
        corpus = metric.corpus_score(hypotheses, [references]).score
        corpus_plain = metric.corpus_score(plains, [references]).score
        corpus_source = metric.corpus_score(sources, [references]).score
        rows.append([direction, "corpus", corpus, corpus_plain, corpus_source])
        result[direction] = {
            "corpus": corpus, "corpus_plain_mt": corpus_plain, "corpus_untranslated": corpus_source,
            "documents": {row[1]: row[2] for row in rows if row[0] == direction and row[1] != "corpus"}}
    print_table(["direction", "post (source)", "chrF edition", "chrF plain text via diglot mt", "chrF untranslated"],
                rows)
    print(f"sacrebleu chrF {metric.get_signature()}; plain text via diglot mt: each unit the edition translated, "
          "markup taken out, one line each through `diglot mt --engine apertium`")
    figures["pairs"] = {"signature": str(metric.get_signature()), **result}


def plain_translations(items: list, source: str, target: str) -> list[str]:
    """Each document's string with its translated units sent to `diglot mt` as plain text (no markup)."""
    lines, places = [], []
    for index, (_, source_units, edition, _) in enumerate(items):
        edition_units = edition.units if len(edition.units) == len(source_units) else source_units
        for unit_index, (first, second) in enumerate(zip(source_units, edition_units)):
            if first.text != second.text:
                places.append((index, unit_index))
                lines.append(" ".join(plain(first).split()))
    run, output = run_measured([*diglot_command(), "mt", "--from", source, "--to", target, "--engine", "apertium"],
                               stdin="\n".join(lines) + "\n")
    translated = output.splitlines()
    if failed(run) or len(translated) != len(lines):
        print(f"diglot mt {source}->{target} failed (exit {run.returncode}): {last_lines(run.stderr)}")
        translated = [""] * len(lines)
    by_place = dict(zip(places, translated))
    documents = []
    for index, (_, source_units, _, _) in enumerate(items):
        pieces = [by_place.get((index, unit_index), " ".join(plain(unit).split()))
                  for unit_index, unit in enumerate(source_units)]
        documents.append(" ".join(piece for piece in pieces if piece.strip()))
    return documents


# ---------------------------------------------------------------- main


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", default=str(DEFAULT_DATA), help="data folder (default ../shared/data)")
    parser.add_argument("--only", default="pages,cost,pairs", help="comma-separated: pages, cost, pairs")
    parser.add_argument("--rounds", type=int, default=3, help="interleaved rounds of the cost runs (default 3)")
    parser.add_argument("--keep", help="keep the inputs and locales in this folder")
    parser.add_argument("--json", help="write the figures to this file")
    parser.add_argument("--examples", type=int, default=5, help="examples per list (default 5)")
    args = parser.parse_args(argv)
    parts = [part.strip() for part in args.only.split(",") if part.strip()]
    unknown = [part for part in parts if part not in ("pages", "cost", "pairs")]
    if unknown:
        parser.error(f"unknown part {', '.join(unknown)}; choose from pages, cost, pairs")
    data = Path(args.data).resolve()
    needed = []
    if {"pages", "pairs"} & set(parts):
        needed.append(data / "pages" / "MANIFEST.tsv")
    if "cost" in parts:
        needed.append(data / "newstest" / "newstest2012.eng")
    reason = unavailable(needed)
    if reason:
        print(reason, file=sys.stderr)
        return 2
    work, scratch = prepare_work(args.keep, "formats")
    figures: dict = {"command": "python benchmarks/formats.py " + " ".join(argv if argv is not None else sys.argv[1:])}
    print(f"command: {figures['command']}")
    try:
        pages = None
        if "pages" in parts or "pairs" in parts:
            pages = section_pages(data, work, args.examples, "pages" not in parts, figures)
            print()
        if "cost" in parts:
            section_cost(data, work, args.rounds, args.examples, figures)
            print()
        if "pairs" in parts:
            section_pairs(pages, work, figures)
            print()
        page_files = sorted(data.glob("pages/*/*/*")) if pages is not None else []
        inputs = {}
        if page_files:
            inputs["pages"] = file_hash(data / "pages" / "MANIFEST.tsv", *page_files)
        if "cost" in parts:
            inputs["newstest2012.eng"] = file_hash(data / "newstest" / "newstest2012.eng")
        line = signature(engine="apertium eng-spa", inputs=inputs,
                         segments=f"{len(pages)} pages" if pages else "-",
                         glossary=f"glossaries/names.csv {glossary_hash()}", data=str(data))
        print(line)
        figures["signature"] = line
        if args.keep:
            print(f"kept: {work}")
    finally:
        if scratch is not None:
            scratch.cleanup()
    write_figures(args.json, figures)
    return 0


if __name__ == "__main__":
    sys.exit(main())

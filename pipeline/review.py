"""The review report: one self-contained HTML page of a batch, source and editions side by side.

Every piece of article or catalog text goes through `html.escape`; the inline
markup of an HTML page's or a Markdown post's units (its format's `inline_codes`)
shows as small chips, the whole of a long one in the chip's title. The page's
only script and style are inline and allowed by hash in its Content Security
Policy, so nothing else can run or be fetched even if escaping were missed.
Without script the page shows every row; the script adds the needs-review filter.
"""

from __future__ import annotations

import base64
import difflib
import hashlib
import re
from dataclasses import dataclass, field
from html import escape
from pathlib import Path

import polib

from .batch import analyse
from .catalog import (
    CHECK_NOTE, COPIED_NOTE, ENGINE_NOTE, LANGUAGE_NAMES, PREVIOUS_TRANSLATION, comment_lines, comment_values,
    is_untouched_copy, load_catalog, unknown_words,
)
from .check import entry_findings
from .errors import InputError
from .exchange import locate_codes
from .files import write_atomic
from .formats import Format, format_named
from .glossary import Glossary
from .model import Document, Segment

Key = tuple[str | None, str]  # (msgctxt, msgid), as gettext identifies an entry
STATES = ("missing", "untranslated", "fuzzy", "reviewed", "copied")
CHIP_LENGTH = 40  # a longer piece of markup shows its start and end, the whole in its title


@dataclass(frozen=True)
class Mark:
    """Characters [start, end) of a text to wrap in <tag class=cls title=title>, showing
    `label` instead of them when it is set."""

    start: int
    end: int
    tag: str
    cls: str
    title: str = ""
    label: str | None = None


@dataclass
class Edition:
    """One language's catalog of a document, its entries by key."""

    lang: str
    catalog: polib.POFile
    findings: dict[Key, list[str]]
    entries: dict[Key, polib.POEntry] = field(init=False)

    def __post_init__(self) -> None:
        self.entries = {(e.msgctxt, e.msgid): e for e in self.catalog if not e.obsolete}


@dataclass
class Summary:
    documents: int = 0
    segments: int = 0
    entries: int = 0
    needs_review: int = 0
    states: dict[str, int] = field(default_factory=dict)


def write_review(paths: list[str | Path], locales: Path, glossary: Glossary, html_path: Path) -> Summary:
    """Build the report of `paths` with the catalogs in `locales` and write it to `html_path`."""
    if not html_path.parent.is_dir():
        raise InputError("folder of the HTML report does not exist; create it first", html_path.parent)
    if html_path.is_dir():
        raise InputError("is a folder; give a file name for the HTML report", html_path)
    if not locales.is_dir():
        raise InputError("no such locales folder; run `diglot translate` first", locales)
    page, summary = build_review(paths, locales, glossary)
    write_atomic(html_path, page.encode("utf-8"))
    return summary


def build_review(paths: list[str | Path], locales: Path, glossary: Glossary) -> tuple[str, Summary]:
    summary = Summary()
    documents = analyse(paths, glossary)
    sections = [_document_section(document, _editions(locales, document, glossary), glossary, summary)
                for document in documents]
    return _page(documents, sections, summary), summary


def check_findings(path: Path, catalog: polib.POFile, glossary: Glossary) -> dict[Key, list[str]]:
    """What `diglot check` finds in each entry of the catalog."""
    found: dict[Key, list[str]] = {}
    for entry, message in entry_findings(path, catalog, glossary):
        found.setdefault((entry.msgctxt, entry.msgid), []).append(message)
    return found


def _editions(locales: Path, document: Document, glossary: Glossary) -> list[Edition]:
    editions = []
    for path in sorted(locales.glob(f"*/LC_MESSAGES/{document.doc_id}.po")):
        catalog = load_catalog(path)
        if catalog is not None:
            lang = path.parent.parent.name
            editions.append(Edition(lang, catalog, check_findings(path, catalog, glossary)))
    return editions


def _segment_keys(document: Document) -> list[Key]:
    """The catalog key of each segment: repeated texts get msgctxt "occurrence N", as in catalog.py."""
    seen: dict[str, int] = {}
    keys: list[Key] = []
    for segment in document.segments:
        seen[segment.text] = seen.get(segment.text, 0) + 1
        count = seen[segment.text]
        keys.append((f"occurrence {count}" if count > 1 else None, segment.text))
    return keys


# --- one document -----------------------------------------------------------------------------


def _document_section(document: Document, editions: list[Edition], glossary: Glossary, summary: Summary) -> str:
    markup = format_named(document.format) if document.format != "text" else None
    rows = [_row(document, segment, key, editions, glossary, markup, summary)
            for segment, key in zip(document.segments, _segment_keys(document))]
    pending = sum(needs for _, needs in rows)
    summary.documents += 1
    summary.segments += len(rows)
    langs = ", ".join(edition.lang for edition in editions) or "none"
    head = "".join(f"<th>{escape(_language_name(e.lang))}</th>" for e in editions)
    note = "" if editions else '<p class="warn">No catalogs for this document: run <code>diglot translate</code>.</p>'
    return (
        f'<section class="doc{"" if pending else " done"}" id="doc-{escape(document.doc_id)}">'
        f"<h2>{escape(document.path.as_posix())}</h2>"
        f'<p class="docmeta">source mostly <b>{escape(document.lang)}</b> · '
        f'{_count(len(rows), "segment", bold=False)} · {pending} need review · editions: {escape(langs)}</p>{note}'
        f'<table><colgroup><col class="c-meta"><col span="{1 + len(editions)}"></colgroup>'
        f"<thead><tr><th>Line</th><th>Source</th>{head}</tr></thead>"
        f"<tbody>{''.join(html for html, _ in rows)}</tbody></table></section>"
    )


def _language_name(lang: str) -> str:
    return f"{LANGUAGE_NAMES.get(lang, lang)} ({lang})"


def _row(document: Document, segment: Segment, key: Key, editions: list[Edition], glossary: Glossary,
         markup: Format | None, summary: Summary) -> tuple[str, bool]:
    """The row's HTML and whether anything in it needs review."""
    cells = []
    pending = not editions
    entries = [edition.entries.get(key) for edition in editions]
    for edition, entry in zip(editions, entries):
        state = _state(entry)
        findings = _findings(entry, edition.findings.get(key, []))
        needs = state not in ("reviewed", "copied") or bool(findings)
        pending |= needs
        summary.entries += entry is not None
        summary.needs_review += needs
        summary.states[state] = summary.states.get(state, 0) + 1
        cells.append(_edition_cell(segment, edition.lang, entry, state, findings, glossary, markup))
    previous = list(dict.fromkeys(entry.previous_msgid for entry in entries if entry and entry.previous_msgid))
    anchor = f"{document.doc_id}-L{segment.line}"
    html = (
        f'<tr class="{"pending" if pending else "done"}" id="{escape(anchor)}" data-kind="{escape(segment.kind)}">'
        f"{_meta_cell(segment, anchor)}{_source_cell(segment, glossary, previous, markup)}"
        f"{''.join(cells)}</tr>"
    )
    return html, pending


def _state(entry: polib.POEntry | None) -> str:
    if entry is None:
        return "missing"
    if not entry.msgstr:
        return "untranslated"
    if entry.fuzzy:
        return "fuzzy"
    return "copied" if is_untouched_copy(entry) else "reviewed"


def _meta_cell(segment: Segment, anchor: str) -> str:
    badges = [f'<span class="b lang-{escape(segment.lang)}">{escape(segment.lang)}</span>',
              f'<span class="b kind">{escape(segment.kind)}</span>']
    if segment.mixed:
        badges.append('<span class="b mixed">mixed</span>')
    return f'<td class="meta"><a href="#{escape(anchor)}">{segment.line}</a>{"".join(badges)}</td>'


def _source_cell(segment: Segment, glossary: Glossary, previous: list[str], markup: Format | None) -> str:
    layers = [_code_marks(segment.text, markup), _span_marks(segment), _hit_marks(segment, glossary)]
    diffs = "".join(
        f'<div class="diff"><span class="label">source changed</span>{_word_diff(old, segment.text)}</div>'
        for old in previous
    )
    return f'<td class="src"><div class="text">{_marked(segment.text, layers)}</div>{diffs}</td>'


def _edition_cell(segment: Segment, lang: str, entry: polib.POEntry | None, state: str, findings: list[str],
                  glossary: Glossary, markup: Format | None) -> str:
    if entry is None:
        return '<td class="ed missing"><span class="state missing">missing</span>' \
               '<p class="note">no entry for this segment: run <code>diglot translate</code></p></td>'
    unknown = unknown_words(comment_lines(entry))
    layers = [_code_marks(entry.msgstr, markup), _term_marks(segment, lang, entry.msgstr, glossary),
              _word_marks(entry.msgstr, unknown)]
    copy = " copy" if entry.msgstr == segment.text else ""
    notes = [f'<li class="origin">{escape(line)}</li>' for line in _origin(entry)]
    notes += [f'<li class="unk">unknown words: {escape(", ".join(unknown))}</li>'] if unknown else []
    notes += [f'<li class="check">{escape(text)}</li>' for text in findings]
    notes += [f'<li class="prev">{escape(line)}</li>' for line in comment_lines(entry)
              if line.startswith(PREVIOUS_TRANSLATION)]
    return (
        f'<td class="ed {state}"><span class="state {state}">{state}</span>'
        f'<div class="text{copy}">{_marked(entry.msgstr, layers)}</div><ul class="notes">{"".join(notes)}</ul></td>'
    )


def _findings(entry: polib.POEntry | None, external: list[str]) -> list[str]:
    own = comment_values(entry, CHECK_NOTE) if entry is not None else []
    return list(dict.fromkeys(own + external))


def _origin(entry: polib.POEntry) -> list[str]:
    return [line for line in comment_lines(entry) if line.startswith((ENGINE_NOTE, COPIED_NOTE, "carried over"))]


# --- marking text -----------------------------------------------------------------------------


def _code_marks(text: str, markup: Format | None) -> list[Mark]:
    """Each piece of inline markup of `text` (tags, link destinations, emphasis, code) as a chip."""
    codes = markup.inline_codes(text) if markup is not None and text else []
    spans = locate_codes(text, codes) or []
    return [Mark(start, end, "span", "code", code if len(code) > CHIP_LENGTH else "", _chip_label(code))
            for code, (start, end) in zip(codes, spans)]


def _chip_label(code: str) -> str:
    """The markup as written, a long one (a link with its URL) cut to its start and end."""
    return code if len(code) <= CHIP_LENGTH else f"{code[:CHIP_LENGTH - 12]}…{code[-8:]}"



def _span_marks(segment: Segment) -> list[Mark]:
    if not segment.mixed:
        return []
    return [Mark(s.start, s.end, "span", f"l-{s.lang}", f"{s.lang} {s.start}-{s.end}") for s in segment.spans]


def _hit_marks(segment: Segment, glossary: Glossary) -> list[Mark]:
    return [Mark(hit.start, hit.end, "mark", "term", _hit_title(hit.entry_id, glossary)) for hit in segment.hits]


def _hit_title(entry_id: str, glossary: Glossary) -> str:
    entry = glossary.entry(entry_id)
    forms = " | ".join(f"{lang}: {variants[0]}" for lang, variants in sorted(entry.forms.items()))
    return f"glossary {entry.action}: {forms}" + (f" ({entry.note})" if entry.note else "")


def _term_marks(segment: Segment, lang: str, text: str, glossary: Glossary) -> list[Mark]:
    targets = {glossary.entry(hit.entry_id).target_form(segment.lang, lang): hit.entry_id for hit in segment.hits}
    marks = []
    for target, entry_id in targets.items():
        if target:
            title = _hit_title(entry_id, glossary)
            marks += [Mark(m.start(), m.end(), "mark", "term", title)
                      for m in re.finditer(rf"(?<!\w){re.escape(target)}(?!\w)", text)]
    return marks


def _word_marks(text: str, words: list[str]) -> list[Mark]:
    return [Mark(m.start(), m.end(), "span", "unk", "unknown to the engine")
            for word in words for m in re.finditer(rf"(?<!\w){re.escape(word)}(?!\w)", text)]


def _marked(text: str, layers: list[list[Mark]], start: int = 0, end: int | None = None) -> str:
    """`text[start:end]` escaped, the first layer's marks outermost; overlaps within a layer are dropped."""
    end = len(text) if end is None else end
    if not layers:
        return escape(text[start:end])
    out, position = [], start
    for mark in _non_overlapping(layers[0]):
        left, right = max(mark.start, position), min(mark.end, end)
        if left >= right:
            continue
        title = f' title="{escape(mark.title)}"' if mark.title else ""
        inside = escape(mark.label) if mark.label is not None else _marked(text, layers[1:], left, right)
        out.append(_marked(text, layers[1:], position, left))
        out.append(f'<{mark.tag} class="{mark.cls}"{title}>{inside}</{mark.tag}>')
        position = right
    out.append(_marked(text, layers[1:], position, end))
    return "".join(out)


def _non_overlapping(marks: list[Mark]) -> list[Mark]:
    kept: list[Mark] = []
    for mark in sorted(marks, key=lambda m: (m.start, m.start - m.end)):
        if not kept or mark.start >= kept[-1].end:
            kept.append(mark)
    return kept


def _word_diff(old: str, new: str) -> str:
    before, after = re.split(r"(\s+)", old), re.split(r"(\s+)", new)
    out = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, before, after, autojunk=False).get_opcodes():
        if tag == "equal":
            out.append(escape("".join(before[i1:i2])))
            continue
        if i2 > i1:
            out.append(f"<del>{escape(''.join(before[i1:i2]))}</del>")
        if j2 > j1:
            out.append(f"<ins>{escape(''.join(after[j1:j2]))}</ins>")
    return "".join(out)


# --- the page ---------------------------------------------------------------------------------


STYLE = """
:root{--ink:#1d232b;--muted:#6b7480;--line:#e2e6ea;--amber:#b7791f;--green:#2f855a;--red:#c53030;
--en:#2b6cb0;--es:#c05621}
*{box-sizing:border-box}
body{margin:0;padding:24px 32px;font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"DejaVu Sans",sans-serif;
color:var(--ink);background:#f6f7f9}
h1{font-size:22px;margin:0 0 4px}h2{font-size:17px;margin:0 0 2px;word-break:break-all}
header{background:#fff;border:1px solid var(--line);border-radius:8px;padding:16px 20px;margin-bottom:20px}
.summary{margin:6px 0 10px;color:var(--muted)}.summary b{color:var(--ink)}
.legend{display:flex;flex-wrap:wrap;gap:6px 18px;font-size:13px;color:var(--muted);margin:8px 0 0;padding:0;
list-style:none}
.filter{display:inline-flex;gap:8px;align-items:center;font-weight:600;cursor:pointer}
.filter[hidden]{display:none}
nav ol{margin:8px 0 0;padding-left:20px;font-size:14px}
section.doc{background:#fff;border:1px solid var(--line);border-radius:8px;padding:16px 20px;margin-bottom:24px}
.docmeta{color:var(--muted);margin:0 0 12px;font-size:14px}
table{width:100%;border-collapse:collapse;table-layout:fixed}
col.c-meta{width:112px}
th{text-align:left;font-size:13px;text-transform:uppercase;letter-spacing:.04em;color:var(--muted);
padding:6px 10px;border-bottom:2px solid var(--line);position:sticky;top:0;background:#fff}
td{vertical-align:top;padding:10px;border-bottom:1px solid var(--line);overflow-wrap:anywhere}
tr.pending td.meta{box-shadow:inset 3px 0 0 var(--amber)}
td.meta a{display:block;font-weight:600;color:var(--ink);text-decoration:none;margin-bottom:4px}
.b{display:inline-block;font-size:11px;line-height:16px;padding:0 6px;margin:0 4px 3px 0;border-radius:8px;
background:#edf0f3;color:#4a5360}
.b.lang-en{background:#ebf4ff;color:var(--en)}.b.lang-es{background:#fff4e8;color:var(--es)}
.b.mixed{background:#f3e8ff;color:#6b46c1}
.text.copy{color:var(--muted)}tr[data-kind=heading] .text{font-weight:600}
mark.term{background:#fff1b8;color:inherit;border-radius:3px;padding:0 1px;box-shadow:inset 0 -1px 0 #d4a72c}
.l-en{border-bottom:2px solid var(--en)}.l-es{border-bottom:2px solid var(--es)}
.unk{text-decoration:underline wavy var(--red);text-underline-offset:3px}
.code{display:inline-block;max-width:100%;margin:0 1px;padding:0 4px;border:1px solid #cfd8e3;border-radius:4px;
background:#eef2f7;color:#44546a;font:12px/17px ui-monospace,SFMono-Regular,Menlo,Consolas,"DejaVu Sans Mono",monospace;
vertical-align:1px;white-space:pre-wrap}
.state{float:right;font-size:11px;font-weight:600;text-transform:uppercase;letter-spacing:.04em;padding:0 6px;
border-radius:8px;margin:0 0 4px 8px}
.state.fuzzy{background:#fefcbf;color:var(--amber)}.state.reviewed{background:#e6f6ec;color:var(--green)}
.state.copied{background:#edf0f3;color:var(--muted)}
.state.missing,.state.untranslated{background:#fde8e8;color:var(--red)}
.notes{list-style:none;margin:6px 0 0;padding:0;font-size:12.5px;color:var(--muted)}
.legend .state{float:none;margin:0 4px 0 0}
.notes li{margin-top:2px}.notes .check{color:var(--red)}.notes .check::before{content:"⚠ "}
.notes .unk{text-decoration:none;color:#9b2c2c}
.note,.warn{color:var(--red);font-size:13px}
.diff{margin-top:8px;padding:6px 8px;background:#f8f9fb;border:1px dashed var(--line);border-radius:6px;
font-size:13.5px}
.diff .label{display:block;font-size:11px;font-weight:600;text-transform:uppercase;color:var(--amber)}
del{background:#fde2e2;color:#9b2c2c;margin-right:3px}ins{background:#dcf5e3;color:#22543d;text-decoration:none}
body[data-filter=review] tr.done,body[data-filter=review] section.done{display:none}
"""

SCRIPT = """
(function () {
  var body = document.body, box = document.getElementById("only-review");
  function apply() {
    if (box.checked) { body.setAttribute("data-filter", "review"); } else { body.removeAttribute("data-filter"); }
  }
  box.parentNode.hidden = false;
  if (location.hash === "#needs-review") { box.checked = true; }
  box.addEventListener("change", apply);
  apply();
  body.setAttribute("data-script", "ready");
})();
"""


def _csp_hash(source: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(source.encode("utf-8")).digest()).decode("ascii") + "'"


def _page(documents: list[Document], sections: list[str], summary: Summary) -> str:
    policy = f"default-src 'none'; style-src {_csp_hash(STYLE)}; script-src {_csp_hash(SCRIPT)}"
    return (
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
        f'<meta http-equiv="Content-Security-Policy" content="{policy}">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>diglot review: {_count(summary.documents, 'document', bold=False)}</title>"
        f"<style>{STYLE}</style></head><body>{_header(documents, summary)}"
        f"<main>{''.join(sections)}</main><script>{SCRIPT}</script></body></html>\n"
    )


def _header(documents: list[Document], summary: Summary) -> str:
    states = " · ".join(f"{summary.states[state]} {state}" for state in STATES if state in summary.states)
    toc = "".join(f'<li><a href="#doc-{escape(d.doc_id)}">{escape(d.path.as_posix())}</a></li>' for d in documents)
    return (
        "<header><h1>diglot review</h1>"
        f'<p class="summary">{_count(summary.documents, "document")} · {_count(summary.segments, "segment")} · '
        f"{_count(summary.entries, 'entry', 'entries')} · <b>{summary.needs_review}</b> need review"
        f"{' (' + states + ')' if states else ''}</p>"
        '<label class="filter" hidden><input type="checkbox" id="only-review"> Show only what needs review</label>'
        '<ul class="legend"><li><mark class="term">glossary term</mark></li>'
        '<li><span class="l-en">English span</span> / <span class="l-es">Spanish span</span> of a mixed segment</li>'
        '<li><span class="unk">unknown to the engine</span></li>'
        f"{MARKUP_LEGEND if any(d.format != 'text' for d in documents) else ''}"
        "<li><del>removed</del><ins>added</ins> since the last run</li>"
        '<li><span class="state fuzzy">fuzzy</span> machine output or changed source</li>'
        '<li><span class="state copied">copied</span> already in that language</li></ul>'
        f"{'<nav><ol>' + toc + '</ol></nav>' if len(documents) > 1 else ''}</header>"
    )


MARKUP_LEGEND = '<li><span class="code">&lt;a href=…&gt;</span> inline markup, kept as written</li>'


def _count(number: int, word: str, plural: str = "", bold: bool = True) -> str:
    text = word if number == 1 else plural or word + "s"
    return f"<b>{number}</b> {text}" if bold else f"{number} {text}"

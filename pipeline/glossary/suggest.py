"""`diglot glossary suggest`: candidate glossary rows from a translated batch, for an editor to review.

The documents go through the translate job's own read, segment and detect
stages, and only prose-like segments (prose, headings, a caption after its
credit) in English or Spanish are read. In each, a candidate is

- a name: a run of capitalised words, with short joiners inside (of, de, del,
  la, y, and), that the glossary does not cover. A sentence's first word
  counts only when it also stands capitalised inside a sentence somewhere in
  the batch, the engine did not know it, or it is an acronym. A run made only
  of common words (the detector's word lists: one word in 10,000 or commoner,
  such as "President", "September") is no name; an acronym (UNHCR) is.
  A glossary term ends a name, except after of/de/del ("Carlos III University
  of Madrid" stays whole when Madrid is in the glossary);
- a term: a word the engine did not know (the catalog entry's `unknown words:`
  line) that stands in the source.

Each candidate's rendering is read from the other edition's catalog entry: the
name itself when the translation holds it unchanged, else the words of the
translation most like it (in any order, accents and case aside). Its row
proposes `keep` for a name the engine did not know or leaves unchanged, and
`map` to the engine's commonest rendering otherwise (a term the engine did not
know: `map` to itself, for the editor to translate). Rows come unknown words
first, then by count, then by text; the note says how often, an example
FILE:LINE and why. A row the glossary linter would reject beside an earlier row
(two candidates with one rendering) is left out and reported.
"""

from __future__ import annotations

import re
import tempfile
import unicodedata
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from pathlib import Path
from typing import NamedTuple

import polib

from ..batch import analyse
from ..catalog import catalog_path, comment_lines, load_catalog, unknown_words
from ..detect import NAME_MAX_FREQUENCY, word_index
from ..errors import CatalogError, InputError
from ..model import Document, Segment
from .csvfile import glossary_csv
from .entry import GLOSSARY_LANGUAGES, GlossaryEntry
from .lint import lint_files
from .load import Glossary

READ_KINDS = ("prose", "heading", "caption")
OTHER_LANGUAGE = {"en": "es", "es": "en"}
WORD_RE = re.compile(r"[^\W\d_]\w*(?:[-'’]\w+)*")
POSSESSIVE_RE = re.compile(r"['’]s$")
JOINERS = frozenset({"of", "for", "the", "and", "de", "del", "la", "las", "los", "el", "y"})
PLACE_JOINERS = frozenset({"of", "de", "del"})  # may tie a glossary term to a name: University of Madrid
MAX_JOINERS = 2  # in a row: "for the", "de la"
# What lies between a sentence's end and its first word, or before an opening quotation mark.
SENTENCE_GAP_RE = re.compile(r"[.!?…:][\"'”’»)\]]*\s+[\"'“‘«(\[¿¡—–-]*$|[\"“‘«¿¡]$")
TEXT_START_RE = re.compile(r"^[\s\"'“‘«(\[¿¡—–-]*$")
SIMILAR = 0.8  # least SequenceMatcher ratio for a rendering found by likeness


@dataclass(frozen=True)
class Word:
    start: int
    end: int
    text: str
    sentence_start: bool
    glossary_hit: int | None  # index of the glossary hit it stands in


class Reading(NamedTuple):
    """A prose-like segment, its entry in the other edition's catalog, and its words."""

    document: Document
    segment: Segment
    entry: polib.POEntry
    words: list[Word]


@dataclass(frozen=True)
class Occurrence:
    where: str  # FILE:LINE
    unknown: bool  # the engine listed (a word of) it as unknown here
    rendering: str | None  # its form in the other edition's msgstr; None when not found or unknown


@dataclass
class Candidate:
    text: str
    lang: str  # the language of the first text it stands in
    is_name: bool
    occurrences: list[Occurrence] = field(default_factory=list)

    @property
    def unknown(self) -> bool:
        return any(occurrence.unknown for occurrence in self.occurrences)

    def rendering(self) -> str | None:
        """The commonest rendering found, the first found on a tie."""
        found = Counter(o.rendering for o in self.occurrences if o.rendering is not None)
        return found.most_common(1)[0][0] if found else None

    def sort_key(self) -> tuple:
        return (not self.unknown, -len(self.occurrences), self.text.casefold(), self.text)


@dataclass(frozen=True)
class Suggestions:
    rows: list[GlossaryEntry]
    left_out: list[str]  # "TEXT: lint message" of candidates the linter would reject


def suggest(paths: list[str | Path], locales: Path, glossary: Glossary) -> Suggestions:
    """Candidate rows for the glossary from the documents and their catalogs under `locales`."""
    readings = [Reading(document, segment, entry, _words(segment)) for document in analyse(paths, glossary)
                for segment, entry in _translated_segments(document, locales)]
    capitalised_inside = {word.text for reading in readings for word in reading.words
                          if not word.sentence_start and _capitalised(word.text)}
    candidates: dict[str, Candidate] = {}
    covered = _glossary_forms(glossary)
    for reading in readings:
        for text, is_name, occurrence in _occurrences(reading, capitalised_inside):
            if text.casefold() not in covered:
                candidate = candidates.setdefault(text, Candidate(text, reading.segment.lang, is_name))
                candidate.occurrences.append(occurrence)
    ranked = sorted(candidates.values(), key=Candidate.sort_key)
    return _lint_clean([_row(candidate) for candidate in ranked])


def suggestions_csv(suggestions: Suggestions) -> bytes:
    return glossary_csv(suggestions.rows)


# --- reading the batch -------------------------------------------------------


def _translated_segments(document: Document, locales: Path) -> list[tuple[Segment, polib.POEntry]]:
    """The prose-like English and Spanish segments, each with its entry in the other edition's catalog."""
    wanted = [segment for segment in document.segments
              if segment.kind in READ_KINDS and segment.lang in OTHER_LANGUAGE]
    entries = {lang: _catalog_entries(document, locales, lang)
               for lang in sorted({OTHER_LANGUAGE[segment.lang] for segment in wanted})}
    return [(segment, entries[OTHER_LANGUAGE[segment.lang]][segment.index]) for segment in wanted]


def _catalog_entries(document: Document, locales: Path, lang: str) -> list[polib.POEntry]:
    """The catalog's entries, one a segment; an input error when it is missing or stale."""
    path = catalog_path(locales, lang, document.doc_id)
    catalog = load_catalog(path)
    if catalog is None:
        raise InputError(f"no {lang} catalog ({path}): run diglot translate on it first", document.path)
    entries = [entry for entry in catalog if not entry.obsolete]
    for segment, entry in zip(document.segments, entries):
        if entry.msgid != segment.text:
            raise CatalogError(f"the {lang} catalog's entry for this line is for another text: "
                               f"run diglot translate on it again", document.path, segment.line)
    if len(entries) != len(document.segments):
        raise CatalogError(f"has {len(entries)} entries for {len(document.segments)} segments of "
                           f"{document.path}: run diglot translate on it again", path)
    return entries


def _words(segment: Segment) -> list[Word]:
    """The words of the segment's body, possessive 's left out, with where each stands."""
    words, previous_end, plain = [], segment.credit_length, segment.plain  # never a word of inline markup
    for match in WORD_RE.finditer(plain, segment.credit_length):
        text = POSSESSIVE_RE.sub("", match[0])
        gap = plain[previous_end : match.start()]
        at_start = bool(TEXT_START_RE.match(gap)) if not words else bool(SENTENCE_GAP_RE.search(gap))
        start, end = match.start(), match.start() + len(text)
        hit = next((i for i, h in enumerate(segment.hits) if h.start < end and start < h.end), None)
        words.append(Word(start, end, text, at_start, hit))
        previous_end = match.end()
    return words


def _glossary_forms(glossary: Glossary) -> set[str]:
    return {form.casefold() for entry in glossary.entries for lang in GLOSSARY_LANGUAGES
            for form in entry.forms.get(lang, ())}


# --- finding candidates ------------------------------------------------------


def _occurrences(reading: Reading, capitalised_inside: set[str]) -> Iterator[tuple[str, bool, Occurrence]]:
    """(text, is_name, occurrence) of every name and unknown term of the segment."""
    segment, entry, words = reading.segment, reading.entry, reading.words
    where = f"{reading.document.path.as_posix()}:{segment.line}"
    unknown = set(unknown_words(comment_lines(entry)))
    in_names: set[int] = set()
    if not (segment.kind == "heading" and _title_case(words)):  # there every word is capitalised
        for run in _name_runs(words, unknown, capitalised_inside):
            if _is_name(run, unknown, segment.lang):
                text = " ".join(segment.plain[run[0].start : run[-1].end].split())
                in_names.update(word.start for word in run)
                listed = any(word.text in unknown for word in run)
                yield text, True, Occurrence(where, listed, None if listed else _rendering(text, entry.msgstr))
    for word in words:
        if word.text in unknown and word.start not in in_names and word.glossary_hit is None:
            yield word.text, _capitalised(word.text), Occurrence(where, True, None)


def _name_runs(words: list[Word], unknown: set[str], capitalised_inside: set[str]) -> list[list[Word]]:
    """Runs of capitalised words (joiners inside), cut at glossary terms but for 'of Madrid'."""
    runs: list[list[Word]] = [[]]
    for index, word in enumerate(words):
        run = runs[-1]
        joined = bool(run) and _adjacent(words[index - 1], word) and words[index - 1] is run[-1]
        if word.glossary_hit is not None:
            if joined and (run[-1].glossary_hit == word.glossary_hit or run[-1].text in PLACE_JOINERS):
                run.append(word)
            else:
                runs.append([])
        elif _name_word(word, unknown, capitalised_inside):
            if joined and run[-1].glossary_hit is None:
                run.append(word)
            else:
                runs.append([word])
        elif (word.text in JOINERS and joined and run[-1].glossary_hit is None
              and not all(w.text in JOINERS for w in run[-MAX_JOINERS:])):
            run.append(word)
        else:
            runs.append([])
    return [trimmed for run in runs if (trimmed := _trim_joiners(run))]


def _name_word(word: Word, unknown: set[str], capitalised_inside: set[str]) -> bool:
    if len(word.text) < 2 or not _capitalised(word.text):
        return False
    return not word.sentence_start or word.text in capitalised_inside or word.text in unknown or word.text.isupper()


def _trim_joiners(run: list[Word]) -> list[Word]:
    while run and run[-1].text in JOINERS:
        run = run[:-1]
    return run


def _adjacent(first: Word, second: Word) -> bool:
    """Only spaces between them: a comma or a quotation mark ends a name."""
    return first.end + 1 == second.start  # segment texts have single spaces


def _is_name(run: list[Word], unknown: set[str], lang: str) -> bool:
    """Not made of common words only; an acronym, a word the engine did not know or a glossary
    term after of/de/del ('Universidad Nacional de Tayikistán') makes a name."""
    own = [word.text for word in run if word.glossary_hit is None and word.text not in JOINERS]
    tied_to_glossary = run[-1].glossary_hit is not None  # _name_runs lets one in only after of/de/del
    return tied_to_glossary or any(text in unknown or text.isupper() or not _common(text, lang) for text in own)


def _common(word: str, lang: str) -> bool:
    """At least as frequent as the detector's bound for a probable name (1 in 10,000)."""
    frequency = word_index().table(lang).get(word.casefold())
    return frequency is not None and frequency >= NAME_MAX_FREQUENCY


def _capitalised(word: str) -> bool:
    return word[:1].isupper()


def _title_case(words: list[Word]) -> bool:
    """A heading in title case ('Taliban Seize Control Of Kabul'): every word of 4 letters or more capitalised."""
    long_words = [word.text for word in words if len(word.text) >= 4]
    return len(long_words) >= 3 and all(map(_capitalised, long_words))


# --- renderings --------------------------------------------------------------


def _rendering(text: str, translation: str) -> str | None:
    """The text itself when the translation holds it unchanged, else its likest words there."""
    if not translation:
        return None
    if re.search(rf"(?<!\w){re.escape(text)}(?!\w)", translation):
        return text
    words = list(WORD_RE.finditer(translation))
    folded = [_fold(word[0]) for word in words]
    size = len(WORD_RE.findall(text))
    matcher = SequenceMatcher(None, autojunk=False)
    matcher.set_seq2(" ".join(sorted(map(_fold, WORD_RE.findall(text)))))  # word order aside
    best, best_score = None, SIMILAR
    for length in range(max(1, size - 1), size + 2):
        for first in range(len(words) - length + 1):
            matcher.set_seq1(" ".join(sorted(folded[first : first + length])))
            # The quick ratios bound the ratio from above and cost far less.
            if matcher.real_quick_ratio() >= best_score and matcher.quick_ratio() >= best_score:
                score = matcher.ratio()
                if score > best_score or (best is None and score == best_score):
                    best, best_score = translation[words[first].start() : words[first + length - 1].end()], score
    return best


def _fold(word: str) -> str:
    """Case and accents aside: 'Talibán' -> 'taliban'."""
    return "".join(c for c in unicodedata.normalize("NFD", word.casefold()) if not unicodedata.combining(c))


# --- rows --------------------------------------------------------------------


def _row(candidate: Candidate) -> GlossaryEntry:
    action, other, why = _proposal(candidate)
    forms = {candidate.lang: (candidate.text,), OTHER_LANGUAGE[candidate.lang]: (other,)}
    note = f"{len(candidate.occurrences)}x; {candidate.occurrences[0].where}; {why}"
    return GlossaryEntry(forms={lang: forms[lang] for lang in GLOSSARY_LANGUAGES}, action=action, note=note,
                         case_sensitive=True, origin=candidate.occurrences[0].where)


def _proposal(candidate: Candidate) -> tuple[str, str, str]:
    """(action, form in the other language, why)."""
    if candidate.unknown:
        if candidate.is_name:
            return "keep", candidate.text, "unknown to the engine"
        return "map", candidate.text, "unknown to the engine: write its translation"
    rendering = candidate.rendering()
    if rendering is None:
        return "map", candidate.text, "its rendering was not found in the translation"
    if rendering == candidate.text:
        return "keep", candidate.text, "the engine leaves it unchanged"
    return "map", rendering, "the engine's rendering"


def _lint_clean(rows: list[GlossaryEntry]) -> Suggestions:
    """The rows less those `glossary lint` finds fault with, found by linting the CSV itself."""
    left_out: list[str] = []
    with tempfile.TemporaryDirectory(prefix="diglot-suggest-") as folder:
        path = Path(folder) / "suggestions.csv"
        while True:
            path.write_bytes(glossary_csv(rows))
            faulty = {finding.row.line - 2: finding.message for finding in lint_files([path])}
            if not faulty:
                return Suggestions(rows, left_out)
            left_out += [f"{_name(rows[index])}: {_naming_rows(message, path, rows)}"
                         for index, message in sorted(faulty.items())]
            rows = [row for index, row in enumerate(rows) if index not in faulty]


def _naming_rows(message: str, path: Path, rows: list[GlossaryEntry]) -> str:
    """The lint message with 'the row for X' where it names a line of the temporary file."""
    return re.sub(rf"{re.escape(str(path))}:(\d+)",
                  lambda match: f"the row for {_name(rows[int(match[1]) - 2])!r}", message)


def _name(row: GlossaryEntry) -> str:
    return row.canonical("en")

"""`diglot check`: what must hold in every translated catalog entry, one small check each.

A check is a function of one entry that yields a message per problem; its id
and name are given with @check, and its docstring is the user documentation
(`diglot check --list` prints them).

Which entries: in catalogs diglot wrote (`X-Generator: diglot`), every entry,
fuzzy ones included, since the rendered edition shows them all; in other
catalogs, as gettext uses them, the translated entries that are not fuzzy.
With `reviewed_only` (`--reviewed-only`), fuzzy entries are left out everywhere.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections import Counter
from dataclasses import dataclass, field, replace
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Callable, Iterator

import polib

from .catalog import load_catalog, written_by_diglot
from .formats import Format, format_named, format_of
from .glossary import Glossary, GlossaryEntry
from .glossary.match import TermMatcher
from .glossary.morphology import inflections
from .model import Segment, Span
from .protect import PLACEHOLDER_PREFIXES, terms_in


@dataclass(frozen=True)
class Finding:
    path: str
    line: int
    check: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: error: {self.message} [{self.check}]"


@dataclass
class Catalog:
    """One catalog being checked, and what every entry of it shares."""

    path: Path
    po: polib.POFile
    lang: str
    glossary: Glossary

    @cached_property
    def written_by_diglot(self) -> bool:
        return written_by_diglot(self.po)

    @cached_property
    def source_lang(self) -> str:
        """Of msgids without a `lang:` comment: gettext's convention is English."""
        return _base_language(self.po.metadata.get("X-Source-Language", "")) or "en"

    @cached_property
    def target_terms(self) -> TermMatcher[GlossaryEntry]:
        """Every glossary form of the catalog's language, forbidden ones included, first row first."""
        matcher: TermMatcher[GlossaryEntry] = TermMatcher()
        for entry in self.glossary.entries:
            for form in entry.forms.get(self.lang, ()):
                matcher.add(form, entry.case_sensitive, entry)
        return matcher

    @cached_property
    def msgstr_lines(self) -> list[str]:
        return self.path.read_text(encoding="utf-8", errors="replace").splitlines()


@dataclass
class Entry:
    """One catalog entry: its source, its translations (one per plural form) and where it is."""

    catalog: Catalog
    po: polib.POEntry
    pairs: list[tuple[str, str]] = field(default_factory=list)  # (source text, translation)

    @property
    def plural(self) -> bool:
        return bool(self.po.msgid_plural)

    @cached_property
    def line(self) -> int:
        """The line of the msgstr, the text a finding is about."""
        lines = self.catalog.msgstr_lines
        start = max((self.po.linenum or 1) - 1, 0)
        return next((number + 1 for number in range(start, len(lines)) if lines[number].startswith("msgstr")),
                    self.po.linenum or 1)

    @cached_property
    def format(self) -> Format | None:
        """The format of the document the entry comes from (its `#:` file), when that format
        has inline markup (HTML, Markdown)."""
        name = format_of(Path(self.po.occurrences[0][0])) if self.po.occurrences else None
        return format_named(name) if name not in (None, "text") else None

    @cached_property
    def segment(self) -> Segment:
        """The msgid as diglot saw it: language and mixed spans from the `lang:` comment."""
        lang, spans = _detection(self.po.comment)
        return Segment(self.po.msgid, line=0, index=0, kind="prose", lang=lang or self.catalog.source_lang,
                       mixed=bool(spans), spans=spans)

    @cached_property
    def term_counts(self) -> list[tuple[str, list[TermCount]]]:
        """Per translation, the glossary terms of its source text, counted on both sides."""
        if self.segment.lang == "und":
            return []
        return [(translation, _term_counts(self._source_segment(source), translation, self.catalog))
                for source, translation in self.pairs]

    def _source_segment(self, source: str) -> Segment:
        return self.segment if source == self.po.msgid else Segment(source, 0, 0, "prose", self.segment.lang)


TermKey = tuple[tuple[str, ...], bool]  # a term's forms in the catalog's language, and whether case matters


@dataclass(frozen=True)
class TermCount:
    """A glossary term of a source text, by the target forms due for it in the translation."""

    term: GlossaryEntry  # the first row found with these target forms
    source_form: str  # as first written in the source
    in_source: int
    anywhere: int = 0  # occurrences of a target form or an inflection of one in the translation
    counted: int = 0  # of those, up to in_source, the ones not inside a longer term counted first

    def target_forms(self, lang: str) -> tuple[str, ...]:
        return self.term.forms[lang]


@dataclass(frozen=True)
class Check:
    id: str
    name: str
    run: Callable[[Entry], Iterator[str]]

    @property
    def doc(self) -> str:
        return " ".join((self.run.__doc__ or "").split())


CHECKS: list[Check] = []


def check(check_id: str, name: str):
    def register(function: Callable[[Entry], Iterator[str]]):
        CHECKS.append(Check(check_id, name, function))
        return function

    return register


# --- the checks --------------------------------------------------------------


@check("glossary-term", "Glossary term missing")
def glossary_term(entry: Entry) -> Iterator[str]:
    """Each glossary term found in the source text appears in the translation, in its
    canonical form, one of its variants or an inflection of them ('pestañas' for 'pestaña',
    'tayikas' for 'tayiko'; case-insensitively for terms marked so)."""
    for _, counts in entry.term_counts:
        for count in counts:
            if not count.anywhere:
                expected = " or ".join(map(repr, count.target_forms(entry.catalog.lang)))
                yield (f"glossary term {count.source_form!r} should be {expected} in the translation "
                       f"({count.term.origin})")


@check("glossary-count", "Glossary term not translated every time")
def glossary_count(entry: Entry) -> Iterator[str]:
    """A glossary term is in the translation as many times as in the source, in its target
    form or an inflection of it: 'UNHCR' twice asks for 'ACNUR' twice. An occurrence inside a
    longer glossary term of the source counts for that term only ('Panjshir' of 'valle del
    Panjshir' is not also a lone 'Panjshir'). The finding names a mapped term's source form
    left in the translation ('UNHCR' beside 'ACNUR'); a term missing altogether is a
    glossary-term finding."""
    for translation, counts in entry.term_counts:
        for count in counts:
            if count.anywhere and count.counted < count.in_source:
                yield _count_message(count, translation, entry.catalog.lang)


@check("forbidden-term", "Forbidden term")
def forbidden_term(entry: Entry) -> Iterator[str]:
    """No form that a glossary `forbid` row names for the catalog's language appears in the
    translation (a longer allowed term that contains it is fine)."""
    for _, translation in entry.pairs:
        for match in entry.catalog.target_terms.find(translation):
            if match.value.action == "forbid":
                note = f": {match.value.note}" if match.value.note else ""
                yield f"forbidden form {match.text!r} in the translation ({match.value.origin}{note})"


TAG_RE = re.compile(r"<(/?)([A-Za-z][\w:.-]*)((?:\s[^<>]*?)?)(/?)>")
URL_RE = re.compile(r"https?://[^\s<>\"'()\[\]]+[^\s<>\"'()\[\].,;:!?]")
EMAIL_RE = re.compile(r"[\w.+-]+@([\w-]+(?:\.[\w-]+)+)")
HANDLE_RE = re.compile(r"(?<![\w&])[@#][^\W\d_]\w*")


@check("markup", "Markup lost")
def markup(entry: Entry) -> Iterator[str]:
    """Markup of the source is in the translation: XML/HTML tags (closing tags, tags with
    attributes or with a closing tag; attribute values may be translated, and a lone `<file>`
    is taken for a translatable placeholder), a URL or e-mail address to the same site
    (translators may point to their own language's page), and, in diglot's catalogs,
    @handles and #hashtags as written."""
    for source, translation in entry.pairs:
        wanted = Counter(_markup_tags(source)) if entry.format is None else Counter()  # else inline-markup's
        present = Counter(_tags(translation))
        for tag, count in wanted.items():
            if present[tag] < count:
                yield f"markup {_tag_text(tag)} of the source is not in the translation"
        domains = {_site(url) for url in URL_RE.findall(translation)}
        for url in URL_RE.findall(source):
            if _site(url) not in domains:
                yield f"URL {url} of the source is not in the translation"
        mail_domains = {_site(domain) for domain in EMAIL_RE.findall(translation)}
        for address in EMAIL_RE.finditer(source):
            if _site(address.group(1)) not in mail_domains:
                yield f"e-mail address {address.group(0)} of the source is not in the translation"
        if entry.catalog.written_by_diglot:
            for handle in dict.fromkeys(HANDLE_RE.findall(_without_urls(source))):
                if handle not in translation:
                    yield f"{handle} of the source is not in the translation"


@check("inline-markup", "Inline markup changed")
def inline_markup(entry: Entry) -> Iterator[str]:
    """In an entry of an HTML page or a Markdown post, the translation holds the inline
    markup of the source exactly as written, each piece as often: tags with their
    attributes and URLs, links' destinations, inline code, emphasis, shortcodes. The
    words may move; the markup's own text may not change."""
    if entry.format is None:
        return
    for source, translation in entry.pairs:
        if not translation:
            continue
        wanted, present = Counter(entry.format.inline_codes(source)), Counter(entry.format.inline_codes(translation))
        for code in wanted:
            if present[code] < wanted[code]:
                yield f"inline markup {code!r} of the source is not in the translation"
        for code in present:
            if wanted[code] < present[code]:
                yield f"inline markup {code!r} is not in the source"


PRINTF_RE = re.compile(r"%(?:(\d+)\$|\((\w+)\))?[-+ #0'I]*(?:\*|\d+)?(?:\.(?:\*|\d+))?(hh|h|ll|l|L|q|j|z|t)?"
                       r"([diouxXeEfFgGaAcspnm%])")
BRACE_RE = re.compile(r"(?<!\{)\{([^{}\s]*)\}(?!\})")
QT_RE = re.compile(r"%(\d{1,2})")
FORMATS = {"c-format": "printf", "python-format": "printf", "python-brace-format": "brace",
           "qt-format": "qt", "kde-format": "qt"}


@check("format", "Format placeholder lost")
def format_placeholders(entry: Entry) -> Iterator[str]:
    """In entries flagged as format strings (c-format, python-format, python-brace-format,
    qt-format, kde-format), the translation has the same placeholders as the source, as msgfmt
    -c requires; a plural form may leave out the number."""
    kinds = {FORMATS[flag] for flag in entry.po.flags if flag in FORMATS}
    for kind in sorted(kinds):
        allowed = Counter()
        for source in dict.fromkeys(source for source, _ in entry.pairs):
            allowed |= _placeholders(source, kind)
        for source, translation in entry.pairs:
            wanted, found = _placeholders(source, kind), _placeholders(translation, kind)
            if entry.plural:
                extra = found - allowed
                missing = Counter()
            else:
                extra, missing = found - wanted, wanted - found
            for spec in missing:
                yield f"format placeholder {spec} of the source is not in the translation"
            for spec in extra:
                yield f"format placeholder {spec} is not in the source"


LEFTOVER_RE = re.compile(rf"(?<![^\W\d_])(?:{'|'.join(PLACEHOLDER_PREFIXES)})[a-z]+(?![^\W\d_])")


@check("leftover-placeholder", "Placeholder left in translation")
def leftover_placeholder(entry: Entry) -> Iterator[str]:
    """No placeholder that diglot gives an engine (Zqxa, Qvzb, ...) is left in the translation:
    the engine changed it and diglot could not put the protected text back."""
    for source, translation in entry.pairs:
        for word in dict.fromkeys(LEFTOVER_RE.findall(translation)):
            if word not in source:
                yield f"placeholder {word} left in the translation: protected text lost"


NUMBER_RE = re.compile(r"(?<![\w.,])(?:\d{1,3}(?:[ \u00a0\u202f]\d{3})+(?:[.,]\d+)?|\d+(?:[.,']\d+)*)(?!\w)")
KEY_RE = re.compile(r"[\w.-]+(?::[\w.-]+)+")
NUMBER_WORDS = {
    "en": ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve"),
    "es": ("cero", "uno|un|una", "dos", "tres", "cuatro", "cinco", "seis", "siete", "ocho", "nueve", "diez", "once",
           "doce"),
}


@check("number", "Number changed")
def numbers(entry: Entry) -> Iterator[str]:
    """Every number of the source is in the translation. Digit grouping and decimal signs may
    follow the language (1,000.5 = 1.000,5 = 1 000,5), small numbers may be written as words
    (3 = tres) and centuries in Roman numerals (21 = XXI). Plural entries and msgids that are
    keys rather than text (gtk's calendar:week_start:0) are not checked."""
    if entry.plural or KEY_RE.fullmatch(entry.po.msgid):
        return
    for source, translation in entry.pairs:
        words = _words(translation)
        for written, number in _numbers(source).items():
            if not _has_number(number, translation) and not _spelled(number, words, entry.catalog.lang):
                yield f"number {written} of the source is not in the translation"


@check("empty", "Translation empty")
def empty(entry: Entry) -> Iterator[str]:
    """An entry has a translation that is not blank. Untranslated entries of catalogs that
    diglot did not write are gettext's normal state and are not reported."""
    for source, translation in entry.pairs:
        if source.strip() and not translation.strip():
            if translation or entry.catalog.written_by_diglot:
                yield "translation is empty"
                return


# --- running -----------------------------------------------------------------


def catalog_files(locales: Path) -> list[Path]:
    """Every .po under `locales`: diglot's <lang>/LC_MESSAGES/<doc>.po, or a project's po/es.po."""
    return sorted(locales.rglob("*.po")) if locales.is_dir() else []


def check_catalogs(paths: list[Path], glossary: Glossary, reviewed_only: bool = False) -> list[Finding]:
    """Every finding of every check on every catalog (of its reviewed entries only, when
    `reviewed_only`); CatalogError for a broken one."""
    catalogs = []
    for path in paths:
        po = load_catalog(path)
        catalogs.append(Catalog(path, po, _catalog_language(path, po), glossary))
    return [Finding(str(catalog.path), entry.line, check_id, message)
            for catalog in catalogs for entry, check_id, message in _findings(catalog, reviewed_only)]


def entry_findings(path: Path, po: polib.POFile, glossary: Glossary) -> Iterator[tuple[polib.POEntry, str]]:
    """(entry, 'message [check-id]') for every finding on a catalog already read: what the
    review report shows beside each entry."""
    catalog = Catalog(path, po, _catalog_language(path, po), glossary)
    for entry, check_id, message in _findings(catalog, reviewed_only=False):
        yield entry.po, f"{message} [{check_id}]"


def _findings(catalog: Catalog, reviewed_only: bool) -> Iterator[tuple[Entry, str, str]]:
    for entry in _entries(catalog, reviewed_only):
        for item in CHECKS:
            for message in item.run(entry):
                yield entry, item.id, message


def junit_xml(paths: list[Path], findings: list[Finding]) -> bytes:
    """One test suite per catalog, one test case per check; a failure lists its findings."""
    suites = ET.Element("testsuites", name="diglot check", tests=str(len(paths) * len(CHECKS)),
                        failures=str(len({(f.path, f.check) for f in findings})))
    for path in paths:
        mine = [finding for finding in findings if finding.path == str(path)]
        suite = ET.SubElement(suites, "testsuite", name=str(path), tests=str(len(CHECKS)),
                              failures=str(len({finding.check for finding in mine})))
        for item in CHECKS:
            case = ET.SubElement(suite, "testcase", classname=str(path), name=f"{item.id}: {item.name}")
            failed = [finding for finding in mine if finding.check == item.id]
            if failed:
                failure = ET.SubElement(case, "failure", message=f"{len(failed)} findings", type=item.id)
                failure.text = "\n".join(map(str, failed))
    ET.indent(suites)
    return ET.tostring(suites, encoding="UTF-8", xml_declaration=True) + b"\n"


def _entries(catalog: Catalog, reviewed_only: bool) -> Iterator[Entry]:
    for po_entry in catalog.po:
        if po_entry.obsolete or not po_entry.msgid or (reviewed_only and "fuzzy" in po_entry.flags):
            continue
        if not catalog.written_by_diglot and not po_entry.translated():
            continue
        yield Entry(catalog, po_entry, _pairs(po_entry))


def _pairs(entry: polib.POEntry) -> list[tuple[str, str]]:
    if not entry.msgid_plural:
        return [(entry.msgid, entry.msgstr)]
    forms = sorted(entry.msgstr_plural.items())
    return [(entry.msgid if index == 0 else entry.msgid_plural, text) for index, text in forms]


def _catalog_language(path: Path, po: polib.POFile) -> str:
    """From the Language header, else the folder (es/LC_MESSAGES/x.po) or the name (es.po)."""
    header = po.metadata.get("Language", "")
    folder = path.parent.parent.name if path.parent.name == "LC_MESSAGES" else path.stem
    return _base_language(header) or _base_language(folder)


def _base_language(code: str) -> str:
    return re.split(r"[-_@.]", code.strip().lower(), maxsplit=1)[0]


def _term_counts(segment: Segment, translation: str, catalog: Catalog) -> list[TermCount]:
    """The glossary terms of the segment, counted in the source and then in the translation:
    there, longest occurrences first, each counted for one term only and no more often than
    the source holds that term."""
    counts = _source_counts(segment, catalog.glossary, catalog.lang)
    terms = list(counts.values())
    anywhere, counted, taken = Counter(), Counter(), []
    for start, end, order in sorted(_occurrences(translation, list(counts), catalog.glossary, catalog.lang),
                                    key=lambda span: (span[0] - span[1], span[0], span[2])):
        anywhere[order] += 1
        if counted[order] < terms[order].in_source and not any(start < last and first < end for first, last in taken):
            counted[order] += 1
            taken.append((start, end))
    return [replace(count, anywhere=anywhere[order], counted=counted[order]) for order, count in enumerate(terms)]


def _source_counts(segment: Segment, glossary: Glossary, lang: str) -> dict[TermKey, TermCount]:
    """The terms of the segment that have a form in `lang`, by their forms there and case rule
    (two rows with the same target are one term), each with the number of its occurrences."""
    counts: dict[TermKey, TermCount] = {}
    for hit in terms_in(segment, glossary):
        term = glossary.entry(hit.entry_id)
        key = (term.forms.get(lang, ()), term.case_sensitive)
        if key[0]:
            known = counts.get(key) or TermCount(term, hit.source_form, 0)
            counts[key] = replace(known, in_source=known.in_source + 1)
    return counts


def _occurrences(translation: str, keys: list[TermKey], glossary: Glossary, lang: str) -> set[tuple[int, int, int]]:
    """(start, end, index of the key) of each key's target forms in the translation: as the
    glossary finds them (so the same forms count as in the source) and by the inflection rules."""
    found = {(match.start, match.end, order) for order, (forms, case_sensitive) in enumerate(keys)
             for match in _inflected(forms, case_sensitive, lang).find(translation)}
    orders = {key: order for order, key in enumerate(keys)}
    for hit in glossary.find(translation, lang):
        term = glossary.entry(hit.entry_id)
        order = orders.get((term.forms.get(lang, ()), term.case_sensitive))
        if order is not None:
            found.add((hit.start, hit.end, order))
    return found


def _left_untranslated(term: GlossaryEntry, lang: str, translation: str) -> list[str]:
    """The other language's forms of a mapped term written in the translation as they are,
    but for those that are also forms of the catalog's language."""
    if term.action != "map":
        return []
    targets = {form.casefold() for form in term.forms.get(lang, ())}
    others = TermMatcher()
    for other, forms in term.forms.items():
        for form in forms:
            if other != lang and form.casefold() not in targets:
                others.add(form, term.case_sensitive, form)
    return list(dict.fromkeys(match.text for match in others.find(translation)))


def _count_message(count: TermCount, translation: str, lang: str) -> str:
    outside = " outside longer glossary terms" if count.anywhere > count.counted else ""
    left = "".join(f"; {form!r} left untranslated" for form in _left_untranslated(count.term, lang, translation))
    return (f"glossary term {count.source_form!r} occurs {_times(count.in_source)} in the source, its target "
            f"{count.target_forms(lang)[0]!r} {_times(count.counted)} in the translation{outside}{left} "
            f"({count.term.origin})")


def _times(number: int) -> str:
    return f"{number} time" if number == 1 else f"{number} times"


@lru_cache(maxsize=4096)
def _inflected(forms: tuple[str, ...], case_sensitive: bool, lang: str) -> TermMatcher[str]:
    """A matcher of the forms and their inflections."""
    matcher: TermMatcher[str] = TermMatcher()
    for form in forms:
        for variant in inflections(form, lang):
            matcher.add(variant, case_sensitive, form)
    return matcher


DETECTION_RE = re.compile(r"^lang: (\w+)(?:;.*?; mixed: (.*))?", re.MULTILINE)
SPAN_RE = re.compile(r"(\w+) (\d+)-(\d+)")


def _detection(comment: str) -> tuple[str | None, tuple[Span, ...]]:
    """('en', spans) from a comment line 'lang: en; kind: prose; mixed: en 0-10, es 11-27'."""
    match = DETECTION_RE.search(comment or "")
    if match is None:
        return None, ()
    spans = tuple(Span(int(start), int(end), lang) for lang, start, end in SPAN_RE.findall(match.group(2) or ""))
    return match.group(1), spans


def _tags(text: str) -> list[tuple[str, str]]:
    return [(match.group(1), match.group(2).lower()) for match in TAG_RE.finditer(text)]


def _markup_tags(text: str) -> list[tuple[str, str]]:
    """The tags that are markup, not a placeholder such as <file> that translators translate."""
    matches = list(TAG_RE.finditer(text))
    closed = {match.group(2).lower() for match in matches if match.group(1)}
    return [(m.group(1), m.group(2).lower()) for m in matches
            if m.group(1) or m.group(4) or "=" in m.group(3) or m.group(2).lower() in closed]


def _tag_text(tag: tuple[str, str]) -> str:
    return f"<{tag[0]}{tag[1]}>"


def _site(url_or_domain: str) -> str:
    host = re.sub(r"^https?://", "", url_or_domain.lower()).split("/", 1)[0].split(":", 1)[0]
    return ".".join(host.split(".")[-2:])


def _without_urls(text: str) -> str:
    return EMAIL_RE.sub(" ", URL_RE.sub(" ", text))


def _placeholders(text: str, kind: str) -> Counter:
    """Placeholders by argument: '%s %d' and '%2$d %1$s' both give %1$s and %2$d."""
    if kind == "brace":
        return Counter("{" + name + "}" for name in BRACE_RE.findall(text))
    if kind == "qt":
        return Counter("%" + number for number in QT_RE.findall(text))
    specs = [match for match in PRINTF_RE.finditer(text) if match.group(4) != "%"]
    found: Counter = Counter()
    for index, match in enumerate(specs, start=1):
        conversion = (match.group(3) or "") + match.group(4).replace("i", "d")
        found[f"%({match.group(2)}){conversion}" if match.group(2) else f"%{match.group(1) or index}${conversion}"] += 1
    return found


def _numbers(text: str) -> dict[str, str]:
    """Each number as written -> its digits alone, so that 1,000.5 and 1.000,5 compare equal."""
    text = PRINTF_RE.sub(" ", BRACE_RE.sub(" ", TAG_RE.sub(" ", _without_urls(text))))
    return {written: re.sub(r"\D", "", written).lstrip("0") or "0" for written in NUMBER_RE.findall(text)}


GROUPING_RE = re.compile(r"(?<=\d)(?:[.,'\u00a0\u202f]|\s(?=\d{3}(?!\d)))(?=\d)")


def _has_number(digits: str, text: str) -> bool:
    """Whether the digits are in the text as a number of their own, as written or once
    digit grouping is taken out ('nº10', '6x9' and '10 000,50' count)."""
    pattern = re.compile(rf"(?<!\d)0*{digits}(?!\d)")
    return bool(pattern.search(text) or pattern.search(GROUPING_RE.sub("", text)))


def _words(text: str) -> set[str]:
    return set(re.findall(r"\w+", text.lower())) | set(re.findall(r"\w+", text))


def _spelled(number: str, words: set[str], lang: str) -> bool:
    value = int(number) if len(number) < 6 else -1
    names = NUMBER_WORDS.get(lang, ())
    as_words = value < len(names) and any(word in words for word in names[value].split("|"))
    return as_words or (0 < value < 40 and _roman(value) in words)


def _roman(value: int) -> str:
    numerals = ((10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"))
    result = ""
    for amount, numeral in numerals:
        while value >= amount:
            result, value = result + numeral, value - amount
    return result

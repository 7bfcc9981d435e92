"""The glossary of a run: every entry of its CSV files and TBX termbases, searchable by language."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Callable, TypeVar

from ..model import GlossaryHit
from .csvfile import parse_glossary, read_bytes
from .entry import GLOSSARY_LANGUAGES, GlossaryEntry
from .match import TermMatcher
from .morphology import morphology
from .tbx import parse_tbx

T = TypeVar("T")


@dataclass(frozen=True)
class Glossary:
    entries: tuple[GlossaryEntry, ...]
    digest: str  # of the files' bytes: part of every translation's signature

    def __reduce__(self) -> tuple:
        # Sent to a cluster's workers as its entries: what is derived from them (matchers, the
        # analyser processes behind them, lexicons) is made again where it is used.
        return Glossary, (self.entries, self.digest)

    def find(self, text: str, lang: str) -> list[GlossaryHit]:
        """Non-overlapping terms of `lang` in `text`: leftmost first, then longest (match.py);
        a row that inflects matches its inflected forms too (morphology.py)."""
        if lang not in GLOSSARY_LANGUAGES:
            return []
        return [GlossaryHit(m.start, m.end, m.text, m.value.origin) for m in self._matcher(lang).find(text)]

    def analyse(self, texts: list[str], lang: str) -> None:
        """Analyse the words of texts about to be searched in one batch, when a `lang` row inflects;
        find() analyses what is still new text by text."""
        if lang in GLOSSARY_LANGUAGES:
            self._matcher(lang).analyse(texts)

    def _matcher(self, lang: str) -> TermMatcher[GlossaryEntry]:
        if lang not in self._matchers:  # built on first use: a large glossary is searched in one language
            inflecting = any(entry.inflects() and entry.action != "forbid" for entry in self.entries)
            self._matchers[lang] = term_matcher(self.entries, lang, inflected=inflecting)
        return self._matchers[lang]

    def entry(self, origin: str) -> GlossaryEntry:
        return self._by_origin[origin]

    def describe_hits(self, hits: tuple[GlossaryHit, ...], source: str, target: str) -> str:
        """'Dushanbe -> Dusambé; Financial Times': the terms and their form in the target edition."""
        return "; ".join(self._describe_hit(hit, source, target) for hit in hits)

    def _describe_hit(self, hit: GlossaryHit, source: str, target: str) -> str:
        entry = self.entry(hit.entry_id)
        inflected_as_is = target == source and entry.inflects() and not entry.lists(source, hit.source_form)
        form = hit.source_form if inflected_as_is else entry.target_form(source, target)
        return hit.source_form if form in (None, hit.source_form) else f"{hit.source_form} -> {form}"

    @cached_property
    def _by_origin(self) -> dict[str, GlossaryEntry]:
        return {entry.origin: entry for entry in self.entries}

    @cached_property
    def _matchers(self) -> dict[str, TermMatcher[GlossaryEntry]]:
        return {}

    def derived(self, key: tuple, make: Callable[[], T]) -> T:
        """What `make` gives for this glossary, made once (a table another module derives from
        the entries, as lexicon.py's rules for a direction)."""
        if key not in self._derived:
            self._derived[key] = make()
        return self._derived[key]

    @cached_property
    def _derived(self) -> dict[tuple, object]:
        return {}


def term_matcher(entries: tuple[GlossaryEntry, ...], lang: str, forbidden: bool = False,
                 inflected: bool = False) -> TermMatcher[GlossaryEntry]:
    """The `lang` forms of the entries (of the forbid rows when `forbidden`, else of the others);
    with `inflected`, the rows that inflect match their inflected forms (else every row is exact).
    The first row claiming a form wins; `glossary lint` reports the clash."""
    chosen = [entry for entry in entries if (entry.action == "forbid") == forbidden]
    matcher: TermMatcher[GlossaryEntry] = TermMatcher(morphology(lang) if inflected else None)
    matcher.analyse(form for entry in chosen if entry.inflects() for form in entry.forms[lang])
    for entry in chosen:
        for form in entry.forms[lang]:
            matcher.add(form, entry.case_sensitive, entry, inflected=entry.inflects())
    return matcher


def empty_glossary() -> Glossary:
    return Glossary(entries=(), digest=hashlib.sha256(b"").hexdigest()[:12])


def load_glossaries(paths: list[Path]) -> Glossary:
    """CSV glossaries, or TBX termbases (by the .tbx suffix), as one glossary."""
    digest = hashlib.sha256()
    entries: list[GlossaryEntry] = []
    for path in paths:
        data = read_bytes(path)
        digest.update(data)
        entries.extend(parse_tbx(path, data) if path.suffix.lower() == ".tbx" else parse_glossary(path, data))
    return Glossary(entries=tuple(entries), digest=digest.hexdigest()[:12])


def default_glossary_paths(folder: Path = Path("glossaries")) -> list[Path]:
    """Every CSV in ./glossaries, in name order."""
    return sorted(folder.glob("*.csv")) if folder.is_dir() else []

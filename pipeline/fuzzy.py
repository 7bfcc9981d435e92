"""Fuzzy matches: the closest reviewed translation of a text the memory does not know exactly.

A CAT tool (OmegaT, Trados, memoQ) offers a translator the reviewed translation of
a similar source with its similarity, "82%". diglot does the same for an entry no
exact paragraph or sentence of the memory covers: the best reviewed source at or
above the threshold (75% by default) is written as a suggestion in the entry's
comment and exported to XLIFF as a translation candidate. It is only a
suggestion: the entry keeps the engine's output.

The score. `rapidfuzz.fuzz.ratio`, the normalized Indel similarity
100 * 2 * LCS / (len(a) + len(b)) over characters (difflib's ratio, computed
exactly), on the two texts:
- case-sensitive: "Obama" against "obama" is a difference an editor must fix,
  and every CAT tool counts it;
- after collapsing each run of whitespace to one space and trimming the ends:
  a paragraph re-wrapped or re-indented in its HTML or Markdown source is the
  same text to the editor, and the score should say so;
- shown as CAT tools show it, a whole percentage rounded down, never up: a text
  that is not the same is never shown as 100% (it is at most 99%, also when the
  texts differ in whitespace only), and a shown score >= the threshold exactly
  when the similarity is (a 74.6% match is not a "75%" suggestion).
Exact matches are the memory's business (it looks them up first); `best` may
still give one, scored 100.

Speed. A ratio >= c% bounds the length of a candidate: with m = min(a, b),
2m / (a + b) >= c / 100 gives c * a / (200 - c) <= b <= (200 - c) * a / c, so
only that length window (kept sorted by length) goes to
`rapidfuzz.process.extractOne` with `score_cutoff`. Ties (the same similarity)
go to the entry added first, so the answer never depends on thread timing
within a batch that adds in document order.
"""

from __future__ import annotations

import bisect
import math
import re
import threading
from dataclasses import dataclass
from fractions import Fraction

from rapidfuzz import fuzz, process
from rapidfuzz.distance import Indel

from .catalog import MATCH_NOTE, MATCH_SOURCE_NOTE, MATCH_TRANSLATION_NOTE

DEFAULT_THRESHOLD = 75.0
SLACK = 0.01  # percentage points: see FuzzyIndex.best

# Extracted-comment lines of a suggestion: catalog.py defines every comment line diglot writes.
SUGGESTION_STARTS = (MATCH_NOTE, MATCH_SOURCE_NOTE, MATCH_TRANSLATION_NOTE)

_SCORE_LINE = re.compile(r"(\d+(?:\.\d+)?)% reviewed in (.*)\Z", re.DOTALL)


@dataclass(frozen=True)
class Match:
    """A reviewed translation of a text like the one looked up."""

    score: float  # 0-100, a whole percentage (see the module's note)
    source: str  # the reviewed entry's msgid
    translation: str  # its msgstr
    origin: str  # the catalog it is reviewed in


def normalize(text: str) -> str:
    """The text the score compares: whitespace runs collapsed to one space, ends trimmed."""
    return " ".join(text.split())


def _exact_ratio(left: str, right: str) -> tuple[int, int]:
    """fuzz.ratio of two normalized texts as a fraction (twice their LCS, their total length)."""
    total = len(left) + len(right)
    return total - Indel.distance(left, right), total


def similarity(a: str, b: str) -> float:
    """The score `best` gives `b` as a match of `a` (0-100, whole, rounded down; 100 only when equal)."""
    if a == b:
        return 100.0
    common, total = _exact_ratio(normalize(a), normalize(b))
    return float(min(100 * common // total, 99)) if total else 0.0


class FuzzyIndex:
    """Reviewed (source, translation) pairs of each edition language, for fuzzy lookups.

    `add` may be called from several threads (the pipeline translates chunks in threads);
    `best` too, and while others add."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._languages: dict[str, _Entries] = {}

    def add(self, lang: str, source: str, translation: str, origin: str) -> None:
        """Remember a reviewed translation; the first one added for a source is kept."""
        key = normalize(source)
        if not key or not translation:
            return
        with self._lock:
            self._languages.setdefault(lang, _Entries()).add(key, (source, translation, origin))

    def __len__(self) -> int:
        with self._lock:
            return sum(len(entries.items) for entries in self._languages.values())

    def best(self, lang: str, source: str, threshold: float = DEFAULT_THRESHOLD) -> Match | None:
        """The reviewed translation in `lang` whose source is the most similar to `source`,
        when its score is at least `threshold`; the earliest added of equally similar ones."""
        key = normalize(source)
        cutoff = max(math.ceil(threshold), 0)
        if not key or cutoff > 100:
            return None
        with self._lock:
            entries = self._languages.get(lang)
            if entries is None:
                return None
            texts, indices = entries.window(len(key), cutoff)
            items = entries.items
        if not texts:
            return None
        # rapidfuzz turns a score cutoff into a distance with floats: a candidate exactly at
        # the cutoff may come out a hair below it. So the cutoffs are a little lower, and the
        # exact similarity (integers) ranks what passes them.
        found = process.extractOne(key, texts, scorer=fuzz.ratio, processor=None,
                                   score_cutoff=max(cutoff - SLACK, 0))
        if found is None:
            return None
        close = [found, *process.extract(key, texts, scorer=fuzz.ratio, processor=None,
                                         score_cutoff=max(found[1] - SLACK, 0), limit=None)]
        # The most similar exactly; of equals, the one added first.
        best_ratio, first = max((Fraction(*_exact_ratio(key, text)), -indices[position])
                                for text, _, position in close)
        first = -first
        if 100 * best_ratio < cutoff:
            return None
        matched, translation, origin = items[first]
        score = similarity(source, matched)
        if score < cutoff:  # differs in whitespace only, and 100 was asked for
            return None
        return Match(score, matched, translation, origin)


class _Entries:
    """One language's entries: in the order added, and their normalized sources by length."""

    def __init__(self) -> None:
        self.items: list[tuple[str, str, str]] = []  # (source, translation, origin), in the order added
        self.known: set[str] = set()  # normalized sources
        self.order: list[tuple[int, int]] = []  # (length, index), sorted
        self.texts: list[str] = []  # normalized sources, in `order`'s order
        self.indices: list[int] = []  # indexes into items, in `order`'s order

    def add(self, key: str, item: tuple[str, str, str]) -> None:
        if key in self.known:
            return
        self.known.add(key)
        index = len(self.items)
        self.items.append(item)
        place = bisect.bisect_right(self.order, (len(key), index))
        self.order.insert(place, (len(key), index))
        self.texts.insert(place, key)
        self.indices.insert(place, index)

    def window(self, length: int, cutoff: int) -> tuple[list[str], list[int]]:
        """The sources whose length allows a ratio >= cutoff with a text of `length`, and their indexes."""
        if cutoff <= 0:
            return self.texts[:], self.indices[:]
        shortest = -(-cutoff * length // (200 - cutoff)) if cutoff < 200 else length
        longest = (200 - cutoff) * length // cutoff
        start = bisect.bisect_left(self.order, (shortest, -1))
        end = bisect.bisect_right(self.order, (longest, len(self.items)))
        return self.texts[start:end], self.indices[start:end]


# --- the suggestion in a catalog entry's extracted comment ---------------------------------------


def suggestion_lines(match: Match) -> list[str]:
    """The three extracted-comment lines that offer `match` to the editor:
    `match: 82% reviewed in ORIGIN`, `match source: MSGID`, `match translation: MSGSTR`.
    A comment line holds no line break: one in the texts is written `\\n` (and a
    backslash `\\\\`), as in a PO string."""
    return [
        f"{MATCH_NOTE}{match.score:.0f}% reviewed in {match.origin}",
        MATCH_SOURCE_NOTE + _escape(match.source),
        MATCH_TRANSLATION_NOTE + _escape(match.translation),
    ]


def suggestion_from(lines: list[str]) -> Match | None:
    """The suggestion `suggestion_lines` wrote among `lines` (from catalog.comment_lines), if any."""
    found: dict[str, str] = {}
    for line in lines:
        for prefix in SUGGESTION_STARTS:
            if line.startswith(prefix) and prefix not in found:
                found[prefix] = line[len(prefix):]
    if len(found) < len(SUGGESTION_STARTS):
        return None
    score_line = _SCORE_LINE.match(found[MATCH_NOTE])
    if score_line is None:
        return None
    return Match(float(score_line[1]), _unescape(found[MATCH_SOURCE_NOTE]),
                 _unescape(found[MATCH_TRANSLATION_NOTE]), score_line[2])


_ESCAPES = {"\\": "\\\\", "\n": "\\n", "\r": "\\r"}
_UNESCAPES = {"\\": "\\", "n": "\n", "r": "\r"}


def _escape(text: str) -> str:
    return "".join(_ESCAPES.get(character, character) for character in text)


def _unescape(text: str) -> str:
    return re.sub(r"\\(.)", lambda found: _UNESCAPES.get(found[1], found[0]), text)

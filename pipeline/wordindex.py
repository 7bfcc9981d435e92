"""The language detector's word lists as one compact index, loaded in milliseconds.

`langdata/words.index` holds, for every word of the six lists
(`langdata/<lang>.words.gz`, which stay the readable source), a 64-bit hash of
the word and its frequency in each language, plus each language's letter
trigrams. It is built from those lists by `langdata/build.py --index`, and a
test checks that it gives every listed word the value its list gives.

Why: as Python dicts the lists are 520,000 strings to create and hash, a
0.29 s and 51 MB at every start of `diglot translate` or `diglot detect`
(0.02 s and 12 MB for this index; benchmarks/startup.py), while a run looks up a few thousand distinct words. Here loading
is copying arrays; a lookup hashes the word and bisects the sorted hashes
(a few microseconds, once per distinct word: the detector caches per word).
The build refuses two listed words with one hash; an unlisted word matches a
listed one's hash with probability about 2 in 10^14 per lookup (316,029
hashes in 2^64).

Layout (not compressed: decompressing took longer than all the rest of the
load, and git and wheels compress it anyway): a JSON header line; the trigram block, two text lines per
language (the trigrams, then their values, space-separated); then little-endian
arrays: the sorted word hashes (uint64), and per language the word values in
the same order (int16 centibels, -32768 for a word the language's list lacks).
"""

from __future__ import annotations

import json
import math
import sys
from array import array
from bisect import bisect_left
from hashlib import blake2b
from pathlib import Path

FORMAT = "diglot-wordindex 1"
ABSENT = -32768  # centibels of a word the language's list lacks
LN10_CB = math.log(10) / 100  # centibels to natural log


def word_hash(word: str) -> int:
    return int.from_bytes(blake2b(word.encode("utf-8"), digest_size=8).digest(), "little")


class WordIndex:
    """Natural-log frequencies of listed words per language, and letter-trigram models."""

    def __init__(self, hashes, columns: dict, trigrams: dict[str, dict[str, float]],
                 unseen: dict[str, float]):
        self.hashes = hashes
        self.columns = columns
        self.trigrams = trigrams
        self.unseen = unseen
        self.langs = tuple(columns)
        self._unlisted = dict.fromkeys(self.langs)

    def row(self, word: str) -> int:
        """The word's row, or -1 when no list holds it."""
        key = word_hash(word)
        row = bisect_left(self.hashes, key)
        return row if row < len(self.hashes) and self.hashes[row] == key else -1

    def value(self, row: int, lang: str) -> float | None:
        """The log frequency of the word of `row` in `lang`; None when that list lacks it."""
        if row < 0:
            return None
        centibels = self.columns[lang][row]
        return None if centibels == ABSENT else centibels * LN10_CB

    def values(self, word: str) -> dict[str, float | None]:
        """The word's log frequency in every language (None where a list lacks it)."""
        row = self.row(word)
        if row < 0:
            return self._unlisted
        return {lang: None if (centibels := column[row]) == ABSENT else centibels * LN10_CB
                for lang, column in self.columns.items()}

    def table(self, lang: str) -> WordTable:
        return WordTable(self, lang)


class WordTable:
    """One language's list, read like a dict: `get(word, default)` and `word in table`."""

    __slots__ = ("index", "lang")

    def __init__(self, index: WordIndex, lang: str):
        self.index, self.lang = index, lang

    def get(self, word: str, default: float | None = None) -> float | None:
        value = self.index.value(self.index.row(word), self.lang)
        return default if value is None else value

    def __contains__(self, word: str) -> bool:
        return self.get(word) is not None


def load_index(path: Path) -> WordIndex:
    data = path.read_bytes()
    end = data.index(b"\n")
    header = json.loads(data[:end])
    if header.get("format") != FORMAT:
        raise ValueError(f"{path}: not a {FORMAT} file")
    langs, count = header["langs"], header["words"]
    start, end = end + 1, end + 1 + header["text_bytes"]
    lines = data[start:end].decode("utf-8").split("\n")
    trigrams, unseen = {}, {}
    for number, lang in enumerate(langs):
        grams, values = lines[2 * number].split(" "), lines[2 * number + 1].split(" ")
        trigrams[lang] = dict(zip(grams, _natural_logs(values)))
        unseen[lang] = header["unseen"][lang] * LN10_CB
    hashes = _array("Q", data, end, count)
    columns = {lang: _array("h", data, end + 8 * count + 2 * count * number, count)
               for number, lang in enumerate(langs)}
    return WordIndex(hashes, columns, trigrams, unseen)


def _array(code: str, data: bytes, start: int, count: int):
    """`count` little-endian items of `data` from `start`: a view where the machine is
    little-endian too, else a byte-swapped copy."""
    size = array(code).itemsize
    view = memoryview(data)[start : start + size * count]
    if sys.byteorder == "little":
        return view.cast(code)
    values = array(code, view.tobytes())
    values.byteswap()
    return values


def _natural_logs(centibels: list[str]) -> map:
    """Each distinct value converted once (a table holds a few hundred) and its float shared."""
    scale = {value: int(value) * LN10_CB for value in set(centibels)}
    return map(scale.__getitem__, centibels)


def index_bytes(tables: dict[str, tuple[list[str], list[int], list[str], list[int], int]]) -> bytes:
    """The index of the lists `tables` (per language: words, their centibels, trigrams,
    theirs, unseen), in the layout above."""
    owners: dict[int, str] = {}
    for words, *_ in tables.values():
        for word in words:
            key = word_hash(word)
            if owners.setdefault(key, word) != word:
                raise ValueError(f"words {owners[key]!r} and {word!r} share a hash")
    hashes = array("Q", sorted(owners))
    row = {key: number for number, key in enumerate(hashes)}
    columns = []
    for words, centibels, *_ in tables.values():
        column = array("h", [ABSENT]) * len(hashes)
        for word, value in zip(words, centibels):
            column[row[word_hash(word)]] = value
        columns.append(column)
    text = "".join(
        " ".join(grams) + "\n" + " ".join(map(str, values)) + "\n"
        for _, _, grams, values, _ in tables.values()
    ).rstrip("\n").encode("utf-8")
    header = {
        "format": FORMAT,
        "langs": list(tables),
        "words": len(hashes),
        "unseen": {lang: table[4] for lang, table in tables.items()},
        "text_bytes": len(text),
    }
    parts = [json.dumps(header).encode("ascii"), b"\n", text]
    for values in (hashes, *columns):
        if sys.byteorder == "big":
            values = array(values.typecode, values)
            values.byteswap()
        parts.append(values.tobytes())
    return b"".join(parts)

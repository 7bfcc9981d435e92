"""Finding many terms in text at once: a trie over word tokens, longest match first.

Text is cut into tokens: a word is a run of letters, digits and underscores
(with their combining accents), and every other visible character is a token
by itself. So a term only ever matches whole words: "Irán" is not found in
"Iraní", "Iran" is found in "Iran's" and "anti-Iran", and "Guinea-Bissau"
matches as one term. Curly apostrophes and Unicode hyphens count as their
ASCII forms, text in decomposed Unicode (NFD) matches terms written composed
(NFC), and spacing must agree only where it is absent: "AT&T" does not match
"AT & T", but any run of spaces between two words counts as one.

One trie, keyed by case-folded tokens, holds every term; a case-sensitive term
also keeps its exact tokens, compared only when the folded walk reaches it.
"""

from __future__ import annotations

import re
import unicodedata
from itertools import accumulate
from typing import Generic, NamedTuple, TypeVar

Value = TypeVar("Value")

WORD = r"[^\W_][\w\u0300-\u036f]*|\S"
TOKEN_RE = re.compile(rf"(\s*)({WORD})")
# One character for one, so offsets into the folded text are offsets into the original.
PUNCTUATION_FOLD = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'", "\u2032": "'", "\u2010": "-",
                                  "\u2011": "-"})
END = ""  # trie key of a complete term: no token is empty


class TermMatch(NamedTuple, Generic[Value]):
    start: int
    end: int
    text: str  # as written in the searched text
    value: Value


class Tokens:
    """A text's tokens: case-folded trie keys, character offsets and, on demand, exact words."""

    def __init__(self, text: str):
        self.text = text.translate(PUNCTUATION_FOLD)
        folded = self.text.casefold()
        self.exact: list[str] | None = None
        if len(folded) == len(self.text) and unicodedata.is_normalized("NFC", self.text):
            pairs = written = TOKEN_RE.findall(folded)  # one character for one: offsets hold for the text
        else:  # rare: decomposed accents, or a letter whose case folding is longer (ß -> ss)
            written = TOKEN_RE.findall(self.text)
            self.exact = [unicodedata.normalize("NFC", word) for _, word in written]
            pairs = [(space, word.casefold()) for (space, _), word in zip(written, self.exact)]
        self.written = written
        self.ends = list(accumulate(len(space) + len(word) for space, word in written))
        self.first_keys = [word for _, word in pairs]
        # A word continuing a term carries a leading space when something separated it.
        self.next_keys = [" " + word if space else word for space, word in pairs]

    def start(self, index: int) -> int:
        return self.ends[index] - len(self.written[index][1])

    def same_words(self, first: int, last: int, exact: tuple[str, str]) -> bool:
        """Whether tokens first..last are exactly `exact` (its text, and its words to compare
        when the spacing differs)."""
        if self.exact is None:
            written = self.text[self.start(first) : self.ends[last]]
            if written == exact[0]:
                return True
            if written.casefold() == exact[0].casefold():
                return False  # only the case differs
        return self.words(first, last) == exact[1]

    def words(self, first: int, last: int) -> tuple[str, ...]:
        """The exact (NFC) words of tokens first..last."""
        if self.exact is not None:
            return tuple(self.exact[first : last + 1])
        return tuple(self.text[self.start(index) : self.ends[index]] for index in range(first, last + 1))


def term_path(form: str) -> tuple[list[str], tuple[str, ...]]:
    """The trie keys of a term and its exact words."""
    tokens = Tokens(form)
    return tokens.first_keys[:1] + tokens.next_keys[1:], tokens.words(0, len(tokens.first_keys) - 1)


class TermMatcher(Generic[Value]):
    """Terms (case-sensitive or not) with a value each; the first value given for a form wins."""

    def __init__(self) -> None:
        self._root: dict = {}
        self.size = 0

    def add(self, form: str, case_sensitive: bool, value: Value) -> bool:
        """Add a term; False when it has no word or the same form is already there."""
        keys, words = term_path(form)
        if not keys:
            return False
        node = self._root
        for key in keys:
            node = node.setdefault(key, {})
        written = unicodedata.normalize("NFC", " ".join(form.translate(PUNCTUATION_FOLD).split()))
        exact = (written, words) if case_sensitive else None
        claims = node.setdefault(END, [])
        if any(claimed == exact for claimed, _ in claims):
            return False
        # Case-sensitive terms first: at equal length the more specific one wins.
        claims.insert(len(claims) if exact is None else 0, (exact, value))
        self.size += 1
        return True

    def find(self, text: str) -> list[TermMatch[Value]]:
        """Non-overlapping terms, leftmost first and, among those, longest."""
        if not self.size or not text:
            return []
        tokens = Tokens(text)
        root, first_keys, keys = self._root, tokens.first_keys, tokens.next_keys
        keys.append(None)  # a key no trie node has: the walk stops at the end of the text
        matches: list[TermMatch[Value]] = []
        free_from = 0
        # The walk is inlined: it runs once per token of every text searched.
        for index in [index for index, key in enumerate(first_keys) if key in root]:
            if index < free_from:
                continue
            node, position, best = root[first_keys[index]], index, None
            while node is not None:
                claims = node.get(END)
                if claims is not None:
                    for exact, value in claims:
                        if exact is None or tokens.same_words(index, position, exact):
                            best = (position, value)
                            break
                position += 1
                node = node.get(keys[position])
            if best is not None:
                last, value = best
                start, end = tokens.start(index), tokens.ends[last]
                matches.append(TermMatch(start, end, text[start:end], value))
                free_from = last + 1
        return matches


def contains(text: str, forms: tuple[str, ...] | list[str], case_sensitive: bool) -> bool:
    """Whether any of `forms` occurs in `text` as whole words."""
    matcher: TermMatcher[bool] = TermMatcher()
    for form in forms:
        matcher.add(form, case_sensitive, True)
    return bool(matcher.find(text))

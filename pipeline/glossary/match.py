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

A term that matches its inflected forms ("tab" in "the tabs", "schedule" in
"scheduled", "search result" in "search results") sits in a second trie, keyed
by the lemma keys of its words (morphology.py); each word of a text has the keys
of its readings, and a walk follows every reading. At a start both tries are
walked and the longer match wins; at equal length, the one written so: an
inflected term is in the first trie too, as written, so a row that lists
"symptoms" wins over an earlier one that reaches it as "symptom".
"""

from __future__ import annotations

import re
import unicodedata
from itertools import accumulate, islice, product
from typing import Generic, Iterable, NamedTuple, Protocol, TypeVar

Value = TypeVar("Value")

WORD = r"[^\W_][\w\u0300-\u036f]*|\S"
TOKEN_RE = re.compile(rf"(\s*)({WORD})")
# One character for one, so offsets into the folded text are offsets into the original.
PUNCTUATION_FOLD = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'", "\u2032": "'", "\u2010": "-",
                                  "\u2011": "-"})
END = ""  # trie key of a complete term: no token is empty
READING_PATHS = 16  # lemma-key paths of one inflected term at most (one per combination of its words' readings)


class WordKeys(Protocol):
    """What the matcher needs of a language's morphology (morphology.Morphology)."""

    def keys(self, word: str) -> tuple[str, ...]: ...

    def analyse(self, words: Iterable[str]) -> None: ...


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
    """Terms (case-sensitive or not) with a value each; the first value given for a form wins.
    With a morphology, a term added as `inflected` matches its inflected forms too."""

    def __init__(self, morphology: WordKeys | None = None) -> None:
        self._root: dict = {}
        self._lemma_root: dict = {}
        self._morphology = morphology
        self._token_keys: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {}  # token -> keys, spaced keys
        self._start_nodes: dict[str, tuple[dict, ...]] = {}  # token -> the lemma-trie nodes it starts
        self._claims = 0  # inflected claims so far: at equal length the earliest wins
        self.size = 0

    def analyse(self, texts: Iterable[str]) -> None:
        """Analyse the words of many texts (terms to add, texts to search) in one batch. Words are
        taken as find() takes them but for Unicode normalisation: find() analyses what is left."""
        if self._morphology is not None:
            words = {word for text in texts for _, word in TOKEN_RE.findall(text.translate(PUNCTUATION_FOLD).casefold())}
            self._morphology.analyse(word for word in words if _analysable(word))

    def add(self, form: str, case_sensitive: bool, value: Value, inflected: bool = False) -> bool:
        """Add a term; False when it has no word or the same form is already there."""
        if inflected and self._morphology is not None:
            # As written too: a row that lists 'symptoms' beats one that reaches it as 'symptom'.
            added = self._add_exact(form, case_sensitive, value) | self._add_inflected(form, case_sensitive, value)
        else:
            added = self._add_exact(form, case_sensitive, value)
        self.size += added
        return added

    def _add_exact(self, form: str, case_sensitive: bool, value: Value) -> bool:
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
        return True

    def _add_inflected(self, form: str, case_sensitive: bool, value: Value) -> bool:
        """Add the term under every combination of its words' readings (READING_PATHS at most)."""
        tokens = Tokens(form)
        if not tokens.first_keys:
            return False
        shapes = tuple(map(word_shape, tokens.words(0, len(tokens.first_keys) - 1))) if case_sensitive else None
        readings = [self._keys_of(word)[spaced] for word, spaced in _spacings(tokens)]
        added = False
        for path in islice(product(*readings), READING_PATHS):
            node = self._lemma_root
            for key in path:
                node = node.setdefault(key, {})
            claims = node.setdefault(END, [])
            if not any(shape == shapes for _, shape, _ in claims):
                claims.append((self._claims, shapes, value))
                added = True
        self._claims += 1
        self._start_nodes.clear()
        return added

    def _keys_of(self, token: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
        """A folded token's trie keys, without and with the space that may come before it."""
        found = self._token_keys.get(token)
        if found is None:
            assert self._morphology is not None
            keys = self._morphology.keys(token) if _analysable(token) else (token,)
            found = self._token_keys[token] = (keys, tuple(" " + key for key in keys))
        return found

    def find(self, text: str) -> list[TermMatch[Value]]:
        """Non-overlapping terms, leftmost first and, among those, longest."""
        if not self.size or not text:
            return []
        tokens = Tokens(text)
        root, first_keys, keys = self._root, tokens.first_keys, tokens.next_keys
        lemma_starts = self._readings(tokens) if self._lemma_root else None
        keys.append(None)  # a key no trie node has: the walk stops at the end of the text
        if lemma_starts is None:
            starts = [index for index, key in enumerate(first_keys) if key in root]
        else:
            starts = [index for index, (key, nodes) in enumerate(zip(first_keys, lemma_starts)) if nodes or key in root]
        matches: list[TermMatch[Value]] = []
        free_from = 0
        # The walk is inlined: it runs once per token of every text searched.
        for index in starts:
            if index < free_from:
                continue
            node, position, best = root.get(first_keys[index]), index, None
            while node is not None:
                claims = node.get(END)
                if claims is not None:
                    for exact, value in claims:
                        if exact is None or tokens.same_words(index, position, exact):
                            best = (position, value)
                            break
                position += 1
                node = node.get(keys[position])
            if lemma_starts is not None and lemma_starts[index]:
                other = self._inflected_best(tokens, lemma_starts[index], index)
                if other is not None and (best is None or other[0] > best[0]):
                    best = other
            if best is not None:
                last, value = best
                start, end = tokens.start(index), tokens.ends[last]
                matches.append(TermMatch(start, end, text[start:end], value))
                free_from = last + 1
        return matches

    def _readings(self, tokens: Tokens) -> list[tuple[dict, ...]]:
        """Each token's lemma-trie nodes as the first word of a term."""
        cache, starts, words = self._token_keys, self._start_nodes, tokens.first_keys
        distinct = set(words)
        new = [word for word in distinct if word not in cache]
        if new:
            self._morphology.analyse(word for word in new if _analysable(word))  # type: ignore[union-attr]
            for word in new:
                self._keys_of(word)
        for word in [word for word in distinct if word not in starts]:
            starts[word] = tuple(self._lemma_root[key] for key in cache[word][0] if key in self._lemma_root)
        return list(map(starts.__getitem__, words))

    def _inflected_best(self, tokens: Tokens, nodes: tuple[dict, ...], index: int) -> tuple[int, Value] | None:
        """The longest inflected term starting at token `index` (the earliest added at equal length).
        The walk follows a word's first reading and stacks the others (most words have one)."""
        cache, words, spaced = self._token_keys, tokens.first_keys, tokens.next_keys
        last_token = len(words) - 1
        stack = [(node, index) for node in nodes]
        best: tuple[int, int, Value] | None = None  # (last token, -claim order, value)
        while stack:
            node, position = stack.pop()
            while node is not None:
                claims = node.get(END)
                if claims is not None:
                    for order, shapes, value in claims:
                        if shapes is None or shapes == tuple(map(word_shape, tokens.words(index, position))):
                            if best is None or (position, -order) > best[:2]:
                                best = (position, -order, value)
                position += 1
                if position > last_token:
                    break
                parent, keys = node, cache[words[position]][spaced[position][0] == " "]
                node = parent.get(keys[0])
                for key in keys[1:]:
                    if key in parent:
                        stack.append((parent[key], position))
        return None if best is None else (best[0], best[2])


def word_shape(word: str) -> tuple[bool, bool]:
    """What a case-sensitive inflected term compares: capitalised, all capitals."""
    return word[:1].isupper(), len(word) > 1 and word.isupper()


def _analysable(token: str) -> bool:
    """A word token with a letter: punctuation and numbers are their own keys."""
    return token[:1].isalnum() and not token.isdigit()


def _spacings(tokens: Tokens) -> list[tuple[str, bool]]:
    """Each folded token, and whether a space comes before it inside the term."""
    return [(word, index > 0 and tokens.next_keys[index][:1] == " ") for index, word in enumerate(tokens.first_keys)]


def contains(text: str, forms: tuple[str, ...] | list[str], case_sensitive: bool) -> bool:
    """Whether any of `forms` occurs in `text` as whole words."""
    matcher: TermMatcher[bool] = TermMatcher()
    for form in forms:
        matcher.add(form, case_sensitive, True)
    return bool(matcher.find(text))

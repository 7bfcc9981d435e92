"""Sentences: where each one of a text starts and ends.

Engines translate sentence by sentence (Argos models want one at a time) and
the translation memory remembers reviewed translations sentence by sentence;
both cut text the same way, with this small rule-based splitter (no model to
download, deterministic).
"""

from __future__ import annotations

import re

_CJK_STOPS = "。！？｡"
_CLOSERS = "\"'”’»)]）」』"
_OPENERS = "\"'“‘«([¿¡"
_END_MARK = re.compile(f"(?:[{_CJK_STOPS}]+|[.!?…]+)[{re.escape(_CLOSERS)}]*")
_DOTTED_ACRONYM = re.compile(r"(?:[^\W\d_]\.)+[^\W\d_]")  # "U.S", "a.m", "e.g" (last dot is the mark)
_ENUMERATOR = re.compile(r"\d{1,3}|[IVXLC]+|[ivxlc]+")

# Abbreviations that precede a name or a word, so a capital after them starts no sentence.
_TITLES = frozenset(
    "mr mrs ms messrs dr prof rev hon gen gov sen rep pres lt col capt sgt maj adm cmdr supt"
    " insp st mt fr jr sr sra srta sres srs dra dña lic ing arq av avda ud uds vd vds gral"
    " cnel tte mons mme mlle vs".split()
)
# Abbreviations that precede a number ("No. 5", "Art. 3", "Jan. 20").
_BEFORE_NUMBERS = frozenset(
    "no nos nº núm num art arts p pp pág págs vol vols fig figs cap ch sec secc ed approx aprox"
    " ca tel ext jan feb mar apr jun jul aug sep sept oct nov dec ene abr ago dic".split()
)
# Dotted acronyms ("U.S.", "p.m.", Spanish "EE. UU.") end a sentence only before these.
_SPLIT_ACRONYMS = frozenset({"ee", "uu"})
_SENTENCE_STARTERS = frozenset(
    "The A An He She It They We I You This That These Those There His Her Their Its Our"
    " But And Yet So In On At For If When While After Before However Meanwhile"
    " El La Los Las Un Una Él Ella Ellos Ellas Esto Este Esta Ese Esa Pero Y En Con Por"
    " Para Sin Según Además Cuando Mientras Hoy Ayer".split()
)


def split_sentences(text: str) -> list[str]:
    """Split text into sentences, whitespace-trimmed and never empty."""
    return [text[start:end] for start, end in sentence_spans(text)]


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Where each sentence of `text` is, [start, end) without the whitespace around it.

    A sentence ends at . ! ? or … (with any closing quotes or brackets) when
    whitespace and a word that is not lower case follow, unless the period
    ends an abbreviation ("Dr.", "No. 5", "J. K.", "U.S. officials", "1.").
    The Chinese and Japanese stops 。！？ end a sentence wherever they stand.
    """
    spans: list[tuple[int, int]] = []
    start = 0
    for mark in _END_MARK.finditer(text):
        if _ends_sentence(text, start, mark):
            _append_trimmed(spans, text, start, mark.end())
            start = mark.end()
    _append_trimmed(spans, text, start, len(text))
    return spans


def _ends_sentence(text: str, start: int, mark: re.Match[str]) -> bool:
    if mark.group()[0] in _CJK_STOPS:
        return True
    following = text[mark.end() :]
    if not following[:1].isspace() or not following.strip():
        return False
    next_word = following.split(maxsplit=1)[0]
    if next_word[0].islower():
        return False
    if mark.group().rstrip(_CLOSERS) != ".":
        return True
    return not _is_abbreviation(text[start : mark.start()].split(), next_word.lstrip(_OPENERS))


def _is_abbreviation(words_before: list[str], next_word: str) -> bool:
    """Whether the period after words_before[-1] belongs to an abbreviation."""
    if not words_before:
        return True
    word = words_before[-1].lstrip(_OPENERS)
    lower = word.lower()
    if lower in _TITLES or (len(word) == 1 and word.isupper()):
        return True
    if next_word[:1].isdigit() and lower in _BEFORE_NUMBERS:
        return True
    if _DOTTED_ACRONYM.fullmatch(word) or lower in _SPLIT_ACRONYMS:
        return next_word.rstrip(_CLOSERS + ".,;:") not in _SENTENCE_STARTERS
    return len(words_before) == 1 and _ENUMERATOR.fullmatch(word) is not None


def _append_trimmed(spans: list[tuple[int, int]], text: str, start: int, end: int) -> None:
    piece = text[start:end]
    if piece.strip():
        spans.append((start + len(piece) - len(piece.lstrip()), end - len(piece) + len(piece.rstrip())))

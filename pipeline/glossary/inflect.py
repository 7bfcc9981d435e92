"""The number of a term's source occurrence, given to its target: 'the tabs' -> 'las pestañas'.

For a single-word row that inflects, an occurrence the source analyser reads only as a plural
noun (every noun reading of 'tabs' is <pl>) gets the plural of the target, when the target's
analyser knows it as a singular noun: the plural comes from Apertium's generator for the target
language (`lt-proc -z -g *.autogen.bin`, one long-lived process per language, each form generated
once per run), and the target's gender (`pestaña<n><f>`) goes with it, for the article before it
(restore.py). A name (a case-sensitive row, matched as written), a word either
analyser does not know, and everything without Apertium keep the listed form; a multi-word term
takes the number of its head noun (inflected_phrase). This is the
placeholder path (Argos, and what Apertium does not take inside itself: lexicon.py).
"""

from __future__ import annotations

import atexit
import re
import threading
from dataclasses import dataclass
from pathlib import Path

from ..engines.apertium import mode_name
from .entry import GlossaryEntry, match_case
from .morphology import AnalyserProcess, first_link, inflections, mode_binary, morphology, other_language

GENERATOR_RE = re.compile(r"\S+\.autogen\.bin")
NOUN_RE = re.compile(r"^(?P<lemma>[^<]+)<n>(?P<gender><(?:m|f|mf)>)?<(?P<number>sg|pl|sp)>$")
SINGLE_WORD_RE = re.compile(r"[^\W\d_][\w\u0300-\u036f]*")


@dataclass(frozen=True)
class Inflected:
    form: str
    gender: str | None  # 'm' or 'f' in Spanish; None when it does not tell
    number: str  # 'pl' or 'sg'


class Generator:
    """One language's lexical forms -> surface forms, from its lttoolbox generator."""

    def __init__(self, generator: Path):
        self._process = AnalyserProcess(generator, ("-g",))
        self._forms: dict[str, str | None] = {}
        self._lock = threading.Lock()

    def generate(self, lexical: str) -> str | None:
        """'pestaña<n><f><pl>' -> 'pestañas'; None when the generator cannot."""
        with self._lock:
            if lexical not in self._forms:
                [answer] = self._process.translate([f"^{lexical}$"], None)
                answer = answer.strip()
                self._forms[lexical] = answer if answer and not answer.startswith(("#", "*", "@")) else None
            return self._forms[lexical]

    def close(self) -> None:
        self._process.close()


_generators: dict[str, Generator | None] = {}
_registry_lock = threading.Lock()


def generator(lang: str) -> Generator | None:
    with _registry_lock:
        if lang not in _generators:
            path = generator_path(lang)
            _generators[lang] = Generator(path) if path is not None else None
        return _generators[lang]


def close_generators() -> None:
    with _registry_lock:
        for found in _generators.values():
            if found is not None:
                found.close()


atexit.register(close_generators)


def generator_path(lang: str) -> Path | None:
    """The generator of `lang` that Apertium's translation mode into it uses."""
    other = other_language(lang)
    return mode_binary(mode_name(other, lang) if other else None, GENERATOR_RE)


def inflected_target(entry: GlossaryEntry, source: str, target: str, occurrence: str) -> Inflected | None:
    """The target form in the number of a noun occurrence, with the target's gender: the plural
    for a plural occurrence, the written form for a singular one; None to leave it all as today."""
    if source == target or target not in entry.forms or entry.case_sensitive or not entry.inflects():
        return None
    form = entry.canonical(target)
    if not SINGLE_WORD_RE.fullmatch(occurrence) or not SINGLE_WORD_RE.fullmatch(form):
        return inflected_phrase(entry, source, target, occurrence)
    number = noun_number(occurrence.casefold(), source)
    noun = singular_noun(form.casefold(), target) if number else None
    if noun is None:
        return None
    lemma, gender = noun
    agreeing = gender if gender in ("m", "f") else None
    if number == "sg" or entry.lists(source, occurrence):
        return listed_form(entry, source, target, occurrence, agreeing) if agreeing else None
    make = generator(target)
    plural = make.generate(f"{lemma}<n>{f'<{gender}>' if gender else ''}<pl>") if make is not None else None
    return Inflected(match_case(plural, occurrence), agreeing, "pl") if plural is not None else None


def inflected_phrase(entry: GlossaryEntry, source: str, target: str, occurrence: str) -> Inflected | None:
    """A multi-word term in the number of its occurrence's head noun ('search results' ->
    'resultados de búsqueda': in Spanish every word before the first preposition takes the
    plural, by rule), with the gender of the target's head for the article before it. Only the
    heads need be words: 'COVID-19 vaccine' -> 'una vacuna para el COVID-19'."""
    words, form = occurrence.split(), entry.canonical(target)
    if len(words) < 2 or len(form.split()) < 2:
        return None
    source_head, target_head = head(words, source), head(form.split(), target)
    if not SINGLE_WORD_RE.fullmatch(source_head) or not SINGLE_WORD_RE.fullmatch(target_head):
        return None
    number = noun_number(source_head.casefold(), source)
    noun = singular_noun(target_head.casefold(), target)
    gender = noun[1] if noun is not None and noun[1] in ("m", "f") else None
    if number is None or (number == "sg" and gender is None):
        return None
    if number == "sg" or entry.lists(source, occurrence):
        return listed_form(entry, source, target, occurrence, gender)
    variants = inflections(form, target)
    return Inflected(match_case(variants[1], occurrence), gender, "pl") if len(variants) > 1 else None


def listed_form(entry: GlossaryEntry, source: str, target: str, occurrence: str,
                gender: str | None) -> Inflected | None:
    """The target as written, singular, with its gender for the article before it."""
    written = entry.written_form(source, target, occurrence)
    return Inflected(written, gender, "sg") if written is not None else None


def head(words: list[str], lang: str) -> str:
    """The head noun of a term: in Spanish its first word, in English the last before a preposition."""
    return words[0] if lang == "es" else words[max(first_link(words, lang) - 1, 0)]


def noun_number(word: str, lang: str) -> str | None:
    """'pl' or 'sg' when the analyser reads `word` as a noun of that number only; else None."""
    numbers = {found["number"] for reading in morphology(lang).readings(word) if (found := NOUN_RE.match(reading))}
    return next(iter(numbers)) if len(numbers) == 1 and numbers <= {"sg", "pl"} else None


def singular_noun(word: str, lang: str) -> tuple[str, str | None] | None:
    """(lemma, gender) of a word the analyser reads as a singular noun that is its own lemma."""
    for reading in morphology(lang).readings(word):
        found = NOUN_RE.match(reading)
        if found and found["number"] == "sg" and found["lemma"] == word:
            return found["lemma"], (found["gender"] or "").strip("<>") or None
    return None

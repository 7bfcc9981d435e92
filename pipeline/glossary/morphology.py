"""Words to lemma keys, so that a glossary term matches its inflected forms.

A word's keys are its lemmas, from Apertium's lttoolbox analyser for the language
(`tabs` -> `tab`, `scheduled` -> `schedule`, `ran` -> `run`, `leaves` -> `leaf`,
`leave`; `presidentas` -> `presidente`, `nuevas` -> `nuevo`). Two words match when
they share a lemma; the part of speech is left out: it would rarely tell two
readings apart that the lemma does not, and one key a word walks faster. A word the analyser does not know (a
name, a new coinage) gets one key from simple rules instead: its singular, and in
Spanish its masculine (`tayikas` -> `tayiko`, `UNHCRs` -> `unhcr`).

Each language has one long-lived `lt-proc -z` process, fed one batch of many
distinct words at a time (one word a line, so no multiword unit spans two), with
the Apertium engine's process handling (pipeline/engines/apertium.py): timeouts,
a broken process replaced, every process ended at exit. Words are analysed once
per run: the keys are cached. Without lt-proc or the language's analyser, every
word gets the rules' key.

The other way, `inflections` makes a form's plural and other gender by rule
(pestaña -> pestañas, tayiko -> tayika): `diglot check` accepts them as the
target of a term.
"""

from __future__ import annotations

import atexit
import re
import shutil
import threading
from pathlib import Path
from typing import Iterable

from ..engines.apertium import ModePipeline, mode_file, mode_name

ANALYSED_LANGUAGES = ("en", "es")
ANALYSER_RE = re.compile(r"\S+\.automorf\.bin")
UNIT_RE = re.compile(r"\^([^/$]*)((?:/[^/$]*)*)\$")
READING_RE = re.compile(r"([^<]*)<")
WORD_RE = re.compile(r"[^\W_][\w\u0300-\u036f]*")  # what the analyser is given: nothing to escape, no space


class AnalyserProcess(ModePipeline):
    """One `lt-proc -z ANALYSER` process; batches go through ModePipeline's exchange."""

    def __init__(self, analyser: Path, options: tuple[str, ...] = ()):
        super().__init__(mode=f"lt-proc {' '.join(options + (analyser.name,))}")
        self.analyser = analyser
        self.options = options

    def _command(self) -> list[str]:
        return [shutil.which("lt-proc") or "lt-proc", "-z", *self.options, str(self.analyser)]

    def _primers(self) -> list[str]:
        return []  # lttoolbox answers its first word like any other

    def _encoded(self, segment: str) -> str:
        return segment  # plain words, one a line: nothing to escape (WORD_RE)


class Morphology:
    """One language's word -> keys, from its analyser (when installed) and the rules."""

    def __init__(self, lang: str, analyser: Path | None):
        self.lang = lang
        self._process = AnalyserProcess(analyser) if analyser is not None else None
        self._keys: dict[str, tuple[str, ...]] = {}
        self._readings: dict[str, tuple[str, ...]] = {}  # 'tabs' -> ('tab<n><pl>', 'tab<vblex><pri><p3><sg>')
        self._lock = threading.Lock()

    def keys(self, word: str) -> tuple[str, ...]:
        """The keys of a case-folded word token, analysing it if it is new."""
        known = self._keys.get(word)
        if known is None:
            self.analyse([word])
            known = self._keys[word]
        return known

    def analyse(self, words: Iterable[str]) -> None:
        """Analyse the new ones among case-folded `words`, in one batch (a word with other
        characters than letters and digits goes to the rules)."""
        with self._lock:
            new = sorted({word for word in words if word not in self._keys})
            if not new:
                return
            sent = [word for word in new if WORD_RE.fullmatch(word)] if self._process is not None else []
            readings = dict(zip(sent, self._analysed(sent))) if sent else {}
            for word in new:
                found = readings.get(word, ())
                self._readings[word] = found
                self._keys[word] = lemma_keys(found) or (rule_key(word, self.lang),)

    def readings(self, word: str) -> tuple[str, ...]:
        """The analyser's readings of a case-folded word ('pestaña<n><f><sg>'); () when it does not know it."""
        if word not in self._readings:
            self.analyse([word])
        return self._readings.get(word, ())

    def close(self) -> None:
        if self._process is not None:
            self._process.close()

    def _analysed(self, words: list[str]) -> list[tuple[str, ...]]:
        assert self._process is not None
        [answer] = self._process.translate(["\n".join(words)], None)
        lines = answer.split("\n")
        if len(lines) != len(words):  # lt-proc kept the lines; should it not, the rules do
            return [()] * len(words)
        return [analyser_readings(line) for line in lines]


def analyser_readings(line: str) -> tuple[str, ...]:
    """'^tabs/tab<n><pl>/tab<vblex><pri><p3><sg>$' -> ('tab<n><pl>', 'tab<vblex><pri><p3><sg>'); () for an
    unknown word or one read as several units."""
    units = UNIT_RE.findall(line)
    if len(units) != 1 or not units[0][1] or units[0][1].startswith("/*"):
        return ()
    return tuple(units[0][1].split("/")[1:])


def lemma_keys(readings: tuple[str, ...]) -> tuple[str, ...]:
    keys: dict[str, None] = {}
    for reading in readings:
        found = READING_RE.match(reading)
        if found:
            keys[found.group(1).casefold()] = None
    return tuple(keys)


def analyser_keys(line: str) -> tuple[str, ...]:
    """'^tabs/tab<n><pl>$' -> ('tab',); () for an unknown word or one read as several units."""
    return lemma_keys(analyser_readings(line))


def rule_key(word: str, lang: str) -> str:
    """The key of a word the analyser does not know: its singular, in Spanish masculine."""
    return spanish_base(word) if lang == "es" else english_singular(word)


def english_singular(word: str) -> str:
    """'agencies' -> 'agency', 'taxes' -> 'tax', 'unhcrs' -> 'unhcr'; 'virus', 'glass' as they are."""
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and re.search(r"(?:s|x|z|ch|sh)es$", word):
        return word[:-2]
    if len(word) > 2 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def spanish_base(word: str) -> str:
    """'tayikas' -> 'tayiko', 'mulugetas' -> 'mulugeto', 'luces' -> 'luz', 'kits' -> 'kit', 'tayik' as it is."""
    if len(word) > 4 and word.endswith("ces"):
        word = word[:-3] + "z"
    elif len(word) > 3 and re.search(r"[aeiouáéó]s$", word):
        word = word[:-1]
    elif len(word) > 4 and re.search(r"[^aeiou]es$", word):
        word = word[:-2]
    elif len(word) > 3 and re.search(r"[^aeiouáéíóúlrndjsxyz]s$", word):  # kits -> kit
        word = word[:-1]
    return word[:-1] + "o" if len(word) > 2 and word.endswith("a") else word


_morphologies: dict[str, Morphology] = {}
_registry_lock = threading.Lock()


def morphology(lang: str) -> Morphology:
    """The run's morphology for `lang`: one analyser process and one cache, shared."""
    with _registry_lock:
        if lang not in _morphologies:
            _morphologies[lang] = Morphology(lang, analyser_path(lang))
        return _morphologies[lang]


def close_morphologies() -> None:
    """End the analyser processes (a later analysis starts a new one); run at exit too."""
    with _registry_lock:
        for found in _morphologies.values():
            found.close()


atexit.register(close_morphologies)


def analyser_path(lang: str) -> Path | None:
    """The lttoolbox analyser of `lang` that Apertium's translation mode out of it uses."""
    other = other_language(lang)
    return mode_binary(mode_name(lang, other) if other else None, ANALYSER_RE)


def other_language(lang: str) -> str | None:
    """The other language of the pair: 'en' -> 'es'; None for a language outside it."""
    return next(code for code in ANALYSED_LANGUAGES if code != lang) if lang in ANALYSED_LANGUAGES else None


def mode_binary(mode: str | None, pattern: re.Pattern[str]) -> Path | None:
    """The lttoolbox file of an installed Apertium mode that `pattern` picks out of its
    pipeline; None without the mode, the file or lt-proc."""
    path = mode_file(mode) if mode else None
    if path is None or shutil.which("lt-proc") is None:
        return None
    found = pattern.search(path.read_text(encoding="utf-8", errors="replace"))
    candidate = Path(found.group(0).strip("'\"")) if found else None
    return candidate if candidate is not None and candidate.is_file() else None


# --- inflected forms by rule, for `diglot check` to accept an inflected target ---

LINK_WORDS = {
    "es": {"de", "del", "a", "al", "en", "con", "contra", "para", "por", "sin", "sobre", "entre", "y", "e", "o", "u"},
    "en": {"of", "for", "in", "on", "at", "to", "from", "with", "against", "by", "and", "or"},
}
ACCENTS = str.maketrans("áéíóú", "aeiou")


def first_link(words: list[str], lang: str) -> int:
    """The index of a term's first preposition or conjunction (its length when it has none)."""
    return next((index for index, word in enumerate(words) if word.lower() in LINK_WORDS.get(lang, ())), len(words))


def inflections(form: str, lang: str) -> list[str]:
    """The form, its plural and, in Spanish, its other gender and that one's plural, by simple
    rules: 'pestaña' -> 'pestañas'; 'tayiko' -> 'tayika', 'tayikos', 'tayikas'; 'talibán' ->
    'talibanes'; 'valle del Panjshir' -> 'valles del Panjshir'; 'search result' -> 'search
    results'. In Spanish every word before the first preposition inflects (nouns and
    adjectives agree), in English the last of them; acronyms and numbers do not."""
    words = form.split(" ")
    head = first_link(words, lang)
    inflecting = range(head) if lang == "es" else range(max(head - 1, 0), head)
    variants = [form]
    for rule in INFLECTIONS.get(lang, ()):
        variants.append(" ".join(rule(word) if index in inflecting and _inflects(word) else word
                                 for index, word in enumerate(words)))
    return list(dict.fromkeys(variants))


def _inflects(word: str) -> bool:
    return len(word) > 1 and word.isalpha() and not word.isupper()


def _spanish_plural(word: str) -> str:
    """casa -> casas, iraní -> iraníes, luz -> luces, mujer -> mujeres, nación -> naciones,
    inglés -> ingleses, país -> países, kit -> kits; crisis and other words in an unstressed -s
    or -x stay."""
    last, before = word[-1], word[-2]
    if last in "aeiouáéó":
        return word + "s"
    if last in "íú":
        return word + "es"
    if last == "z":
        return word[:-1] + "ces"
    if last in "sx" and before not in "áéíóú":
        return word
    if last not in "lrndjsxy":  # a loanword's consonant: kit -> kits, robot -> robots
        return word + "s"
    return _unstressed_last(word) + "es"


def _spanish_gender(word: str) -> str:
    """tayiko <-> tayika, alemán -> alemana, inglés -> inglesa, profesor -> profesora."""
    if word[-1] in "oa":
        return word[:-1] + ("a" if word[-1] == "o" else "o")
    if word.endswith("or") or (word[-1] in "ns" and word[-2] in "áéíóú"):
        return _unstressed_last(word) + "a"
    return word


def _unstressed_last(word: str) -> str:
    """Without the written accent of its last syllable, which a syllable added after it takes
    away (nación -> naciones), but for a stressed í or ú after a vowel (país -> países)."""
    vowels = [index for index, letter in enumerate(word) if letter in "aeiouáéíóú"]
    last = vowels[-1] if vowels else 0
    if word[last] not in "áéíóú" or (word[last] in "íú" and last and word[last - 1] in "aeiou"):
        return word
    return word[:last] + word[last].translate(ACCENTS) + word[last + 1:]


def _english_plural(word: str) -> str:
    """result -> results, box -> boxes, agency -> agencies."""
    if word.endswith(("s", "x", "z", "ch", "sh")):
        return word + "es"
    if word[-1] == "y" and word[-2] not in "aeiou":
        return word[:-1] + "ies"
    return word + "s"


INFLECTIONS = {
    "es": (_spanish_plural, _spanish_gender, lambda word: _spanish_plural(_spanish_gender(word))),
    "en": (_english_plural,),
}

"""The glossary inside the engine: single-word terms given to Apertium's bilingual lookup.

A term sent as a placeholder comes out in one form, and the words around it do not
agree with it ("las pestaña abierto"). Inside Apertium, after the bilingual lookup
(`lt-proc -b`), a word of the source reads `^tab<n><pl>/tabulador<n><m><pl>$`: the
source lemma and tags, then the target lemma and tags. Giving that unit the
glossary's target lemma (`/pestaña<n><f><pl>$`) lets Apertium's own transfer and
generator write the right number, verb form and agreement: "las pestañas abiertas".

A row goes to the engine this way when it maps one word to one word, inflects (a
common term, not a name), and both analysers know its forms: the source form gives
the lemma and parts of speech to look for, the target form the lemma and, for a
noun, the gender to write. Every other row (names, multi-word terms, words an
analyser does not know) keeps the placeholder path. Where the tagger reads a word
in a part of speech the target form does not have ("resets" as a noun for a verb
row), the unit stays as the engine has it; translate.py sees the term missing
from the output and sends that occurrence as a placeholder instead.

`LexiconRule`s are plain data; engines/lexicon_stage.py applies them in the pipeline.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from functools import cached_property

from ..engines.lexicon_stage import OPEN_CLASSES
from .entry import GlossaryEntry, match_case
from .load import Glossary
from .match import Tokens
from .morphology import morphology

GENDERS = ("m", "f", "mf")


@dataclass(frozen=True)
class LexiconRule:
    """Units of `source_lemma` (as cased in the stream), in an open class, get one of `targets`
    ((lemma, part of speech, noun gender or ''), as cased for the unit): the first whose part of
    speech a translation of the unit has, with that translation's tags."""

    source_lemma: str
    targets: tuple[tuple[str, str, str], ...]


@dataclass(frozen=True)
class EngineLexicon:
    """The rows of a glossary that one direction's engine applies itself, and its rules."""

    entry_ids: frozenset[str]
    rules: tuple[LexiconRule, ...]

    target_keys: dict[str, frozenset[str]] = field(default_factory=dict)  # entry -> lemmas of its target

    def handles(self, entry: GlossaryEntry, occurrence: str) -> bool:
        """Whether this occurrence of the entry is left to the engine (no placeholder)."""
        return entry.origin in self.entry_ids and " " not in occurrence

    def without(self, origins: set[str]) -> EngineLexicon:
        """The same rules, with these entries left to placeholders."""
        return EngineLexicon(self.entry_ids - origins, self.rules, self.target_keys)

    @cached_property
    def rules_json(self) -> str:
        """The rules as the engine's stage reads them ('' for none); made once."""
        return json.dumps([rule.__dict__ for rule in self.rules], ensure_ascii=False, sort_keys=True) if self.rules else ""


NO_LEXICON = EngineLexicon(frozenset(), ())


def engine_lexicon(glossary: Glossary, source: str, target: str) -> EngineLexicon:
    """The lexicon of `glossary` for source -> target (empty when no row qualifies); made
    once per glossary and direction."""
    return glossary.derived(("lexicon", source, target), lambda: _made_lexicon(glossary, source, target))


def _made_lexicon(glossary: Glossary, source: str, target: str) -> EngineLexicon:
    candidates = [entry for entry in glossary.entries if _candidate(entry, source, target)]
    if not candidates:
        return NO_LEXICON
    source_words = {form.casefold() for entry in candidates for form in entry.forms[source]}
    morphology(source).analyse(source_words)
    morphology(target).analyse({entry.canonical(target).casefold() for entry in candidates})
    ids, rules, keys = set(), {}, {}
    for entry in candidates:
        targets = _targets(entry, target)
        made = _rules(entry, source, targets) if targets else []
        if made:
            ids.add(entry.origin)
            for rule in made:  # the first row for a lemma wins, as in matching
                rules.setdefault(rule.source_lemma, rule)
            keys[entry.origin] = frozenset({entry.canonical(target).casefold(), *(lemma for lemma, _, _ in targets)})
    return EngineLexicon(frozenset(ids), tuple(rules[key] for key in sorted(rules)), keys)


def missing_terms(outputs: list[tuple[str, list[str]]], lexicon: EngineLexicon, target: str) -> list[list[str]]:
    """For each (output, the entries the engine was left there, one per occurrence): the entries
    whose target the output does not hold as often, in any form (the engine's tagger read the
    word another way). The outputs' words are analysed in one batch."""
    words = [Tokens(output).first_keys for output, _ in outputs]
    morphology(target).analyse(word for each in words for word in each)
    return [_missing(each, expected, lexicon, target) for each, (_, expected) in zip(words, outputs)]


def _missing(words: list[str], expected: list[str], lexicon: EngineLexicon, target: str) -> list[str]:
    found = [set(morphology(target).keys(word)) | {word} for word in words]
    return [origin for origin, count in Counter(expected).items()
            if sum(bool(lexicon.target_keys[origin] & word) for word in found) < count]


def _candidate(entry: GlossaryEntry, source: str, target: str) -> bool:
    if entry.action != "map" or not entry.inflects() or source == target:
        return False
    if source not in entry.forms or target not in entry.forms:
        return False
    return all(_one_word(form) for form in (*entry.forms[source], entry.canonical(target)))


def _one_word(form: str) -> bool:
    return bool(form) and form.replace("-", "").isalpha()


def _targets(entry: GlossaryEntry, target: str) -> list[tuple[str, str, str]]:
    """The readings of the entry's target form to write: those of which it is the dictionary
    form when there are such ('abierto' the adjective, not abrir's participle), else all
    ('muertes', a form of muerte); never a verb listed in another form than its infinitive
    ('infectado', 'infecta'): the row asks for that form, and the placeholder path gives it."""
    written = entry.canonical(target).casefold()
    readings = _open_readings(written, target)
    readings = [reading for reading in readings if reading[1] != "vblex" or reading[0] == written]
    return [reading for reading in readings if reading[0] == written] or readings


def _rules(entry: GlossaryEntry, source: str, targets: list[tuple[str, str, str]]) -> list[LexiconRule]:
    """The rules for every lemma of the entry's source forms; none when the source analyser does
    not know a form (the placeholder path handles it then)."""
    rules = []
    for form in entry.forms[source]:
        lemmas = list(dict.fromkeys(lemma for lemma, _, _ in _open_readings(form, source)))
        if not lemmas:
            return []
        for lemma in lemmas:
            for cased in _casings(lemma):
                rules.append(LexiconRule(cased, tuple((match_case(name, cased), pos, gender)
                                                      for name, pos, gender in targets)))
    return rules


def _open_readings(form: str, lang: str) -> list[tuple[str, str, str]]:
    """(lemma, part of speech, noun gender or '') of each open-class reading of a form, once each."""
    found = {}
    for reading in morphology(lang).readings(form.casefold()):
        lemma, tags = _lemma_and_tags(reading)
        if tags and tags[0] in OPEN_CLASSES:
            gender = tags[1] if tags[0] == "n" and len(tags) > 1 and tags[1] in GENDERS else ""
            found.setdefault((lemma, tags[0]), gender)
    return [(lemma, pos, gender) for (lemma, pos), gender in found.items()]


def _lemma_and_tags(reading: str) -> tuple[str, tuple[str, ...]]:
    """'pestaña<n><f><sg>' -> ('pestaña', ('n', 'f', 'sg'))."""
    lemma, _, tags = reading.partition("<")
    return lemma, tuple(tags.rstrip(">").split("><")) if tags else ()


def _casings(lemma: str) -> tuple[str, ...]:
    """The lemma as the tagger writes it for a word in lower case, capitalised, in capitals."""
    return tuple(dict.fromkeys((lemma, lemma[:1].upper() + lemma[1:], lemma.upper())))

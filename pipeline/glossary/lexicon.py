"""The glossary inside the engine: single-word terms given to Apertium's bilingual lookup.

A term sent as a placeholder comes out in one form, and the words around it do not
agree with it ("las pestaña abierto"). Inside Apertium, after the bilingual lookup
(`lt-proc -b`), a word of the source reads `^tab<n><pl>/tabulador<n><m><pl>$`: the
source lemma and tags, then the target lemma and tags. Giving that unit the
glossary's target lemma (`/pestaña<n><f><pl>$`) lets Apertium's own transfer and
generator write the right number, verb form and agreement: "las pestañas abiertas".

A row goes to the engine this way when it maps one word to one word, inflects (a
common term), and both analysers know its forms: the source form gives the lemma
and parts of speech to look for, the target form the lemma and, for a noun, the
gender to write. So does a one-word name (a case-sensitive row, `map` or `keep`)
that both analysers know as a proper noun, as written: "Russia" -> "Rusia" inside
the engine keeps the sentence around it whole ("la función de Rusia", where a
placeholder, a word the engine does not know, gave "Rusia la función"). Every
other row (multi-word terms, words an analyser does not know) keeps the
placeholder path. Where the tagger reads a word
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

from ..engines.lexicon_stage import NAME_CLASS, OPEN_CLASSES
from .entry import GlossaryEntry, match_case
from .load import Glossary
from .match import Tokens
from .morphology import morphology

GENDERS = ("m", "f", "mf")
Target = tuple[str, str, str, str]  # (lemma, part of speech, gender or '', a name's own tags or '')


@dataclass(frozen=True)
class LexiconRule:
    """Units of `source_lemma` (as cased in the stream), in an open class or a name, get one of
    `targets` ((lemma, part of speech, noun gender or '', tags or ''), as cased for the unit): the
    first whose part of speech a translation of the unit has, with that translation's tags (a
    name's target with its own: `tags`)."""

    source_lemma: str
    targets: tuple[Target, ...]


@dataclass(frozen=True)
class EngineLexicon:
    """The rows of a glossary that one direction's engine applies itself, and its rules."""

    entry_ids: frozenset[str]
    rules: tuple[LexiconRule, ...]

    target_keys: dict[str, frozenset[str]] = field(default_factory=dict)  # entry -> lemmas of its target
    names: dict[str, str] = field(default_factory=dict)  # a name's entry -> its target, as it must be written

    def handles(self, entry: GlossaryEntry, occurrence: str) -> bool:
        """Whether this occurrence of the entry is left to the engine (no placeholder)."""
        return entry.origin in self.entry_ids and " " not in occurrence

    def without(self, origins: set[str]) -> EngineLexicon:
        """The same rules, with these entries left to placeholders."""
        return EngineLexicon(self.entry_ids - origins, self.rules, self.target_keys, self.names)

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
    morphology(source).analyse({_as_looked_up(entry, form) for entry in candidates for form in entry.forms[source]})
    morphology(target).analyse({_as_looked_up(entry, entry.canonical(target)) for entry in candidates})
    ids, rules, keys, names = set(), {}, {}, {}
    for entry in candidates:
        targets = _targets(entry, target)
        made = _rules(entry, source, targets) if targets else []
        if made:
            ids.add(entry.origin)
            for rule in made:  # the first row for a lemma wins, as in matching
                rules.setdefault(rule.source_lemma, rule)
            keys[entry.origin] = frozenset({entry.canonical(target).casefold(),
                                            *(lemma.casefold() for lemma, _, _, _ in targets)})
            if _name(entry):
                names[entry.origin] = entry.canonical(target)
    return EngineLexicon(frozenset(ids), tuple(rules[key] for key in sorted(rules)), keys, names)


def missing_terms(outputs: list[tuple[str, list[str]]], lexicon: EngineLexicon, target: str) -> list[list[str]]:
    """For each (output, the entries the engine was left there, one per occurrence): the entries
    whose target the output does not hold as often, in any form (the engine's tagger read the
    word another way). A name must be there as written: Apertium writes "India e irán". The
    outputs' words are analysed in one batch."""
    tokens = [Tokens(output) for output, _ in outputs]
    morphology(target).analyse(word for each in tokens for word in each.first_keys)
    return [_missing(each, expected, lexicon, target) for each, (_, expected) in zip(tokens, outputs)]


def _missing(tokens: Tokens, expected: list[str], lexicon: EngineLexicon, target: str) -> list[str]:
    found = [set(morphology(target).keys(word)) | {word} for word in tokens.first_keys]
    written = tokens.words(0, len(tokens.first_keys) - 1) if lexicon.names.keys() & set(expected) else ()
    return [origin for origin, count in Counter(expected).items()
            if (written.count(lexicon.names[origin]) if origin in lexicon.names
                else sum(bool(lexicon.target_keys[origin] & word) for word in found)) < count]


def _candidate(entry: GlossaryEntry, source: str, target: str) -> bool:
    if source == target or source not in entry.forms or target not in entry.forms:
        return False
    if not all(_one_word(form) for form in (*entry.forms[source], entry.canonical(target))):
        return False
    return (entry.action == "map" and entry.inflects()) or _name(entry)


def _name(entry: GlossaryEntry) -> bool:
    """A name: a row that matches as written only (case-sensitive, not inflecting)."""
    return entry.action in ("map", "keep") and entry.case_sensitive and not entry.inflects()


def _as_looked_up(entry: GlossaryEntry, form: str) -> str:
    """A name is looked up as written (the analysers know "Russia", not "russia")."""
    return form if _name(entry) else form.casefold()


def _one_word(form: str) -> bool:
    return bool(form) and form.replace("-", "").isalpha()


def _targets(entry: GlossaryEntry, target: str) -> list[Target]:
    """The readings of the entry's target form to write: those of which it is the dictionary
    form when there are such ('abierto' the adjective, not abrir's participle), else all
    ('muertes', a form of muerte); never a verb listed in another form than its infinitive
    ('infectado', 'infecta'): the row asks for that form, and the placeholder path gives it.
    A name's: its proper-noun readings as written, with their tags."""
    written = _as_looked_up(entry, entry.canonical(target))
    if _name(entry):
        return [reading for reading in _readings(written, target, names=True) if reading[0] == written]
    readings = _readings(written, target)
    readings = [reading for reading in readings if reading[1] != "vblex" or reading[0] == written]
    return [reading for reading in readings if reading[0] == written] or readings


def _rules(entry: GlossaryEntry, source: str, targets: list[Target]) -> list[LexiconRule]:
    """The rules for every lemma of the entry's source forms; none when the source analyser does
    not know a form (the placeholder path handles it then)."""
    rules, name = [], _name(entry)
    for form in entry.forms[source]:
        readings = _readings(_as_looked_up(entry, form), source, names=name)
        lemmas = list(dict.fromkeys(lemma for lemma, _, _, _ in readings if not name or lemma == form))
        if not lemmas:
            return []
        for lemma in lemmas:
            for cased in (lemma,) if name else _casings(lemma):
                rules.append(LexiconRule(cased, tuple((written if name else match_case(written, cased), *rest)
                                                      for written, *rest in targets)))
    return rules


def _readings(form: str, lang: str, names: bool = False) -> list[Target]:
    """(lemma, part of speech, gender or '', tags or '') of each reading of a form in an open
    class (tags ''), or with `names` as a proper noun (with its tags), once each."""
    found = {}
    for reading in morphology(lang).readings(form):
        lemma, tags = _lemma_and_tags(reading)
        if names and tags and tags[0] == NAME_CLASS:
            gender = next((tag for tag in tags[1:3] if tag in GENDERS), "")
            found.setdefault((lemma, NAME_CLASS), (gender, reading[len(lemma):]))
        elif not names and tags and tags[0] in OPEN_CLASSES:
            gender = tags[1] if tags[0] == "n" and len(tags) > 1 and tags[1] in GENDERS else ""
            found.setdefault((lemma, tags[0]), (gender, ""))
    return [(lemma, pos, gender, own) for (lemma, pos), (gender, own) in found.items()]


def _lemma_and_tags(reading: str) -> tuple[str, tuple[str, ...]]:
    """'pestaña<n><f><sg>' -> ('pestaña', ('n', 'f', 'sg'))."""
    lemma, _, tags = reading.partition("<")
    return lemma, tuple(tags.rstrip(">").split("><")) if tags else ()


def _casings(lemma: str) -> tuple[str, ...]:
    """The lemma as the tagger writes it for a word in lower case, capitalised, in capitals."""
    return tuple(dict.fromkeys((lemma, lemma[:1].upper() + lemma[1:], lemma.upper())))

"""Glossary terms enforced during translation: placeholders, translation in pieces when an
engine breaks one, flags when that fails too, and agreement notes for Spanish."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from pipeline.batch import translate_lines
from pipeline.engines import EngineRegistry
from pipeline.engines.base import Engine
from pipeline.glossary import load_glossaries
from pipeline.glossary.agreement import gender_and_number
from pipeline.model import Document, Segment
from pipeline.protect import find_terms
from pipeline.translate import translate_documents

from conftest import NAMES, needs_apertium, shared_data

PLACEHOLDER = re.compile(r"\b(?:Zqx|Qvz|Xjq)[a-z]+\b")


class BreakingEngine(Engine):
    """Upper-cases words, and does `breaks` to every placeholder it is given: a stand-in for an
    engine that drops, repeats or changes them. `pieces_fail` makes it return nothing for text
    without placeholders, so translating in pieces fails too."""

    name = "breaking"

    def __init__(self, breaks: str, pieces_fail: bool = False):
        self.breaks, self.pieces_fail = breaks, pieces_fail
        self.batches: list[list[str]] = []

    def supports(self, source, target):
        return True

    def translate_batch(self, texts, source, target):
        self.batches.append(list(texts))
        return [self._translate(text) for text in texts]

    def _translate(self, text: str) -> str:
        if not PLACEHOLDER.search(text):
            return "" if self.pieces_fail else text.upper()
        broken = {"drop": "", "repeat": r"\g<0> \g<0>", "change": r"\g<0>s"}[self.breaks]
        return PLACEHOLDER.sub(broken, re.sub(r"\b[a-z]+\b", lambda w: w.group(0).upper(), text))

    def describe(self, source, target):
        return "breaking 1"


def translate_with(engine: Engine, text: str, lang: str = "en", target: str = "es"):
    registry = EngineRegistry("breaking")
    registry._engines["breaking"] = engine
    segment = Segment(text, line=1, index=0, kind="prose", lang=lang)
    document = Document(path=Path("a.txt"), doc_id="a", lines=[text], segments=[segment])
    glossary = load_glossaries([NAMES])
    find_terms(document, glossary)
    translate_documents([document], target, glossary, registry)
    return segment.translations[target]


@pytest.mark.parametrize("breaks, problem", [
    ("drop", "'Tayikistán' lost by the engine"),
    ("repeat", "'Tayikistán' repeated 2 times by the engine"),
    ("change", "placeholder changed by the engine"),
])
def test_broken_placeholder_translated_again_in_pieces(breaks, problem):
    engine = BreakingEngine(breaks)
    translation = translate_with(engine, "the leaders fled to Tajikistan and then to Russia.")
    assert translation.text == "THE LEADERS FLED TO Tayikistán AND THEN TO Rusia."
    assert any(problem in flag and "translated again in pieces" in flag for flag in translation.flags)
    first, pieces = engine.batches
    assert len(first) == 1 and pieces == ["the leaders fled to", "and then to"]


def test_pieces_failing_too_is_flagged_never_silently_wrong():
    translation = translate_with(BreakingEngine("drop", pieces_fail=True), "They fled to Tajikistan.")
    assert "Tayikistán" not in translation.text
    assert any("'Tayikistán' lost by the engine" in flag for flag in translation.flags)
    assert any("failed too: check this translation" in flag for flag in translation.flags)


def test_glued_markup_and_terms_in_pieces_keep_their_spacing():
    translation = translate_with(BreakingEngine("drop"), "see <b>Kabul</b>, the capital.")
    assert translation.text == "SEE <b>Kabul</b>, THE CAPITAL."


class ArticleEngine(Engine):
    """Writes 'el' before every placeholder, as Apertium does before an unknown word."""

    name = "breaking"

    def supports(self, source, target):
        return True

    def translate_batch(self, texts, source, target):
        return [re.sub(r"\bthe (?=Zqx)", "el ", text) for text in texts]

    def describe(self, source, target):
        return "article 1"


def test_spanish_article_disagreeing_with_the_inserted_term_is_noted():
    translation = translate_with(ArticleEngine(), "He joined the Northern Alliance and the Islamic Emirate.")
    assert translation.text == "He joined el Alianza del Norte and el Emirato Islámico."
    (note,) = [flag for flag in translation.flags if flag.startswith("grammar:")]
    assert "'el Alianza del Norte'" in note and "feminine singular" in note


@pytest.mark.parametrize("term, expected", [
    ("Alianza del Norte", ("f", "sg")), ("Universidad de Georgetown", ("f", "sg")), ("síntomas", ("m", "pl")),
    ("enfermedades respiratorias", ("f", "pl")), ("tos", (None, "sg")), ("agua", ("f", "sg")), ("Emirato Islámico", ("m", "sg")),
    ("Tayikistán", (None, None)), ("ACNUR", (None, None)), ("valle del Panjshir", (None, "sg")),
])
def test_gender_and_number_guess(term, expected):
    assert gender_and_number(term) == expected


SENTENCES = {
    "en": ["Tajikistan informed UNHCR that Afghan refugees were arriving from the Panjshir Valley.",
           "The National Resistance Front met in Dushanbe with Ahmad Massoud and Amrullah Saleh.",
           "Emmanuel Macron invited Emomali Rahmon to Paris; the Financial Times and France 24 reported it.",
           "Russia, Iran and Uzbekistan watched the Islamic Emirate in Kabul."],
    "es": ["Tayikistán informó al ACNUR de que llegaban refugiados afganos del valle del Panshir.",
           "El Frente de Resistencia Nacional se reunió en Dusambé con Ahmad Massoud y Amrullah Saleh.",
           "Emmanuel Macron invitó a Emomali Rahmon a París; el Financial Times y France24 lo contaron.",
           "Rusia, Irán y Uzbekistán observaban al Emirato Islámico en Kabul."],
}


@needs_apertium
@pytest.mark.parametrize("source, target", [("en", "es"), ("es", "en")])
def test_real_apertium_keeps_every_term_in_canonical_form(source, target):
    glossary = load_glossaries([NAMES])
    lines = SENTENCES[source]
    outputs = translate_lines(lines, source, target, glossary, EngineRegistry("apertium"))
    for line, output in zip(lines, outputs):
        hits = glossary.find(line, source)
        assert hits
        for hit in hits:
            assert glossary.entry(hit.entry_id).canonical(target) in output, (hit, output)
        assert not PLACEHOLDER.search(output)


@needs_apertium
def test_real_apertium_on_tico19_keeps_every_protected_term():
    """The TICO-19 terminology as a glossary over 300 test lines: every term diglot protects
    comes out in its target form, or in another form of it where the engine inflects a
    single-word term ('vía respiratoria' for 'respiratorio', 'la sexta actualización' for
    'actualizaciones'), as `diglot check` finds them (benchmarks/terminology.py measures the whole set)."""
    import csv

    from pipeline.glossary import Glossary, GlossaryEntry
    from pipeline.glossary.morphology import inflections

    folder = shared_data("tico19")
    with (folder / "f_en-es_XX.csv").open(encoding="utf-8") as handle:
        rows = [(r["sourceString"].strip(), r["targetString"].strip()) for r in csv.DictReader(handle)]
    entries = tuple(GlossaryEntry({"en": (s,), "es": (t,)}, "map", "", False, f"tico:{n}")
                    for n, (s, t) in enumerate(rows) if s and t)
    glossary = Glossary(entries, "tico")
    lines = (folder / "tico19-test.eng").read_text(encoding="utf-8").splitlines()[:300]
    outputs = translate_lines(lines, "en", "es", glossary, EngineRegistry("apertium"))

    def holds(output: str, hit) -> bool:
        form = glossary.entry(hit.entry_id).written_form("en", "es", hit.source_form)
        return (any(variant.lower() in output.lower() for variant in inflections(form, "es"))
                or any(found.entry_id == hit.entry_id for found in glossary.find(output, "es")))

    missing = [(hit.source_form, output) for line, output in zip(lines, outputs) for hit in glossary.find(line, "en")
               if not holds(output, hit)]
    assert missing == []


@pytest.mark.parametrize("text, markup", [
    ("see <b>the</b> report", ["<b>", "</b>"]),
    ("read https://example.org/a-b?c=1 today.", ["https://example.org/a-b?c=1"]),
    ("write to news@example.org now", ["news@example.org"]),
    ("ask @newsdesk about #Panjshir", ["@newsdesk", "#Panjshir"]),
    ("<i>@desk</i> or desk@example.org, see http://x.org/y.", ["<i>", "@desk", "</i>", "desk@example.org", "http://x.org/y"]),
    ("a plain sentence with no markup at all.", []),
])
def test_inline_markup_is_protected(text, markup):
    from pipeline.protect import protect

    segment = Segment(text=text, line=1, index=0, kind="prose", lang="en")
    protected = protect(segment, "en", "es", load_glossaries([]))
    assert [span.replacement for span in protected.spans if span.kind == "markup"] == markup

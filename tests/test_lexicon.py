"""The glossary inside Apertium (issue 12, item 2): single-word common terms and names given to the engine's
bilingual lookup, so that they inflect and the words around them agree. One glossary fixture per
case in fixtures/lexicon/, translated with the real Apertium; the stage's rewriting on its own."""

from __future__ import annotations

import json
import os
import selectors
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import FIXTURES, needs_apertium

from pipeline.batch import translate_lines
from pipeline.engines import EngineRegistry
from pipeline.engines import lexicon_stage
from pipeline.glossary import Glossary, load_glossaries
from pipeline.glossary.lexicon import NO_LEXICON, engine_lexicon
from pipeline.glossary.morphology import analyser_path

CASES = FIXTURES / "lexicon"
needs_analysers = pytest.mark.skipif(analyser_path("en") is None or analyser_path("es") is None,
                                     reason="Apertium's eng-spa analysers are not installed: run ./install.sh")


def glossary(case: str) -> Glossary:
    return load_glossaries([CASES / f"{case}.csv"])


def translated(case: str, text: str, source: str = "en", target: str = "es") -> str:
    with EngineRegistry("apertium") as engines:
        return translate_lines([text], source, target, glossary(case), engines)[0]


@needs_apertium
@needs_analysers
def test_a_noun_term_takes_the_number_and_the_words_around_it_agree():
    # As a placeholder: "Cercano el abierto pestañas."; Apertium alone: "Cercano los tabuladores abiertos."
    assert translated("noun-with-adjective", "Close the open tabs.") == "Cercano las pestañas abiertas."
    assert translated("noun-with-adjective", "The new tab's title is red.") == "El título de la pestaña nueva es rojo."
    assert translated("noun-with-adjective", "Cierra las pestañas abiertas.", "es", "en") == "It closes the open tabs."


@needs_apertium
@needs_analysers
def test_a_verb_term_is_conjugated_as_the_source_verb_is():
    assert translated("verb", "He scheduled the jobs and she schedules the tests.") == (
        "Programó los trabajos y ella programa las pruebas.")  # Apertium alone: "Planificó", "planifica"
    assert translated("verb", "Programaron los trabajos.", "es", "en") == "They scheduled the works."


@needs_apertium
@needs_analysers
def test_a_term_listed_in_the_plural_follows_the_source_number():
    assert translated("listed-plural", "One death and two deaths.") == "Una muerte y dos muertes."


@needs_apertium
@needs_analysers
def test_a_verb_listed_in_another_form_than_its_infinitive_keeps_that_form():
    # The row asks for the participle; inside the engine, the tagger's past tense would give "infectó".
    assert translated("listed-verb-form", "The infected patients are here.") == "El infectado los pacientes son aquí."
    assert engine_lexicon(glossary("listed-verb-form"), "en", "es") == NO_LEXICON


@needs_apertium
@needs_analysers
def test_a_term_the_tagger_reads_in_another_part_of_speech_goes_as_a_placeholder():
    # "resets" is tagged as a noun, and the row's target is a verb: the engine gets no rule for
    # that unit, the term is missing from its output, and the segment goes again with a placeholder.
    assert translated("other-part-of-speech", "She resets the filter.") == "Ella restablecer el filtro."


@needs_analysers
def test_names_multiword_terms_and_unknown_words_keep_the_placeholder_path():
    terms = glossary("placeholder-path")
    assert engine_lexicon(terms, "en", "es") == NO_LEXICON
    assert engine_lexicon(glossary("noun-with-adjective"), "en", "en") == NO_LEXICON  # its own language


@needs_apertium
@needs_analysers
def test_placeholder_path_terms_come_out_as_listed_a_multiword_head_in_its_number():
    assert translated("placeholder-path", "The Tajik government publishes search results.") == (
        "El tayiko el gobierno publica resultados de búsqueda.")


@needs_analysers
def test_the_rules_name_each_casing_of_the_lemma_and_the_noun_gender():
    lexicon = engine_lexicon(glossary("noun-with-adjective"), "en", "es")
    assert [(rule.source_lemma, rule.targets) for rule in lexicon.rules] == [
        ("TAB", (("PESTAÑA", "n", "f", ""),)), ("Tab", (("Pestaña", "n", "f", ""),)), ("tab", (("pestaña", "n", "f", ""),))]
    assert lexicon.handles(glossary("noun-with-adjective").entries[0], "tabs")


RULES = {"tab": {"source_lemma": "tab", "targets": [["pestaña", "n", "f", ""]]},
         "Tab": {"source_lemma": "Tab", "targets": [["Pestaña", "n", "f", ""]]},
         "open": {"source_lemma": "open", "targets": [["abierto", "adj", "", ""]]},
         "Georgia": {"source_lemma": "Georgia", "targets": [["Georgia", "np", "f", "<np><loc><f><sg>"]]}}


@pytest.mark.parametrize("unit, rewritten", [
    ("^tab<n><pl>/tabulador<n><m><pl>$", "^tab<n><pl>/pestaña<n><f><pl>$"),
    ("^Tab<n><sg>/Tabulador<n><m><sg>$", "^Tab<n><sg>/Pestaña<n><f><sg>$"),
    ("^open<adj>/abierto<adj>/franco<adj>$", "^open<adj>/abierto<adj>$"),  # one translation: lexical selection has no choice
    ("^open<vblex><inf>/abrir<vblex><inf>$", "^open<vblex><inf>/abrir<vblex><inf>$"),  # no verb target: as it is
    ("^tab<n><sg>/@tab<n><sg>$", "^tab<n><sg>/@tab<n><sg>$"),  # not in the bilingual dictionary: as it is
    ("^tab<n><sg>+of<pr>/pestaña<n><f><sg>+de<pr>$", "^tab<n><sg>+of<pr>/pestaña<n><f><sg>+de<pr>$"),  # joined
    ("^tab<det><def>/el<det><def>$", "^tab<det><def>/el<det><def>$"),  # a closed class
    ("^cat<n><sg>/gato<n><m><sg>$", "^cat<n><sg>/gato<n><m><sg>$"),  # no rule
    ("^Georgia<np><ant><sg>/Jorge<np><ant><m><sg>$", "^Georgia<np><ant><sg>/Georgia<np><loc><f><sg>$"),  # a name
])
def test_the_stage_rewrites_only_the_units_its_rules_name(unit, rewritten):
    assert lexicon_stage.rewrite(f"[blank]{unit} ^.<sent>/.<sent>$", RULES) == f"[blank]{rewritten} ^.<sent>/.<sent>$"


def test_the_stage_answers_each_segment_when_its_nul_arrives(tmp_path: Path):
    """Null-flush, as every Apertium module in the pipeline: a segment comes out as soon as its NUL
    went in, before the next one is written (else the pipeline would hold the batch's last one)."""
    rules = tmp_path / "rules.json"
    rules.write_text(json.dumps(list(RULES.values())), encoding="utf-8")
    stage = subprocess.Popen([sys.executable, "-I", lexicon_stage.__file__, str(rules)],
                             stdin=subprocess.PIPE, stdout=subprocess.PIPE, bufsize=0)
    try:
        for unit, expected in (("^tab<n><pl>/tabulador<n><m><pl>$", "^tab<n><pl>/pestaña<n><f><pl>$"),
                               ("^cat<n><sg>/gato<n><m><sg>$", "^cat<n><sg>/gato<n><m><sg>$")):
            stage.stdin.write(unit.encode("utf-8") + b"\0")
            assert read_until_nul(stage.stdout, deadline=time.monotonic() + 10) == expected.encode("utf-8") + b"\0"
    finally:
        stage.stdin.close()
        stage.wait(timeout=10)
    assert stage.returncode == 0


def read_until_nul(stream, deadline: float) -> bytes:
    received = b""
    with selectors.DefaultSelector() as selector:
        selector.register(stream, selectors.EVENT_READ)
        while not received.endswith(b"\0"):
            remaining = deadline - time.monotonic()
            assert remaining > 0, f"no NUL before the deadline; got {received!r}"
            if selector.select(remaining):
                block = os.read(stream.fileno(), 4096)
                assert block, f"the stage exited; got {received!r}"
                received += block
    return received


@needs_apertium
@needs_analysers
def test_a_one_word_name_the_analysers_know_goes_inside_the_engine_and_keeps_the_sentence_whole():
    # As placeholders (words the engine does not know): "Rusia la función conciliadora con el régimen
    # nuevo limitará Irán función."
    assert translated("name", "Russia's conciliatory role with the new regime will limit Iran's role.") == (
        "La función conciliadora de Rusia con el régimen nuevo limitará la función de Irán.")
    assert translated("name", "La función de Rusia e Irán en China.", "es", "en") == (
        "The function of Russia and Iran in China.")
    lexicon = engine_lexicon(glossary("name"), "en", "es")
    assert [(rule.source_lemma, rule.targets) for rule in lexicon.rules] == [
        ("China", (("China", "np", "f", "<np><loc><f><sg>"),)), ("Iran", (("Irán", "np", "m", "<np><loc><m><sg>"),)),
        ("Russia", (("Rusia", "np", "f", "<np><loc><f><sg>"),))]  # none for Dushanbe: the analysers lack it


@needs_apertium
@needs_analysers
def test_a_name_the_engine_writes_in_another_case_goes_again_as_a_placeholder():
    text = "It no longer has the support of Russia, India and Iran in the coalition."
    # Apertium alone (`apertium eng-spa`): "Ya no tiene el apoyo de Rusia, India e irán en la coalición."
    assert translated("name", text) == "Ya no tiene el apoyo de Rusia, India y Irán en la coalición."
    # Dushanbe, which the analysers lack, keeps the placeholder path (Apertium alone: "*Dushanbe").
    assert translated("name", "China and Russia met in Dushanbe.") == "China y Rusia cumplieron en Dusambé."


def test_the_stage_looks_only_at_segments_that_hold_a_unit_its_rules_name():
    named = lexicon_stage.named_units(RULES)
    assert named.search("^tab<n><pl>/tabulador<n><m><pl>$".encode())
    assert named.search("^Georgia<np><ant><sg>/Jorge<np><ant><m><sg>$".encode())
    assert not named.search("^cat<n><sg>/gato<n><m><sg>$ ^table<n><sg>/mesa<n><f><sg>$".encode())

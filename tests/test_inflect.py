"""Inflected, agreeing targets for single-word glossary terms (issue 12, item 2): one glossary fixture
per case in fixtures/inflect/, translated with the real Apertium analysers, generators and engine."""

from __future__ import annotations

import shutil

import pytest
from conftest import FIXTURES

from pipeline.batch import translate_lines
from pipeline.engines import EngineRegistry
from pipeline.glossary import Glossary, load_glossaries
from pipeline.glossary.inflect import generator, generator_path, inflected_target
from pipeline.glossary.morphology import analyser_path
from pipeline.protect import Protected, ProtectedSpan
from pipeline.restore import agreeing_articles

CASES = FIXTURES / "inflect"
pytestmark = pytest.mark.skipif(
    shutil.which("lt-proc") is None or None in (analyser_path("en"), analyser_path("es"), generator_path("es")),
    reason="Apertium's eng-spa analysers and generators are not installed: run ./install.sh",
)


def glossary(case: str) -> Glossary:
    return load_glossaries([CASES / f"{case}.csv"])


def translated(case: str, text: str, source: str = "en", target: str = "es") -> str:
    with EngineRegistry("apertium") as engines:
        return translate_lines([text], source, target, glossary(case), engines)[0]


def test_plural_noun_term_gets_the_plural_target_and_an_agreeing_article():
    # Before: "Cercano el pestaña no necesitas."
    assert translated("plural-noun", "Close the tabs you do not need.") == "Cercano las pestañas no necesitas."
    # Before: "El contenido del pestaña."
    assert translated("plural-noun", "The content of the tabs.") == "El contenido de las pestañas."
    # Before: "It closes the tab."
    assert translated("plural-noun", "Cierra las pestañas.", "es", "en") == "It closes the tabs."


def test_singular_term_keeps_its_listed_form_and_the_article_takes_its_gender():
    # Before: "Cercano el pestaña y abrir el expediente."
    assert translated("singular-noun", "Close the tab and open the file.") == (
        "Cercano la pestaña y abrir el expediente.")
    assert translated("singular-noun", "Go to a tab.") == "Va a una pestaña."  # before: "Va a un pestaña."
    # A feminine noun with a stressed a keeps el: "el agua".
    assert translated("singular-noun", "Drink the water.") == "Bebida el agua."


def test_a_name_is_unchanged():
    text = "The Tajik government and the Tajiks; President Bush and the bushes."
    assert translated("name", text) == "El tayiko gobierno y el Tajiks; Presidente Bush y los arbustos."
    entry = glossary("name").entries[0]
    assert inflected_target(entry, "en", "es", "Tajik") is None


def test_what_inflects_and_what_does_not():
    tab, = glossary("plural-noun").entries
    plural = inflected_target(tab, "en", "es", "tabs")
    assert (plural.form, plural.gender, plural.number) == ("pestañas", "f", "pl")
    assert inflected_target(tab, "en", "es", "Tabs").form == "Pestañas"
    assert inflected_target(tab, "en", "en", "tabs") is None  # its own language's edition: as written
    assert inflected_target(tab, "es", "en", "pestañas").form == "tabs"


def test_one_generator_process_per_language_and_forms_generated_once():
    spanish = generator("es")
    assert spanish is generator("es")
    assert spanish.generate("pestaña<n><f><pl>") == "pestañas"
    assert spanish.generate("zqxzqx<n><f><pl>") is None  # the generator's # mark: not a form
    assert generator("en").generate("tab<n><pl>") == "tabs"


def test_only_the_determiner_right_before_the_placeholder_changes():
    span = ProtectedSpan(0, 4, "pestañas", "Zqxa", "term", (False, False), ("f", "pl"))
    protected = Protected(text="", spans=[span])
    assert agreeing_articles("El Zqxa y el libro; del Zqxa, un Zqxa, este Zqxa", protected) == (
        "Las Zqxa y el libro; de las Zqxa, unas Zqxa, estas Zqxa")
    assert agreeing_articles("Ciel Zqxa, el Zqxab", protected) == "Ciel Zqxa, el Zqxab"


def test_a_term_that_starts_with_an_acronym_keeps_the_targets_case_and_agrees():
    # Before: "Están desarrollando un Vacuna para el COVID-19." (the capital of COVID taken for the term's)
    assert translated("acronym-led", "They are developing a COVID-19 vaccine.") == (
        "Están desarrollando una vacuna para el COVID-19.")
    assert translated("acronym-led", "Two COVID-19 vaccines were tested.") == (
        "Dos vacunas para el COVID-19 estuvo probado.")
    # At the start of a sentence the target is capitalised as the sentence needs.
    assert translated("acronym-led", "COVID-19 vaccines are coming.") == "Vacunas para el COVID-19 está viniendo."

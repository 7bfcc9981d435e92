"""Glossary terms that match their inflected forms (issue 12, item 1): one glossary fixture per case
in fixtures/morphology/, matched and translated with the real Apertium analysers and engine.

With Apertium, a single-word common term goes inside the engine and inflects there (issue 12, item 2:
test_lexicon.py); on the placeholder path a single-word noun term takes the number of its source
occurrence and the article before it agrees (test_inflect.py); other terms get their listed form."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from pipeline.batch import translate_lines
from pipeline.engines import EngineRegistry
from pipeline.errors import GlossaryError
from pipeline.glossary import Glossary, glossary_csv, load_glossaries, parse_glossary
from pipeline.glossary.match import TermMatcher
from pipeline.glossary.morphology import (Morphology, analyser_keys, analyser_path, english_singular, morphology,
                                          spanish_base)

from conftest import FIXTURES, run

CASES = FIXTURES / "morphology"
needs_analysers = pytest.mark.skipif(
    shutil.which("lt-proc") is None or analyser_path("en") is None or analyser_path("es") is None,
    reason="Apertium's eng-spa analysers are not installed: run ./install.sh",
)
pytestmark = needs_analysers


def glossary(case: str) -> Glossary:
    return load_glossaries([CASES / f"{case}.csv"])


def found(case: str, text: str, lang: str = "en") -> list[str]:
    return [hit.source_form for hit in glossary(case).find(text, lang)]


def translated(case: str, text: str, source: str = "en", target: str = "es") -> str:
    with EngineRegistry("apertium") as engines:
        return translate_lines([text], source, target, glossary(case), engines)[0]


# --- one fixture per case ----------------------------------------------------


def test_plural_noun_term():
    assert found("plural-noun", "Close the tabs you do not need; the tab stays.") == ["tabs", "tab"]
    assert translated("plural-noun", "Close the tabs you do not need.") == "Cercano las pestañas no necesitas."


def test_verb_term_in_every_form():
    text = "Resets the filters, scheduled the jobs, processed the files and ran the tests while processing them."
    assert found("verb", text) == ["Resets", "scheduled", "processed", "ran", "processing"]
    # The engine conjugates the verbs it is given ("programó", "procesándoles"). It reads
    # "Resets" as a noun, which the verb row has no form for: that one goes as a placeholder.
    assert translated("verb", text) == ("Restablecer los filtros, programó los trabajos, procesó las limas y "
                                        "ejecutó las pruebas mientras procesándoles.")


def test_possessive_leaves_the_genitive_outside_the_term():
    text = "The agency's staff, the agencies' offices and UNHCR's report."
    assert found("possessive", text) == ["agency", "agencies", "UNHCR"]
    # A term the engine is given takes Apertium's genitive ("el personal de la agencia"); a
    # placeholder loses its 's, as a name Apertium lacks does ("ACNUR' informe").
    assert translated("possessive", text) == "El personal de la agencia, las agencias' oficinas y ACNUR' informe."


def test_multiword_term_with_an_inflected_head():
    assert found("multiword-head", "Sort the search results by date.") == ["search results"]
    assert found("multiword-head", "Los resultados de búsqueda aparecen.", "es") == ["resultados de búsqueda"]
    # The head's number goes to the target's head, and the article agrees (before: "Clase el resultado de búsqueda").
    assert translated("multiword-head", "Sort the search results by date.") == "Clase los resultados de búsqueda por cita."
    assert translated("multiword-head", "The search result is new.") == "El resultado de búsqueda es nuevo."
    assert translated("multiword-head", "Los resultados de búsqueda aparecen.", "es", "en") == "The search results appear."


def test_a_name_matches_only_as_written():
    text = "President Bush and the Tajik government; the bushes and the Tajiks."
    assert found("name", text) == ["Bush", "Tajik"]
    assert translated("name", text) == "Presidente Bush y el tayiko gobierno; los arbustos y el Tajiks."


def test_a_glossary_of_names_runs_no_analyser():
    names = glossary("name")
    names.find("the Tajiks", "en")
    assert names._matcher("en")._morphology is None


def test_spanish_gender_and_number_variants():
    text = "las mujeres afganas, los afganos, los tayikos, una tayika y la presidenta"
    assert found("spanish-gender-number", text, "es") == ["afganas", "afganos", "tayikos", "tayika", "presidenta"]
    assert translated("spanish-gender-number", text, "es", "en") == (
        "The women afghan, the afghan, the tajik, a tajik and the president")


def test_an_exact_only_row_matches_only_its_listed_form():
    assert found("exact-only", "Pick a template from the templates.") == ["template"]
    assert translated("exact-only", "Pick a template from the templates.") == "Elegir un plantilla de las plantillas."


# --- leftmost-longest with inflected forms ------------------------------------


def glossary_of(text: str) -> Glossary:
    return Glossary(tuple(parse_glossary(Path("test.csv"), text.encode())), "test")


def test_a_row_listing_the_form_beats_an_earlier_row_reaching_it_by_inflection():
    rows = glossary_of("en,es,action,note,case\nsymptom,síntoma,map,,insensitive\nsymptoms,síntomas,map,,insensitive\n")
    hits = rows.find("Symptoms and a symptom; symptoms.", "en")
    assert [(hit.source_form, hit.entry_id) for hit in hits] == [
        ("Symptoms", "test.csv:3"), ("symptom", "test.csv:2"), ("symptoms", "test.csv:3")]


def test_a_longer_inflected_term_beats_a_shorter_exact_one():
    rows = glossary_of("en,es,action,note,case,match\nsearch,búsqueda,map,,insensitive,exact\n"
                       "search result,resultado de búsqueda,map,,insensitive,\n")
    assert [hit.source_form for hit in rows.find("the search results and a search", "en")] == [
        "search results", "search"]


def test_a_case_sensitive_row_can_inflect_in_its_own_case():
    rows = glossary_of("en,es,action,note,case,match\nTaliban,talibán,map,,sensitive,inflected\n")
    assert [hit.source_form for hit in rows.find("Talibans, talibans, the Taliban", "en")] == ["Talibans", "Taliban"]


# --- the editions and the check with an inflected source ----------------------


def test_an_inflected_term_stays_as_written_in_its_own_language():
    rows = glossary("plural-noun")
    [hit] = rows.find("Close the tabs.", "en")
    entry = rows.entry(hit.entry_id)
    assert entry.written_form("en", "en", "tabs") == "tabs"
    assert entry.written_form("en", "es", "Tabs") == "Pestaña"
    assert rows.describe_hits((hit,), "en", "en") == "tabs"
    assert rows.describe_hits((hit,), "en", "es") == "tabs -> pestaña"


def test_translate_and_check_with_inflected_sources(tmp_path):
    articles = tmp_path / "articles"
    articles.mkdir()
    (articles / "tabs.txt").write_text("Close the tabs you do not need.\n\nThe tab is open.\n", encoding="utf-8")
    terms = str(CASES / "plural-noun.csv")
    locales = str(tmp_path / "locales")
    result = run("translate", str(articles), "--glossary", terms, "--locales", locales, "--engine", "apertium")
    assert result.exit_code == 0, result.output
    assert (tmp_path / "locales/en/tabs.txt").read_text(encoding="utf-8") == (
        "Close the tabs you do not need.\n\nThe tab is open.\n")
    assert (tmp_path / "locales/es/tabs.txt").read_text(encoding="utf-8") == (
        "Cercano las pestañas no necesitas.\n\nLa pestaña es abierta.\n")
    catalog = (tmp_path / "locales/es/LC_MESSAGES/tabs.po").read_text(encoding="utf-8")
    assert "#. glossary: tabs -> pestaña\n" in catalog
    checked = run("check", "--locales", locales, "--glossary", terms)
    assert checked.exit_code == 0, checked.output


# --- the analyser and the rules -------------------------------------------------


def test_analyser_output_is_read_as_lemmas():
    assert analyser_keys("^tabs/tab<n><pl>$") == ("tab",)
    assert analyser_keys("^left/left<adj>/left<adv>/left<n><sg>/leave<vblex><past>/leave<vblex><pp>$") == (
        "left", "leave")
    assert analyser_keys("^mulugeta/*mulugeta$") == ()
    assert analyser_keys("^covid/*covid$^19/19<num>$") == ()


def test_words_the_analyser_lacks_get_the_rules():
    assert [english_singular(word) for word in ("agencies", "taxes", "unhcrs", "virus", "glass", "as")] == [
        "agency", "tax", "unhcr", "virus", "glass", "as"]
    assert [spanish_base(word) for word in ("tayikas", "tayikos", "tayika", "luces", "mulugeta", "tayik")] == [
        "tayiko", "tayiko", "tayiko", "luz", "mulugeto", "tayik"]


def test_real_analysers_know_irregular_and_spanish_forms():
    english, spanish = morphology("en"), morphology("es")
    assert [english.keys(word) for word in ("ran", "children", "scheduled", "mulugeta")] == [
        ("run",), ("child",), ("schedule",), ("mulugeta",)]
    assert [spanish.keys(word) for word in ("presidentas", "nuevas", "programadas")] == [
        ("presidente",), ("nuevo",), ("programar",)]


def test_one_analyser_process_serves_many_batches_and_closes():
    words = Morphology("en", analyser_path("en"))
    words.analyse(["tabs", "jobs"])
    process = words._process._process
    words.analyse(["templates", "tabs"])
    assert words._process._process is process and process.poll() is None
    assert words.keys("templates") == ("template",)
    words.close()
    assert process.poll() is not None and words._process._process is None


def test_without_the_analyser_the_rules_still_find_regular_plurals():
    matcher: TermMatcher[str] = TermMatcher(Morphology("en", None))
    matcher.add("tab", False, "tab", inflected=True)
    matcher.add("run", False, "run", inflected=True)
    assert [match.text for match in matcher.find("two tabs ran")] == ["tabs"]


# --- the match column -------------------------------------------------------------


def test_match_column_values_are_checked():
    with pytest.raises(GlossaryError, match=r"test.csv:2: match 'fuzzy' is not one of exact, inflected"):
        parse_glossary(Path("test.csv"), b"en,es,action,note,match\ntab,pesta\xc3\xb1a,map,,fuzzy\n")


def test_match_column_is_written_back_only_when_a_row_has_one():
    entries = parse_glossary(Path("t.csv"), "en,es,action,note,case,match\ntab,pestaña,map,,insensitive,exact\n"
                                            "UNHCR,ACNUR,map,,sensitive,\n".encode())
    assert glossary_csv(entries).decode() == ("en,es,action,note,case,match\ntab,pestaña,map,,insensitive,exact\n"
                                              "UNHCR,ACNUR,map,,sensitive,\n")
    without = parse_glossary(Path("t.csv"), b"en,es,action,note\nUNHCR,ACNUR,map,\n")
    assert glossary_csv(without).decode() == "en,es,action,note\nUNHCR,ACNUR,map,\n"
    assert [entry.inflects() for entry in entries + without] == [False, False, False]

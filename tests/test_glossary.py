from __future__ import annotations

from pathlib import Path

from pipeline.glossary import load_glossaries, parse_glossary
from pipeline.model import Segment
from pipeline.protect import protect
from pipeline.restore import restore

from conftest import NAMES


def glossary_of(text: str):
    from pipeline.glossary import Glossary

    return Glossary(tuple(parse_glossary(Path("test.csv"), text.encode())), "test")


def forms(glossary, text, lang):
    return [hit.source_form for hit in glossary.find(text, lang)]


def test_longest_match_first():
    g = glossary_of("en,es,action,note\nAhmad Massoud,Ahmad Massoud,keep,\nAhmad Shah Massoud,Ahmad Shah Massoud,keep,\n"
                    "Massoud,Massoud,keep,\n")
    assert forms(g, "Ahmad Shah Massoud and his son Ahmad Massoud; Massoud.", "en") == [
        "Ahmad Shah Massoud", "Ahmad Massoud", "Massoud"]


def test_variants_recognised_and_canonical_first():
    g = glossary_of("en,es,action,note\nPanjshir|Panshir,Panjshir|Panshir,keep,\n")
    assert forms(g, "the Panshir valley", "en") == ["Panshir"]
    assert g.entries[0].canonical("es") == "Panjshir"


def test_word_boundaries_with_accents_and_apostrophes():
    g = glossary_of("en,es,action,note\nIran,Irán,map,\n")
    assert forms(g, "Iran's oil, Iranian oil, Irán, Iraní", "en") == ["Iran"]
    assert forms(g, "Irán e Iraní", "es") == ["Irán"]


def test_names_case_sensitive_by_default_and_insensitive_on_request():
    g = glossary_of("en,es,action,note,case\nKabul,Kabul,keep,,\nparallel processing,procesamiento paralelo,map,,insensitive\n")
    assert forms(g, "kabul and Kabul", "en") == ["Kabul"]
    assert forms(g, "Parallel Processing", "en") == ["Parallel Processing"]


def test_forbid_rows_are_not_protected():
    g = glossary_of("en,es,action,note\nAfghanistan,Afganistan,forbid,misspelling\n")
    assert forms(g, "Afganistan", "es") == []


def test_project_glossary_has_the_sample_names():
    g = load_glossaries([NAMES])
    assert len(g.entries) >= 25
    assert g.entries[0].origin == "names.csv:2"


def test_protect_and_restore_round_trip():
    g = load_glossaries([NAMES])
    segment = Segment("Tajikistan informed UNHCR, see https://example.org/x.", line=1, index=0, kind="prose", lang="en")
    segment.hits = tuple(g.find(segment.text, "en"))
    protected = protect(segment, "en", "es", g)
    assert "Tajikistan" not in protected.text and "https://" not in protected.text
    text, flags = restore(protected.text.replace("informed", "informó a"), protected)
    assert text == "Tayikistán informó a ACNUR, see https://example.org/x." and flags == ()


def test_restore_flags_lost_and_repeated_placeholders():
    g = load_glossaries([NAMES])
    segment = Segment("Kabul and Tajikistan", line=1, index=0, kind="prose", lang="en")
    segment.hits = tuple(g.find(segment.text, "en"))
    protected = protect(segment, "en", "es", g)
    first, second = protected.restorations
    _, flags = restore(f"{first} y {first}", protected)
    assert any("'Kabul' repeated 2 times" in flag for flag in flags)
    assert any("'Tayikistán' lost" in flag for flag in flags)

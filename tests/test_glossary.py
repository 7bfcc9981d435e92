from __future__ import annotations

from pathlib import Path

from pipeline.glossary import load_glossaries, match_case, parse_glossary
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


def test_hyphens_apostrophes_and_decomposed_accents():
    g = glossary_of("en,es,action,note\nTaliban,talibán,map,\nGuinea-Bissau,Guinea-Bisáu,map,\nGuinea,Guinea,keep,\n"
                    "Côte d'Ivoire,Costa de Marfil,map,\n")
    assert forms(g, "anti-Taliban forces, Taliban's rule", "en") == ["Taliban", "Taliban"]
    assert forms(g, "Guinea-Bissau and Guinea", "en") == ["Guinea-Bissau", "Guinea"]
    assert forms(g, "Côte d\u2019Ivoire", "en") == ["Côte d\u2019Ivoire"]  # curly apostrophe
    assert forms(g, "Co\u0302te d'Ivoire", "en") == ["Co\u0302te d'Ivoire"]  # NFD text, NFC term
    assert forms(g, "Guinea - Bissau", "en") == ["Guinea"]  # spacing where the term has none


def test_overlapping_terms_leftmost_then_longest():
    g = glossary_of("en,es,action,note\nNew York,Nueva York,map,\nYork Times,York Times,keep,\n"
                    "New York Times,The New York Times,keep,\n")
    assert forms(g, "the New York Times and New York", "en") == ["New York Times", "New York"]
    g = glossary_of("en,es,action,note\nNew York,Nueva York,map,\nYork Times,York Times,keep,\n")
    assert forms(g, "the New York Times", "en") == ["New York"]


def test_case_sensitive_term_wins_over_insensitive_at_equal_length():
    g = glossary_of("en,es,action,note,case\nApple,Apple,keep,,\napple,manzana,map,,insensitive\n")
    hits = g.find("Apple sells apple juice and APPLE pie", "en")
    assert [(h.source_form, g.entry(h.entry_id).action) for h in hits] == [
        ("Apple", "keep"), ("apple", "map"), ("APPLE", "map")]


def test_insensitive_terms_follow_the_case_of_the_occurrence():
    g = glossary_of("en,es,action,note,case\nacute bronchitis,Bronquitis aguda,map,,insensitive\n"
                    "AIDS,SIDA,map,,insensitive\nTajikistan,Tayikistán,map,,\n")
    entry = g.entries[0]
    assert entry.written_form("en", "es", "acute bronchitis") == "bronquitis aguda"
    assert entry.written_form("en", "es", "Acute bronchitis") == "Bronquitis aguda"
    assert entry.written_form("en", "es", "ACUTE BRONCHITIS") == "BRONQUITIS AGUDA"
    assert g.entries[1].written_form("en", "es", "aids") == "SIDA"
    assert g.entries[2].written_form("en", "es", "Tajikistan") == "Tayikistán"


def test_forbid_row_may_leave_one_language_empty():
    g = glossary_of("en,es,action,note\n,Afganistan,forbid,missing accent\n")
    assert g.entries[0].forms == {"en": (), "es": ("Afganistan",)}


def generated_terms(count: int, seed: int = 7) -> list[str]:
    import random

    rng = random.Random(seed)
    syllables = ["ka", "bul", "ta", "ji", "ki", "stan", "pan", "shir", "ma", "sud", "ra", "mon", "do", "ri", "á", "ñe"]
    words = sorted({"".join(rng.choice(syllables) for _ in range(rng.randint(1, 3))).capitalize()
                    for _ in range(3000)})
    terms: dict[str, None] = {}
    while len(terms) < count:
        terms[" ".join(rng.choice(words) for _ in range(rng.randint(1, 4)))] = None
    return list(terms)


def test_matcher_with_100000_generated_terms_agrees_with_a_brute_force_search():
    import re
    import random

    from pipeline.glossary.match import TermMatcher

    terms = generated_terms(100_000)
    matcher = TermMatcher()
    for number, term in enumerate(terms):
        assert matcher.add(term, True, number)
    rng = random.Random(3)
    texts = [" ".join(rng.choice(terms) + rng.choice(["", ",", "."]) for _ in range(8)) for _ in range(200)]
    index = {term: number for number, term in enumerate(terms)}
    longest = max(len(term.split()) for term in terms)
    for text in texts:
        words = [(m.start(), m.end(), m.group()) for m in re.finditer(r"\w+", text)]
        expected, position = [], 0
        while position < len(words):  # leftmost, longest, over words joined by single spaces
            for length in range(min(longest, len(words) - position), 0, -1):
                chunk = words[position : position + length]
                candidate = text[chunk[0][0] : chunk[-1][1]]
                if candidate in index:
                    expected.append((chunk[0][0], chunk[-1][1], index[candidate]))
                    position += length
                    break
            else:
                position += 1
        assert [(m.start, m.end, m.value) for m in matcher.find(text)] == expected


def test_match_case_follows_the_occurrence_unless_an_acronym_leads_it():
    assert match_case("pestaña", "Tab") == "Pestaña"
    assert match_case("pestaña", "TAB") == "PESTAÑA"
    assert match_case("vacuna para el COVID-19", "COVID-19 vaccine") == "vacuna para el COVID-19"
    assert match_case("una vacuna", "A vaccine") == "Una vacuna"

"""Fuzzy matches (issue 19, item 4): the closest reviewed translation offered as a suggestion."""

from __future__ import annotations

import json
import random
import threading
from fractions import Fraction

import polib

from conftest import FIXTURES
from pipeline import catalog
from pipeline.catalog import comment_lines
from pipeline.fuzzy import (
    MATCH_NOTE, MATCH_SOURCE_NOTE, MATCH_TRANSLATION_NOTE, SUGGESTION_STARTS, FuzzyIndex, Match, _exact_ratio,
    normalize, similarity, suggestion_from, suggestion_lines,
)

FUZZY = FIXTURES / "fuzzy"


def case(name: str) -> dict:
    return json.loads((FUZZY / f"{name}.json").read_text(encoding="utf-8"))


def index_of(reviewed: list[list[str]], lang: str = "es") -> FuzzyIndex:
    index = FuzzyIndex()
    for source, translation, origin in reviewed:
        index.add(lang, source, translation, origin)
    return index



# --- the threshold -----------------------------------------------------------------------------


def test_a_suggestion_at_80_percent_is_offered():
    fixture = case("suggestion-at-80")
    found = index_of(fixture["reviewed"]).best("es", fixture["lookup"])
    assert found == Match(**fixture["expected"])
    assert index_of(fixture["reviewed"]).best("es", fixture["lookup"], threshold=80) == found
    assert index_of(fixture["reviewed"]).best("es", fixture["lookup"], threshold=81) is None
    assert index_of(fixture["reviewed"]).best("en", fixture["lookup"]) is None  # another edition's memory


def test_no_suggestion_at_60_percent():
    fixture = case("none-at-60")
    index = index_of(fixture["reviewed"])
    assert index.best("es", fixture["lookup"]) is fixture["expected"] is None
    # There was a closest one, at 60%: below the threshold, not absent.
    assert index.best("es", fixture["lookup"], threshold=60).score == fixture["closest"]
    assert index.best("es", fixture["lookup"], threshold=61) is None


def test_ties_go_to_the_entry_added_first():
    fixture = case("ties")
    kunduz, town, friday = fixture["reviewed"]
    for order, winner in (([kunduz, town, friday], town), ([kunduz, friday, town], friday),
                          ([friday, town, kunduz], friday)):
        found = index_of(order).best("es", fixture["lookup"])
        assert (found.score, found.source, found.origin) == (fixture["score"], winner[0], winner[2])


# --- the score -----------------------------------------------------------------------------------


def test_the_score_is_the_ratio_rounded_down_and_100_only_for_the_same_text():
    assert similarity("abcd", "abce") == 75.0  # 2 * 3 / 8
    assert similarity("The Taliban took the city of Kabul on Monday.",
                      "The Taliban took the city of Kunduz on Monday.") == 92.0  # 12/13 = 92.3
    assert similarity("Kabul", "kabul") == 80.0  # case counts
    assert similarity("Same  text,\nre-wrapped.", "Same text, re-wrapped.") == 99.0  # whitespace collapsed, not equal
    assert similarity("Same text.", "Same text.") == 100.0
    assert normalize("  a \t b\n c ") == "a b c"


def test_a_match_exactly_at_the_threshold_counts():
    """A ratio of exactly 75% (which rapidfuzz's float cutoff may see a hair below) is offered."""
    index = index_of([["abce", "x", "one.po"]])
    assert index.best("es", "abcd") == Match(75.0, "abce", "x", "one.po")
    index = index_of([["The Taliban took the city of Kabul on Sunday.", "y", "two.po"]])
    assert index.best("es", "The Taliban took the city of Kabul on Monday.", threshold=95).score == 95.0


def test_first_reviewed_translation_of_a_source_is_kept():
    index = index_of([["The Taliban took Kabul.", "Los talibanes tomaron Kabul.", "first.po"],
                      ["The  Taliban took Kabul.", "Otra.", "second.po"],
                      ["Empty translation.", "", "third.po"]])
    assert len(index) == 1
    assert index.best("es", "The Taliban took Kabul!").origin == "first.po"


# --- the catalog comment -------------------------------------------------------------------------


def test_suggestion_lines_and_back():
    fixture = case("suggestion-at-80")
    match = Match(**fixture["expected"])
    assert suggestion_lines(match) == [
        "match: 80% reviewed in panjshir-monday.po",
        "match source: The resistance fighters retreated to the Panjshir valley on Monday.",
        "match translation: Los combatientes de la resistencia se replegaron al valle del Panjshir el lunes.",
    ]
    assert suggestion_from(["lang: en; kind: prose", "engine: apertium", *suggestion_lines(match)]) == match
    assert suggestion_from(["lang: en; kind: prose", "engine: apertium"]) is None
    assert suggestion_from(suggestion_lines(match)[:2]) is None  # all three lines, or none


def test_line_breaks_in_a_suggestion_stay_in_one_comment_line():
    match = Match(81.0, "First line\nsecond C:\\path", "Primera línea\nsegunda", "doc.po")
    lines = suggestion_lines(match)
    assert all("\n" not in line for line in lines)
    assert lines[1] == "match source: First line\\nsecond C:\\\\path"
    assert suggestion_from(lines) == match


def test_a_suggestion_wrapped_by_a_tool_is_read_back():
    """A catalog saved by another tool wraps long comment lines; comment_lines joins them again."""
    entry = polib.pofile(str(FUZZY / "wrapped-suggestion.po"))[0]
    assert suggestion_from(comment_lines(entry)) == Match(**case("suggestion-at-80")["expected"])


def test_catalog_keeps_the_suggestion_lines_apart():
    assert set(SUGGESTION_STARTS) <= set(catalog.NOTE_STARTS)
    assert SUGGESTION_STARTS == (MATCH_NOTE, MATCH_SOURCE_NOTE, MATCH_TRANSLATION_NOTE)


# --- many entries ------------------------------------------------------------------------------


def sentences(count: int, seed: int = 19) -> list[str]:
    """`count` distinct sentences of made-up words (deterministic)."""
    rng = random.Random(seed)
    vocabulary = ["".join(rng.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(rng.randint(2, 9)))
                  for _ in range(600)]
    made = []
    while len(made) < count:
        text = " ".join(rng.choice(vocabulary) for _ in range(rng.randint(6, 24))).capitalize() + "."
        if text not in made:
            made.append(text)
    return made


def test_five_thousand_entries_index_and_look_up_correctly():
    """No timing: 5,000 reviewed entries added from 4 threads at once, then each looked up with one word
    changed; a sample checked against every entry scored one by one (the length prefilter drops
    nothing that could win), and text like none of them finds nothing."""
    texts = sentences(5_000)
    index = FuzzyIndex()

    def add(part: int) -> None:
        for number in range(part, len(texts), 4):
            index.add("es", texts[number], f"traducción {number}", f"doc-{number}.po")

    threads = [threading.Thread(target=add, args=(part,)) for part in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(index) == 5_000

    rng = random.Random(4)
    for number, text in enumerate(texts):
        words = text.split()
        if len(words) < 12:  # one word in fewer may be more than a quarter of the text
            continue
        words[rng.randrange(1, len(words) - 1)] = "zzzz"
        query = " ".join(words)
        found = index.best("es", query)
        assert found is not None and found.score == similarity(query, found.source) >= 75
        assert found.source == text and found.translation == f"traducción {number}", query
    for query in (texts[7][:40] + " qqqq wwww", texts[3000][:-1] + "!", texts[42].upper()):
        ratios = [(Fraction(*_exact_ratio(normalize(query), normalize(text))), text) for text in texts]
        top = max(ratio for ratio, _ in ratios)
        found = index.best("es", query, threshold=0)
        assert Fraction(*_exact_ratio(normalize(query), normalize(found.source))) == top
    assert index.best("es", "Nothing in the memory looks like this sentence at all.") is None

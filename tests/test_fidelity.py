"""Faithful editions: an edition changes only what it really translates.

One fixture per case in fixtures/fidelity/, each an article of its own, run through
the real `diglot translate` with Apertium into the edition of its own language.
A name, a loanword or a word both languages share inside a paragraph of one
language is no change of language: that edition is the paragraph as written, and
nothing in it is marked for review. A real switch (a clause, a quotation, a site's
footer) is translated, and only it.
"""

from __future__ import annotations

from pathlib import Path

import polib
import pytest

from conftest import FIXTURES, needs_apertium
from editions import translate_fixture
from pipeline.detect import analyse

CASES = FIXTURES / "fidelity"
EMPTY_GLOSSARY = "en,es,action,note\n"

MONOLINGUAL = [
    ("name-in-english-prose", "en"),
    ("name-in-spanish-prose", "es"),
    ("loanword-in-english-prose", "en"),
    ("loanword-in-spanish-prose", "es"),
    ("shared-word-in-english-prose", "en"),
    ("shared-word-in-spanish-prose", "es"),
]


def own_edition(tmp_path: Path, case: str, lang: str) -> tuple[str, polib.POFile]:
    glossary = tmp_path / "empty.csv"
    glossary.write_text(EMPTY_GLOSSARY, encoding="utf-8")
    locales = tmp_path / "locales"
    edition = translate_fixture(CASES / f"{case}.txt", locales, glossary, (lang,))[lang]
    return edition, polib.pofile(str(locales / lang / "LC_MESSAGES" / f"{case}.po"))


@pytest.mark.parametrize("case, lang", MONOLINGUAL)
def test_a_paragraph_of_one_language_is_not_mixed(case, lang):
    text = (CASES / f"{case}.txt").read_text(encoding="utf-8").strip()
    result = analyse(text)
    assert (result.lang, result.mixed) == (lang, False)


@needs_apertium
@pytest.mark.parametrize("case, lang", MONOLINGUAL)
def test_its_own_edition_is_the_paragraph_as_written(tmp_path, case, lang):
    edition, catalog = own_edition(tmp_path, case, lang)
    assert edition == (CASES / f"{case}.txt").read_text(encoding="utf-8")
    assert [entry.msgid for entry in catalog if entry.fuzzy] == []


SWITCHES = [
    ("switch-in-english-prose", "en", [
        ("en", "He looked at the crowd and said that"), ("es", "pero no quiero volver a casa,"),
        ("en", "then he left the stage.")]),
    ("switch-in-spanish-prose", "es", [
        ("es", "Mi hermana me llamó anoche y me dijo que"), ("en", "you know they are so patriotic,"),
        ("es", "y luego colgó el teléfono.")]),
    ("quoted-spanish-phrase-in-english-news", "en", [
        ("en", "The banner read"), ("es", '"queremos vivir en paz"'),
        ("en", "as the march reached the main square of the city.")]),
]


@pytest.mark.parametrize("case, lang, spans", SWITCHES)
def test_a_real_switch_is_mixed_with_its_spans(case, lang, spans):
    text = (CASES / f"{case}.txt").read_text(encoding="utf-8").strip()
    result = analyse(text)
    assert (result.lang, result.mixed) == (lang, True)
    assert [(span.lang, text[span.start : span.end]) for span in result.spans] == spans


@needs_apertium
@pytest.mark.parametrize("case, lang, edition", [
    ("switch-in-english-prose", "en",
     "He looked at the crowd and said that but do not want to go back home, then he left the stage.\n"),
    ("switch-in-spanish-prose", "es",
     "Mi hermana me llamó anoche y me dijo que conoces son tan patrióticos, y luego colgó el teléfono.\n"),
    ("quoted-spanish-phrase-in-english-news", "en",
     'The banner read "want to live in peace" as the march reached the main square of the city.\n'),
])
def test_only_the_switch_is_translated_in_the_case_it_had_in_context(tmp_path, case, lang, edition):
    text, catalog = own_edition(tmp_path, case, lang)
    assert text == edition
    (entry,) = catalog
    assert entry.fuzzy and f"check: mixed segment: {'es' if lang == 'en' else 'en'} text translated" in entry.comment


@needs_apertium
def test_the_footer_of_an_english_article_is_translated_and_nothing_else(tmp_path):
    edition, catalog = own_edition(tmp_path, "footer-in-english-article", "en")
    assert edition == (
        "The council approved the new budget on Tuesday after a long debate.\n\n"
        "The mayor said that the plan would be reviewed again next year.\n\n"
        "Send us your news\n"
        "If you know some news, do not doubt in doing us it arrive.\n"
    )
    assert [entry.msgid for entry in catalog if entry.fuzzy] == [
        "Envíanos tus noticias", "Si conoces alguna noticia, no dudes en hacérnosla llegar."]

"""`diglot glossary suggest`: candidate glossary rows from a translated batch (real Apertium catalogs)."""

from __future__ import annotations

import csv
import io
import shutil
from pathlib import Path

import pytest

from conftest import FIXTURES, SAMPLE, needs_apertium, run, snapshot

SUGGEST = FIXTURES / "suggest"
# names.csv without the rows for Mulugeta Zewdie, UNHCR and Carlos III University of Madrid
# (Zewdie and Madrid stay): Apertium sees those names, and Tajik, which no glossary has.
WITHOUT_NAMES = SUGGEST / "names-without-mulugeta-unhcr-carlos-iii.csv"
ARTICLE = Path("articles") / SAMPLE.name
EXAMPLE = f"{ARTICLE.as_posix()}:"


@pytest.fixture(scope="module")
def translated(tmp_path_factory) -> Path:
    """The sample in articles/ and its catalogs in locales/, translated by Apertium with WITHOUT_NAMES."""
    if shutil.which("apertium") is None:
        pytest.skip("Apertium is not installed: run ./install.sh")
    folder = tmp_path_factory.mktemp("suggest")
    (folder / "articles").mkdir()
    shutil.copy(SAMPLE, folder / ARTICLE)
    result = run("translate", folder / "articles", "--glossary", WITHOUT_NAMES, "--locales", folder / "locales",
                 "--engine", "apertium")
    assert result.exit_code == 0, result.output
    return folder


@pytest.fixture
def batch(translated, tmp_path, monkeypatch) -> Path:
    """A copy of `translated`, as the working folder: examples read articles/...:LINE."""
    shutil.copytree(translated, tmp_path, dirs_exist_ok=True)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def suggest(*extra: str | Path):
    return run("glossary", "suggest", "articles", "--glossary", WITHOUT_NAMES, *extra)


def rows_of(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text)))


@needs_apertium
def test_sample_suggestions_lint_clean_and_hold_tajik(batch):
    result = suggest("-o", "suggested.csv")
    assert result.exit_code == 0, result.output
    lint = run("glossary", "lint", "suggested.csv")
    assert lint.exit_code == 0 and lint.stdout == ""
    rows = rows_of(Path("suggested.csv").read_text(encoding="utf-8"))
    assert rows[0] == ["en", "es", "action", "note"]
    assert ["Tajik", "Tajik", "keep", f"3x; {EXAMPLE}13; unknown to the engine"] in rows


@needs_apertium
def test_unknown_words_come_first_then_by_count(batch):
    rows = rows_of(suggest().stdout)[1:]
    unknown = ["unknown to the engine" in row[3] for row in rows]
    assert True in unknown and False in unknown and unknown == sorted(unknown, reverse=True)
    assert rows[:3] == [
        ["Tajik", "Tajik", "keep", f"3x; {EXAMPLE}13; unknown to the engine"],
        ["insurgents", "insurgents", "map", f"2x; {EXAMPLE}7; unknown to the engine: write its translation"],
        ["UNHCR", "UNHCR", "keep", f"2x; {EXAMPLE}40; unknown to the engine"],
    ]
    # Mulugeta starts its sentence, but the engine did not know it; Zewdie is in the glossary.
    assert ["Mulugeta", "Mulugeta", "keep", f"1x; {EXAMPLE}40; unknown to the engine"] in rows
    # The first row the engine knew is its commonest name, with its rendering as a start.
    assert rows[unknown.index(False)] == ["Taliban", "talibán", "map", f"20x; {EXAMPLE}7; the engine's rendering"]


@needs_apertium
def test_multi_word_name_is_kept_whole_past_a_glossary_term(batch):
    rows = rows_of(suggest().stdout)[1:]
    assert ["Carlos III University of Madrid", "Carlos III Universidad de Madrid", "map",
            f"1x; {EXAMPLE}44; the engine's rendering"] in rows
    assert not [row for row in rows if row[0] != "Carlos III University of Madrid" and "Carlos" in row[0]]


@needs_apertium
def test_sentence_starts_and_common_words_are_no_names(batch):
    suggested = {row[0] for row in rows_of(suggest().stdout)[1:]}
    # "However, ...", "Indeed, ...", "The Islamic Emirate ...": capitals of a sentence start only;
    # "President Rahmon", "French President", "in September": common words.
    assert not suggested & {"However", "Indeed", "In", "The", "With", "President", "French President", "September"}


@needs_apertium
def test_a_term_already_in_the_glossary_is_not_suggested(batch):
    without = {row[0] for row in rows_of(suggest().stdout)[1:]}
    with_tajik = {row[0] for row in rows_of(suggest("--glossary", SUGGEST / "tajik.csv").stdout)[1:]}
    assert "Tajik" in without and without - with_tajik == {"Tajik"}
    # Glossary terms in the text, and an unknown word that is one in another case ("lion of panjshir"):
    assert not without & {"Tajikistan", "Zewdie", "Panjshir", "panjshir", "Madrid"}


@needs_apertium
def test_output_file_is_all_that_is_written(batch):
    before = snapshot(batch)
    on_stdout = suggest().stdout
    result = suggest("-o", "suggested.csv")
    assert result.exit_code == 0 and result.stdout == ""
    assert result.stderr.endswith("rows suggested, written to suggested.csv\n")
    after = snapshot(batch)
    assert after.pop("suggested.csv").decode("utf-8") == on_stdout
    assert after == before


def test_a_row_lint_would_reject_is_left_out_and_reported():
    folder = SUGGEST / "shared-rendering"
    result = run("glossary", "suggest", folder / "shared-rendering.txt", "--locales", folder / "locales",
                 "--glossary", WITHOUT_NAMES)
    assert result.exit_code == 0
    assert rows_of(result.stdout)[1:] == [
        ["Taliban", "talibanes", "map", f"1x; {(folder / 'shared-rendering.txt').as_posix()}:1; the engine's rendering"],
    ]
    assert ("diglot: left out Talibans: es 'talibanes' maps to en 'Talibans' here but to 'Taliban' at the row for "
            "'Taliban'\n") in result.stderr


@needs_apertium
def test_broken_catalog_exits_2_naming_it(batch):
    catalog = Path("locales/es/LC_MESSAGES") / f"{SAMPLE.stem}.po"
    shutil.copy(SUGGEST / "broken-catalog.po", catalog)
    result = suggest()
    assert result.exit_code == 2 and result.stdout == ""
    assert result.stderr.startswith(f"{catalog}:7: error: not a valid PO catalog")


def test_document_without_catalogs_exits_2_naming_it(tmp_path):
    result = run("glossary", "suggest", SAMPLE, "--locales", tmp_path / "locales", "--glossary", WITHOUT_NAMES)
    assert result.exit_code == 2 and result.stdout == ""
    assert result.stderr.startswith(f"{SAMPLE}: error: no es catalog")


@needs_apertium
def test_document_changed_since_its_translation_exits_2_naming_the_line(batch):
    text = ARTICLE.read_text(encoding="utf-8")
    ARTICLE.write_text(text.replace("Tajik government", "Tajik cabinet"), encoding="utf-8")
    result = suggest()
    assert result.exit_code == 2 and result.stdout == ""
    assert result.stderr.startswith(f"{ARTICLE}:13: error: the es catalog's entry for this line is for another text")


@needs_apertium
def test_spanish_names_get_the_english_catalogs_rendering(tmp_path, monkeypatch):
    shutil.copytree(SUGGEST / "spanish-article", tmp_path / "articles")
    monkeypatch.chdir(tmp_path)
    translated = run("translate", "articles", "--glossary", WITHOUT_NAMES, "--engine", "apertium")
    assert translated.exit_code == 0, translated.output
    rows = rows_of(suggest().stdout)[1:]
    example = "articles/acnur-tayikistan.txt:"
    assert rows[0] == ["ACNUR", "ACNUR", "keep", f"3x; {example}1; unknown to the engine"]
    assert ["Viktoria Zhaksylykova", "Viktoria Zhaksylykova", "keep", f"1x; {example}3; unknown to the engine"] in rows
    assert ["European Commission", "Comisión Europea", "map", f"1x; {example}7; the engine's rendering"] in rows
    # "El ACNUR ...", "La Comisión ...": sentence starts; "El Gobierno tayiko": a common word.
    assert not {row[1] for row in rows} & {"El", "La", "Gobierno", "El ACNUR", "La Comisión Europea"}

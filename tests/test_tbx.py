"""TBX (ISO 30042) import and export, and refusing XML that is not safe to parse."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.errors import GlossaryError
from pipeline.glossary import load_glossaries
from pipeline.glossary.tbx import parse_tbx, read_tbx, tbx_bytes

from conftest import FIXTURES, NAMES, run

TBX = FIXTURES / "tbx"


def test_round_trip_csv_tbx_csv_is_byte_identical(tmp_path):
    assert run("glossary", "export", "--tbx", tmp_path / "names.tbx", "--glossary", NAMES).exit_code == 0
    result = run("glossary", "import", tmp_path / "names.tbx", "-o", tmp_path / "names.csv")
    assert result.exit_code == 0, result.output
    assert "36 rows written" in result.stderr
    assert (tmp_path / "names.csv").read_bytes() == NAMES.read_bytes()


def test_round_trip_keeps_variants_forbid_rows_and_case(tmp_path):
    glossary = load_glossaries([FIXTURES / "lint" / "clean.csv"])
    back = parse_tbx(Path("x.tbx"), tbx_bytes(list(glossary.entries)))
    simplify = lambda entries: [(e.forms, e.action, e.note, e.case_sensitive) for e in entries]  # noqa: E731
    assert simplify(back) == simplify(glossary.entries)


def test_tbx_basic_preferred_term_is_canonical_and_deprecated_is_forbidden():
    content = read_tbx(TBX / "tbx-basic.tbx", (TBX / "tbx-basic.tbx").read_bytes())
    panjshir, tajikistan, forbidden, parallel = content.entries
    assert panjshir.forms == {"en": ("Panjshir", "Panshir"), "es": ("Panjshir",)}
    assert panjshir.note == "valley north of Kabul" and panjshir.action == "map"
    assert tajikistan.forms == {"en": ("Tajikistan",), "es": ("Tayikistán",)}
    assert forbidden.action == "forbid" and forbidden.forms == {"en": (), "es": ("Tajikistán",)}
    assert not parallel.case_sensitive
    assert content.skipped == [23]  # the concept with English only
    assert panjshir.origin == "tbx-basic.tbx:6"


def test_tbx_2008_martif_is_read():
    (entry,) = parse_tbx(TBX / "tbx-2008-martif.tbx", (TBX / "tbx-2008-martif.tbx").read_bytes())
    assert entry.forms == {"en": ("UNHCR",), "es": ("ACNUR",)} and entry.action == "map"


def test_tbx_glossary_used_directly_for_matching():
    glossary = load_glossaries([TBX / "tbx-basic.tbx"])
    assert [hit.source_form for hit in glossary.find("From Panshir to Tajikistan.", "en")] == ["Panshir", "Tajikistan"]


@pytest.mark.parametrize("name, expected", [
    ("doctype.tbx", "doctype.tbx:2: error: refusing a document type declaration"),
    ("external-entity.tbx", "external-entity.tbx:2: error: refusing a document type declaration"),
    ("entity-bomb.tbx", "entity-bomb.tbx:2: error: refusing a document type declaration"),
    ("not-well-formed.tbx", "not-well-formed.tbx:5: error: not well-formed XML"),
    ("not-tbx.tbx", "not-tbx.tbx:2: error: not a TBX document"),
])
def test_unsafe_or_broken_tbx_is_refused_and_nothing_written(tmp_path, name, expected):
    output = tmp_path / "out.csv"
    result = run("glossary", "import", TBX / name, "-o", output)
    assert result.exit_code == 2
    assert len(result.stderr.strip().splitlines()) == 1 and expected in result.stderr
    assert not output.exists()


def test_import_does_not_overwrite_without_force(tmp_path):
    output = tmp_path / "out.csv"
    output.write_text("mine\n")
    result = run("glossary", "import", TBX / "tbx-2008-martif.tbx", "-o", output)
    assert result.exit_code == 2 and "--force" in result.stderr and output.read_text() == "mine\n"
    assert run("glossary", "import", TBX / "tbx-2008-martif.tbx", "-o", output, "--force").exit_code == 0
    assert output.read_text(encoding="utf-8") == "en,es,action,note\nUNHCR,ACNUR,map,\n"


def test_parse_errors_are_glossary_errors():
    with pytest.raises(GlossaryError):
        parse_tbx(TBX / "doctype.tbx", (TBX / "doctype.tbx").read_bytes())


def test_bad_glossary_leaves_nothing_written(tmp_path):
    output = tmp_path / "out.tbx"
    result = run("glossary", "export", "--tbx", output, "--glossary", FIXTURES / "glossaries" / "not-utf8.csv")
    assert result.exit_code == 2 and "not-utf8.csv:2: error: not UTF-8" in result.stderr
    assert not output.exists()


def test_translate_refuses_a_tbx_glossary_with_an_external_entity(tmp_path):
    result = run("translate", FIXTURES / "inputs" / "latin1.txt", "--glossary", TBX / "external-entity.tbx",
                 "--locales", tmp_path / "locales", "--engine", "apertium")
    assert result.exit_code == 2 and "external-entity.tbx:2: error: refusing" in result.stderr
    assert not (tmp_path / "locales").exists()

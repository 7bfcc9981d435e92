"""Photo credits: a credit alone is carried over as written; a credit that opens a
caption is kept as written and the caption translated like any other prose."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import FIXTURES, needs_apertium, run
from editions import catalog_entry, translate_fixture
from pipeline.kinds import classify_kind, credit_length

CASES = FIXTURES / "credits"


@pytest.mark.parametrize(
    "text, credit",
    [("AFP/AHMAD SAHEL ARMAN - Afghan forces train in Panjshir.", "AFP/AHMAD SAHEL ARMAN - "),
     ("REUTERS/John Smith - Troops in Kabul.", "REUTERS/John Smith - "),
     ("EFE/JUAN CARLOS HIDALGO El presidente habla en el Congreso.", "EFE/JUAN CARLOS HIDALGO "),
     ("Foto: Juan Pérez / EFE - Manifestantes en Madrid.", "Foto: Juan Pérez / EFE - "),
     ("Photo by Jane Doe – Protesters march in London.", "Photo by Jane Doe – "),
     ("(Foto: EFE) El presidente habla en el Congreso.", "(Foto: EFE) "),
     ("Photograph: Jane Doe/Getty Images - Afghan forces train.", "Photograph: Jane Doe/Getty Images - ")],
)
def test_credit_then_caption(text: str, credit: str) -> None:
    assert (classify_kind(text), text[: credit_length(text)]) == ("caption", credit)


@pytest.mark.parametrize(
    "text",
    ["AFP/AHMAD SAHEL ARMAN", "Foto: EFE", "(Foto: Reuters)", "EFE/Juan Pérez", "EFE/J. C. Hidalgo",
     "REUTERS/Mohammad Ismail", "AFP/AHMAD SAHEL ARMAN - 2021", "Foto: la manifestación en Madrid - EFE",
     "Photograph: Jane Doe/Getty Images", "(Foto Prensa Libre: Esbin García)"],
)
def test_bare_credit(text: str) -> None:
    assert (classify_kind(text), credit_length(text)) == ("credit", 0)


@pytest.mark.parametrize(
    "text",
    ["NATO - The alliance met in Brussels on Tuesday.", "EU/NATO summit - leaders agreed on a joint plan.",
     "US/UK relations have improved since 2020.", "UN/AU Forces patrol the streets of the capital."],
)
def test_prose_that_opens_with_capitals_is_no_credit(text: str) -> None:
    assert (classify_kind(text), credit_length(text)) == ("prose", 0)


def test_detection_reads_only_the_caption() -> None:
    result = run("detect", "--json", CASES / "credit-with-caption.txt")
    record = json.loads(result.stdout)
    assert (record["kind"], record["lang"], record["mixed"]) == ("caption", "en", False)
    assert record["spans"] == [{"start": len("AFP/AHMAD SAHEL ARMAN - "), "end": len(record["text"]), "lang": "en"}]


@needs_apertium
def test_credit_with_caption(tmp_path: Path) -> None:
    fixture = CASES / "credit-with-caption.txt"
    editions = translate_fixture(fixture, tmp_path)
    assert editions["es"] == (
        "AFP/AHMAD SAHEL ARMAN - Movimiento de resistencia afgana y anti-fuerzas de revuelta talibana participan en "
        "formación militar en el Malimah área de Dara distrito, Panjshir provincia, 2 septiembre 2021, como el valle "
        "queda el último baluarte importante de anti-fuerzas talibanas.\n"
    )
    entry = catalog_entry(tmp_path, fixture, "es", fixture.read_text(encoding="utf-8").strip())
    assert entry.comment == ("lang: en; kind: caption\nglossary: Panjshir\nengine: apertium 3.8.3 eng-spa 0.8.1\n"
                             "unknown words: anti, Malimah")
    assert editions["en"] == fixture.read_text(encoding="utf-8")  # already English: copied


@needs_apertium
def test_credit_in_capitals_then_caption(tmp_path: Path) -> None:
    editions = translate_fixture(CASES / "credit-in-capitals-then-caption.txt", tmp_path)
    assert editions["en"] == "EFE/JUAN CARLOS HIDALGO The president of the Government speaks in the Congress.\n"


@needs_apertium
def test_photo_credit_then_caption(tmp_path: Path) -> None:
    editions = translate_fixture(CASES / "photo-credit-then-caption.txt", tmp_path)
    assert editions["en"] == "Foto: Juan Pérez / EFE - Demonstrators in the Door of the Sun of Madrid.\n"


@needs_apertium
def test_bare_credits_carried_over_unchanged(tmp_path: Path) -> None:
    fixture = CASES / "bare-credits.txt"
    editions = translate_fixture(fixture, tmp_path)
    assert editions == {"en": fixture.read_text(encoding="utf-8"), "es": fixture.read_text(encoding="utf-8")}
    entry = catalog_entry(tmp_path, fixture, "es", "(Foto: Reuters)")
    assert entry.msgstr == "(Foto: Reuters)"
    assert entry.comment == "lang: und; kind: credit\ncarried over unchanged\ncheck: credit: carried over unchanged"


@needs_apertium
def test_prose_with_capitals_and_a_dash_translated_whole(tmp_path: Path) -> None:
    fixture = CASES / "prose-with-capitals-and-a-dash.txt"
    translate_fixture(fixture, tmp_path)
    entry = catalog_entry(tmp_path, fixture, "es", "EU/NATO summit - leaders agreed on a joint plan.")
    assert entry.comment.startswith("lang: en; kind: prose\n")
    assert entry.msgstr == "UE/cumbre DE LA OTAN - los dirigentes acordados en un plan de junta."

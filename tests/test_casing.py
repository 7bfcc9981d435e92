"""Casing around protected text: where a sentence begins with a glossary name, or with
text kept as written, the next word has the case the engine gives it after a name it
knows, never the sentence's capital. Real engines only."""

from __future__ import annotations

from pathlib import Path

import pytest

from argos_package import zh_en_models_dir  # noqa: F401  (session fixture)
from conftest import FIXTURES, NAMES, needs_apertium
from editions import translate_fixture
from pipeline.engines import EngineRegistry
from pipeline.glossary import load_glossaries
from pipeline.model import Document, Segment
from pipeline.translate import translate_documents

CASES = FIXTURES / "casing"


@needs_apertium
def test_sentence_starts_with_a_glossary_name_apertium(tmp_path: Path) -> None:
    # Before: "Tayikistán Actualmente está", "Rahmon Ha sido"; "Presidente" is the source's own capital.
    editions = translate_fixture(CASES / "sentence-starts-with-a-glossary-name.txt", tmp_path)
    assert editions["es"] == (
        "Tayikistán actualmente está sirviendo como puerto seguro para Frente de Resistencia Nacional dirigentes.\n\n"
        "Rahmon ha sido en facultad desde entonces 1992, haciéndole el dirigente regional único.\n\n"
        "Tayikistán Presidente Emomali Rahmon advertido de una tierra de crianza nueva para terrorismo.\n"
    )


@needs_apertium
def test_translated_span_after_kept_text_keeps_its_lower_case(tmp_path: Path) -> None:
    # The kept text becomes a placeholder that starts the engine's sentence.
    # Before: "I told him That I do not want to go.", "Me encanta escuchar El viejo radios."
    editions = translate_fixture(CASES / "translated-span-after-kept-text.txt", tmp_path)
    assert editions["en"].splitlines()[0] == "I told him that I do not want to go."
    assert editions["es"].splitlines()[2] == "Me encanta escuchar el viejo radios."


@pytest.mark.argos
def test_sentence_starts_with_a_protected_name_argos(zh_en_models_dir: Path) -> None:  # noqa: F811
    text = (CASES / "sentence-starts-with-a-protected-name.zh.txt").read_text(encoding="utf-8").strip()
    glossary = load_glossaries([NAMES])
    segment = Segment(text, line=1, index=0, kind="prose", lang="zh")
    # The glossary has English and Spanish columns only: the names are its English forms.
    segment.hits = tuple(glossary.find(text, "en"))
    assert [hit.source_form for hit in segment.hits] == ["Tajikistan", "Rahmon"]
    document = Document(Path("zh.txt"), "zh", [text], [segment])
    with EngineRegistry("argos", zh_en_models_dir) as engines:
        translate_documents([document], "en", glossary, engines)
        with_names = engines.engine_for("zh", "en").translate_batch(
            ["塔吉克斯坦目前是抵抗运动领导人的避风港。", "拉赫蒙自1992年以来一直掌权。"], "zh", "en")
    edition = segment.translations["en"].text
    assert edition == "Tajikistan is currently a safe haven for resistance leaders. Rahmon has been in power since 1992."
    # The word after each name is cased as the engine writes it after the Chinese name itself.
    assert [sentence.split()[:2] for sentence in with_names] == [["Tajikistan", "is"], ["Rahmon", "has"]]

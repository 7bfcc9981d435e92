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
from pipeline.engines.base import EngineOutput
from pipeline.engines.apertium import ApertiumEngine
from pipeline.glossary import load_glossaries
from pipeline.model import Document, Segment, Span
from pipeline.protect import is_placeholder
from pipeline.translate import translate_documents

CASES = FIXTURES / "casing"


class PlaceholderLosingApertium(ApertiumEngine):
    """The real Apertium, except that it loses the placeholders of what it is given, so
    the stage translates the text between them in pieces (with the real Apertium)."""

    def translate_detailed(self, texts, source, target):
        return [EngineOutput(" ".join(word for word in output.text.split() if not is_placeholder(word)))
                for output in super().translate_detailed(texts, source, target)]


@needs_apertium
def test_sentence_starts_with_a_glossary_name_apertium(tmp_path: Path) -> None:
    # Before: "Tayikistán Actualmente está", "Rahmon Ha sido"; then "Tayikistán Presidente Emomali Rahmon"
    # (Tajikistan as a placeholder, a word unknown to the engine), now inside the engine.
    editions = translate_fixture(CASES / "sentence-starts-with-a-glossary-name.txt", tmp_path)
    assert editions["es"] == (
        "Tayikistán actualmente está sirviendo como puerto seguro para Frente de Resistencia Nacional dirigentes.\n\n"
        "Rahmon ha sido en facultad desde entonces 1992, haciéndole el dirigente regional único.\n\n"
        "Presidente de Tayikistán Emomali Rahmon advertido de una tierra de crianza nueva para terrorismo.\n"
    )


@needs_apertium
def test_translated_span_after_kept_text_keeps_its_lower_case(tmp_path: Path) -> None:
    # The kept text becomes a placeholder that starts the engine's sentence.
    # Before: "I told him That I do not want to go.", "Me encanta escuchar El viejo radios."
    editions = translate_fixture(CASES / "translated-span-after-kept-text.txt", tmp_path)
    assert editions["en"].splitlines()[0] == "I told him that I do not want to go."
    assert editions["es"].splitlines()[2] == "Me encanta escuchar el viejo radios."


@needs_apertium
def test_span_translated_on_its_own_keeps_the_case_it_had_in_context() -> None:
    text = "Quiero viajar to Russia con mi familia."
    segment = Segment(text, line=1, index=0, kind="prose", lang="es", mixed=True,
                      spans=(Span(0, 13, "es"), Span(14, 23, "en"), Span(24, 39, "es")))
    engines = EngineRegistry("apertium")
    engines._engines["apertium"] = PlaceholderLosingApertium()
    with engines:
        translate_documents([Document(Path("a.txt"), "a", [text], [segment])], "es", load_glossaries([]), engines)
    # Apertium writes "A Rusia" for "to Russia" on its own.
    assert segment.translations["es"].text == "Quiero viajar a Rusia con mi familia."


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

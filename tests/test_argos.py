"""The Argos engine: sentence splitting, routing, errors, and real zh->en translation."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import ctranslate2
import pytest

from argos_package import zh_en_models_dir, zh_en_package  # noqa: F401  (session fixtures)
from pipeline.engines.argos import ArgosEngine, split_sentences
from pipeline.errors import EngineError, EngineUnavailable

REPO = Path(__file__).parents[1]
NEWSTEST_ZH = Path(__file__).parents[1].parent / "shared/data/newstest-zh-en/newstest2017.zho"
PLACEHOLDER_LINE = "Zqxa 对 Zqxb 表示，他想不出有谁会想要加害他的弟弟。"
CJK = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]")
ENGLISH_WORDS = {"the", "a", "an", "of", "to", "in", "and", "is", "was", "that", "he", "his", "for", "at", "with"}


def write_installed_package(models: Path, name: str, source: str, target: str, version: str = "1.0") -> Path:
    """An installed package directory with metadata and garbage model files."""
    package = models / name
    (package / "model").mkdir(parents=True)
    metadata = {"package_version": version, "from_code": source, "to_code": target}
    (package / "metadata.json").write_text(json.dumps(metadata))
    (package / "model/model.bin").write_bytes(b"not a CTranslate2 model")
    (package / "sentencepiece.model").write_bytes(b"not a SentencePiece model")
    return package


# --- split_sentences ------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "sentences"),
    [
        ("", []),
        ("   ", []),
        ("One sentence without a stop", ["One sentence without a stop"]),
        ("Dr. Smith arrived. He sat down.", ["Dr. Smith arrived.", "He sat down."]),
        ("El Sr. Pérez llegó. Se sentó.", ["El Sr. Pérez llegó.", "Se sentó."]),
        ("The U.S. economy grew 3.5 percent. Analysts were surprised.",
         ["The U.S. economy grew 3.5 percent.", "Analysts were surprised."]),
        ("He moved to the U.S. The next year he left.", ["He moved to the U.S.", "The next year he left."]),
        ("Vive en EE. UU. desde 2010. El año pasado volvió.",
         ["Vive en EE. UU. desde 2010.", "El año pasado volvió."]),
        ("J. K. Rowling wrote it. It sold.", ["J. K. Rowling wrote it.", "It sold."]),
        ("Art. 5 of the law. No. 3 is next.", ["Art. 5 of the law.", "No. 3 is next."]),
        ("1. Introduction", ["1. Introduction"]),
        ('She said "Stop." Then she left.', ['She said "Stop."', "Then she left."]),
        ('"Is it true?" he asked.', ['"Is it true?" he asked.']),
        ("¿Qué pasó? ¡Nadie sabe!", ["¿Qué pasó?", "¡Nadie sabe!"]),
        ("Wait... what? Really!", ["Wait... what?", "Really!"]),
        ("Zqxa met Zqxb. Zqxa left.", ["Zqxa met Zqxb.", "Zqxa left."]),
        ("今天很好。明天会下雨！真的吗？", ["今天很好。", "明天会下雨！", "真的吗？"]),
        ("他说：“我们将深深怀念他。”她哭了。", ["他说：“我们将深深怀念他。”", "她哭了。"]),
        ("東京は晴れ。大阪は雨？", ["東京は晴れ。", "大阪は雨？"]),
    ],
)
def test_split_sentences(text: str, sentences: list[str]) -> None:
    assert split_sentences(text) == sentences


# --- engine without a real model ------------------------------------------------


def test_nothing_supported_without_packages(tmp_path: Path) -> None:
    engine = ArgosEngine(tmp_path / "empty")
    assert not engine.supports("es", "en")
    with pytest.raises(EngineUnavailable, match="es -> en") as caught:
        engine.translate_batch(["Hola."], "es", "en")
    assert caught.value.path == str(tmp_path / "empty")


def test_engine_uses_diglot_models_dir(tmp_path: Path, monkeypatch) -> None:
    write_installed_package(tmp_path / "models", "translate-es_en-1_0", "es", "en")
    monkeypatch.setenv("DIGLOT_MODELS_DIR", str(tmp_path / "models"))
    assert ArgosEngine().supports("es", "en")


def test_pivot_route_is_supported_and_described(tmp_path: Path) -> None:
    write_installed_package(tmp_path, "translate-es_en-1_0", "es", "en")
    write_installed_package(tmp_path, "translate-en_zh-1_9", "en", "zh", version="1.9")
    engine = ArgosEngine(tmp_path)
    assert engine.supports("es", "zh")
    assert not engine.supports("zh", "es")
    assert engine.describe("es", "zh") == (
        f"argos translate-es_en-1_0+translate-en_zh-1_9 (ctranslate2 {ctranslate2.__version__})"
    )


def test_description_adds_version_missing_from_name(tmp_path: Path) -> None:
    write_installed_package(tmp_path, "es-en", "es", "en", version="2.0")
    assert ArgosEngine(tmp_path).describe("es", "en").startswith("argos es-en 2.0 (")


def test_corrupt_model_is_an_engine_error_naming_the_package(tmp_path: Path) -> None:
    package = write_installed_package(tmp_path, "translate-es_en-1_0", "es", "en")
    with pytest.raises(EngineError) as caught:
        ArgosEngine(tmp_path).translate_batch(["Hola."], "es", "en")
    assert caught.value.path == str(package)


def test_empty_batch_needs_no_model(tmp_path: Path) -> None:
    write_installed_package(tmp_path, "translate-es_en-1_0", "es", "en")
    assert ArgosEngine(tmp_path).translate_batch(["", "  "], "es", "en") == ["", ""]


# --- the real zh->en package ----------------------------------------------------


@pytest.fixture(scope="module")
def newstest_lines() -> list[str]:
    if not NEWSTEST_ZH.is_file():
        pytest.skip(f"test data {NEWSTEST_ZH} is absent (newstest2017 zh-en)")
    return NEWSTEST_ZH.read_text(encoding="utf-8").splitlines()[:12]


@pytest.fixture(scope="module")
def engine(zh_en_models_dir: Path) -> ArgosEngine:  # noqa: F811
    return ArgosEngine(zh_en_models_dir)


@pytest.fixture(scope="module")
def translations(engine: ArgosEngine, newstest_lines: list[str]) -> list[str]:
    return engine.translate_batch(newstest_lines + [PLACEHOLDER_LINE], "zh", "en")


def looks_english(text: str) -> bool:
    """No CJK, Latin words, and ASCII apart from a few typographic quotes."""
    ascii_share = sum(map(str.isascii, text)) / max(len(text), 1)
    return not CJK.search(text) and bool(re.search(r"[A-Za-z]{2}", text)) and ascii_share >= 0.95


@pytest.mark.argos
def test_one_english_output_per_input(translations: list[str], newstest_lines: list[str]) -> None:
    assert len(translations) == len(newstest_lines) + 1
    assert all(looks_english(text) for text in translations), translations
    with_function_words = [t for t in translations if ENGLISH_WORDS & set(t.lower().split())]
    assert len(with_function_words) >= len(translations) - 2, translations


@pytest.mark.argos
def test_names_come_through(translations: list[str]) -> None:
    assert "San Francisco" in translations[0]
    assert "Frank Galicia" in translations[3]
    assert "Boston" in translations[5]
    assert "Sons & Daughters" in translations[6]


@pytest.mark.argos
def test_placeholders_survive(translations: list[str], engine: ArgosEngine) -> None:
    assert "Zqxa" in translations[-1] and "Zqxb" in translations[-1]
    [unspaced] = engine.translate_batch(["美国总统Zqxa周二在Zqxb发表讲话。"], "zh", "en")
    assert "Zqxa" in unspaced and "Zqxb" in unspaced


@pytest.mark.argos
def test_translation_is_deterministic(
    engine: ArgosEngine, newstest_lines: list[str], translations: list[str]
) -> None:
    assert engine.translate_batch(newstest_lines + [PLACEHOLDER_LINE], "zh", "en") == translations


@pytest.mark.argos
def test_sentences_of_a_text_are_translated_and_rejoined(engine: ArgosEngine, newstest_lines: list[str]) -> None:
    text = newstest_lines[1] + newstest_lines[10]  # "...楼梯间。" + "...KGO：“...。”"
    assert len(split_sentences(text)) == 2
    [joined] = engine.translate_batch([text], "zh", "en")
    first, second = engine.translate_batch(split_sentences(text), "zh", "en")
    assert joined == f"{first} {second}"
    assert "San Francisco" in joined and "KGO" in joined


@pytest.mark.argos
def test_empty_texts_keep_their_place(engine: ArgosEngine) -> None:
    outputs = engine.translate_batch(["", "旧金山。", "  "], "zh", "en")
    assert outputs[0] == "" and outputs[2] == ""
    assert "San Francisco" in outputs[1]


@pytest.mark.argos
def test_model_is_loaded_once(engine: ArgosEngine) -> None:
    engine.translate_batch(["旧金山。"], "zh", "en")
    loaded = dict(engine._models)
    engine.translate_batch(["旧金山。"], "zh", "en")
    assert len(loaded) == 1 and engine._models == loaded


@pytest.mark.argos
def test_real_package_description(engine: ArgosEngine) -> None:
    assert engine.supports("zh", "en") and not engine.supports("en", "zh")
    assert engine.describe("zh", "en") == f"argos translate-zh_en-1_9 (ctranslate2 {ctranslate2.__version__})"
    with pytest.raises(EngineUnavailable):
        engine.translate_batch(["Hello."], "en", "zh")


IMPORT_CHECK = """
import json, sys
from pipeline.engines.argos import ArgosEngine
output = ArgosEngine().translate_batch(["旧金山警察局称该起死亡案件被裁定为他杀。"], "zh", "en")
heavy = sorted({name.split(".")[0] for name in sys.modules} & {"torch", "stanza", "spacy", "minisbd"})
print(json.dumps({"output": output, "heavy": heavy, "argostranslate": "argostranslate" in sys.modules}))
"""


@pytest.mark.argos
def test_translating_imports_no_heavy_modules(zh_en_models_dir: Path, tmp_path: Path) -> None:  # noqa: F811
    home = tmp_path / "subprocess-home"
    home.mkdir()
    env = dict(os.environ, HOME=str(home), DIGLOT_MODELS_DIR=str(zh_en_models_dir))
    env.update({variable: str(home / variable.lower()) for variable in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME")})
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO), env.get("PYTHONPATH")]))
    result = subprocess.run(
        [sys.executable, "-c", IMPORT_CHECK], env=env, capture_output=True, text=True, check=True
    )
    report = json.loads(result.stdout)
    assert "San Francisco" in report["output"][0]
    assert report["heavy"] == []
    # argostranslate's settings module writes to $HOME at import; we never import it.
    assert report["argostranslate"] is False
    assert list(home.iterdir()) == []

"""ApertiumEngine against the real Apertium (apertium 3.8, apertium-eng-spa 0.8)."""

from __future__ import annotations

import re
import shutil
import stat
import subprocess
from pathlib import Path

import pytest

from pipeline.engines import apertium as apertium_module
from pipeline.engines.apertium import ApertiumEngine, upstream_version
from pipeline.engines.base import EngineOutput
from pipeline.errors import EngineError, EngineUnavailable

if shutil.which("apertium") is None:
    pytest.skip(
        "apertium is not on PATH; install it with: sudo apt-get install apertium apertium-eng-spa",
        allow_module_level=True,
    )

DIRECTIONS = [("en", "es"), ("es", "en")]

# Inputs that could break the batch into the wrong number of pieces.
AWKWARD_INPUTS = [
    "",
    "   ",
    "Estoy de",
    "acuerdo con él",
    "no punctuation at the end",
    "Corchetes [1] y [nota] aquí.",
    "a < b > c & d",
    "5 * 3 = 15",
    "#hashtag",
    "escribe a a@b.com o a @usuario",
    "\"comillas\", 'simples' y «latinas»",
    "[]",
    ".[]",
    "\\ ^ $ / { } ~",
    "...",
    "*",
    "The blorft",
    "¿Qué?",
    "línea\nrota\r\ny tab\taquí",
    "x\x00y \ufdd0",
    "<p>hola</p> &amp; &lt;",
    "Zqxa y Zqxb",
]

# Pairs where plain Apertium, with a blank line between them, translates the
# second text differently than alone: "included" and "Asad" change the tagger
# for the rest of the process ("either" -> "tampoco", "La UBS" -> "It UBS"), and
# the open quote starts a genitive rule that takes "Union's" apart.
EARLIER_LATER = [
    ("en", "es", "It included them.", "They are either overweight or obese."),
    ("en", "es", "He said: 'no", "In the Union's future."),
    ("es", "en", "Asad llegó ayer.", "La UBS quería estar en la cumbre."),
]


@pytest.fixture(scope="module")
def engine() -> ApertiumEngine:
    return ApertiumEngine()


def translate_one(engine: ApertiumEngine, text: str, source: str, target: str) -> str:
    return engine.translate_batch([text], source, target)[0]


def count_processes(monkeypatch: pytest.MonkeyPatch) -> list[list[str]]:
    started: list[list[str]] = []
    real_popen = subprocess.Popen

    def spy(args, *rest, **kwargs):
        started.append(list(args))
        return real_popen(args, *rest, **kwargs)

    monkeypatch.setattr(subprocess, "Popen", spy)
    return started


def fake_apertium(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, script: str) -> None:
    binary = tmp_path / "apertium"
    binary.write_text("#!/bin/sh\n" + script + "\n")
    binary.chmod(binary.stat().st_mode | stat.S_IXUSR)
    monkeypatch.setattr(apertium_module, "apertium_binary", lambda: str(binary))


def test_supports_english_spanish_both_ways(engine: ApertiumEngine) -> None:
    assert engine.supports("en", "es")
    assert engine.supports("es", "en")


@pytest.mark.parametrize("source,target", [("en", "fr"), ("fr", "es"), ("en", "en")])
def test_does_not_support_other_pairs(engine: ApertiumEngine, source: str, target: str) -> None:
    assert not engine.supports(source, target)


def test_known_spanish_to_english(engine: ApertiumEngine) -> None:
    assert "Send us your news" in translate_one(engine, "Envíanos tus noticias", "es", "en")


def test_known_english_to_spanish(engine: ApertiumEngine) -> None:
    assert translate_one(engine, "The house is big.", "en", "es") == "La casa es grande."


@pytest.mark.parametrize("source,target", DIRECTIONS)
def test_each_input_gives_one_output_as_if_alone(
    engine: ApertiumEngine, source: str, target: str
) -> None:
    batch = engine.translate_batch(AWKWARD_INPUTS, source, target)
    alone = [translate_one(engine, text, source, target) for text in AWKWARD_INPUTS]
    assert batch == alone
    assert batch[0] == batch[1] == ""


def test_multiword_is_not_joined_across_segments(engine: ApertiumEngine) -> None:
    joined = translate_one(engine, "Estoy de acuerdo con él", "es", "en")
    split = engine.translate_batch(["Estoy de", "acuerdo con él"], "es", "en")
    assert "agree" in joined
    assert "agree" not in " ".join(split)
    assert split == ["I am of", "Agreement with him"]


def test_line_break_inside_input_is_a_space(engine: ApertiumEngine) -> None:
    assert translate_one(engine, "Estoy de\nacuerdo con él", "es", "en") == translate_one(
        engine, "Estoy de acuerdo con él", "es", "en"
    )


@pytest.mark.parametrize("source,target,earlier,later", EARLIER_LATER)
def test_earlier_segment_does_not_change_later_one(
    engine: ApertiumEngine, source: str, target: str, earlier: str, later: str
) -> None:
    alone = translate_one(engine, later, source, target)
    assert engine.translate_batch([earlier, later], source, target)[1] == alone
    assert engine.translate_batch([later, earlier, later], source, target)[::2] == [alone, alone]


NEWSTEST = Path("/work/shared/data/newstest")


@pytest.mark.skipif(not NEWSTEST.is_dir(), reason="newstest data not present")
@pytest.mark.parametrize("source,target,suffix", [("en", "es", "eng"), ("es", "en", "spa")])
def test_batch_order_does_not_matter_on_news(
    engine: ApertiumEngine, source: str, target: str, suffix: str
) -> None:
    lines = (NEWSTEST / f"newstest2012.{suffix}").read_text(encoding="utf-8").splitlines()[:400]
    forward = engine.translate_detailed(lines, source, target)
    backward = engine.translate_detailed(lines[::-1], source, target)[::-1]
    assert forward == backward


def test_unknown_word_reported_and_unmarked(engine: ApertiumEngine) -> None:
    [output] = engine.translate_detailed(["The blorft is here"], "en", "es")
    assert output.unknown_words == ("blorft",)
    assert "blorft" in output.text
    assert "*" not in output.text


def test_unknown_words_deduplicated_in_order_per_segment(engine: ApertiumEngine) -> None:
    first, second = engine.translate_detailed(["The glarp and the blorft and the glarp", "The dog"], "en", "es")
    assert first.unknown_words == ("glarp", "blorft")
    assert second.unknown_words == ()


def test_transfer_failure_mark_stripped(engine: ApertiumEngine) -> None:
    [output] = engine.translate_detailed(["el surgimiento del grunge"], "es", "en")
    assert "@" not in output.text
    assert "surgimiento" in output.text
    assert "surgimiento" in output.unknown_words


def test_generation_failure_mark_stripped(engine: ApertiumEngine) -> None:
    [output] = engine.translate_detailed(["The tram driver was slightly injured."], "en", "es")
    assert "#" not in output.text
    assert "motor" in output.unknown_words


@pytest.mark.parametrize("source,target", DIRECTIONS)
def test_placeholders_survive_once_each(engine: ApertiumEngine, source: str, target: str) -> None:
    sentence = {
        "en": "Zqxa told Zqxb that Zqxc and Zqxd will meet Zqxe tomorrow.",
        "es": "Zqxa dijo a Zqxb que Zqxc y Zqxd verán a Zqxe mañana.",
    }[source]
    [output] = engine.translate_detailed([sentence], source, target)
    for placeholder in ["Zqxa", "Zqxb", "Zqxc", "Zqxd", "Zqxe"]:
        assert len(re.findall(rf"\b{placeholder}\b", output.text)) == 1
        assert placeholder in output.unknown_words
    assert "*" not in output.text


@pytest.mark.parametrize(
    "text,kept",
    [
        ("Mi #hashtag favorito", "#hashtag"),
        ("#casa", "#"),
        ("Escribe a a@b.com hoy", "a@b.com"),
        ("Habla con @usuario", "@"),
        ("5 * 3 es 15", "5 * 3"),
        ("Es *muy* importante", "*"),
        ("Programo en C# y F#", "C#"),
    ],
)
def test_literal_mark_characters_kept(engine: ApertiumEngine, text: str, kept: str) -> None:
    [output] = engine.translate_detailed([text], "es", "en")
    assert kept in output.text
    for char in "*#@":
        assert output.text.count(char) == text.count(char)


def test_literal_star_before_unknown_word(engine: ApertiumEngine) -> None:
    [output] = engine.translate_detailed(["Es *blorft* hoy"], "es", "en")
    assert output.text.count("*") == 2
    assert "*blorft*" in output.text
    assert output.unknown_words == ("blorft",)


def test_known_word_after_literal_hash_is_not_unknown(engine: ApertiumEngine) -> None:
    [output] = engine.translate_detailed(["#casa"], "es", "en")
    assert output.text == "#House"
    assert output.unknown_words == ()


def test_one_process_for_a_batch(engine: ApertiumEngine, monkeypatch: pytest.MonkeyPatch) -> None:
    texts = [f"Tengo {number} casas." for number in range(50)]
    started = count_processes(monkeypatch)
    outputs = engine.translate_batch(texts, "es", "en")
    assert len(outputs) == 50
    assert len(started) == 1
    assert Path(started[0][0]).name == "apertium"


def test_empty_batch_starts_no_process(engine: ApertiumEngine, monkeypatch: pytest.MonkeyPatch) -> None:
    started = count_processes(monkeypatch)
    assert engine.translate_batch([], "en", "es") == []
    assert engine.translate_detailed(["", " \n "], "en", "es") == [
        EngineOutput(""),
        EngineOutput(""),
    ]
    assert started == []


def test_deterministic(engine: ApertiumEngine) -> None:
    texts = ["The blorft is here.", "They are either overweight or obese.", "I agree"]
    assert engine.translate_detailed(texts, "en", "es") == engine.translate_detailed(texts, "en", "es")


def test_describe_names_versions_and_direction(engine: ApertiumEngine) -> None:
    assert re.fullmatch(r"apertium \S+ eng-spa \S+", engine.describe("en", "es"))
    assert re.fullmatch(r"apertium \S+ spa-eng \S+", engine.describe("es", "en"))


def test_upstream_version() -> None:
    assert upstream_version("3.8.3-1+b2") == "3.8.3"
    assert upstream_version("1:0.8.1-2") == "0.8.1"
    assert upstream_version("0.8.1") == "0.8.1"


def test_versions_unknown_without_dpkg(monkeypatch: pytest.MonkeyPatch) -> None:
    def missing(*args, **kwargs):
        raise FileNotFoundError("dpkg-query")

    monkeypatch.setattr(subprocess, "run", missing)
    assert apertium_module.package_versions.__wrapped__() == ("unknown", "unknown")


def test_missing_apertium_says_how_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(shutil, "which", lambda name: None)
    engine = ApertiumEngine()
    assert not engine.supports("en", "es")
    with pytest.raises(EngineUnavailable, match=re.escape("sudo apt-get install apertium apertium-eng-spa")):
        engine.translate_batch(["Hello"], "en", "es")


def test_unsupported_pair_is_unavailable(engine: ApertiumEngine) -> None:
    with pytest.raises(EngineUnavailable):
        engine.translate_batch(["Bonjour"], "fr", "en")


def test_process_failure_carries_stderr(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    fake_apertium(tmp_path, monkeypatch, "echo 'Error: broken pipe in lt-proc' >&2; exit 3")
    with pytest.raises(EngineError, match="broken pipe in lt-proc"):
        ApertiumEngine().translate_batch(["Hello"], "en", "es")


def test_output_count_mismatch_is_an_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    fake_apertium(tmp_path, monkeypatch, "cat >/dev/null; printf 'only one\\0'; echo 'warning: odd' >&2")
    with pytest.raises(EngineError, match="returned 0 segments for 2.*warning: odd"):
        ApertiumEngine().translate_batch(["Hello", "World"], "en", "es")


def test_timeout_is_an_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    fake_apertium(tmp_path, monkeypatch, "exec sleep 10")
    with pytest.raises(EngineError, match="timed out"):
        ApertiumEngine(timeout=0.5).translate_batch(["Hello"], "en", "es")

"""ApertiumEngine against the real Apertium (apertium 3.8, apertium-eng-spa 0.8)."""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Iterator

import pytest

from pipeline.engines import EngineRegistry
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
GROUP_EXIT_DEADLINE = 5.0  # seconds a process group gets to go after it was ended
GROUP_POLL_INTERVAL = 0.005

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
def engine() -> Iterator[ApertiumEngine]:
    engine = ApertiumEngine()
    yield engine
    engine.close()


@pytest.fixture
def fresh_engine() -> Iterator[ApertiumEngine]:
    """An engine whose processes start in the test."""
    engine = ApertiumEngine()
    yield engine
    engine.close()


def translate_one(engine: ApertiumEngine, text: str, source: str, target: str) -> str:
    return engine.translate_batch([text], source, target)[0]


def count_processes(monkeypatch: pytest.MonkeyPatch) -> list[subprocess.Popen]:
    started: list[subprocess.Popen] = []
    real_popen = subprocess.Popen

    def spy(args, *rest, **kwargs):
        started.append(real_popen(args, *rest, **kwargs))
        return started[-1]

    monkeypatch.setattr(subprocess, "Popen", spy)
    return started


def fake_pipeline(monkeypatch: pytest.MonkeyPatch, script: str) -> None:
    """Run this shell script in place of the mode's Apertium pipeline."""
    monkeypatch.setattr(apertium_module, "pipeline_command", lambda mode, lexicon=None: ["sh", "-c", script])


def group_ends(leader: int, within: float = GROUP_EXIT_DEADLINE) -> bool:
    """True once no process of the group a pipeline led is left running, False if one
    still runs after `within` seconds. A group killed with SIGKILL takes a few
    milliseconds to go after the kill returns, so one look right away is a race."""
    deadline = time.monotonic() + within
    while group_runs(leader):
        if time.monotonic() >= deadline:
            return False
        time.sleep(GROUP_POLL_INTERVAL)
    return True


def group_runs(leader: int) -> bool:
    """True while a process of the group is running. (Killed modules are zombies for a
    moment, until init reaps them; those do not count.)"""
    for stat_file in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat_file.read_text().rpartition(")")[2].split()
        except OSError:
            continue  # it ended while we looked
        state, group = fields[0], int(fields[2])
        if group == leader and state != "Z":
            return True
    return False


def module_pid(process: subprocess.Popen, module: str) -> int:
    """The pid of one module of the pipeline that `process` leads."""
    for stat_file in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat_file.read_text().rpartition(")")[2].split()
            program = (stat_file.parent / "cmdline").read_bytes().split(b"\0")[0].decode()
        except OSError:
            continue  # it ended while we looked
        if int(fields[2]) == process.pid and Path(program).name == module:
            return int(stat_file.parent.name)
    raise LookupError(module)


def mode_of(process: subprocess.Popen) -> str:
    return Path(process.args[3]).stem  # the mode file bash runs the pipeline of


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
    "source,target,texts,expected",
    [
        ("en", "es",
         ["Tajikistan is currently serving as a haven.", "Zqxa is currently serving as a haven.",
          "Rahmon has been in power since 1992.", "He fled. Zqxa is currently serving. Zqxb has been in power.",
          '"Zqxa is currently serving," he said.', "Zqxa: the Zqxb resistance's safe haven"],
         ["Tayikistán actualmente está sirviendo como puerto.", "Zqxa actualmente está sirviendo como puerto.",
          "Rahmon ha sido en facultad desde entonces 1992.",
          "Huyó. Zqxa actualmente está sirviendo. Zqxb ha sido en facultad.",
          '"Zqxa actualmente está sirviendo," dijo.', "Zqxa: el Zqxb el puerto seguro de la resistencia"]),
        ("es", "en",
         ["Zqxa dijo que sí.", "«Zqxa es grande», dijo.", "¿Zqxa está aquí?"],
         ["Zqxa said that yes.", "«Zqxa is big», said.", "Zqxa is here?"]),
    ],
)
def test_unknown_word_that_starts_a_sentence_leaves_the_next_word_as_after_a_known_name(
    engine: ApertiumEngine, source: str, target: str, texts: list[str], expected: list[str]
) -> None:
    # Apertium alone writes "Zqxa Actualmente", "Rahmon Ha sido", "Zqxa Said", "Zqxa Is".
    assert engine.translate_batch(texts, source, target) == expected


def test_a_quotation_after_an_unknown_starter_keeps_its_lower_case(engine: ApertiumEngine) -> None:
    # Apertium alone writes 'Zqxa "Want to live in peace" Zqxb'.
    assert engine.translate_batch(['Zqxa "queremos vivir en paz" Zqxb'], "es", "en") == [
        'Zqxa "want to live in peace" Zqxb']


def test_the_capital_passes_over_more_unknown_words_to_the_first_known_one(engine: ApertiumEngine) -> None:
    # Apertium alone writes "Zqxa presides Desde entonces", "Zqxa reborn Después del terremoto".
    assert engine.translate_batch(["Zqxa presides since November.", "Zqxa reborn after the earthquake"],
                                  "en", "es") == ["Zqxa presides desde entonces noviembre.",
                                                  "Zqxa reborn después del terremoto"]


def test_capital_of_the_word_after_an_unknown_starter_stays_when_its_own(engine: ApertiumEngine) -> None:
    assert engine.translate_batch(["Zqxa President Zqxb said it."], "en", "es") == ["Zqxa Presidente Zqxb dicho lo."]


def test_unknown_starter_keeps_the_first_output_when_the_comma_changes_more_than_case(engine: ApertiumEngine) -> None:
    # With the comma, "back" is tagged otherwise ("atrás" for "Espalda"): only a change of case is taken.
    text = "Lying back in the water, he looked up at the domes."
    assert engine.translate_batch([text], "en", "es") == ["Lying Espalda en el agua, miraba arriba en los domos."]


def test_only_texts_with_an_unknown_starter_are_translated_twice(
    fresh_engine: ApertiumEngine, monkeypatch: pytest.MonkeyPatch
) -> None:
    batches: list[list[str]] = []
    real_translate = apertium_module.ModePipeline.translate

    def spy(pipeline, segments, timeout):
        batches.append(list(segments))
        return real_translate(pipeline, segments, timeout)

    monkeypatch.setattr(apertium_module.ModePipeline, "translate", spy)
    texts = ["Tajikistan is big.", "Zqxa is big.", "The dog is big. Zqxb is small."]
    assert fresh_engine.translate_batch(texts, "en", "es") == [
        "Tayikistán es grande.", "Zqxa es grande.", "El perro es grande. Zqxb es pequeño."]
    assert batches == [texts, [", Zqxa is big.", "The dog is big. , Zqxb is small."]]


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


def test_one_process_for_a_batch(fresh_engine: ApertiumEngine, monkeypatch: pytest.MonkeyPatch) -> None:
    texts = [f"Tengo {number} casas." for number in range(50)]
    started = count_processes(monkeypatch)
    outputs = fresh_engine.translate_batch(texts, "es", "en")
    assert len(outputs) == 50
    assert [mode_of(process) for process in started] == ["spa-eng"]


def test_one_process_per_direction_serves_every_batch(
    fresh_engine: ApertiumEngine, monkeypatch: pytest.MonkeyPatch
) -> None:
    started = count_processes(monkeypatch)
    for number in range(3):
        assert fresh_engine.translate_batch([f"Tengo {number} casas."], "es", "en") == [f"Have {number} houses."]
        assert fresh_engine.translate_batch([f"I have {number} houses."], "en", "es") == [f"Tengo {number} casas."]
    assert sorted(mode_of(process) for process in started) == ["eng-spa", "spa-eng"]
    assert all(process.poll() is None for process in started)


@pytest.mark.parametrize("source,target,earlier,later", EARLIER_LATER)
def test_batch_same_in_fresh_and_in_serving_process(source: str, target: str, earlier: str, later: str) -> None:
    with EngineRegistry("apertium") as fresh, EngineRegistry("apertium") as serving:
        alone = fresh.engine_for(source, target).translate_batch([later], source, target)
        serving.engine_for(source, target).translate_batch([earlier], source, target)
        assert serving.engine_for(source, target).translate_batch([later], source, target) == alone


@pytest.mark.skipif(not NEWSTEST.is_dir(), reason="newstest data not present")
@pytest.mark.parametrize("source,target,suffix", [("en", "es", "eng"), ("es", "en", "spa")])
def test_news_batch_same_in_fresh_and_in_serving_process(source: str, target: str, suffix: str) -> None:
    lines = (NEWSTEST / f"newstest2012.{suffix}").read_text(encoding="utf-8").splitlines()[:300]
    with EngineRegistry("apertium") as fresh, EngineRegistry("apertium") as serving:
        alone = fresh.engine_for(source, target).translate_detailed(lines[200:], source, target)
        serving.engine_for(source, target).translate_detailed(lines[:100], source, target)
        serving.engine_for(source, target).translate_detailed(lines[100:200], source, target)
        assert serving.engine_for(source, target).translate_detailed(lines[200:], source, target) == alone


def test_killed_process_is_replaced(fresh_engine: ApertiumEngine, monkeypatch: pytest.MonkeyPatch) -> None:
    started = count_processes(monkeypatch)
    first = fresh_engine.translate_batch(["Tengo dos casas.", "Envíanos tus noticias"], "es", "en")
    os.killpg(started[0].pid, signal.SIGKILL)
    assert fresh_engine.translate_batch(["Tengo dos casas.", "Envíanos tus noticias"], "es", "en") == first
    assert len(started) == 2
    assert group_ends(started[0].pid)


def test_pipeline_with_a_dead_module_is_replaced(
    fresh_engine: ApertiumEngine, monkeypatch: pytest.MonkeyPatch
) -> None:
    started = count_processes(monkeypatch)
    first = fresh_engine.translate_batch(["Tengo dos casas.", "Envíanos tus noticias"], "es", "en")
    # The process still runs (its first module waits for input) but can no longer answer.
    os.kill(module_pid(started[0], "apertium-tagger"), signal.SIGKILL)
    assert fresh_engine.translate_batch(["Tengo dos casas.", "Envíanos tus noticias"], "es", "en") == first
    assert len(started) == 2
    assert group_ends(started[0].pid)


def test_close_leaves_no_process(fresh_engine: ApertiumEngine, monkeypatch: pytest.MonkeyPatch) -> None:
    started = count_processes(monkeypatch)
    fresh_engine.translate_batch(["Hola"], "es", "en")
    fresh_engine.translate_batch(["Hello"], "en", "es")
    fresh_engine.close()
    assert len(started) == 2
    assert all(process.returncode == 0 and group_ends(process.pid) for process in started)
    assert fresh_engine.translate_batch(["Hola"], "es", "en") == ["Hello"]  # usable again, in a new process
    assert len(started) == 3


def test_release_ends_only_the_directions_into_that_language(
    fresh_engine: ApertiumEngine, monkeypatch: pytest.MonkeyPatch
) -> None:
    started = count_processes(monkeypatch)
    fresh_engine.translate_batch(["Hola"], "es", "en")
    fresh_engine.translate_batch(["Hello"], "en", "es")
    fresh_engine.release("es")
    spa_eng, eng_spa = started
    assert group_ends(eng_spa.pid) and spa_eng.poll() is None
    assert fresh_engine.translate_batch(["Hello"], "en", "es") == ["Hola"]  # usable again, in a new process
    assert len(started) == 3


def test_forgotten_engine_leaves_no_process() -> None:
    script = (
        "from pipeline.engines.apertium import ApertiumEngine\n"
        "engine = ApertiumEngine()\n"
        "engine.translate_batch(['Hola'], 'es', 'en')\n"
        "print(engine._pipelines['spa-eng'].pipelines[0]._process.pid)\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True, timeout=60)
    assert group_ends(int(done.stdout))


def test_registry_closes_its_engines(monkeypatch: pytest.MonkeyPatch) -> None:
    started = count_processes(monkeypatch)
    with EngineRegistry("apertium") as registry:
        assert registry.engine_for("es", "en").translate_batch(["Hola"], "es", "en") == ["Hello"]
        assert started[0].poll() is None
    assert group_ends(started[0].pid)


def test_batch_larger_than_pipe_buffers(engine: ApertiumEngine) -> None:
    texts = [
        f"La casa número {number} es muy grande y tiene un jardín precioso, dijo ayer el alcalde a los periodistas."
        for number in range(3000)
    ]
    # Over 300 kB: more than the dozen pipes of the pipeline hold while nobody reads its output.
    assert len("".join(texts).encode()) > 300_000
    outputs = engine.translate_batch(texts, "es", "en")
    [alone] = engine.translate_batch([texts[7]], "es", "en")
    assert outputs == [alone.replace("7", str(number)) for number in range(3000)]


def test_concurrent_calls_get_their_own_outputs(engine: ApertiumEngine, fresh_engine: ApertiumEngine) -> None:
    calls = [
        ([f"Tengo {number} casas en {place}." for number in range(200)], "es", "en") for place in ("Lima", "Quito")
    ] + [([f"I have {number} houses in {place}." for number in range(200)], "en", "es") for place in ("Lima", "Quito")]
    one_by_one = [engine.translate_batch(*call) for call in calls]
    with ThreadPoolExecutor(max_workers=4) as pool:
        at_once = list(pool.map(lambda call: fresh_engine.translate_batch(*call), calls * 3))
    assert at_once == one_by_one * 3


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


def test_process_failure_carries_stderr(monkeypatch: pytest.MonkeyPatch) -> None:
    fake_pipeline(monkeypatch, "echo 'Error: broken pipe in lt-proc' >&2; exit 3")
    with pytest.raises(EngineError, match="failed with exit code 3: Error: broken pipe in lt-proc"):
        ApertiumEngine().translate_batch(["Hello"], "en", "es")


def test_output_count_mismatch_is_an_error(monkeypatch: pytest.MonkeyPatch) -> None:
    fake_pipeline(monkeypatch, "head -c 1 >/dev/null; printf 'only one\\0'; echo 'warning: odd' >&2")
    with pytest.raises(EngineError, match="returned 0 segments for 2.*warning: odd"):
        ApertiumEngine().translate_batch(["Hello", "World"], "en", "es")


def test_too_many_outputs_is_an_error(monkeypatch: pytest.MonkeyPatch) -> None:
    started = count_processes(monkeypatch)
    fake_pipeline(monkeypatch, "printf 'a\\0b\\0c\\0d\\0'; echo 'warning: odd' >&2; exec sleep 30")
    with pytest.raises(EngineError, match="returned 3 segments for 2"):
        ApertiumEngine().translate_batch(["Hello", "World"], "en", "es")
    assert group_ends(started[0].pid)


def test_output_out_of_step_is_an_error(monkeypatch: pytest.MonkeyPatch) -> None:
    fake_pipeline(monkeypatch, "printf '\\0'; exec cat")  # one answer nobody asked for, then an echo of each segment
    with pytest.raises(EngineError, match="returned [0-9]+ segments for 1"):
        ApertiumEngine().translate_batch(["Hello"], "en", "es")


def test_timeout_is_an_error(monkeypatch: pytest.MonkeyPatch) -> None:
    started = count_processes(monkeypatch)
    fake_pipeline(monkeypatch, "exec sleep 10")
    with pytest.raises(EngineError, match="timed out"):
        ApertiumEngine(timeout=0.5).translate_batch(["Hello"], "en", "es")
    assert group_ends(started[0].pid)


def test_after_an_error_the_next_batch_starts_afresh(monkeypatch: pytest.MonkeyPatch) -> None:
    real_command = apertium_module.pipeline_command
    engine = ApertiumEngine(timeout=0.5)
    fake_pipeline(monkeypatch, "exec sleep 10")
    with pytest.raises(EngineError, match="timed out"):
        engine.translate_batch(["Hello"], "en", "es")
    monkeypatch.setattr(apertium_module, "pipeline_command", real_command)
    engine.timeout = None
    assert engine.translate_batch(["The house is big."], "en", "es") == ["La casa es grande."]
    engine.close()


@pytest.mark.parametrize("text, words, with_commas", [
    ("Zqxa is here. Zqxab too.", {"Zqxa", "Zqxab"}, ", Zqxa is here. , Zqxab too."),  # longest word first
    ("Zqxab is here.", {"Zqxa"}, "Zqxab is here."),  # a word only where it ends
    ('He left. ¿Zqxa?', {"Zqxa"}, 'He left. ¿, Zqxa?'),  # after an opener
    ("He met Zqxa; Zqxa left.", {"Zqxa"}, "He met Zqxa; Zqxa left."),  # not a sentence start
])
def test_the_casing_pass_puts_a_comma_before_unknown_starters_and_takes_it_away(text, words, with_commas):
    words = frozenset(words)
    assert apertium_module.with_leading_commas(text, words) == with_commas
    assert apertium_module.without_leading_commas(with_commas, words) == text

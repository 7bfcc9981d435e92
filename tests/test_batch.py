"""Batches: translation memory, resuming, interruption, concurrent runs, ecosystem tools."""

from __future__ import annotations

import os
import pickle
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import polib
import pytest

from conftest import NAMES, ROOT, SAMPLE, needs_apertium, run, snapshot
from pipeline import batch
from pipeline.engines import EngineRegistry
from pipeline.engines.apertium import ApertiumEngine
from pipeline.glossary import load_glossaries
from pipeline.read import read_documents

pytestmark = needs_apertium
FOOTER = "Envíanos tus noticias"
REVIEWED_FOOTER = "Send us your news tips"


def articles(folder: Path, count: int) -> Path:
    """`count` distinct articles: the sample with a numbered first line."""
    folder.mkdir(parents=True, exist_ok=True)
    text = SAMPLE.read_text(encoding="utf-8")
    for number in range(count):
        (folder / f"article-{number:03d}.txt").write_text(f"Dispatch number {number}.\n\n{text}", encoding="utf-8")
    return folder


def translate(workdir: Path, *extra):
    return run("translate", workdir / "articles", "--glossary", NAMES, "--locales", workdir / "locales",
               "--engine", "apertium", *extra)


def catalog(workdir: Path, lang: str, doc: str) -> polib.POFile:
    return polib.pofile(str(workdir / "locales" / lang / "LC_MESSAGES" / f"{doc}.po"))


def entry(po: polib.POFile, msgid: str) -> polib.POEntry:
    return next(e for e in po if e.msgid == msgid)


def translate_one_article_and_review_its_footer(workdir: Path) -> None:
    articles(workdir / "articles", 1)
    assert translate(workdir).exit_code == 0
    po = catalog(workdir, "en", "article-000")
    entry(po, FOOTER).msgstr = REVIEWED_FOOTER
    entry(po, FOOTER).flags.remove("fuzzy")
    po.save()


def test_reviewed_translation_is_reused_in_other_documents(tmp_path):
    translate_one_article_and_review_its_footer(tmp_path)
    articles(tmp_path / "articles", 2)
    result = translate(tmp_path)
    # Only the new first line goes to the engine: the rest is in the memory.
    assert result.exit_code == 0 and re.search(r" 1 translated, \d+ reused", result.stderr), result.stderr
    reused = entry(catalog(tmp_path, "en", "article-001"), FOOTER)
    assert reused.msgstr == REVIEWED_FOOTER and not reused.fuzzy
    assert "reused: reviewed in article-000.po" in reused.comment


def test_unchanged_rerun_sends_nothing_to_the_engine(tmp_path, monkeypatch):
    articles(tmp_path / "articles", 2)
    assert translate(tmp_path).exit_code == 0
    before = snapshot(tmp_path / "locales")

    def refuse(*args, **kwargs):
        raise AssertionError("an unchanged batch must not reach the engine")

    monkeypatch.setattr(ApertiumEngine, "translate_detailed", refuse)
    result = translate(tmp_path)
    assert result.exit_code == 0 and "2 documents (2 already up to date)" in result.stderr
    assert snapshot(tmp_path / "locales") == before


def count_engine_segments(monkeypatch) -> list[str]:
    """Every text the real Apertium engine is sent from now on."""
    sent: list[str] = []
    original = ApertiumEngine.translate_detailed

    def counting(self, texts, source, target):
        sent.extend(texts)
        return original(self, texts, source, target)

    monkeypatch.setattr(ApertiumEngine, "translate_detailed", counting)
    return sent


def entries_by_text(folder: Path) -> dict[tuple[str, str], str]:
    """(catalog, msgid) -> the entry as written, for every entry of every catalog."""
    found = {}
    for path in sorted(folder.rglob("*.po")):
        for entry in polib.pofile(str(path), wrapwidth=0):
            found[str(path.relative_to(folder)), entry.msgid] = str(entry)
    return found


def test_one_paragraph_changed_leaves_every_other_entry_as_it_was(tmp_path, monkeypatch):
    articles(tmp_path / "articles", 1)
    assert translate(tmp_path).exit_code == 0
    before = entries_by_text(tmp_path / "locales")
    path = tmp_path / "articles" / "article-000.txt"
    path.write_text(path.read_text(encoding="utf-8").replace("Dispatch number 0.", "Dispatch number 7."),
                    encoding="utf-8")
    sent = count_engine_segments(monkeypatch)
    assert translate(tmp_path).exit_code == 0
    after = entries_by_text(tmp_path / "locales")
    assert sent == ["Dispatch number 7."]
    changed = {key for key in before.keys() | after.keys() if before.get(key) != after.get(key)}
    assert {msgid for _, msgid in changed} == {"Dispatch number 0.", "Dispatch number 7."}
    # engine, unknown-word and check lines of the entries taken from the memory are kept
    assert sum("#. unknown words: " in text for text in after.values()) >= 2


def add_glossary_row(workdir: Path, row: str) -> Path:
    glossary = workdir / "names.csv"
    glossary.write_text(NAMES.read_text(encoding="utf-8") + row + "\n", encoding="utf-8")
    return glossary


def test_glossary_edit_sends_only_the_segments_it_concerns(tmp_path, monkeypatch):
    articles(tmp_path / "articles", 2)
    glossary = add_glossary_row(tmp_path, "")
    run_with = ("--glossary", glossary)
    assert run("translate", tmp_path / "articles", *run_with, "--locales", tmp_path / "locales",
               "--engine", "apertium").exit_code == 0
    before = entries_by_text(tmp_path / "locales")
    add_glossary_row(tmp_path, "Soviets,soviéticos,map,")
    sent = count_engine_segments(monkeypatch)
    result = run("translate", tmp_path / "articles", *run_with, "--locales", tmp_path / "locales",
                 "--engine", "apertium")
    assert result.exit_code == 0, result.stderr
    # the one paragraph with the new term, once for both articles (its text is the same)
    assert len(sent) == 1 and "Zqx" in sent[0], sent
    after = entries_by_text(tmp_path / "locales")
    changed = {msgid for key, msgid in after if after[key, msgid] != before.get((key, msgid))}
    assert changed and all("Soviets" in msgid for msgid in changed), changed
    assert any("soviéticos" in after[key] for key in after if key[0].startswith("es/"))


def test_glossary_edit_that_concerns_no_segment_sends_nothing(tmp_path, monkeypatch):
    articles(tmp_path / "articles", 1)
    glossary = add_glossary_row(tmp_path, "")
    options = ("--glossary", glossary, "--locales", tmp_path / "locales", "--engine", "apertium")
    assert run("translate", tmp_path / "articles", *options).exit_code == 0
    add_glossary_row(tmp_path, "Buenos Aires,Buenos Aires,keep,city")
    sent = count_engine_segments(monkeypatch)
    result = run("translate", tmp_path / "articles", *options)
    assert result.exit_code == 0 and sent == [], sent
    assert " 0 translated, " in result.stderr


def test_edition_follows_a_review_on_an_unchanged_batch(tmp_path):
    translate_one_article_and_review_its_footer(tmp_path)
    assert translate(tmp_path).exit_code == 0
    assert REVIEWED_FOOTER in (tmp_path / "locales" / "en" / "article-000.txt").read_text(encoding="utf-8")


def test_no_progress_bar_when_not_a_terminal(tmp_path):
    articles(tmp_path / "articles", 1)
    result = translate(tmp_path, "--jobs", "2")
    assert result.exit_code == 0 and "translating" not in result.output
    assert result.stderr.startswith("1 documents (0 already up to date), ")


def diglot_process(workdir: Path, *args: str) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.Popen([sys.executable, "-m", "pipeline.cli", *args], cwd=workdir, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def test_killed_batch_leaves_valid_catalogs_and_resumes(tmp_path):
    articles(tmp_path / "articles", 48)
    command = ("translate", "articles", "--glossary", str(NAMES), "--locales", "locales", "--engine", "apertium")
    process = diglot_process(tmp_path, *command)
    first_catalogs = tmp_path / "locales" / "es" / "LC_MESSAGES"
    deadline = time.monotonic() + 120
    while not (first_catalogs.is_dir() and any(first_catalogs.glob("*.po"))):
        assert process.poll() is None, process.communicate()
        assert time.monotonic() < deadline
        time.sleep(0.02)
    process.send_signal(signal.SIGKILL)
    process.wait()

    written = sorted((tmp_path / "locales").rglob("*.po"))
    assert 0 < len(written) < 96, "the kill should land in the middle of the batch"
    for path in written:
        assert polib.pofile(str(path)).metadata["X-Diglot-Input"]

    finished = {p.stem for p in (tmp_path / "locales" / "en" / "LC_MESSAGES").glob("*.po")} & {p.stem for p in written if p.parent.parent.name == "es"}
    process = diglot_process(tmp_path, *command)
    _, stderr = process.communicate(timeout=300)
    assert process.returncode == 0, stderr
    assert f"48 documents ({len(finished)} already up to date)" in stderr
    assert len(list((tmp_path / "locales").rglob("*.po"))) == 96
    assert not list((tmp_path / "locales").rglob(".*.tmp")), "a killed run's temporary files are cleaned up"


def test_second_run_on_the_same_locales_stops_with_a_clear_message(tmp_path):
    articles(tmp_path / "articles", 1)
    code = ("import sys, time; from pathlib import Path; from pipeline.files import locked\n"
            "with locked(Path('locales')):\n    print('locked', flush=True); time.sleep(60)\n")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    holder = subprocess.Popen([sys.executable, "-c", code], cwd=tmp_path, env=env, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "locked"
        result = translate(tmp_path)
        assert result.exit_code == 2
        assert "locales: error: another diglot run is writing here" in result.stderr
        assert not (tmp_path / "locales" / "es").exists()
    finally:
        holder.kill()
        holder.wait()
    assert translate(tmp_path).exit_code == 0


CRITICAL_POFILTER_TESTS = ("escapes", "newlines", "tabs", "printf", "pythonbraceformat", "variables", "xmltags",
                           "nplurals")


@pytest.mark.skipif(shutil.which("pofilter") is None and not (Path(sys.executable).parent / "pofilter").exists(),
                    reason="translate-toolkit's pofilter is not installed")
@pytest.mark.skipif(shutil.which("msgfmt") is None, reason="GNU gettext's msgfmt is not installed")
def test_catalogs_pass_msgfmt_check_and_pofilter_critical_tests(tmp_path):
    articles(tmp_path / "articles", 1)
    assert translate(tmp_path).exit_code == 0
    pofilter = shutil.which("pofilter") or str(Path(sys.executable).parent / "pofilter")
    for path in sorted((tmp_path / "locales").rglob("*.po")):
        checked = subprocess.run(["msgfmt", "--check", "-o", "/dev/null", str(path)], capture_output=True, text=True)
        assert checked.returncode == 0, checked.stderr
        report = tmp_path / f"pofilter-{path.parent.parent.name}.po"
        tests = [option for test in CRITICAL_POFILTER_TESTS for option in ("-t", test)]
        filtered = subprocess.run([pofilter, "--progress=none", *tests, "-i", str(path), "-o", str(report)],
                                  capture_output=True, text=True)
        assert filtered.returncode == 0, filtered.stderr
        failures = [e for e in polib.pofile(str(report)) if e.msgid] if report.exists() else []
        assert failures == [], [e.tcomment for e in failures]


def test_progress_bar_on_a_terminal(tmp_path):
    import pty

    articles(tmp_path / "articles", 2)
    master, terminal = pty.openpty()
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    command = [sys.executable, "-m", "pipeline.cli", "translate", "articles", "--glossary", str(NAMES),
               "--locales", "locales", "--engine", "apertium"]
    process = subprocess.Popen(command, cwd=tmp_path, env=env, stdout=subprocess.DEVNULL, stderr=terminal)
    os.close(terminal)
    shown = b""
    while True:
        try:
            chunk = os.read(master, 4096)
        except OSError:  # the terminal closes when the process ends
            break
        if not chunk:
            break
        shown += chunk
    assert process.wait() == 0
    assert b"translating" in shown and b"2/2" in shown


def test_written_files_follow_the_umask(tmp_path):
    articles(tmp_path / "articles", 1)
    assert translate(tmp_path).exit_code == 0
    mode = (tmp_path / "locales" / "es" / "article-000.txt").stat().st_mode & 0o777
    umask = os.umask(0)
    os.umask(umask)
    assert mode == 0o666 & ~umask


def test_chunks_stream_through_the_stages_in_order_a_few_at_a_time():
    from pipeline.batch import _ahead

    pulled = []

    def items():
        for number in range(20):
            pulled.append(number)
            yield number

    for expected, result in enumerate(_ahead(lambda n: n * n, _ahead(lambda n: n, items(), workers=1), workers=2)):
        assert result == expected * expected
        assert len(pulled) <= expected + 4  # analysed one ahead, two in translation: never the whole batch


def test_chunks_start_small_and_grow_so_the_engine_starts_early(tmp_path):
    from pipeline.batch import SEGMENTS_FIRST_CHUNK, SEGMENTS_PER_CHUNK, _chunks

    folder = tmp_path / "articles"
    folder.mkdir()
    for number in range(100):
        (folder / f"a{number:02}.txt").write_text("line\n\n" * 10, encoding="utf-8")  # 10 segments each
    documents = read_documents(sorted(folder.iterdir()))
    sizes = [10 * len(chunk) for chunk in _chunks(documents)]
    # whole documents: the one that reaches a chunk's limit ends it
    assert SEGMENTS_FIRST_CHUNK == 25 and SEGMENTS_PER_CHUNK == 250
    assert sizes == [30, 50, 100, 200, 250, 250, 120]
    assert [document for chunk in _chunks(documents) for document in chunk] == documents


def test_a_one_chunk_batch_has_one_apertium_direction_alive_at_a_time(tmp_path, monkeypatch):
    articles(tmp_path / "articles", 1)
    started: list[subprocess.Popen] = []
    alive_at_start: list[int] = []
    real_popen = subprocess.Popen

    def spy(args, *rest, **kwargs):
        alive_at_start.append(sum(process.poll() is None for process in started))
        started.append(real_popen(args, *rest, **kwargs))
        return started[-1]

    monkeypatch.setattr(subprocess, "Popen", spy)
    assert translate(tmp_path).exit_code == 0
    apertium_starts = [alive for alive, process in zip(alive_at_start, started) if process.args[0] == "bash"]
    assert apertium_starts == [0, 0], alive_at_start  # es->en for the English edition, then en->es


def test_an_article_changed_during_the_run_stops_it_naming_the_file(tmp_path, monkeypatch):
    """The driver lets go of each article's text until its chunk comes, and reads it again then:
    an article edited meanwhile is not translated from a text nobody checked."""
    articles(tmp_path / "articles", 2)
    chunks = batch._chunks

    def edit_the_last_article(documents, counts):
        documents[-1].path.write_text("Edited while the batch ran.\n", encoding="utf-8")
        return chunks(documents, counts)

    monkeypatch.setattr(batch, "_chunks", edit_the_last_article)
    result = translate(tmp_path)
    assert result.exit_code == 2
    assert "article-001.txt: error: changed while diglot was translating the batch; run again" in result.stderr
    assert not (tmp_path / "locales" / "es" / "LC_MESSAGES" / "article-001.po").exists()


class CopyingRegistry(EngineRegistry):
    """Runs each stage on copies, as a cluster's worker does: what goes and comes back is pickled."""

    def __init__(self):
        super().__init__("apertium")
        self.stages: list[str] = []

    def run_stage(self, stage, work, context):
        self.stages.append(stage.__name__)
        answer = stage(pickle.loads(pickle.dumps(work)), pickle.loads(pickle.dumps(context)))
        return pickle.loads(pickle.dumps(answer))


def test_the_analysis_goes_through_run_stage_and_copies_give_the_same_files(tmp_path):
    articles(tmp_path / "articles", 3)
    assert translate(tmp_path).exit_code == 0
    with CopyingRegistry() as engines:
        batch.run_translate([tmp_path / "articles"], ["en", "es"], load_glossaries([NAMES]), tmp_path / "copies",
                            engines)
    chunks = batch._chunks(read_documents([tmp_path / "articles"]))
    assert engines.stages == ["analyse_documents"] * len(chunks)  # one call a chunk
    assert snapshot(tmp_path / "copies") == snapshot(tmp_path / "locales")

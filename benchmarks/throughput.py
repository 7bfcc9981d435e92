"""One machine at the engine's own speed: `diglot translate` against the engine alone, side by side.

    python benchmarks/throughput.py [--only apertium,argos] [--lines 3003] [--rounds 3] [--jobs 1,2]

apertium  The first --lines lines of newstest2012.eng, one paragraph each, as
          articles of 30 paragraphs in a temporary folder, through `diglot
          translate DIR --to es --engine apertium` (a new process, fresh locales
          each time: reading, detection, glossary, catalogs and editions
          written); against the same lines, one a line, piped through `apertium
          eng-spa` (the engine alone, one process). The two take turns, each
          round; the best of --rounds of each is compared. Throughput share =
          raw time / diglot time (target >= 0.90 with --jobs 1).
argos     The first --argos-lines lines of newstest2017.zho through `diglot
          translate --engine argos` with the tests' zh->en package (Chinese
          relabelled zh after detection, in process: see _runs.chinese_as_zh)
          against CTranslate2's own `translate_batch` over the same segments,
          tokenized by the package's SentencePiece model, with diglot's
          settings (engines/argos.py), in one process that loads the model once.
          diglot runs pipeline.batch.run_translate in this process (a fresh
          EngineRegistry and fresh locales each time, model load included);
          the raw side splits the same lines with diglot's split_sentences and
          loads the package's model/ and sentencepiece.model with diglot's
          _load_model (same Translator threads: inter J, intra cores // J),
          then makes one translate_batch call over every sentence (diglot's
          MAX_BATCH_SIZE, BEAM_SIZE, replace_unknowns) and decodes with
          _decode; its model load is timed too. Each --jobs value J has a raw
          run with the same threads and a diglot run with --jobs J.

Each --jobs value is a separate diglot run; apertium alone runs once a round.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _runs import chinese_as_zh, glossary, glossary_hash
from _signature import ROOT, file_hash, print_table, require_data, signature, text_hash

PARAGRAPHS_PER_ARTICLE = 30


def write_articles(folder: Path, lines: list[str]) -> list[Path]:
    """Articles of PARAGRAPHS_PER_ARTICLE paragraphs, one line each."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for number, start in enumerate(range(0, len(lines), PARAGRAPHS_PER_ARTICLE)):
        path = folder / f"article-{number:05d}.txt"
        path.write_text("\n\n".join(lines[start : start + PARAGRAPHS_PER_ARTICLE]) + "\n", encoding="utf-8")
        paths.append(path)
    return paths


def diglot_command() -> list[str]:
    found = shutil.which("diglot", path=str(Path(sys.executable).parent))
    return [found] if found else [sys.executable, "-m", "pipeline.cli"]


def timed(command: list[str], stdin: Path | None = None, stdout: Path | None = None,
          environment: dict[str, str] | None = None) -> float:
    """Wall seconds of a command (which must succeed), run from the repository root."""
    started = time.perf_counter()
    with open(stdin or "/dev/null", "rb") as source, open(stdout or "/dev/null", "wb") as sink:
        subprocess.run(command, stdin=source, stdout=sink, stderr=subprocess.PIPE, check=True, cwd=ROOT,
                       env=environment)
    return time.perf_counter() - started


def apertium(lines_wanted: int, rounds: int, jobs: list[int]) -> None:
    if shutil.which("apertium") is None:
        print("skipped: apertium is not installed (./install.sh)", file=sys.stderr)
        return
    [source] = require_data("newstest/newstest2012.eng")
    lines = [line for line in source.read_text(encoding="utf-8").splitlines() if line.strip()][:lines_wanted]
    best: dict[str, float] = {}
    with tempfile.TemporaryDirectory(prefix="diglot-throughput-") as scratch:
        work = Path(scratch)
        write_articles(work / "articles", lines)
        plain = work / "lines.txt"
        plain.write_text("\n".join(lines) + "\n", encoding="utf-8")
        runs = {"apertium eng-spa alone": lambda: timed(["apertium", "eng-spa"], plain, work / "raw.out")}
        for count in jobs:
            runs[f"diglot translate --jobs {count}"] = lambda count=count: diglot_run(work, count)
        for _ in range(rounds):
            for label, run in runs.items():
                best[label] = min(best.get(label, float("inf")), run())
    raw = best["apertium eng-spa alone"]
    print_table(["run", "best s", "lines/s", "throughput share of the engine alone"],
                [[label, seconds, len(lines) / seconds, raw / seconds] for label, seconds in best.items()])
    print(signature(engine="apertium eng-spa", inputs={"newstest2012.eng": text_hash(lines)}, segments=len(lines),
                    rounds=rounds))


def diglot_run(work: Path, jobs: int) -> float:
    locales = work / "locales"
    shutil.rmtree(locales, ignore_errors=True)
    return timed([*diglot_command(), "translate", str(work / "articles"), "--to", "es", "--engine", "apertium",
                  "--locales", str(locales), "--jobs", str(jobs)])


def argos(lines_wanted: int, rounds: int, jobs: list[int]) -> None:
    from argos_speed import package_path

    from pipeline.batch import run_translate
    from pipeline.engines import EngineRegistry
    from pipeline.engines.argos import split_sentences
    from pipeline.engines.argos_packages import install_package

    [source] = require_data("newstest-zh-en/newstest2017.zho")
    lines = [line.strip() for line in source.read_text(encoding="utf-8").splitlines() if line.strip()][:lines_wanted]
    sentences = [sentence for line in lines for sentence in split_sentences(line)]
    package_file = package_path()
    best: dict[str, float] = {}
    with tempfile.TemporaryDirectory(prefix="diglot-throughput-") as scratch:
        work = Path(scratch)
        package = install_package(package_file, work / "packages")
        write_articles(work / "articles", lines)
        glossary_ = glossary()

        def diglot(count: int) -> float:
            locales = work / "locales"
            shutil.rmtree(locales, ignore_errors=True)
            started = time.perf_counter()
            with chinese_as_zh(), EngineRegistry("argos", work / "packages", jobs=count) as registry:
                summary = run_translate([work / "articles"], ["en"], glossary_, locales, registry, jobs=count)
            seconds = time.perf_counter() - started
            if summary.translated != len(lines):
                sys.exit(f"diglot translated {summary.translated} of {len(lines)} segments")
            return seconds

        runs = {}
        for count in jobs:
            runs[f"ctranslate2 alone, inter_threads {count}"] = lambda count=count: raw_run(package, sentences, count)
            runs[f"diglot translate --jobs {count} (in process)"] = lambda count=count: diglot(count)
        for _ in range(rounds):
            for label, run in runs.items():
                best[label] = min(best.get(label, float("inf")), run())
    labels = list(best)
    rows = []
    for raw_label, diglot_label in zip(labels[::2], labels[1::2]):
        raw = best[raw_label]
        rows += [[raw_label, raw, len(lines) / raw, 1.0],
                 [diglot_label, best[diglot_label], len(lines) / best[diglot_label], raw / best[diglot_label]]]
    print_table(["run", "best s", "segments/s", "throughput share of the engine alone"], rows)
    print(signature(engine=f"argos {package.name}", inputs={source.name: text_hash(lines), "names.csv": glossary_hash()},
                    segments=len(lines), sentences=len(sentences), package_sha256=file_hash(package_file),
                    rounds=rounds))


def raw_run(package, sentences: list[str], jobs: int) -> float:
    """The model loaded and every sentence translated in one CTranslate2 call, with diglot's settings."""
    from pipeline.engines.argos import BEAM_SIZE, MAX_BATCH_SIZE, _decode, _load_model

    started = time.perf_counter()
    model = _load_model(package, jobs)
    tokens = [model.tokenizer.encode(sentence, out_type=str) for sentence in sentences]
    prefix = [[model.target_prefix]] * len(tokens) if model.target_prefix else None
    results = model.translator.translate_batch(tokens, target_prefix=prefix, max_batch_size=MAX_BATCH_SIZE,
                                               beam_size=BEAM_SIZE, replace_unknowns=True)
    outputs = [_decode(model, result.hypotheses[0]) for result in results]
    del model, results  # freeing the model is part of the run, as the registry's close() is for diglot
    seconds = time.perf_counter() - started
    if len(outputs) != len(sentences):
        sys.exit(f"ctranslate2 gave {len(outputs)} translations for {len(sentences)} sentences")
    return seconds


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--only", default="apertium,argos", help="comma-separated: apertium, argos")
    parser.add_argument("--lines", type=int, default=3003)
    parser.add_argument("--argos-lines", type=int, default=300)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--jobs", default="1,2", help="comma-separated --jobs values for diglot")
    args = parser.parse_args()
    jobs = [int(value) for value in args.jobs.split(",")]
    for number, part in enumerate(args.only.split(",")):
        if number:
            print()
        if part == "apertium":
            apertium(args.lines, args.rounds, jobs)
        elif part == "argos":
            argos(args.argos_lines, args.rounds, jobs)
    return 0


if __name__ == "__main__":
    sys.exit(main())

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

Each --jobs value is a separate diglot run; the raw engine runs once a round.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _signature import ROOT, print_table, require_data, signature, text_hash

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


def timed(command: list[str], stdin: Path | None = None, stdout: Path | None = None) -> float:
    started = time.perf_counter()
    with open(stdin or "/dev/null", "rb") as source, open(stdout or "/dev/null", "wb") as sink:
        subprocess.run(command, stdin=source, stdout=sink, stderr=subprocess.PIPE, check=True, cwd=ROOT)
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


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--only", default="apertium", help="comma-separated: apertium, argos")
    parser.add_argument("--lines", type=int, default=3003)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--jobs", default="1,2", help="comma-separated --jobs values for diglot")
    args = parser.parse_args()
    jobs = [int(value) for value in args.jobs.split(",")]
    for part in args.only.split(","):
        if part == "apertium":
            apertium(args.lines, args.rounds, jobs)
    return 0


if __name__ == "__main__":
    sys.exit(main())

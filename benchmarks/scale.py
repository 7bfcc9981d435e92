"""Archive scale on paper: the driver's cost and memory by batch size, for the cost model.

    python benchmarks/scale.py [--sizes 10000,100000]

Each size is a batch of distinct segments (newstest 2011-2012 lines in both
languages, and Tatoeba's Spanish lines, each line given the number of its
article so that no two segments of the batch are alike and the translation
memory cannot shrink the work), articles of 30 paragraphs, translated --to en
--to es by `pipeline.batch.run_translate` in a fresh process (stages.py's
child) with the null engine: texts come back unchanged at once, so what is
measured is the driver alone, everything a run does but the engine (read,
detect, glossary, memory, protect, restore, catalogs, editions, writes), all of
it in one process as on one machine. Printed: wall
seconds, driver microseconds a segment, of which the analysis (segment, detect,
glossary terms: `run_stage`, CPU time of its thread), which the workers do with
--ray, what stays on the driver then (the rest), and peak memory (VmHWM) of the process.
Target: the peak at 100,000 segments within 1.5x of the peak at 10,000.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

from _signature import print_table, require_data, signature, text_hash
from stages import run_child

PARAGRAPHS_PER_ARTICLE = 30
SOURCES = ("newstest/newstest2011.eng", "newstest/newstest2011.spa", "newstest/newstest2012.eng",
           "newstest/newstest2012.spa", "tatoeba/tatoeba-test-v2021-08-07.spa")


def distinct_batch(folder: Path, segments: int) -> list[str]:
    """Articles holding `segments` distinct lines; the lines written, in order."""
    pool = [line for path in require_data(*SOURCES) for line in path.read_text(encoding="utf-8").splitlines()
            if line.strip()]
    folder.mkdir(parents=True, exist_ok=True)
    written: list[str] = []
    for article, start in enumerate(range(0, segments, PARAGRAPHS_PER_ARTICLE)):
        count = min(PARAGRAPHS_PER_ARTICLE, segments - start)
        lines = [f"{pool[(start + index) % len(pool)]} ({article})" for index in range(count)]
        (folder / f"article-{article:06d}.txt").write_text("\n\n".join(lines) + "\n", encoding="utf-8")
        written += lines
    return written


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="10000,100000")
    args = parser.parse_args()
    rows, peaks = [], {}
    with tempfile.TemporaryDirectory(prefix="diglot-scale-") as scratch:
        for size in (int(value) for value in args.sizes.split(",")):
            folder = Path(scratch) / f"batch-{size}"
            lines = distinct_batch(folder / "articles", size)
            result = run_child(folder / "articles", folder / "locales", "null")
            peaks[size] = result["python_peak_mb"]
            rows.append([size, result["seconds"], 1e6 * result["seconds"] / size,
                         1e6 * result["stage_cpu_seconds"] / size,
                         1e6 * (result["seconds"] - result["stage_cpu_seconds"]) / size, result["python_peak_mb"]])
            print(signature(engine="null (the driver alone)", inputs={f"batch {size}": text_hash(lines)},
                            segments=size), file=sys.stderr)
    print_table(["segments", "seconds", "driver us a segment", "of it analysis CPU us",
                 "driver us a segment with --ray", "driver peak MB (VmHWM)"], rows)
    sizes = sorted(peaks)
    if len(sizes) > 1:
        print(f"peak at {sizes[-1]:,} segments: {peaks[sizes[-1]] / peaks[sizes[0]]:.2f}x the peak at "
              f"{sizes[0]:,} (target <= 1.5x)")
    return 0


if __name__ == "__main__":
    sys.exit(main())

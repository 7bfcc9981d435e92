"""Apertium: diglot's batched call against one `apertium` process per segment.

    python benchmarks/apertium_speed.py [--segments 2000] [--per-segment 100]

WMT newstest 2012 (../shared/data/newstest/newstest2012.spa and .eng),
Spanish -> English and English -> Spanish, same machine, one run:

  diglot batched   ApertiumEngine.translate_detailed(segments) through the
                   engine's one null-flush pipeline per direction (the process
                   start included), as `diglot translate` sends each chunk.
  per segment      `apertium spa-eng` (or eng-spa) started once per segment,
                   the line on its standard input: what a user's shell loop does.

A process per segment costs the same for every segment, so it runs on the
first --per-segment lines of each direction (to keep the run short); the
batched call runs on those same lines and on all --segments lines. The ratio
target is batched (all lines) >= 20x per segment.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time

from _signature import file_hash, print_table, require_data, signature, text_hash

TARGET_RATIO = 20.0
DIRECTIONS = (("es", "en", "newstest2012.spa"), ("en", "es", "newstest2012.eng"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--segments", type=int, default=2000, help="lines per direction, batched (default 2000)")
    parser.add_argument("--per-segment", type=int, default=100,
                        help="lines per direction run one process each (default 100)")
    options = parser.parse_args()

    from pipeline.engines.apertium import ApertiumEngine, apertium_binary, mode_name

    if apertium_binary() is None:
        sys.exit("skipped: apertium is not installed (sudo apt-get install apertium apertium-eng-spa)")
    engine = ApertiumEngine()
    files = require_data(*(f"newstest/{name}" for _, _, name in DIRECTIONS))
    rows, notes, inputs, totals = [], [], {}, {"batched": [0, 0.0], "per segment": [0, 0.0], "batched same": [0, 0.0]}
    for (source, target, name), path in zip(DIRECTIONS, files):
        if not engine.supports(source, target):
            sys.exit(f"skipped: apertium mode {mode_name(source, target)} is not installed")
        lines = [line.strip() for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
        lines = lines[: options.segments]
        few = lines[: options.per_segment]
        inputs[name] = file_hash(path)
        inputs[f"{name} lines"] = text_hash(lines)
        pair = f"{source}->{target}"

        started = time.perf_counter()
        per_segment = [translate_alone(mode_name(source, target), line) for line in few]
        alone = time.perf_counter() - started

        started = time.perf_counter()
        batched_few = [output.text for output in engine.translate_detailed(few, source, target)]
        batch_few = time.perf_counter() - started

        started = time.perf_counter()
        engine.translate_detailed(lines, source, target)
        batch_all = time.perf_counter() - started

        rows.append([pair, "apertium per segment", len(few), alone, len(few) / alone])
        rows.append([pair, "diglot batched, same lines", len(few), batch_few, len(few) / batch_few])
        rows.append([pair, "diglot batched, all lines", len(lines), batch_all, len(lines) / batch_all])
        for key, count, seconds in (("per segment", len(few), alone), ("batched same", len(few), batch_few),
                                    ("batched", len(lines), batch_all)):
            totals[key][0] += count
            totals[key][1] += seconds
        same = sum(a == b for a, b in zip(batched_few, per_segment))
        spaced = sum(" ".join(a.split()) == " ".join(b.split()) for a, b in zip(batched_few, per_segment))
        notes.append(f"{pair}: identical outputs, batched vs per segment: {same}/{len(few)}, "
                     f"{spaced}/{len(few)} once runs of spaces count as one")

    rate = {key: count / seconds for key, (count, seconds) in totals.items()}
    rows.append(["both", "apertium per segment", totals["per segment"][0], totals["per segment"][1], rate["per segment"]])
    rows.append(["both", "diglot batched, same lines", totals["batched same"][0], totals["batched same"][1],
                 rate["batched same"]])
    rows.append(["both", "diglot batched, all lines", totals["batched"][0], totals["batched"][1], rate["batched"]])

    print("Apertium, newstest2012 Spanish and English lines\n")
    print_table(["pair", "path", "segments", "seconds", "seg/s"], rows)
    print()
    ratio = rate["batched"] / rate["per segment"]
    verdict = "met" if ratio >= TARGET_RATIO else "NOT met"
    print(f"ratio diglot batched (all lines) / per segment: {ratio:.1f}x (target >= {TARGET_RATIO:.0f}x: {verdict}); "
          f"on the same lines: {rate['batched same'] / rate['per segment']:.1f}x")
    for note in notes:
        print(note)
    print(signature(engine="apertium", inputs=inputs, segments=totals["batched"][0],
                    per_segment_sample=totals["per segment"][0]))


def translate_alone(mode: str, line: str) -> str:
    done = subprocess.run(["apertium", "-u", mode], input=line + "\n", capture_output=True, text=True,
                          env={**os.environ, "LC_ALL": "C.UTF-8"}, check=True)
    return done.stdout.strip()


if __name__ == "__main__":
    main()

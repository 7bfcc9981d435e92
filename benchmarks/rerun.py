"""Re-run: the same batch again with nothing changed, after one paragraph changed, after a glossary edit.

    python benchmarks/rerun.py [--segments 2000] [--argos-segments 300] [--engines apertium,argos]

A batch of articles is built from newstest lines in a temporary folder
(benchmarks/_articles.py: 40 lines an article, Spanish and English paragraphs
alternating; for Argos, Chinese lines of newstest2017.zho) and translated with
`pipeline.batch.run_translate` in this process, as `diglot translate` does:

  first run          empty locales/
  unchanged re-run   the same input, the same glossary; in this process, then
                     again in a new process timed from outside (interpreter
                     start, imports, detection tables: what `diglot translate` pays)
  one paragraph      one paragraph (5 lines) of one article replaced by new lines
  glossary edits     (Apertium only) one row added to the glossary that no
                     segment contains (nothing to send), then one that a few
                     segments contain (only those are sent again)

Each run gets a fresh engine registry (a model loads again, as in a new
`diglot` process; the model load counts in "engine s"). "sent" counts the segments handed to an engine's translate_detailed (after
the translate stage's de-duplication), through an EngineRegistry that
counts. The Argos runs need the tests' zh->en package, and detection knows
en/es/und only: segments with Chinese characters are relabelled `zh` prose
right after detection (benchmarks/_runs.py, chinese_as_zh) so they reach the
package. Targets: the unchanged re-run sends 0 segments, and with Argos it is
>= 50x faster than the first run.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import time
from contextlib import nullcontext
from pathlib import Path

import _articles
from _runs import GLOSSARY, CountingRegistry, chinese_as_zh, glossary, glossary_hash
from _signature import print_table, signature

TARGET_SPEEDUP = 50.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--segments", type=int, default=2000, help="segments of the Apertium batch (default 2000)")
    parser.add_argument("--argos-segments", type=int, default=300,
                        help="segments of the Argos (Chinese) batch (default 300)")
    parser.add_argument("--engines", default="apertium,argos", help="comma-separated: apertium, argos")
    parser.add_argument("--child", nargs=5, metavar=("ENGINE", "MODELS", "GLOSSARY", "LOCALES", "TARGETS"),
                        help=argparse.SUPPRESS)
    parser.add_argument("inputs", nargs="*", help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.child:
        child(*options.child, options.inputs)
        return
    engines = [name.strip() for name in options.engines.split(",") if name.strip()]

    with tempfile.TemporaryDirectory(prefix="diglot-rerun-bench-") as scratch:
        for name in engines:
            if name == "apertium":
                apertium(Path(scratch) / "apertium", options.segments)
            elif name == "argos":
                argos(Path(scratch) / "argos", options.argos_segments)
            else:
                sys.exit(f"unknown engine {name!r}")
            print()


def apertium(folder: Path, size: int) -> None:
    from pipeline.engines.apertium import ApertiumEngine

    if not ApertiumEngine().supports("es", "en"):
        print("Apertium re-run skipped: apertium with apertium-eng-spa is not installed")
        return
    batch = _articles.build(folder / "input", size)
    locales = folder / "locales"
    glossary_file = folder / "names.csv"
    shutil.copy(GLOSSARY, glossary_file)
    rows = []
    rows.append(run("first run", batch, ["en", "es"], glossary(glossary_file), locales, "apertium"))
    rows.append(run("unchanged re-run", batch, ["en", "es"], glossary(glossary_file), locales, "apertium"))
    rows.append(fresh("unchanged re-run, new process", batch, ["en", "es"], glossary_file, locales, "apertium"))
    _articles.change_one_paragraph(batch)
    rows.append(run("one paragraph changed", batch, ["en", "es"], glossary(glossary_file), locales, "apertium"))
    for label, row in (("glossary: row no segment contains", "Zyxwv Institute,Instituto Zyxwv,map,benchmark"),
                       ("glossary: row a few segments contain", "Obama,Obama,keep,benchmark")):
        with glossary_file.open("a", encoding="utf-8") as stream:
            stream.write(row + "\n")
        rows.append(run(label, batch, ["en", "es"], glossary(glossary_file), locales, "apertium"))
    report(f"Re-run, Apertium, {batch.segments} segments in {len(batch.paths)} articles, --to en --to es", rows)
    print(signature(engine="apertium", inputs={"articles": batch.digest, "names.csv": glossary_hash()},
                    segments=batch.segments))


def argos(folder: Path, size: int) -> None:
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
    from argos_speed import package_path

    from pipeline.engines.argos_packages import install_package

    models_dir = folder / "packages"
    package = install_package(package_path(), models_dir)
    batch = _articles.build(folder / "input", size, language="zh")
    locales = folder / "locales"
    rows = []
    with chinese_as_zh():
        rows.append(run("first run", batch, ["en"], glossary(), locales, "argos", models_dir))
        rows.append(run("unchanged re-run", batch, ["en"], glossary(), locales, "argos", models_dir))
        rows.append(fresh("unchanged re-run, new process", batch, ["en"], GLOSSARY, locales, "argos", models_dir))
        _articles.change_one_paragraph(batch)
        rows.append(run("one paragraph changed", batch, ["en"], glossary(), locales, "argos", models_dir))
    report(f"Re-run, Argos ({package.name}), {batch.segments} Chinese segments in {len(batch.paths)} articles, "
           "--to en", rows)
    print(signature(engine=f"argos {package.name}", inputs={"articles": batch.digest, "names.csv": glossary_hash()},
                    segments=batch.segments))


def run(name, batch, targets, glossary_, locales, engine, models_dir=None) -> list:
    """One `diglot translate` run: a fresh registry, so a model loads again as in a new process."""
    from pipeline.batch import run_translate

    registry = CountingRegistry(engine, models_dir)
    started = time.perf_counter()
    with registry:  # closing the engines (apertium processes) is part of the run
        summary = run_translate(batch.paths, targets, glossary_, locales, registry)
    seconds = time.perf_counter() - started
    return [name, seconds, registry.sent, registry.calls, registry.seconds, seconds - registry.seconds,
            summary.up_to_date, summary.reused, len(summary.written)]


def fresh(name, batch, targets, glossary_file, locales, engine, models_dir=None) -> list:
    """The same run as `diglot translate` would make it: a new Python process, timed from outside
    (interpreter start, imports, detection tables and all)."""
    command = [sys.executable, str(Path(__file__).resolve()), "--child", engine, str(models_dir or ""),
               str(glossary_file), str(locales), ",".join(targets), *map(str, batch.paths)]
    started = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True)
    seconds = time.perf_counter() - started
    if done.returncode != 0:
        sys.exit(f"child run failed:\n{done.stderr[-4000:]}")
    result = json.loads(done.stdout.strip().splitlines()[-1])
    return [name, seconds, result["sent"], result["calls"], result["engine_seconds"],
            seconds - result["engine_seconds"], result["up_to_date"], result["reused"], result["written"]]


def child(engine, models_dir, glossary_file, locales, targets, inputs) -> None:
    from pipeline.batch import run_translate

    registry = CountingRegistry(engine, Path(models_dir) if models_dir else None)
    with chinese_as_zh() if engine == "argos" else nullcontext(), registry:
        summary = run_translate(inputs, targets.split(","), glossary(Path(glossary_file)), Path(locales), registry)
    print(json.dumps({"sent": registry.sent, "calls": registry.calls, "engine_seconds": registry.seconds,
                      "up_to_date": summary.up_to_date, "reused": summary.reused, "written": len(summary.written)}))


def report(title: str, rows: list[list]) -> None:
    print(title + "\n")
    print_table(["run", "seconds", "sent", "engine calls", "engine s", "other s", "docs up to date", "reused",
                 "files written"], rows)
    first, unchanged, fresh_process, changed = rows[0], rows[1], rows[2], rows[3]
    for row in (unchanged, fresh_process):
        speedup = first[1] / row[1]
        print(f"{'' if row is fresh_process else chr(10)}{row[0]}: {row[2]} segments sent "
              f"({'met' if row[2] == 0 else 'NOT met'}: target 0), {speedup:.0f}x faster than the first run"
              + (f" (target >= {TARGET_SPEEDUP:.0f}x with Argos: {'met' if speedup >= TARGET_SPEEDUP else 'NOT met'})"
                 if "Argos" in title else ""))
    print(f"one paragraph changed: {changed[2]} segments sent, {changed[1]:.2f} s "
          f"({changed[1] / unchanged[1]:.1f}x the unchanged re-run)")


if __name__ == "__main__":
    main()

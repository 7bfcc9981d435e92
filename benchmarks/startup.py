"""Start-up: wall time of `diglot --help` and of `diglot detect` on one line, and the heaviest imports.

    python benchmarks/startup.py [--repeat 5] [--diglot PATH]

Each command runs as its own process (the `diglot` console script of the
environment running this script, or --diglot PATH), best of --repeat, beside
`python -c pass` (the interpreter alone) for scale. Then `python -X importtime`
of `from pipeline.cli import main` (what `diglot --help` imports) and of a
`diglot detect` run, top 10 by cumulative import time, and whether any module
DESIGN.md keeps out of `--help` (torch, stanza, spacy) or that `--help` does not
need (ctranslate2, numpy, sentencepiece, polib, langdetect) was imported.
Target: `diglot --help` under 0.3 s.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _signature import ROOT, print_table, signature, text_hash

TARGET_HELP = 0.3
LINE = "El presidente dijo que the meeting was postponed hasta el lunes."
HEAVY = ("torch", "stanza", "spacy", "ctranslate2", "numpy", "sentencepiece", "polib", "langdetect", "argostranslate")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=5, help="runs of each command; the best counts (default 5)")
    parser.add_argument("--diglot", type=Path, default=Path(sys.executable).parent / "diglot",
                        help="the diglot console script (default: beside this python)")
    options = parser.parse_args()
    if not options.diglot.is_file():
        sys.exit(f"no diglot console script at {options.diglot}; install diglot (pip install -e .) or pass --diglot")

    with tempfile.TemporaryDirectory(prefix="diglot-startup-bench-") as scratch:
        line_file = Path(scratch) / "one-line.txt"
        line_file.write_text(LINE + "\n", encoding="utf-8")
        commands = [
            ("python -c pass", [sys.executable, "-c", "pass"]),
            ("python -c 'import click'", [sys.executable, "-c", "import click"]),
            ("diglot --help", [str(options.diglot), "--help"]),
            ("diglot detect (one line)", [str(options.diglot), "detect", str(line_file)]),
        ]
        rows = []
        timings = {}
        for name, command in commands:
            times = [wall(command, scratch) for _ in range(options.repeat)]
            timings[name] = min(times)
            rows.append([name, min(times), sorted(times)[len(times) // 2], max(times)])

        print(f"Start-up, best of {options.repeat} (seconds)\n")
        print_table(["command", "best", "median", "worst"], rows)
        help_time = timings["diglot --help"]
        print(f"\ndiglot --help: {help_time:.3f} s (target < {TARGET_HELP} s: "
              f"{'met' if help_time < TARGET_HELP else 'NOT met'}); "
              f"{help_time - timings['python -c pass']:.3f} s above the bare interpreter")
        print(f"diglot detect on one line: {timings['diglot detect (one line)']:.3f} s")

        detect_code = ("import sys; from pipeline.cli import main; "
                       f"sys.argv = ['diglot', 'detect', {str(line_file)!r}]; main()")
        for title, code in (("from pipeline.cli import main", "from pipeline.cli import main"),
                            ("diglot detect (one line)", detect_code)):
            print(f"\nheaviest imports of `{title}` (python -X importtime; microseconds)\n")
            imports, loaded = import_times(code, scratch)
            print_table(["module", "cumulative us", "self us"],
                        [[name, cumulative, own] for name, own, cumulative in imports[:10]])
            heavy = [name for name in HEAVY if name in loaded]
            print(f"heavy modules imported: {', '.join(heavy) if heavy else 'none'} (checked: {', '.join(HEAVY)})")
        print()
        print(detect_model_load())
    print(signature(engine="none", inputs={"one line": text_hash([LINE])}, segments=1, repeat=options.repeat))


def wall(command: list[str], cwd: str) -> float:
    started = time.perf_counter()
    subprocess.run(command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    return time.perf_counter() - started


def import_times(code: str, cwd: str) -> tuple[list[tuple[str, int, int]], set[str]]:
    """(module, self us, cumulative us), heaviest first, and the top-level packages imported."""
    done = subprocess.run([sys.executable, "-X", "importtime", "-c", code], cwd=cwd,
                          capture_output=True, text=True, check=True)
    imports = []
    for line in done.stderr.splitlines():
        if not line.startswith("import time:") or "|" not in line or "self [us]" in line:
            continue
        own, cumulative, name = (part.strip() for part in line.removeprefix("import time:").split("|"))
        imports.append((name, int(own), int(cumulative)))
    imports.sort(key=lambda item: -item[2])
    loaded = {name.split(".")[0] for name, _, _ in imports}
    return imports, loaded


def detect_model_load() -> str:
    """The one-off cost inside `diglot detect`: reading the word tables of pipeline/langdata."""
    code = ("import time, resource; import pipeline.detect as d; t = time.perf_counter(); d._model(); "
            "print(time.perf_counter() - t, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)")
    before = subprocess.run([sys.executable, "-c", "import resource, pipeline.detect; "
                             "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)"],
                            capture_output=True, text=True, check=True, cwd=ROOT)
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    seconds, peak = done.stdout.split()
    grown = (int(peak) - int(before.stdout)) / 1024
    size = (ROOT / "pipeline" / "langdata" / "words.index").stat().st_size / 1e6
    return (f"detection word index (pipeline/langdata/words.index, {size:.1f} MB): "
            f"load {float(seconds):.2f} s, +{grown:.0f} MB RSS")


if __name__ == "__main__":
    main()

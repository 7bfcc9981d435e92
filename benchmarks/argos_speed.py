"""Argos: diglot's engine against argostranslate's own translate(), once per segment.

    python benchmarks/argos_speed.py [--segments 200] [--baseline-python /tmp/bench-venv/bin/python]

Same package (the tests' Chinese->English translate-zh_en-1_9), same Chinese
lines of WMT17 newstest (../shared/data/newstest-zh-en/newstest2017.zho),
same machine, one run:

  diglot batched     ArgosEngine.translate_batch(block): one model load, one
                     CTranslate2 call over every sentence of a block (what
                     `diglot translate` does per chunk of documents).
  diglot per segment ArgosEngine.translate_batch([segment]) for each segment:
                     separates what batching gains from the rest.
  argostranslate     argostranslate.translate.translate(segment, "zh", "en")
                     for each segment, in the baseline virtual environment
                     (requirements-baseline.txt), fully offline; see
                     _argos_baseline.py for the two compatibility shims the
                     package's bundled stanza model needs there.

The machine is shared, so the paths take turns: the segments are cut into
--rounds blocks, and each path translates block 1, then block 2, ... (the
baseline is a long-lived process fed over a pipe). Times start after imports;
"with load" includes loading the model (and, for argostranslate, the stanza
pipeline: its first call minus a typical call), "steady" leaves loading out.
The ratio target is diglot batched >= 5x argostranslate, with load.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _signature import ROOT, file_hash, print_table, require_data, signature, text_hash

DEFAULT_BASELINE = Path("/tmp/bench-venv/bin/python")
PACKAGE_CACHE = Path(os.environ.get("DIGLOT_TEST_CACHE") or Path.home() / ".cache" / "diglot-tests")
PACKAGE_FILE = "translate-zh_en-1_9.argosmodel"
TARGET_RATIO = 5.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--segments", type=int, default=200, help="Chinese lines to translate (default 200)")
    parser.add_argument("--rounds", type=int, default=4,
                        help="blocks the segments are cut into; each path translates a block in turn (default 4)")
    parser.add_argument("--baseline-python", type=Path,
                        default=Path(os.environ.get("DIGLOT_BASELINE_PYTHON") or DEFAULT_BASELINE),
                        help="python of the baseline venv (default $DIGLOT_BASELINE_PYTHON or /tmp/bench-venv/bin/python)")
    parser.add_argument("--no-baseline", action="store_true", help="time diglot only")
    parser.add_argument("--no-per-segment", action="store_true", help="skip diglot's engine called per segment")
    parser.add_argument("--diglot-beam", type=int, default=None,
                        help="beam size for diglot's engine (default: pipeline.engines.argos.BEAM_SIZE as shipped); "
                             "to measure a proposed change")
    parser.add_argument("--package", type=Path, default=None,
                        help=f"the .argosmodel file (default: {PACKAGE_CACHE / PACKAGE_FILE}, as the tests cache it)")
    options = parser.parse_args()

    (source_file,) = require_data("newstest-zh-en/newstest2017.zho")
    segments = [line.strip() for line in source_file.read_text(encoding="utf-8").splitlines() if line.strip()]
    segments = segments[: options.segments]
    package_file = options.package or package_path()
    size = -(-len(segments) // max(options.rounds, 1))
    blocks = [segments[i : i + size] for i in range(0, len(segments), size)]

    import pipeline.engines.argos as argos_engine
    from pipeline.engines.argos import ArgosEngine
    from pipeline.engines.argos_packages import install_package

    if options.diglot_beam is not None:
        argos_engine.BEAM_SIZE = options.diglot_beam
    beam = argos_engine.BEAM_SIZE

    with tempfile.TemporaryDirectory(prefix="diglot-argos-bench-") as scratch:
        models_dir = Path(scratch) / "packages"
        package = install_package(package_file, models_dir)
        baseline = None if options.no_baseline else Baseline.start(options.baseline_python, models_dir, Path(scratch))

        # Each path: [load seconds, translate seconds, outputs, per-round seconds]
        paths: dict[str, list] = {}
        batched, started = ArgosEngine(models_dir), time.perf_counter()
        batched._load(batched._route("zh", "en")[0])  # what the first call would load
        paths["diglot batched"] = [time.perf_counter() - started, 0.0, [], []]
        if not options.no_per_segment:
            alone, started = ArgosEngine(models_dir), time.perf_counter()
            alone._load(alone._route("zh", "en")[0])
            paths["diglot per segment"] = [time.perf_counter() - started, 0.0, [], []]
        if baseline is not None:
            paths["argostranslate"] = [0.0, 0.0, [], []]

        for number, block in enumerate(blocks, start=1):
            print(f"round {number}/{len(blocks)}: {len(block)} segments", file=sys.stderr)
            if baseline is not None:
                seconds, outputs = baseline.translate(block)
                if number == 1:  # the first call also loads the model and the stanza pipeline
                    typical = sorted(seconds[1:])[len(seconds[1:]) // 2] if len(seconds) > 1 else 0.0
                    paths["argostranslate"][0] = max(seconds[0] - typical, 0.0)
                    seconds = [typical] + seconds[1:]
                record(paths["argostranslate"], sum(seconds), outputs)
            started = time.perf_counter()
            outputs = batched.translate_batch(block, "zh", "en")
            record(paths["diglot batched"], time.perf_counter() - started, outputs)
            if "diglot per segment" in paths:
                started = time.perf_counter()
                outputs = [alone.translate_batch([segment], "zh", "en")[0] for segment in block]
                record(paths["diglot per segment"], time.perf_counter() - started, outputs)
        ready = baseline.stop() if baseline is not None else None

    names = {"diglot batched": f"diglot batched (one call a round), beam {beam}",
             "diglot per segment": f"diglot engine, one call per segment, beam {beam}",
             "argostranslate": "argostranslate.translate() per segment"}
    rows = [row(names[name], len(segments), load, seconds) for name, (load, seconds, _, _) in paths.items()]
    print(f"Argos zh->en, {len(segments)} segments of newstest2017.zho, {len(blocks)} interleaved rounds\n")
    print_table(["path", "segments", "load s", "translate s", "seg/s with load", "seg/s steady"], rows)
    print()
    if baseline is not None:
        base = rows[-1]
        ratio_with, ratio_steady = rows[0][4] / base[4], rows[0][5] / base[5]
        per_round = [b / d for (_, _, _, b_rounds), (_, _, _, d_rounds) in [(paths["argostranslate"],
                     paths["diglot batched"])] for b, d in zip(b_rounds, d_rounds)]
        verdict = "met" if ratio_with >= TARGET_RATIO else "NOT met"
        print(f"ratio diglot batched / argostranslate: {ratio_with:.1f}x with load, {ratio_steady:.1f}x steady "
              f"(target >= {TARGET_RATIO:.0f}x with load: {verdict}); by round: "
              + ", ".join(f"{r:.1f}x" for r in per_round))
        if "diglot per segment" in paths:
            print(f"ratio diglot per segment / argostranslate: {rows[1][4] / base[4]:.1f}x with load, "
                  f"{rows[1][5] / base[5]:.1f}x steady (the part not due to batching)")
        same = sum(a == b for a, b in zip(paths["diglot batched"][2], paths["argostranslate"][2]))
        print(f"identical outputs, diglot batched vs argostranslate: {same}/{len(segments)} "
              "(argostranslate decodes with length_penalty 0.2 and token-sized batches, splits with stanza)")
        print(f"baseline: import {ready['import_s']:.1f} s (not counted); "
              + ", ".join(f"{k} {v}" for k, v in ready["versions"].items())
              + "; settings " + ", ".join(f"{k}={v}" for k, v in ready["settings"].items()))
        for note in baseline.adapted:
            print(f"baseline shim: {note}")
    else:
        print("ratio: n/a (no baseline run)")
    if "diglot per segment" in paths:
        same = sum(a == b for a, b in zip(paths["diglot batched"][2], paths["diglot per segment"][2]))
        print(f"identical outputs, diglot batched vs diglot per segment: {same}/{len(segments)}")
    print(signature(
        engine=f"argos {package.name}", inputs={source_file.name: file_hash(source_file), "lines": text_hash(segments)},
        segments=len(segments), package_sha256=file_hash(package_file), diglot_beam=beam,
        **({"argostranslate": ready["versions"]["argostranslate"], "stanza": ready["versions"]["stanza"],
            "torch": ready["versions"]["torch"]} if ready else {}),
    ))


def record(path: list, seconds: float, outputs: list[str]) -> None:
    path[1] += seconds
    path[2] += outputs
    path[3].append(seconds)


def row(name: str, count: int, load: float, translate: float) -> list:
    return [name, count, load, translate, count / (load + translate), count / translate]


def package_path() -> Path:
    cached = PACKAGE_CACHE / PACKAGE_FILE
    if cached.is_file():
        return cached
    sys.path.insert(0, str(ROOT / "tests"))
    try:
        from argos_package import zh_en_package_file  # fetches it once with pip, as the tests do
    except ImportError as error:
        sys.exit(f"no {cached}, and tests/argos_package.py cannot fetch it ({error}); pass --package FILE")
    return zh_en_package_file()


class Baseline:
    """argostranslate in its own venv (_argos_baseline.py), fed blocks of segments over a pipe."""

    def __init__(self, process: subprocess.Popen, ready: dict):
        self.process = process
        self.ready = ready
        self.adapted: list[str] = []

    @classmethod
    def start(cls, python: Path, models_dir: Path, scratch: Path) -> "Baseline | None":
        if not python.is_file():
            print(f"baseline skipped: no python at {python}. Create the baseline venv with\n"
                  f"  python3 -m venv /tmp/bench-venv && /tmp/bench-venv/bin/pip install -r "
                  f"{ROOT / 'benchmarks' / 'requirements-baseline.txt'}\n"
                  "or pass --baseline-python PATH (or --no-baseline).\n", file=sys.stderr)
            return None
        home = scratch / "home"
        for sub in ("data", "config", "cache", "stanza"):
            (home / sub).mkdir(parents=True, exist_ok=True)
        environment = {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "LANG": "C.UTF-8",
            "HOME": str(home),
            "XDG_DATA_HOME": str(home / "data"),
            "XDG_CONFIG_HOME": str(home / "config"),
            "XDG_CACHE_HOME": str(home / "cache"),
            "ARGOS_PACKAGES_DIR": str(models_dir),
            "HF_HUB_OFFLINE": "1",
            "STANZA_RESOURCES_DIR": str(home / "stanza"),
        }
        command = [str(python), str(Path(__file__).with_name("_argos_baseline.py")), "zh", "en", str(scratch)]
        log = open(scratch / "baseline.log", "w", encoding="utf-8")
        process = subprocess.Popen(command, env=environment, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                   stderr=log, text=True, encoding="utf-8")
        baseline = cls(process, {})
        baseline.log = scratch / "baseline.log"
        baseline.ready = baseline._read()
        return baseline

    def translate(self, segments: list[str]) -> tuple[list[float], list[str]]:
        self.process.stdin.write(json.dumps(segments, ensure_ascii=False) + "\n")
        self.process.stdin.flush()
        answer = self._read()
        self.adapted = answer["adapted"]
        return answer["seconds"], answer["outputs"]

    def stop(self) -> dict:
        self.process.stdin.close()
        self.process.wait(timeout=60)
        return self.ready

    def _read(self) -> dict:
        line = self.process.stdout.readline()
        if not line:
            self.process.wait(timeout=60)
            sys.exit(f"the baseline failed (exit {self.process.returncode}):\n"
                     f"{self.log.read_text(encoding='utf-8')[-4000:]}")
        return json.loads(line)


if __name__ == "__main__":
    main()

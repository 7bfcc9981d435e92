"""Where a run's time and memory go: stage shares, peak memory, throughput by batch size.

    python benchmarks/stages.py [--only shares,memory] [--segments 2000] [--sizes 100,1000,2000,10000] [--profile]

shares   A batch of --segments segments (benchmarks/_articles.py: 40 lines an
         article, Spanish and English paragraphs alternating) through
         `pipeline.batch.run_translate` with the Apertium engine, --to en --to es,
         the project glossary, in this process: first run, then unchanged re-run.
         Each stage function is wrapped where pipeline.batch calls it and timed
         exclusively (a stage inside another is taken out of the outer one); the
         engine is the time inside the engines' translate_detailed (model load
         and process start included). Then the same with the Argos engine on
         --argos-segments Chinese lines (relabelled zh after detection, see
         _runs.chinese_as_zh). Target: everything but the engine <= 10% of a
         first run. --profile adds cProfile's heaviest functions (Apertium run).

memory   Each size of --sizes, and the sample article (samples/*.txt) alone, in a
         fresh Python process: a first run and an unchanged re-run with Apertium,
         and a first run with a null engine (texts back unchanged at once: the
         pipeline's own cost, free of the engine's noise). Reported: wall time
         and segments/s by size (the linearity check), peak RSS of the Python
         process (VmHWM), peak RSS of its largest child (the biggest apertium
         module) and the peak of the whole process tree (sum of PSS, so shared
         pages count once), both sampled from /proc every 50 ms.
         Not ru_maxrss: on Linux a process started by fork+exec (or vfork)
         inherits its parent's peak in ru_maxrss, so RUSAGE_SELF of a child
         started from a big benchmark process, and RUSAGE_CHILDREN of apertium
         modules started from Python, report the parent's size (both printed
         by the child in its JSON, for the record). Targets: 10,000-segment
         peak <= 1.2x the 1,000-segment peak; the sample with Apertium under
         200 MB; segments/s from 1,000 to 10,000 segments not falling (>= 0.8x:
         no quadratic step).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import _articles
from _runs import (
    GLOSSARY, CountingRegistry, StageTimer, chinese_as_zh, glossary, glossary_hash, instrument, replay_alone,
)
from _signature import ROOT, file_hash, print_table, signature

SAMPLE = ROOT / "samples" / "tajikistan-panjshir-resistance.txt"
TARGET_OTHER_SHARE = 0.10
TARGET_MEMORY_RATIO = 1.2
TARGET_SAMPLE_MB = 200


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--only", default="shares,memory", help="comma-separated: shares, memory")
    parser.add_argument("--segments", type=int, default=2000, help="segments of the shares batch (default 2000)")
    parser.add_argument("--sizes", default="100,1000,2000,10000", help="batch sizes of the memory/linearity runs")
    parser.add_argument("--profile", action="store_true", help="cProfile the first run of the shares batch")
    parser.add_argument("--argos-segments", type=int, default=100,
                        help="segments of the Argos (Chinese) shares batch; 0 to skip (default 100)")
    parser.add_argument("--child", nargs=3, metavar=("INPUT", "LOCALES", "ENGINE"), help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.child:
        child(Path(options.child[0]), Path(options.child[1]), options.child[2])
        return
    from pipeline.engines.apertium import ApertiumEngine

    if not ApertiumEngine().supports("es", "en"):
        sys.exit("skipped: apertium with apertium-eng-spa is not installed")
    parts = [part.strip() for part in options.only.split(",")]
    with tempfile.TemporaryDirectory(prefix="diglot-stages-bench-") as scratch:
        if "shares" in parts:
            shares(Path(scratch) / "shares", options.segments, options.profile)
            print()
            if options.argos_segments:
                argos_shares(Path(scratch) / "argos", options.argos_segments)
                print()
        if "memory" in parts:
            memory(Path(scratch) / "memory", [int(size) for size in options.sizes.split(",")])


# --- Stage shares --------------------------------------------------------------


def shares(folder: Path, size: int, profile: bool, engine: str = "apertium", models_dir: Path | None = None,
           language: str = "es-en", targets: tuple[str, ...] = ("en", "es"), label: str = "Apertium") -> None:
    from pipeline.batch import run_translate

    batch = _articles.build(folder / "input", size, language=language)
    locales = folder / "locales"
    columns = {}
    for name in ("first run", "unchanged re-run"):
        timer = StageTimer()
        registry = CountingRegistry(engine, models_dir)
        instrument(timer, registry)
        profiler = None
        if profile and name == "first run":
            import cProfile

            profiler = cProfile.Profile()
            profiler.enable()
        started = time.perf_counter()
        with registry:  # closing the engines (apertium processes) is part of the run
            run_translate(batch.paths, list(targets), glossary(), locales, registry)
        total = time.perf_counter() - started
        if profiler is not None:
            profiler.disable()
        timer.restore()
        columns[name] = (total, dict(timer.seconds), registry.sent)
        if name == "first run":
            first_batches = registry.batches
        if profiler is not None:
            print_profile(profiler)

    stages = list(dict.fromkeys(stage for _, seconds, _ in columns.values() for stage in seconds))
    rows = []
    for stage in stages + ["(unaccounted)"]:
        row = [stage]
        for total, seconds, _ in columns.values():
            value = seconds.get(stage, total - sum(seconds.values()) if stage == "(unaccounted)" else 0.0)
            row += [value, f"{100 * value / total:.1f}%"]
        rows.append(row)
    rows.append(["total", columns["first run"][0], "100%", columns["unchanged re-run"][0], "100%"])
    to = " ".join(f"--to {target}" for target in targets)
    print(f"Stage shares, {label}, {batch.segments} segments in {len(batch.paths)} articles, {to}\n")
    print_table(["stage", "first run s", "share", "re-run s", "share"], rows)
    total, seconds, sent = columns["first run"]
    other = total - seconds.get("ENGINE", 0.0)
    verdict = "met" if other / total <= TARGET_OTHER_SHARE else "NOT met"
    print(f"\nfirst run: everything but the engine {other:.2f} s = {100 * other / total:.1f}% of {total:.2f} s "
          f"(target <= {100 * TARGET_OTHER_SHARE:.0f}%: {verdict}); {sent} segments sent to the engine")
    # The stages run beside the engine, on the same cores: the engine's calls take
    # longer in the run than alone. The same calls replayed alone show that cost.
    alone = replay_alone(first_batches, models_dir)
    print(f"the same engine calls replayed alone: {alone:.2f} s; the run took {total / alone:.2f}x that "
          f"({100 * (total - alone) / total:.1f}% of the run is more than the engine alone)")
    print(f"unchanged re-run: {columns['unchanged re-run'][0]:.2f} s, "
          f"{1e6 * columns['unchanged re-run'][0] / batch.segments:.0f} us a segment")
    print(signature(engine=label.lower(), inputs={"articles": batch.digest, "names.csv": glossary_hash()},
                    segments=batch.segments))


def argos_shares(folder: Path, size: int) -> None:
    """The same with the Argos engine: Chinese lines relabelled zh (see _runs.chinese_as_zh)."""
    from argos_speed import package_path

    from pipeline.engines.argos_packages import install_package

    package = install_package(package_path(), folder / "packages")
    with chinese_as_zh():
        shares(folder, size, False, "argos", folder / "packages", "zh", ("en",), f"argos {package.name}")


def print_profile(profiler) -> None:
    import io
    import pstats

    for order in ("cumulative", "tottime"):
        stream = io.StringIO()
        pstats.Stats(profiler, stream=stream).strip_dirs().sort_stats(order).print_stats(25)
        text = stream.getvalue()
        print(f"cProfile of the first run, by {order}:\n" + text[text.index("   ncalls"):])


# --- Memory and linearity ------------------------------------------------------


def memory(folder: Path, sizes: list[int]) -> None:
    runs = []  # (label, segments, input digest, {run name: result})
    for size in sizes:
        batch = _articles.build(folder / f"input-{size}", size)
        runs.append((f"{batch.segments:,} segments", batch.segments, batch.digest,
                     measure(batch.folder, folder / f"locales-{size}", folder / f"locales-{size}-null")))
    sample_input = folder / "sample"
    sample_input.mkdir()
    (sample_input / SAMPLE.name).write_bytes(SAMPLE.read_bytes())
    sample = measure(sample_input, folder / "locales-sample", None)
    runs.append((f"sample ({SAMPLE.name})", sample["first run"]["segments"], file_hash(SAMPLE), sample))

    rows = []
    for label, segments, _, results in runs:
        for name, result in results.items():
            rows.append([label, name, result["seconds"], segments / result["seconds"], result["engine_seconds"],
                         1e6 * (result["seconds"] - result["engine_seconds"]) / segments, result["sent"],
                         result["rss_after_imports_mb"], result["python_peak_mb"], result["child_peak_mb"],
                         result["tree_peak_pss_mb"]])
    print("Peak memory and throughput by batch size, --to en --to es, each run a fresh process "
          "(engine: Apertium; 'null engine' gives texts back unchanged: the pipeline alone)\n")
    print_table(["batch", "run", "seconds", "seg/s", "engine s", "other us/seg", "sent", "RSS imports MB",
                 "python peak MB", "largest child MB", "tree peak PSS MB"], rows)
    print()
    by_size = {segments: results for _, segments, _, results in runs[:-1]}
    if 1000 in by_size and 10000 in by_size:
        small, large = by_size[1000], by_size[10000]
        for run, key, what in (("first run", "python_peak_mb", "python peak RSS, first run"),
                               ("first run", "tree_peak_pss_mb", "process tree peak PSS, first run"),
                               ("unchanged re-run", "python_peak_mb", "python peak RSS, unchanged re-run")):
            ratio = large[run][key] / small[run][key]
            print(f"{what}, 10,000 / 1,000 segments: {ratio:.2f}x "
                  f"(target <= {TARGET_MEMORY_RATIO}x: {'met' if ratio <= TARGET_MEMORY_RATIO else 'NOT met'})")
    sizes_seen = sorted(by_size)
    for run, what in (("first run", "Apertium"), ("first run, null engine", "pipeline alone (null engine)"),
                      ("unchanged re-run", "unchanged re-run")):
        rates = [f"{size:,}: {size / by_size[size][run]['seconds']:.0f}" for size in sizes_seen]
        line = f"throughput {what}, seg/s by size: " + ", ".join(rates)
        if 1000 in by_size and 10000 in by_size:
            ratio = (10000 / by_size[10000][run]["seconds"]) / (1000 / by_size[1000][run]["seconds"])
            line += f" (10,000 / 1,000: {ratio:.2f}x; {'linear' if ratio >= 0.8 else 'NOT linear'} at >= 0.8x)"
        print(line)
    peak = max(result["tree_peak_pss_mb"] for result in sample.values())
    first = sample["first run"]
    print(f"sample alone: process tree peak {peak:.0f} MB PSS (python {first['python_peak_mb']:.0f} MB, "
          f"largest apertium module {first['child_peak_mb']:.0f} MB RSS; "
          f"target < {TARGET_SAMPLE_MB} MB: {'met' if peak < TARGET_SAMPLE_MB else 'NOT met'})")
    print(signature(engine="apertium", inputs={label: digest for label, _, digest, _ in runs}
                    | {"names.csv": glossary_hash()}, segments="/".join(str(s) for _, s, _, _ in runs)))


def measure(input_dir: Path, locales: Path, null_locales: Path | None) -> dict[str, dict]:
    """A first run and an unchanged re-run, and a first run with the null engine, each in a fresh process."""
    results = {"first run": run_child(input_dir, locales, "apertium"),
               "unchanged re-run": run_child(input_dir, locales, "apertium")}
    if null_locales is not None:
        results["first run, null engine"] = run_child(input_dir, null_locales, "null")
    return results


def run_child(input_dir: Path, locales: Path, engine: str) -> dict:
    command = [sys.executable, str(Path(__file__).resolve()), "--child", str(input_dir), str(locales), engine]
    done = subprocess.run(command, capture_output=True, text=True, cwd=ROOT)
    if done.returncode != 0:
        sys.exit(f"child run failed:\n{done.stderr[-4000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def child(input_dir: Path, locales: Path, engine: str) -> None:
    from pipeline.batch import run_translate

    glossary_ = glossary(GLOSSARY)
    after_imports = _status_mb("VmRSS")
    sampler = TreeSampler()
    sampler.start()
    registry = CountingRegistry(engine)
    started = time.perf_counter()
    with registry:
        summary = run_translate([input_dir], ["en", "es"], glossary_, locales, registry)
    seconds = time.perf_counter() - started
    sampler.stop()
    print(json.dumps({
        "seconds": seconds,
        "engine_seconds": registry.seconds,
        "stage_cpu_seconds": registry.stage_cpu_seconds,
        "sent": registry.sent,
        "segments": summary.segments or sum(1 for _ in _segments(input_dir)),
        "rss_after_imports_mb": after_imports,
        "python_peak_mb": _status_mb("VmHWM"),
        "child_peak_mb": sampler.peak_child_rss / 1024,
        "tree_peak_pss_mb": sampler.peak_pss / 1024,
        "ru_maxrss_self_mb": _maxrss_mb(resource.RUSAGE_SELF),
        "ru_maxrss_children_mb": _maxrss_mb(resource.RUSAGE_CHILDREN),
    }))


def _segments(input_dir: Path):
    for path in sorted(input_dir.rglob("*.txt")):
        yield from (line for line in path.read_text(encoding="utf-8").splitlines() if line.strip())


def _status_mb(field: str) -> float:
    with open("/proc/self/status", encoding="ascii") as stream:
        for line in stream:
            if line.startswith(field + ":"):
                return int(line.split()[1]) / 1024
    return 0.0


def _maxrss_mb(who: int) -> float:
    return resource.getrusage(who).ru_maxrss / 1024  # Linux: kilobytes


class TreeSampler(threading.Thread):
    """Peak memory of this process and all its descendants, sampled from /proc."""

    def __init__(self, interval: float = 0.05):
        super().__init__(daemon=True)
        self.interval = interval
        self.peak_pss = 0  # kB, the whole tree
        self.peak_child_rss = 0  # kB, the largest descendant
        self._halt = threading.Event()

    def run(self) -> None:
        while not self._halt.is_set():
            self.sample()
            self._halt.wait(self.interval)

    def stop(self) -> None:
        self._halt.set()
        self.join()
        self.sample()

    def sample(self) -> None:
        pss = 0
        me = os.getpid()
        for pid in _descendants(me):
            values = _rollup(pid)
            pss += values.get("Pss", 0)
            if pid != me:
                self.peak_child_rss = max(self.peak_child_rss, values.get("Rss", 0))
        self.peak_pss = max(self.peak_pss, pss)


def _descendants(root: int) -> list[int]:
    parents: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", "rb") as stream:
                stat = stream.read()
        except OSError:
            continue
        ppid = int(stat[stat.rindex(b")") + 2 :].split()[1])
        parents.setdefault(ppid, []).append(int(entry))
    found, frontier = [root], [root]
    while frontier:
        frontier = [child for pid in frontier for child in parents.get(pid, [])]
        found += frontier
    return found


def _rollup(pid: int) -> dict[str, int]:
    try:
        with open(f"/proc/{pid}/smaps_rollup", encoding="ascii") as stream:
            lines = stream.read().splitlines()[1:]
    except OSError:
        return {}
    values = {}
    for line in lines:
        key, _, rest = line.partition(":")
        parts = rest.split()
        if parts and parts[0].isdigit():
            values[key] = int(parts[0])
    return values


if __name__ == "__main__":
    main()

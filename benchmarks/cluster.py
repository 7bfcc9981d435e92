"""What distribution costs: the same batch on a two-node loopback Ray cluster and on one machine.

    python benchmarks/cluster.py [--rounds 2] [--news 3000]

The batch: the sample article 60 times (each with a numbered first line) and
--news newstest2012 English lines, one paragraph each, in articles of 30
paragraphs. Runs, taking turns each round, each a new `diglot translate
--engine apertium --glossary glossaries/names.csv` process into fresh locales:
one machine with --jobs 1 and --jobs 2, and `--ray` on a cluster of a head and
a second node with one CPU each, started here in a loopback-only network
namespace (tests/ray_cluster.py), on the same two cores. Printed: best wall
time of each, the cluster's throughput against each single-machine run
(target >= 0.8), and whether the cluster's files are byte-identical to
--jobs 1's. Needs root and iproute2, as the tests.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from pathlib import Path

from _signature import ROOT, print_table, require_data, signature, text_hash
from throughput import timed

sys.path.insert(0, str(ROOT / "tests"))
from ray_cluster import end_cluster, start_cluster  # noqa: E402

SAMPLE = ROOT / "samples" / "tajikistan-panjshir-resistance.txt"
PARAGRAPHS_PER_ARTICLE = 30


def build(folder: Path, news: int) -> list[str]:
    folder.mkdir(parents=True)
    text = SAMPLE.read_text(encoding="utf-8")
    for number in range(60):
        (folder / f"sample-{number:03d}.txt").write_text(f"Dispatch number {number}.\n\n{text}", encoding="utf-8")
    [source] = require_data("newstest/newstest2012.eng")
    lines = [line for line in source.read_text(encoding="utf-8").splitlines() if line.strip()][:news]
    for number, start in enumerate(range(0, len(lines), PARAGRAPHS_PER_ARTICLE)):
        paragraphs = lines[start : start + PARAGRAPHS_PER_ARTICLE]
        (folder / f"news-{number:04d}.txt").write_text("\n\n".join(paragraphs) + "\n", encoding="utf-8")
    return lines


def translate_args(articles: Path, locales: Path) -> list[str]:
    shutil.rmtree(locales, ignore_errors=True)
    return ["-m", "pipeline.cli", "translate", str(articles), "--engine", "apertium", "--glossary",
            str(ROOT / "glossaries" / "names.csv"), "--locales", str(locales)]


def files(locales: Path) -> dict[str, bytes]:
    return {str(path.relative_to(locales)): path.read_bytes() for path in sorted(locales.rglob("*")) if path.is_file()}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--news", type=int, default=3000)
    args = parser.parse_args()
    best: dict[str, float] = {}
    with tempfile.TemporaryDirectory(prefix="diglot-cluster-") as scratch:
        work = Path(scratch)
        lines = build(work / "articles", args.news)
        cluster = start_cluster("bench")
        try:
            runs = {
                "one machine, --jobs 1": lambda: timed([sys.executable, *translate_args(work / "articles",
                                                                                          work / "jobs-1")]),
                "one machine, --jobs 2": lambda: timed([sys.executable, *translate_args(work / "articles",
                                                                                          work / "jobs-2"), "--jobs", "2"]),
                "Ray, 2 nodes x 1 CPU": lambda: timed(cluster.inside(sys.executable, *translate_args(
                    work / "articles", work / "ray"), "--ray", cluster.address), environment=cluster.environment),
            }
            for _ in range(args.rounds):
                for label, run in runs.items():
                    best[label] = min(best.get(label, float("inf")), run())
            same = files(work / "ray") == files(work / "jobs-1") == files(work / "jobs-2")
        finally:
            end_cluster(cluster)
    ray = best["Ray, 2 nodes x 1 CPU"]
    segments = 60 * 30 + len(lines)  # about: the sample has some 30 segments
    print_table(["run", "best s", "Ray's throughput against it"],
                [[label, seconds, seconds / ray] for label, seconds in best.items()])
    print(f"files byte-identical across the three: {same}")
    print(signature(engine="apertium", inputs={"newstest2012.eng": text_hash(lines), "sample x60": "-"},
                    segments=f"about {segments}", rounds=args.rounds))
    return 0


if __name__ == "__main__":
    sys.exit(main())

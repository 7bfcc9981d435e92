"""Glossary matching speed: a 100,000-term glossary over 10,000 segments, against one
regular expression per term.

    python benchmarks/glossary.py [--terms N] [--segments N] [--regex-sample N] [--seed N] [--rounds N]

Segments: the first lines of ../shared/data/newstest (WMT 2011-2012, English and
Spanish news), or generated sentences when that folder is absent. Terms: word
n-grams (1 to 4 words) drawn from those segments, so that nearly every word of
every segment starts a candidate term (the worst case for the matcher); one in
three is case-insensitive. Matching goes through Glossary.find(), as the
pipeline calls it, twice in one run: every row exact (matching as it was before
inflected forms, issue 12), then as a glossary file has it by default, the
case-insensitive rows matching their inflected forms (morphology.py); the second
timing includes analysing the segments' distinct words (Glossary.analyse(), as
find_terms does per document), with an empty word cache. The regular-expression baseline, `(?<!\\w)TERM(?!\\w)` per
term searched in every segment, is timed on a random sample of terms and
scaled to the whole glossary (running it whole would take hours).
"""

from __future__ import annotations

import argparse
import platform
import random
import re
import sys
import time
from pathlib import Path

from pipeline.glossary import Glossary, GlossaryEntry
from pipeline.glossary import morphology

DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "newstest"
NEWSTEST = ["newstest2012.eng", "newstest2012.spa", "newstest2011.eng", "newstest2011.spa"]


def load_segments(count: int, rng: random.Random) -> tuple[list[str], str]:
    if DATA.is_dir():
        lines = [line for name in NEWSTEST for line in (DATA / name).read_text(encoding="utf-8").splitlines()]
        return lines[:count], f"newstest 2011-2012 eng+spa ({DATA})"
    words = [f"w{n}" for n in range(5000)] + ["the", "de", "la", "of", "and", "y"]
    return [" ".join(rng.choice(words) for _ in range(25)) + "." for _ in range(count)], "generated sentences"


def generate_terms(segments: list[str], count: int, rng: random.Random) -> list[str]:
    terms: dict[str, None] = {}
    split = [re.findall(r"\w+(?:[-']\w+)*", segment) for segment in segments]
    while len(terms) < count:
        words = rng.choice(split)
        length = rng.choice((1, 2, 2, 3, 3, 4))
        if len(words) >= length:
            start = rng.randrange(len(words) - length + 1)
            terms[" ".join(words[start : start + length])] = None
    return list(terms)


def as_glossary(terms: list[str], match: str) -> Glossary:
    """Every third term case-insensitive; `match` 'exact' for every row, or '' for the default."""
    entries = tuple(GlossaryEntry({"en": (term,), "es": (term,)}, "keep", "", number % 3 != 0, f"bench:{number}",
                                  match) for number, term in enumerate(terms))
    return Glossary(entries, "bench")


def time_trie(glossary: Glossary, segments: list[str]) -> tuple[float, float, float, int]:
    """Seconds to build the matcher, to analyse the segments' words, to match; and the matches."""
    morphology.close_morphologies()
    morphology._morphologies.clear()  # an empty word cache, as at the start of a run
    started = time.perf_counter()
    glossary.find("", "en")  # builds the matcher
    built = time.perf_counter()
    glossary.analyse(segments, "en")
    analysed = time.perf_counter()
    hits = sum(len(glossary.find(segment, "en")) for segment in segments)
    return built - started, analysed - built, time.perf_counter() - analysed, hits


def time_regexes(glossary: Glossary, segments: list[str], sample: int, rng: random.Random) -> float:
    """Seconds for one regex per sampled term over every segment, compiling included."""
    chosen = rng.sample(glossary.entries, min(sample, len(glossary.entries)))
    started = time.perf_counter()
    for entry in chosen:
        flags = 0 if entry.case_sensitive else re.IGNORECASE
        pattern = re.compile(rf"(?<!\w){re.escape(entry.canonical('en'))}(?!\w)", flags)
        for segment in segments:
            pattern.findall(segment)
    return time.perf_counter() - started


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--terms", type=int, default=100_000)
    parser.add_argument("--segments", type=int, default=10_000)
    parser.add_argument("--regex-sample", type=int, default=500, help="terms timed for the regex baseline")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--rounds", type=int, default=3, help="timings per matcher; the best is shown")
    args = parser.parse_args()
    rng = random.Random(args.seed)
    segments, source = load_segments(args.segments, rng)
    terms = generate_terms(segments, args.terms, rng)
    characters = sum(map(len, segments))
    print(f"segments: {len(segments)} ({characters:,} characters) from {source}")
    print(f"glossary: {args.terms:,} generated terms (seed {args.seed})")
    glossaries = {"every row exact": as_glossary(terms, "exact"), "insensitive rows inflected": as_glossary(terms, "")}
    best: dict[str, tuple[float, float, float, int]] = {}
    for _ in range(args.rounds):  # the two take turns, so a busy moment of the machine hits both
        for label, glossary in glossaries.items():
            glossary._matchers.clear()
            timing = time_trie(glossary, segments)
            if label not in best or timing[1] + timing[2] < best[label][1] + best[label][2]:
                best[label] = timing
    timings = {}
    for label, (build, analyse, match, hits) in best.items():
        timings[label] = analyse + match
        print(f"trie, {label}: build {build:.2f} s, analyse {analyse:.3f} s, match {match:.3f} s, "
              f"analyse + match {analyse + match:.3f} s ({characters / (analyse + match) / 1e6:.1f} M characters/s), "
              f"{hits:,} matches (best of {args.rounds})")
    exact, inflected = timings.values()
    print(f"inflected / exact: {inflected / exact:.2f}")
    glossary = glossaries["every row exact"]
    sample = min(args.regex_sample, args.terms)
    regex = time_regexes(glossary, segments, sample, rng) * args.terms / sample
    print(f"one regex per term: {regex:.0f} s (timed on {sample} terms, scaled to {args.terms:,})")
    print(f"ratio: the trie (every row exact) matches {regex / exact:,.0f} times faster")
    print(f"python {platform.python_version()} on {platform.machine()}, one core")
    return 0


if __name__ == "__main__":
    sys.exit(main())

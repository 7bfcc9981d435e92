"""Glossary matching speed: a 100,000-term glossary over 10,000 segments, against one
regular expression per term.

    python benchmarks/glossary.py [--terms N] [--segments N] [--regex-sample N] [--seed N]

Segments: the first lines of ../shared/data/newstest (WMT 2011-2012, English and
Spanish news), or generated sentences when that folder is absent. Terms: word
n-grams (1 to 4 words) drawn from those segments, so that nearly every word of
every segment starts a candidate term (the worst case for the matcher); one in
three is case-insensitive. Matching goes through Glossary.find(), as the
pipeline calls it. The regular-expression baseline, `(?<!\\w)TERM(?!\\w)` per
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


def as_glossary(terms: list[str]) -> Glossary:
    entries = tuple(GlossaryEntry({"en": (term,), "es": (term,)}, "keep", "", number % 3 != 0, f"bench:{number}")
                    for number, term in enumerate(terms))
    return Glossary(entries, "bench")


def time_trie(glossary: Glossary, segments: list[str]) -> tuple[float, float, int]:
    started = time.perf_counter()
    glossary.find("", "en")  # builds the matcher
    built = time.perf_counter()
    hits = sum(len(glossary.find(segment, "en")) for segment in segments)
    return built - started, time.perf_counter() - built, hits


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
    args = parser.parse_args()
    rng = random.Random(args.seed)
    segments, source = load_segments(args.segments, rng)
    glossary = as_glossary(generate_terms(segments, args.terms, rng))
    build, match, hits = time_trie(glossary, segments)
    sample = min(args.regex_sample, args.terms)
    regex = time_regexes(glossary, segments, sample, rng) * args.terms / sample
    characters = sum(map(len, segments))
    print(f"segments: {len(segments)} ({characters:,} characters) from {source}")
    print(f"glossary: {args.terms:,} generated terms (seed {args.seed}), {hits:,} matches")
    print(f"trie: build {build:.2f} s, match {match:.3f} s ({characters / match / 1e6:.1f} M characters/s)")
    print(f"one regex per term: {regex:.0f} s (timed on {sample} terms, scaled to {args.terms:,})")
    print(f"ratio: the trie matches {regex / match:,.0f} times faster")
    print(f"python {platform.python_version()} on {platform.machine()}, one core")
    return 0


if __name__ == "__main__":
    sys.exit(main())

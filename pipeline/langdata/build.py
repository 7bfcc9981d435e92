"""Rebuild the detector's word lists from wordfreq's data (a development step, not run at install).

    pip install wordfreq==3.1.1
    python pipeline/langdata/build.py
    python pipeline/langdata/build.py --index    # words.index alone, from the .words.gz files

Writes one `<lang>.words.gz` per language beside this file: the language's most
frequent word forms with their frequencies, and a letter-trigram model of its
word forms for words the list lacks, then `words.index`, all of them in the
form the detector loads (pipeline/wordindex.py). See README.md for the origin and licence.
"""

from __future__ import annotations

import gzip
import math
import re
import sys
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
FORMAT = "diglot-langdata 1"
# How many word forms to keep per language. en and es are decided word by word;
# 100,000 forms measured as well as the whole lists (250,000 and more) at half
# the size and load time. The neighbours only veto whole segments, for which
# their most frequent forms suffice.
SIZES = {"en": 100_000, "es": 100_000, "pt": 60_000, "it": 60_000, "fr": 60_000, "ca": 60_000}
INDEX = "words.index"  # what detect.py loads: every list in one (pipeline/wordindex.py)
TRIGRAM_WORDS = 50_000  # word types the trigram model is counted over
WORD_RE = re.compile(r"^[^\W\d_]+(?:'[^\W\d_]+)*$")


def build(lang: str, size: int, out_dir: Path = HERE) -> Path:
    import wordfreq
    from importlib.metadata import version

    frequencies = wordfreq.get_frequency_dict(lang, "large")
    ranked = sorted(((w, f) for w, f in frequencies.items() if WORD_RE.match(w)), key=lambda x: (-x[1], x[0]))
    kept = ranked[:size]
    centibels = [round(100 * math.log10(f)) for _, f in kept]
    trigrams: Counter[str] = Counter()
    for word, _ in ranked[:TRIGRAM_WORDS]:
        marked = f"<{word}>"
        for i in range(len(marked) - 2):
            trigrams[marked[i : i + 3]] += 1
    total = sum(trigrams.values())
    denominator = total + 0.5 * (len(trigrams) + 1)
    unseen = round(100 * math.log10(0.5 / denominator))
    grams = sorted(trigrams.items(), key=lambda x: (-x[1], x[0]))
    lines = [
        f"{FORMAT} {lang} wordfreq-{version('wordfreq')} {len(kept)} {len(grams)} {unseen}",
        " ".join(map(str, centibels)),
        " ".join(str(round(100 * math.log10((c + 0.5) / denominator))) for _, c in grams),
        *(w for w, _ in kept),
        *(g for g, _ in grams),
    ]
    path = out_dir / f"{lang}.words.gz"
    # mtime=0: rebuilding the same data gives the same bytes
    with open(path, "wb") as raw, gzip.GzipFile(filename="", fileobj=raw, mode="wb", compresslevel=9, mtime=0) as gz:
        gz.write(("\n".join(lines) + "\n").encode("utf-8"))
    return path


def read_table(path: Path) -> tuple[list[str], list[int], list[str], list[int], int]:
    """A `<lang>.words.gz` file: words, their centibels, trigrams, theirs, the unseen trigram's."""
    lines = gzip.decompress(path.read_bytes()).decode("utf-8").split("\n")
    header = lines[0].split()
    if " ".join(header[:2]) != FORMAT:
        raise ValueError(f"{path}: not a {FORMAT} file")
    n_words, n_grams, unseen = int(header[4]), int(header[5]), int(header[6])
    words = lines[3 : 3 + n_words]
    grams = lines[3 + n_words : 3 + n_words + n_grams]
    return words, list(map(int, lines[1].split())), grams, list(map(int, lines[2].split())), unseen


def build_index(folder: Path = HERE, out_dir: Path = HERE) -> Path:
    """`words.index`, what the detector loads, from the `<lang>.words.gz` files of `folder`."""
    from pipeline.wordindex import index_bytes

    tables = {lang: read_table(folder / f"{lang}.words.gz") for lang in SIZES}
    path = out_dir / INDEX
    path.write_bytes(index_bytes(tables))
    return path


def main(argv: list[str]) -> None:
    sys.path.insert(0, str(HERE.parent.parent))  # run as a script: the project's own pipeline package
    if argv[:1] == ["--index"]:  # from the .words.gz files alone: no wordfreq needed
        path = build_index()
        print(f"{path}: {path.stat().st_size} bytes")
        return
    out_dir = Path(argv[0]) if argv else HERE
    sizes = dict(SIZES)
    for item in argv[1:]:  # lang=size overrides, for measuring
        lang, _, size = item.partition("=")
        sizes[lang] = int(size)
    for lang, size in sizes.items():
        path = build(lang, size, out_dir)
        print(f"{path}: {path.stat().st_size} bytes")
    path = build_index(out_dir, out_dir)
    print(f"{path}: {path.stat().st_size} bytes")


if __name__ == "__main__":
    main(sys.argv[1:])

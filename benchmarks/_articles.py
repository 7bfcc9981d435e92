"""Batches of articles built from WMT newstest lines, for the run-level benchmarks.

An article is a run of paragraphs separated by blank lines; a paragraph is
LINES_PER_PARAGRAPH consecutive newstest lines, one a line (diglot makes one
segment of each non-blank line, so segments = lines). Spanish and English
paragraphs alternate inside each article (newstest 2011 and 2012, .spa and
.eng, taken from different places so no paragraph sits beside its own
translation): mixed-language articles, both editions need an engine. The
Chinese batch (newstest2017.zho) is for the Argos engine.

Everything is deterministic: the same size gives the same files.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from _signature import DATA, require_data, text_hash

LINES_PER_PARAGRAPH = 5
PARAGRAPHS_PER_ARTICLE = 8  # 40 segments an article
BILINGUAL_FILES = ("newstest/newstest2011.spa", "newstest/newstest2011.eng",
                   "newstest/newstest2012.spa", "newstest/newstest2012.eng")
CHINESE_FILES = ("newstest-zh-en/newstest2017.zho",)


@dataclass
class Batch:
    folder: Path
    paths: list[Path]
    segments: int
    lines: list[str]  # every line written, in order (for the input hash)
    spare: list[list[str]]  # unused paragraphs, to change one with

    @property
    def digest(self) -> str:
        return text_hash(self.lines)


def pools(language: str) -> list[list[str]]:
    """Lists of paragraphs (each LINES_PER_PARAGRAPH lines) from which articles draw in turn."""
    if language == "zh":
        files = require_data(*CHINESE_FILES)
        return [_paragraphs(_lines(files[0]))]
    spa11, eng11, spa12, eng12 = require_data(*BILINGUAL_FILES)
    # Spanish from the first half of each file, English from the second half:
    # a paragraph never stands beside its own translation.
    spanish = _paragraphs(_half(_lines(spa11), 0) + _half(_lines(spa12), 0) + _half(_lines(spa11), 1)
                          + _half(_lines(spa12), 1))
    english = _paragraphs(_half(_lines(eng11), 1) + _half(_lines(eng12), 1) + _half(_lines(eng11), 0)
                          + _half(_lines(eng12), 0))
    return [spanish, english]


def build(folder: Path, segments: int, language: str = "es-en",
          paragraphs_per_article: int = PARAGRAPHS_PER_ARTICLE) -> Batch:
    """Write articles holding `segments` lines in all into `folder` (one .txt each)."""
    sources = pools(language)
    available = sum(len(pool) for pool in sources) * LINES_PER_PARAGRAPH
    if segments > available - 2 * LINES_PER_PARAGRAPH:
        raise SystemExit(f"at most {available - 2 * LINES_PER_PARAGRAPH} segments can be built from "
                         f"{', '.join(BILINGUAL_FILES if language != 'zh' else CHINESE_FILES)}")
    folder.mkdir(parents=True, exist_ok=True)
    taken = [0] * len(sources)
    articles: list[list[list[str]]] = []
    written = 0
    turn = 0
    while written < segments:
        article: list[list[str]] = []
        while len(article) < paragraphs_per_article and written < segments:
            pool = turn % len(sources)
            turn += 1
            if taken[pool] >= len(sources[pool]):
                continue
            paragraph = sources[pool][taken[pool]][: segments - written]
            taken[pool] += 1
            article.append(paragraph)
            written += len(paragraph)
        articles.append(article)
    paths, lines = [], []
    for number, article in enumerate(articles, start=1):
        path = folder / f"article-{number:05d}.txt"
        path.write_text("\n\n".join("\n".join(paragraph) for paragraph in article) + "\n", encoding="utf-8")
        paths.append(path)
        lines += [line for paragraph in article for line in paragraph]
    spare = [paragraph for pool, start in zip(sources, taken) for paragraph in pool[start:]]
    return Batch(folder, paths, written, lines, spare)


def change_one_paragraph(batch: Batch, article: int | None = None, paragraph: int = 1) -> Path:
    """Replace one paragraph of one article (the middle one by default) with unused lines."""
    path = batch.paths[len(batch.paths) // 2 if article is None else article]
    paragraphs = path.read_text(encoding="utf-8").rstrip("\n").split("\n\n")
    old = paragraphs[min(paragraph, len(paragraphs) - 1)].split("\n")
    # Lines used nowhere in the batch, as many as the old paragraph had.
    replacement = batch.spare.pop(0)[: len(old)]
    paragraphs[min(paragraph, len(paragraphs) - 1)] = "\n".join(replacement)
    path.write_text("\n\n".join(paragraphs) + "\n", encoding="utf-8")
    return path


def _lines(path: Path) -> list[str]:
    return [" ".join(line.split()) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def _half(lines: list[str], which: int) -> list[str]:
    middle = len(lines) // 2
    return lines[:middle] if which == 0 else lines[middle:]


def _paragraphs(lines: list[str]) -> list[list[str]]:
    """Consecutive lines in groups; a line already used is left out (newstest repeats a few)."""
    seen: set[str] = set()
    unique = [line for line in lines if not (line in seen or seen.add(line))]
    return [unique[i : i + LINES_PER_PARAGRAPH] for i in range(0, len(unique) - LINES_PER_PARAGRAPH + 1,
                                                                 LINES_PER_PARAGRAPH)]


__all__ = ["Batch", "DATA", "build", "change_one_paragraph", "LINES_PER_PARAGRAPH"]

"""Sentence alignment of a reviewed translation with its source (Gale and Church, 1993).

Most reviewed paragraphs keep their sentences one to one; an editor may merge
two into one or split one in two. Gale and Church's dynamic programme over
sentence lengths in characters finds the likeliest beads (1-1, 2-1, 1-2, and
1-0/0-1 for a sentence left out or added); the memory keeps only the beads
whose cost says the link is sure, so a doubtful alignment remembers nothing
rather than something wrong.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

# Gale and Church's priors for each kind of bead (their Table 5) and the variance
# of a target length around the expected one, per source character.
BEAD_PRIORS = {(1, 1): 0.89, (1, 0): 0.0099 / 2, (0, 1): 0.0099 / 2, (2, 1): 0.089 / 2, (1, 2): 0.089 / 2}
VARIANCE = 6.8
# A bead costing more than this (-log probability) is not trusted: for a 1-1 bead,
# a length more than about 2.5 standard deviations from the expected one.
SURE_COST = 5.0
RATIO_RANGE = (0.75, 1.35)  # target length per source character, es/en either way


@dataclass(frozen=True)
class Link:
    """Source sentences [source_start, source_end) translated by target sentences [target_start, target_end)."""

    source_start: int
    source_end: int
    target_start: int
    target_end: int
    cost: float


def align(source: list[str], target: list[str]) -> list[Link]:
    """The likeliest beads linking the sentences, in order, 1-0 and 0-1 beads left out."""
    if not source or not target:
        return []
    # Spanish runs about a tenth longer than English; within a paragraph the two sides' own ratio
    # is the best guess, but a translation three times longer than its source is no translation.
    ratio = sum(map(len, target)) / max(1, sum(map(len, source)))
    ratio = min(max(ratio, RATIO_RANGE[0]), RATIO_RANGE[1])
    best = _programme([len(s) for s in source], [len(t) for t in target], ratio)
    return [link for link in best if link.source_end > link.source_start and link.target_end > link.target_start]


def sure_links(source: list[str], target: list[str]) -> list[Link]:
    """The beads of `align` worth remembering: 1-1, 2-1 and 1-2 at a sure cost."""
    return [link for link in align(source, target) if link.cost <= SURE_COST]


def _programme(source: list[int], target: list[int], ratio: float) -> list[Link]:
    rows, columns = len(source), len(target)
    cost = [[math.inf] * (columns + 1) for _ in range(rows + 1)]
    back: list[list[tuple[int, int, float] | None]] = [[None] * (columns + 1) for _ in range(rows + 1)]
    cost[0][0] = 0.0
    for i in range(rows + 1):
        for j in range(columns + 1):
            for (take_source, take_target), prior in BEAD_PRIORS.items():
                before_i, before_j = i - take_source, j - take_target
                if before_i < 0 or before_j < 0 or cost[before_i][before_j] == math.inf:
                    continue
                bead = _bead_cost(sum(source[before_i:i]), sum(target[before_j:j]), ratio, prior)
                if cost[before_i][before_j] + bead < cost[i][j]:
                    cost[i][j] = cost[before_i][before_j] + bead
                    back[i][j] = (before_i, before_j, bead)
    links, i, j = [], rows, columns
    while (i, j) != (0, 0):
        before_i, before_j, bead = back[i][j]
        links.append(Link(before_i, i, before_j, j, bead))
        i, j = before_i, before_j
    return links[::-1]


def _bead_cost(source_length: int, target_length: int, ratio: float, prior: float) -> float:
    """-log P(bead) - log P(lengths | bead), Gale and Church's measure of a length mismatch."""
    if source_length == 0 or target_length == 0:
        return -math.log(prior)
    mean = (source_length + target_length / ratio) / 2
    delta = (target_length - source_length * ratio) / math.sqrt(mean * VARIANCE)
    both_tails = 2 * (1 - _normal_cdf(abs(delta)))
    return -math.log(prior) - math.log(max(both_tails, 1e-12))


def _normal_cdf(x: float) -> float:
    return 0.5 * (1 + math.erf(x / math.sqrt(2)))

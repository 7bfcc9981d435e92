"""Stage 6: put the protected terms back, in the target language's canonical form."""

from __future__ import annotations

import re
from collections import Counter

from .glossary import Glossary
from .glossary.agreement import agreeing_determiner
from .model import Segment
from .protect import Protected


def restore(output: str, protected: Protected) -> tuple[str, tuple[str, ...]]:
    """The engine's output with placeholders replaced, and the problems found.

    A placeholder the engine dropped, repeated or changed is reported, never papered over.
    """
    if not protected.spans:
        return protected.kept_prefix + output, ()
    output = agreeing_articles(output, protected)
    counts: Counter[str] = Counter()
    glued = {span.placeholder: span.glued for span in protected.spans}
    restorations = protected.restorations

    def put_back(match: re.Match) -> str:
        placeholder = match.group(2)
        counts[placeholder] += 1
        left, right = glued[placeholder]
        lead = "" if left else match.group(1)
        trail = "" if right else match.group(3)
        return lead + restorations[placeholder] + trail

    # Longest first, so that "Zqxba" is never read as "Zqxb" followed by "a";
    # and never inside a longer word, so that "Zqxas" is seen as changed.
    names = "|".join(map(re.escape, sorted(restorations, key=len, reverse=True)))
    pattern = re.compile(rf"( ?)(?<![^\W_])({names})(?![^\W_])( ?)")
    restored = pattern.sub(put_back, output)
    flags = [_problem(span.replacement, counts[span.placeholder]) for span in protected.spans
             if counts[span.placeholder] != 1]
    residue = _residue(restored, protected)
    if residue:
        flags.append(f"placeholder changed by the engine: {', '.join(map(repr, residue))}")
    return protected.kept_prefix + restored, tuple(flags)


def agreeing_articles(output: str, protected: Protected) -> str:
    """The engine's output with the determiner before each placeholder agreeing with the term
    it stands for, where the term's gender and number are known (protect.py, glossary/inflect.py)."""
    for span in protected.spans:
        if span.agreement is not None and span.agreement[0] is not None:
            output = agreeing_determiner(output, span.placeholder, span.replacement, span.agreement)
    return output


def restore_in_pieces(outputs: list[str], protected: Protected) -> str:
    """The edition text from the pieces between protected spans, each translated on its own."""
    text = protected.kept_prefix + outputs[0]
    for span, piece in zip(protected.spans, outputs[1:]):
        text += span.replacement + piece
    return text


def _residue(text: str, protected: Protected) -> list[str]:
    prefix = protected.spans[0].placeholder[:3]
    return re.findall(rf"(?i)(?<![^\W\d_]){prefix}[a-z]*", text)


def _problem(replacement: str, count: int) -> str:
    what = "lost" if count == 0 else f"repeated {count} times"
    return f"protected text {replacement!r} {what} by the engine"


def normalise_names(segment: Segment, glossary: Glossary, lang: str) -> str:
    """The segment's own text with every glossary variant in its canonical form."""
    text, position, pieces = segment.text, 0, []
    for hit in segment.hits:
        form = glossary.entry(hit.entry_id).written_form(segment.lang, lang, hit.source_form)
        pieces += [text[position:hit.start], form if form is not None else hit.source_form]
        position = hit.end
    pieces.append(text[position:])
    return "".join(pieces)

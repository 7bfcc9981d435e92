"""Stage 6: put the protected terms back, in the target language's canonical form."""

from __future__ import annotations

import re
from collections import Counter

from .glossary import Glossary
from .glossary.agreement import STRESSED_A
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


# The determiners an engine may write before a placeholder, by family: (gender, number) -> form.
DETERMINER_FAMILIES = (
    ("el", "la", "los", "las"), ("un", "una", "unos", "unas"), ("este", "esta", "estos", "estas"),
    ("ese", "esa", "esos", "esas"), ("aquel", "aquella", "aquellos", "aquellas"),
)
AGREEMENT_ORDER = (("m", "sg"), ("f", "sg"), ("m", "pl"), ("f", "pl"))
CONTRACTIONS = {"del": ("de ", "el"), "al": ("a ", "el")}
DETERMINER_FAMILY = {word: family for family in DETERMINER_FAMILIES for word in family}
DETERMINER_RE = "|".join(sorted([*DETERMINER_FAMILY, *CONTRACTIONS], key=len, reverse=True))


def agreeing_articles(output: str, protected: Protected) -> str:
    """The engine's output with the determiner right before a placeholder agreeing with the term
    it stands for, when the term's gender and number are known (protect.py, glossary/inflect.py):
    'el Zqxa' -> 'las Zqxa' for 'pestañas', 'del Zqxa' -> 'de la Zqxa' for 'pestaña'. The engine chose it blind, for an unknown proper noun; Spanish only (a
    term with a gender)."""
    for span in protected.spans:
        if span.agreement is None or span.agreement[0] is None or takes_el(span.replacement, span.agreement):
            continue
        wanted = AGREEMENT_ORDER.index(span.agreement)

        def agreeing(match: re.Match, wanted: int = wanted) -> str:
            word = match.group(1)
            lead, base = CONTRACTIONS.get(word.lower(), ("", word.lower()))
            form = lead + DETERMINER_FAMILY[base][wanted]
            return (form[:1].upper() + form[1:] if word[:1].isupper() else form) + match.group(2)

        pattern = rf"(?i)(?<![^\W_])({DETERMINER_RE})( +)(?={re.escape(span.placeholder)}(?![^\W_]))"
        output = re.sub(pattern, agreeing, output)
    return output


def takes_el(term: str, agreement: tuple[str | None, str]) -> bool:
    """'agua', 'hacha': a feminine singular noun with a stressed a takes el/un; left as the engine wrote it."""
    head = term.lower()
    return agreement == ("f", "sg") and (head in STRESSED_A or head.startswith(("á", "há")))


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

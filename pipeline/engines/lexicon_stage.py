"""A module of the Apertium pipeline, after the bilingual lookup: glossary rules applied to its units.

    python lexicon_stage.py RULES.json        (stdin -> stdout, null-flush: one segment per NUL)

Rules come from pipeline/glossary/lexicon.py. A unit `^tab<n><pl>/tabulador<n><m><pl>$`
whose source lemma and part of speech a rule names gets the rule's target lemma
on the first translation of a part of speech the rule allows, with that translation's
tags (a noun's gender replaced by the rule's): `^tab<n><pl>/pestaña<n><f><pl>$`; a
name with the target's own tags: `^Russia<np><loc><sg>/Rusia<np><loc><f><sg>$`.
With no such translation (the tagger read "resets" as a noun, and the rule's
target is a verb), the unit is left as it is: diglot sees the term missing from
the output and translates the segment again with a placeholder for it.

It runs as its own process with the standard library only, so that it starts fast.
"""

from __future__ import annotations

import json
import os
import re
import sys

# A unit: source part, then translations, each a lemma and tags; a backslash escapes a character.
UNIT_RE = re.compile(r"\^((?:\\.|[^\\/$^<])+)<([^>/$]+)>((?:\\.|[^\\/$^])*)/((?:\\.|[^\\$^])*)\$")
TRANSLATION_SPLIT_RE = re.compile(r"(?<!\\)/")
TAGS_RE = re.compile(r"<([^>]+)>")
STREAM_SPECIAL_RE = re.compile(r"[\\\[\]^$/@<>{}]")
NUL = b"\0"
BLOCK = 1 << 16


# The parts of speech whose units are rewritten: nouns, verbs, adjectives, adverbs, and
# proper nouns (a name has one form: its rule gives the target's own tags).
OPEN_CLASSES = ("n", "vblex", "adj", "adv")
NAME_CLASS = "np"
REWRITTEN = (*OPEN_CLASSES, NAME_CLASS)
GENDERS = ("m", "f", "mf", "GD")


def load_rules(path: str) -> dict[str, dict]:
    with open(path, encoding="utf-8") as handle:
        return {rule["source_lemma"]: rule for rule in json.load(handle)}


def rewrite(segment: str, rules: dict[str, dict]) -> str:
    """The segment's units, each rewritten by its rule if it has one."""

    def unit(match: re.Match[str]) -> str:
        rule = rules.get(match[1])
        if rule is None or match[2] not in REWRITTEN or "+" in match[3] or "#" in match[3]:
            return match[0]  # another part of speech, a joined or a multiword unit: as it is
        source = f"^{match[1]}<{match[2]}>{match[3]}/"
        for translation in TRANSLATION_SPLIT_RE.split(match[4]):
            tags = TAGS_RE.findall(translation)
            if not tags or translation.startswith(("@", "*", "#")):
                continue
            for lemma, pos, gender, own_tags in rule["targets"]:
                if pos == tags[0]:
                    return source + escaped(lemma) + (own_tags or _with_gender(tags, gender)) + "$"
        return match[0]

    return UNIT_RE.sub(unit, segment)


def _with_gender(tags: list[str], gender: str) -> str:
    """The translation's tags, its gender (the first gender tag) replaced by `gender`."""
    place = next((index for index, tag in enumerate(tags[1:3], start=1) if tag in GENDERS), None)
    if gender and place is not None:
        tags = [*tags[:place], gender, *tags[place + 1:]]
    return "".join(f"<{tag}>" for tag in tags)


def escaped(text: str) -> str:
    return STREAM_SPECIAL_RE.sub(lambda match: "\\" + match.group(), text)


def named_units(rules: dict[str, dict]) -> re.Pattern[bytes]:
    """Where a unit a rule names starts: most segments hold none, and pass through untouched."""
    lemmas = sorted((escaped(lemma).encode("utf-8") for lemma in rules), key=len, reverse=True)
    return re.compile(rb"\^(?:" + b"|".join(map(re.escape, lemmas)) + rb")<")


def main(arguments: list[str]) -> int:
    rules = load_rules(arguments[0])
    named = named_units(rules)

    def answer(segment: bytes) -> bytes:
        return rewrite(segment.decode("utf-8"), rules).encode("utf-8") if named.search(segment) else segment

    pending = b""
    while True:
        block = os.read(0, BLOCK)
        if not block:
            break
        *segments, pending = (pending + block).split(NUL)
        if segments:
            sys.stdout.buffer.write(b"".join(answer(segment) + NUL for segment in segments))
            sys.stdout.buffer.flush()
    if pending:
        sys.stdout.buffer.write(answer(pending))
        sys.stdout.buffer.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

"""Stage 3: the kind and language of every segment, with the spans of each language.

Kinds come from the shape of the text (kinds.py). Non-prose kinds get the
language `und`: they are not text in a language and no guess is made.

Languages are decided word by word and then smoothed along the segment:

1. Every word gets evidence for English against Spanish, the log ratio of its
   frequency in the two languages (word lists in `langdata/`, from wordfreq),
   plus a little of the evidence of its spelling (a letter-trigram model of
   each language's words), which is all there is for words the lists lack.
   Laughter (jajaja / hahaha), elongations (sooo), short words and probable
   names (capitalised inside a sentence and rare) are handled on the way.
   Hashtags are split into words (`#elvacilondelagatita` -> el vacilon de la
   gatita) in each language and the better split gives their evidence.
2. A two-state Viterbi pass labels every word `en` or `es`. Leaving the main
   language costs `SWITCH_FROM[main]`, and so does coming back (a segment
   that begins or ends outside its main language pays for that too), so a
   single word flips only when its evidence outweighs two changes: isolated
   short words never do, a clearly foreign word of three letters or more
   does, and a run of words adds up. A run made only of names takes the
   language around it: names are no change of language.
3. In edited text (news: typeset as an editor sets it, or in a document whose
   paragraphs are), a run of the other language is a change of language only
   when it holds two words the lists make clearly of that language (a hundred
   times commoner there), not names, one of them among its commonest words: a
   real phrase, clause or quotation ("Envíanos tus noticias", "pero no quiero
   volver a casa"). A name, a loanword (euros, blogs, mosquitos), a word both
   languages spell alike (era, mayor, provincial capital) or a borrowed term
   ("standing ovation") stays in the language around it, so the edition of
   that language leaves the paragraph as written. Tweets and transcripts keep
   the word-level labels: there a single word is a switch.
4. The segment is `mixed` when both languages keep words after that pass
   (some run of the minority language outweighs two changes); its language
   is the one with more letters in words. The spans are the runs of each
   language, from a run's first word (with its opening punctuation) to its
   last word (with its closing punctuation); handles, URLs and numbers inside
   a run are covered, those between runs or at the edges are left out.
5. A segment that Portuguese, Italian, French or Catalan explains clearly
   better than the best English/Spanish labelling is `und`.

Everything is arithmetic over fixed tables in a fixed order: the same text
gives the same answer in every process (no random sampling, no dependence on
hash seeds). langdetect is not used here: it decides whole texts only (no
spans, no mixed flag), its sampling needs seeding, it is 14 to 50 times
slower, and on LinCE tweets it labels 83% of single-language lines right
(restricted to seven languages) against 99% here (benchmarks/README.md).
"""

from __future__ import annotations

import json
import math
import re
from collections import OrderedDict
from dataclasses import dataclass
from functools import lru_cache
from itertools import compress, islice, repeat
from operator import itemgetter
from pathlib import Path

from .kinds import LETTER_RE, SENTENCE_END_RE, classify_kind, credit_length
from .model import Document, Segment, Span
from .wordindex import WordIndex, load_index

LANGDATA = Path(__file__).resolve().parent / "langdata"
LANGS = ("en", "es")
NEIGHBOURS = ("pt", "it", "fr", "ca")
ANALYSED_KINDS = ("prose", "heading", "caption")
WORD, NAME, HASHTAG = 0, 1, 2  # roles of the tokens that carry evidence

# Model constants: natural-log units of evidence. Chosen on LinCE train (see
# benchmarks/detection.py) as round values; the word lists themselves owe
# nothing to LinCE.
# Cost of leaving the main language of a segment, and again of coming back:
# English words inside Spanish text are commoner than the reverse (loanwords,
# titles, internet shorthand), so leaving Spanish costs less.
SWITCH_FROM = (1.2, 1.0)  # main language English, main language Spanish; balances mixed P and R on LinCE
WORD_CLIP = 8.0  # most evidence one word can give
# ... a word of one or two letters (a, he, ha, ya, no, me, so, o): alone, it
# never outweighs two changes
SHORT_CLIP = 2 * min(SWITCH_FROM)
SPELLING = 0.5  # weight of the trigram evidence, added to a listed word's
# A word both lists hold at this frequency or more is a word of both languages
# (capital, final, provincial): its spelling says little about which one.
COGNATE_FREQUENCY = math.log(1e-5)
COGNATE_SPELLING = 0.25
UNLISTED_CLIP = 4.0  # most evidence a word in neither list gets from its spelling
ABSENT = math.log(1e-9)  # log frequency of a word a list lacks
LAUGH = 6.0  # jajaja is Spanish, hahaha English
# Names. In text that looks edited (it begins with a capital and has at least
# NAME_CONTEXT_WORDS words of four letters or more in lower case), a word
# capitalised inside a sentence that is rare as a common word, or stands next
# to another capitalised word, is taken for a name and keeps NAME_DAMPING of
# its evidence; a run of names alone is no change of language. In tweets,
# capitals mark emphasis as often as names, and are not trusted.
NAME_DAMPING = 0.1
NAME_MAX_FREQUENCY = math.log(1e-4)
NAME_CONTEXT_WORDS = 3
HEADLINE_MIN_WORDS = 5  # and no lower-case word of four letters or more: a title-case headline
NAME_JOINER_LETTERS = 3  # short words inside a name: de, la, y, of, for, and, del, los
HASHTAG_WORD_COST = 2.0  # per word of a hashtag's split: prefer fewer, longer words
HASHTAG_LETTER_COST = 16.0  # a letter left over by the split
MIN_EVIDENCE = 0.3  # less total evidence than this: und
NEIGHBOUR_MARGIN = 4.0  # a neighbour language must explain the text this much better
NEIGHBOUR_PER_WORD = 0.5  # ... plus this much per word
NEIGHBOUR_MIN_WORDS = 2  # ... and have this many words to go on
# In edited text, a run of the other language must hold this many words that the lists
# make clearly of that language (FOREIGN_RATIO: a hundred times commoner there).
FOREIGN_RATIO = math.log(100)
MIN_SWITCH_WORDS = 2
COMMON_FREQUENCY = math.log(10**-3.5)  # one word in about 3,000: grammar words, the commonest verbs
ATTACHED_PUNCTUATION_RE = re.compile(r"""[^\W_][)\]"'”’»]*[.,;:!?][)\]"'”’»]*(?:\s|$)""")
EDITED_START_RE = re.compile(r"""[\s"'“‘«(\[¿¡—–-]*[A-ZÁÉÍÓÚÑ0-9]""")
UNEDITED_RE = re.compile(r"\s[.,;:!?]+(?:\s|$)|[@#]\w|https?://|www\.|[\U0001F000-\U0001FAFF\u2600-\u27BF]")
MAX_WORD = 40  # longer "words" (base64, runs of letters) give no evidence
MAX_HASHTAG_SPLIT = 40

TOKEN_ALTERNATIVES = (
    ("url", r"(?P<url>(?:https?://|ftp://|www\.)\S+)"),
    ("email", r"(?P<email>[\w.+-]+@[\w-]+(?:\.[\w-]+)+)"),
    ("handle", r"(?P<handle>(?<![\w@])@\w+)"),
    ("hashtag", r"(?P<hashtag>(?<![\w\#])\#[^\W\d_][\w]*)"),
    ("emoticon", r"(?P<emoticon>(?<!\w)(?:[:;=8][-'^]?[()\[\]dDpPoO03*|/\\]+|[xX][dDpP]+|<3+|[dD]:|[oO][.:_][oO]|\^[._]?\^)(?!\w))"),
    ("word", r"(?P<word>[^\W\d_]+(?:['’][^\W\d_]+)*)(?![\w])"),
    ("alnum", r"(?P<alnum>\w+)"),
    ("stop", r"(?P<stop>[.!?¿¡:;…]+)"),
)
TOKEN_RE = re.compile("|".join(pattern for _, pattern in TOKEN_ALTERNATIVES))
# The same pattern without the alternatives that need a character the text
# lacks (a URL needs "://" or "www.", an email or handle "@", a hashtag "#"):
# an alternative that cannot match anywhere changes no match, and the
# regular expression engine no longer tries it at every position.
TOKEN_RES = {
    (url, at, hashtag): re.compile(
        "|".join(
            pattern
            for name, pattern in TOKEN_ALTERNATIVES
            if (url or name != "url") and (at or name not in ("email", "handle")) and (hashtag or name != "hashtag")
        )
    )
    for url in (False, True)
    for at in (False, True)
    for hashtag in (False, True)
}
LAUGH_ES_RE = re.compile(r"^(?:j+[aeiou]+){2,}j*$|^(?:a+j+){2,}a*$|^(?:j+s+){2,}j*$", re.IGNORECASE)
LAUGH_EN_RE = re.compile(r"^(?:h+[ae]+){2,}h*$|^(?:a+h+){2,}a*$", re.IGNORECASE)
ELONGATION_RE = re.compile(r"(.)\1{2,}")
REPEAT_RE = re.compile(r"(.)\1+")
# Internet shorthand of English origin that Spanish writers use as is: the word
# lists see it in Spanish text too, so it is marked here. Written for this
# project, not taken from any data set.
SHORTHAND = {
    **{w: LAUGH for w in "lol lmao lmfao rofl omg wtf jk btw idk smh tbh brb ily imy bff asap yolo bruh fml ikr nvm tho".split()},
    **{w: -LAUGH for w in "xq xk tqm tkm ntp alv".split()},
}

LATIN_RE = re.compile(r"^[a-zA-Z\u00c0-\u024f'’]+$")
# langdetect is asked only about text whose words the en/es lists mostly do not know.
OTHER_LANGUAGE_MIN_WORDS = 5
OTHER_LANGUAGE_UNKNOWN_SHARE = 0.5
OTHER_LANGUAGE_PROBABILITY = 0.9


@dataclass(frozen=True)
class Analysis:
    """The language of a piece of text: main language, confidence, mixed flag, spans."""

    lang: str
    confidence: float
    mixed: bool
    spans: tuple[Span, ...]


UNDETERMINED = Analysis("und", 0.0, False, ())


def detect_document(document: Document) -> Document:
    # A page or a post is published text, set by an editor; a text file may hold anything.
    edited = document.format != "text" or _edited_document(document)
    for segment in document.segments:
        detect_segment(segment, edited)
    document.lang = _main_language(document.segments)
    _mark_boilerplate(document)
    return document


def detect_segment(segment: Segment, edited: bool = False) -> Segment:
    """`edited`: the segment stands in edited text (see _real_switches), as its document
    shows even where the segment itself cannot (a heading has no punctuation)."""
    plain = segment.plain  # inline markup blanked out: the words alone
    segment.kind = _kind(plain, segment.role)
    segment.credit_length = credit_length(plain) if segment.kind == "caption" else 0
    if segment.kind in ANALYSED_KINDS:
        result = analyse(segment.plain_body, edited)  # a caption's credit is names, in no language
    else:
        result = Analysis("und", 1.0, False, ())
    segment.lang, segment.confidence = result.lang, result.confidence
    segment.mixed, segment.spans = result.mixed, segment.in_text(result.spans)
    return segment


def _kind(plain: str, role: str) -> str:
    """The kind from the text's shape; a unit its format calls a heading or title is one
    whenever its shape makes it prose."""
    kind = classify_kind(plain)
    return "heading" if kind == "prose" and role in ("heading", "title") else kind


def identify_language(text: str) -> tuple[str, float]:
    """('en'|'es'|'und', confidence) of a piece of prose."""
    result = analyse(text)
    return result.lang, result.confidence


def analyse(text: str, edited: bool = False) -> Analysis:
    """Language, confidence, mixed flag and spans of a piece of prose (any kind); `edited`
    when it stands in edited text, which the text may also show itself (_typeset)."""
    if not text or not LETTER_RE.search(text):
        return UNDETERMINED
    return _model().analyse(text, edited)


# --- the model ---------------------------------------------------------------


class _Model:
    def __init__(self, index: WordIndex):
        self.index = index
        self.words = {lang: index.table(lang) for lang in index.langs}
        self.trigrams = index.trigrams
        self.unseen = index.unseen
        self.neighbours = tuple(lang for lang in NEIGHBOURS if lang in index.langs)
        # Caches (see _Cache): a cache only saves work, it never changes a result.
        # Per token as written (words, and hashtags with their "#"), all that
        # the segment-level passes need of it (see _token_entry).
        self.cache = _Cache()

    # word evidence: > 0 English, < 0 Spanish

    def spelling(self, word: str, lang: str) -> float:
        marked = f"<{word}>"
        grams = [marked[i : i + 3] for i in range(len(marked) - 2)]
        return sum(map(self.trigrams[lang].get, grams, repeat(self.unseen[lang])))

    def _evidence(self, word: str) -> float:
        if word in SHORTHAND:
            return SHORTHAND[word]
        if LAUGH_ES_RE.match(word):
            return -LAUGH
        if LAUGH_EN_RE.match(word):
            return LAUGH
        if len(word) > MAX_WORD or not LATIN_RE.match(word):
            return 0.0  # no evidence: too long, or another script
        en_words, es_words = self.words["en"], self.words["es"]
        key = word.replace("’", "'")
        if key not in en_words and key not in es_words:
            for variant in (ELONGATION_RE.sub(r"\1\1", key), ELONGATION_RE.sub(r"\1", key), REPEAT_RE.sub(r"\1", key)):
                if variant in en_words or variant in es_words:
                    key = variant
                    break
        spelling = self.spelling(key, "en") - self.spelling(key, "es")
        en, es = en_words.get(key), es_words.get(key)
        if en is None and es is None:
            value = SPELLING * spelling
            return max(-UNLISTED_CLIP, min(UNLISTED_CLIP, value))
        value = (en if en is not None else ABSENT) - (es if es is not None else ABSENT)
        weight = SPELLING
        if en is not None and es is not None and min(en, es) >= COGNATE_FREQUENCY:
            weight = COGNATE_SPELLING
        value += weight * max(-UNLISTED_CLIP, min(UNLISTED_CLIP, spelling))
        return max(-WORD_CLIP, min(WORD_CLIP, value))

    def hashtag_evidence(self, body: str) -> float:
        word = body.lower()
        if word in self.words["en"] or word in self.words["es"] or len(word) > MAX_HASHTAG_SPLIT or not word.isalpha():
            return self._evidence(word)
        value = self._split_score(word, self.words["en"]) - self._split_score(word, self.words["es"])
        return max(-WORD_CLIP, min(WORD_CLIP, value))

    @staticmethod
    def _split_score(text: str, words) -> float:
        """Best log-probability of `text` as a run of listed words (a letter left over costs)."""
        best = [0.0] + [-math.inf] * len(text)
        for end in range(1, len(text) + 1):
            score = -math.inf
            for start in range(max(0, end - 18), end):
                if best[start] == -math.inf:
                    continue
                frequency = words.get(text[start:end])
                if frequency is None:
                    if end - start > 1:
                        continue
                    gain = -HASHTAG_LETTER_COST
                else:
                    gain = frequency - HASHTAG_WORD_COST
                score = max(score, best[start] + gain)
            best[end] = score
        return best[-1]

    def _token_entry(self, word: str) -> tuple:
        """All a segment needs of one word as written: (evidence, evidence as a
        name, capitalised, acronym, rare, lower-case word of four letters or
        more, 1 for a word of three letters or more, 1 for such a word that
        neither list holds (for _other), which language the lists say it is
        clearly a word of (1 English, -1 Spanish, 0 both or neither: for
        _real_switches), then the neighbour scores (for _veto)).
        The evidence is _evidence()'s arithmetic."""
        lower = word.lower()
        words = self.words
        en_words, es_words = words["en"], words["es"]
        key = lower.replace("’", "'")
        row = self.index.values(key)  # every language's value of the key, in one lookup
        en_key, es_key = row["en"], row["es"]
        trigrams, unseen = self.trigrams, self.unseen
        spelled = {}  # the trigrams of a text, and its spelling() per language

        def spelling(text: str, lang: str) -> float:
            value = spelled.get((text, lang))
            if value is None:
                grams = spelled.get(text)
                if grams is None:
                    marked = f"<{text}>"
                    grams = spelled[text] = [marked[i : i + 3] for i in range(len(marked) - 2)]
                value = spelled[text, lang] = sum(map(trigrams[lang].get, grams, repeat(unseen[lang])))
            return value

        # _evidence(lower)
        if lower in SHORTHAND:
            value = SHORTHAND[lower]
        elif LAUGH_ES_RE.match(lower):
            value = -LAUGH
        elif LAUGH_EN_RE.match(lower):
            value = LAUGH
        elif len(lower) > MAX_WORD or not LATIN_RE.match(lower):
            value = 0.0  # no evidence: too long, or another script
        else:
            evidence_key, en, es = key, en_key, es_key
            if en is None and es is None and REPEAT_RE.search(key):  # else every variant is the key
                for variant in (ELONGATION_RE.sub(r"\1\1", key), ELONGATION_RE.sub(r"\1", key), REPEAT_RE.sub(r"\1", key)):
                    if variant in en_words or variant in es_words:
                        evidence_key = variant
                        en, es = en_words.get(variant), es_words.get(variant)
                        break
            spelling_value = spelling(evidence_key, "en") - spelling(evidence_key, "es")
            if en is None and es is None:
                value = SPELLING * spelling_value
                value = max(-UNLISTED_CLIP, min(UNLISTED_CLIP, value))
            else:
                value = (en if en is not None else ABSENT) - (es if es is not None else ABSENT)
                weight = SPELLING
                if en is not None and es is not None and min(en, es) >= COGNATE_FREQUENCY:
                    weight = COGNATE_SPELLING
                value += weight * max(-UNLISTED_CLIP, min(UNLISTED_CLIP, spelling_value))
                value = max(-WORD_CLIP, min(WORD_CLIP, value))
        # a name keeps NAME_DAMPING of it; short words are clipped
        name_value = value * NAME_DAMPING
        if len(word) <= 2:
            value = max(-SHORT_CLIP, min(SHORT_CLIP, value))
            name_value = max(-SHORT_CLIP, min(SHORT_CLIP, name_value))
        own = max(en_key if en_key is not None else ABSENT, es_key if es_key is not None else ABSENT)
        # per neighbour language, its log frequency minus the better of en/es (capped)
        scores = []
        best = None
        for lang in self.neighbours:
            listed = row[lang]
            score = (ABSENT if listed is None else listed) - own
            if own == ABSENT and score == 0.0:  # listed nowhere: spelling decides
                if best is None:
                    best = max(spelling(key, "en"), spelling(key, "es"))
                score = SPELLING * (spelling(key, lang) - best)
                score = max(-UNLISTED_CLIP, min(UNLISTED_CLIP, score))
            scores.append(max(-WORD_CLIP, min(WORD_CLIP, score)))
        long_word = len(word) >= 3
        return (
            value,
            name_value,
            word[0].isupper(),
            word.isupper() and len(word) > 1,
            own < NAME_MAX_FREQUENCY,  # rare
            len(word) >= 4 and word[0].islower(),
            1 if long_word else 0,
            # the lists spell apostrophes ' (langdata/build.py), so a word with ’ is in neither
            1 if long_word and (lower != key or (en_key is None and es_key is None)) else 0,
            _foreign(en_key, es_key),
            *scores,
        )

    # a segment

    def _scan(self, text: str):
        """(tokens as `tokens` gives them, the entries of the WORD tokens in
        order, whether any token is a NAME, whether any is a HASHTAG, every
        token's entry (None for a hashtag), the indices of the words capitalised
        inside a sentence)."""
        cache = self.cache
        cached = cache.data.get
        used = cache.data.move_to_end
        pattern = TOKEN_RES[("://" in text or "www." in text, "@" in text, "#" in text)]
        out = []  # every word is a WORD until the names are known
        add = out.append
        entries = []  # per token: the word's entry, or None for a hashtag
        add_entry = entries.append
        capitalised = {}  # token index -> (sentence start, entry) of capitalised words
        sentence_start = True
        lowercase_words = 0
        hashtags = False
        for match in pattern.finditer(text):
            kind = match.lastgroup
            if kind == "word":
                word = match.group()
                entry = cached(word)
                if entry is None:
                    entry = self._token_entry(word)
                    cache.put(word, entry)
                else:
                    used(word)
                start, end = match.span()
                if entry[2]:
                    capitalised[len(out)] = (sentence_start, entry)
                elif entry[5]:
                    lowercase_words += 1
                add((start, end, entry[0], WORD))
                add_entry(entry)
                sentence_start = False
            elif kind == "hashtag":
                word = match.group()
                value = cache.get(word)
                if value is None:
                    value = self.hashtag_evidence(word[1:])
                    cache.put(word, value)
                start, end = match.span()
                add((start, end, value, HASHTAG))
                add_entry(None)
                hashtags = True
                sentence_start = False
            elif kind == "stop":
                sentence_start = True
        has_name = False
        # Capitals mark names only where ordinary words are in lower case (not in
        # headline case or shouting).
        if lowercase_words >= NAME_CONTEXT_WORDS and 0 in capitalised:
            for i, (initial, entry) in capitalised.items():
                # inside a sentence: rare, or next to another capitalised word;
                # first in a sentence: rare and followed by a capitalised word
                if entry[3]:
                    name = entry[4]  # an acronym; capitals that are not rare words are emphasis
                elif initial:
                    name = entry[4] and (i - 1 in capitalised or (i + 1 in capitalised and not capitalised[i + 1][0]))
                else:
                    name = entry[4] or i - 1 in capitalised or (i + 1 in capitalised and not capitalised[i + 1][0])
                if name:
                    start, end, _, _ = out[i]
                    out[i] = (start, end, entry[1], NAME)
                    has_name = True
        if has_name:
            word_entries = [entry for token, entry in zip(out, entries) if token[3] == WORD]
        elif hashtags:
            word_entries = [entry for entry in entries if entry is not None]
        else:
            word_entries = entries
        # In headline case every word is capitalised: none of them marks a name
        # ("Meta Outage Hits Facebook, Instagram and Messenger Worldwide" is English).
        inner_capitals = [i for i, (initial, _) in capitalised.items() if not initial]
        if len(out) >= HEADLINE_MIN_WORDS and not lowercase_words and len(inner_capitals) >= 3:
            inner_capitals = []
        return out, word_entries, has_name, hashtags, entries, inner_capitals

    def analyse(self, text: str, edited: bool = False) -> Analysis:
        tokens, word_entries, has_name, hashtags, entries, inner_capitals = self._scan(text)
        if not tokens:
            return UNDETERMINED
        evidence = [t[2] for t in tokens]
        path = _decode(evidence)
        if has_name:
            path = _absorb_names(path, tokens)
        total = sum(evidence)
        letters, main = _main_state(tokens, path, hashtags, total)
        if 0 < sum(path) < len(path) and (edited or _typeset(text)):
            names = _name_words(tokens, inner_capitals)
            _, main = _main_state(tokens, path, hashtags, total, names)
            path = _real_switches(path, tokens, entries, names, main)
            letters, main = _main_state(tokens, path, hashtags, total)
        mixed = 0 < sum(path) < len(path)
        if mixed:
            confidence = letters[main] / (letters[0] + letters[1])
        else:
            if abs(total) < MIN_EVIDENCE:
                return UNDETERMINED
            confidence = _logistic(abs(total))
        veto = self._veto(word_entries, path, mixed)
        if veto > 0:
            return Analysis("und", round(_logistic(veto), 3), False, ())
        other = self._other(text, word_entries)
        if other is not None:
            return Analysis("und", other, False, ())
        if veto > -math.inf:
            confidence = min(confidence, _logistic(-veto))
        if mixed:
            spans = _spans(text, tokens, path)
        else:
            spans = _spans(text, ((tokens[0][0], tokens[-1][1], 0.0, WORD),), path[:1])
        return Analysis(LANGS[main], round(confidence, 3), mixed, spans)

    def _veto(self, word_entries, path, mixed: bool) -> float:
        """How much better the best neighbour language explains the words than en/es do (> 0: veto),
        from the entries of the WORD tokens."""
        if not self.neighbours:
            return -math.inf
        counted = len(word_entries)
        if counted < NEIGHBOUR_MIN_WORDS:
            return -math.inf
        if len(self.neighbours) == 4:
            s0 = s1 = s2 = s3 = 0.0
            for entry in word_entries:
                s0 += entry[9]
                s1 += entry[10]
                s2 += entry[11]
                s3 += entry[12]
            sums = [s0, s1, s2, s3]
        else:
            sums = [0.0] * len(self.neighbours)
            for entry in word_entries:
                for i, value in enumerate(entry[9:]):
                    sums[i] += value
        switches = 0
        if mixed:
            previous = path[0]
            for state in path:
                if state != previous:
                    switches += 1
                    previous = state
        return max(sums) + switches * min(SWITCH_FROM) - NEIGHBOUR_MARGIN - NEIGHBOUR_PER_WORD * counted

    def _other(self, text: str, word_entries) -> float | None:
        """langdetect's confidence that text the word lists barely know is in a third
        language (Dutch, Turkish, Polish, ...); None when it is not."""
        long_words = sum(map(_LONG, word_entries))
        if long_words < OTHER_LANGUAGE_MIN_WORDS:
            return None
        if sum(map(_UNKNOWN, word_entries)) / long_words < OTHER_LANGUAGE_UNKNOWN_SHARE:
            return None
        lang, probability = langdetect_best(text)
        return round(probability, 3) if lang not in LANGS and probability >= OTHER_LANGUAGE_PROBABILITY else None


def _main_state(tokens, path, hashtags: bool, total: float, names=frozenset()) -> tuple[list[int], int]:
    """Letters in words labelled en and es, and the main language (0 en, 1 es): the one
    with more letters (outside hashtags, unless the text is all hashtags, and outside
    `names`), else the sign of the evidence."""
    if names:
        kept = [i for i in range(len(tokens)) if i not in names]
        tokens, path = [tokens[i] for i in kept], [path[i] for i in kept]
    if hashtags:
        letters = [0, 0]
        tag_letters = [0, 0]
        for (start, end, _, role), state in zip(tokens, path):
            (tag_letters if role == HASHTAG else letters)[state] += end - start
        if not any(letters):
            letters = tag_letters
    else:
        lengths = [end - start for start, end, _, _ in tokens]
        spanish = sum(compress(lengths, path))
        letters = [sum(lengths) - spanish, spanish]
    if letters[0] != letters[1]:
        return letters, 0 if letters[0] > letters[1] else 1
    return letters, 0 if total >= 0 else 1


def _typeset(text: str) -> bool:
    """Text set as an editor sets it: it begins with a capital or a digit, some punctuation
    mark follows a word directly, none follows a space, and none of the marks of social
    media (handles, hashtags, links, emoji) is there."""
    first = EDITED_START_RE.match(text)
    return bool(first and ATTACHED_PUNCTUATION_RE.search(text)) and not UNEDITED_RE.search(text)


def _foreign(en: float | None, es: float | None) -> int:
    """1 for a word the lists make clearly English, -1 clearly Spanish, 0 otherwise: a word of
    both (era, capital, rock, blogs), or of neither (names, typos); 2 and -2 for such a word
    that is also among its language's commonest (COMMON_FREQUENCY: the, was, que, pero)."""
    if en is None and es is None:
        return 0
    en, es = (ABSENT if en is None else en), (ABSENT if es is None else es)
    ratio = en - es
    if ratio >= FOREIGN_RATIO:
        return 2 if en >= COMMON_FREQUENCY else 1
    if ratio <= -FOREIGN_RATIO:
        return -2 if es >= COMMON_FREQUENCY else -1
    return 0


def _name_words(tokens, inner_capitals: list[int]) -> set[int]:
    """The words capitalised inside a sentence, and the short words between two of them
    ("Institute for Science and International Security", "Casa de la Moneda")."""
    names = set(inner_capitals)
    for i in range(1, len(tokens) - 1):
        if i not in names and tokens[i][1] - tokens[i][0] <= NAME_JOINER_LETTERS and i - 1 in names:
            following = i + 1
            while (following < len(tokens) and following not in names
                   and tokens[following][1] - tokens[following][0] <= NAME_JOINER_LETTERS):
                following += 1
            if following in names:
                names.update(range(i, following))
    return names


def _clear_words(tokens, entries, names: set[int], first: int, end: int, state: int) -> tuple[int, bool]:
    """How many words of three letters or more in tokens[first:end] the lists make clearly of
    `state`'s language, leaving out `names` (de, la, y stand inside names too), and whether
    any clear word there, short ones included, is among that language's commonest."""
    wanted = 1 if state == 0 else -1
    clear, common = 0, False
    for i in range(first, end):
        start, stop, _, role = tokens[i]
        foreign = _FOREIGN(entries[i]) if role == WORD and i not in names else 0
        if foreign in (wanted, 2 * wanted):
            clear += stop - start >= 3
            common = common or foreign == 2 * wanted
    return clear, common


def _real_switches(path: list[int], tokens, entries, names: set[int], main: int) -> list[int]:
    """In edited text (news), a run of the other language is a change of language only when
    it holds MIN_SWITCH_WORDS words that are clearly of that language and are not names,
    one of them (or a short word there) among that language's commonest (_clear_words):
    a name, a loanword or a word both languages spell alike (Del Potro, euros, era,
    provincial capital) inside a sentence stays in the sentence's language, and so does
    a borrowed term without the grammar words of a clause ("standing ovation", "fixed
    income"). Once one run is a real switch, the segment is mixed, and a shorter run with
    one clear word ("... a la fiesta tonight.") stays too."""
    runs = []  # (first, end, clear words, a common one) of each run of the other language
    first = 0
    for index in range(1, len(path) + 1):
        if index == len(path) or path[index] != path[first]:
            if path[first] != main:
                runs.append((first, index, *_clear_words(tokens, entries, names, first, index, path[first])))
            first = index
    real = any(clear >= MIN_SWITCH_WORDS and common for _, _, clear, common in runs)
    path = list(path)
    for first, end, clear, common in runs:
        if not (real and clear >= 1):
            path[first:end] = [main] * (end - first)
    return path


CACHE_SIZE = 20_000
_LONG, _UNKNOWN, _FOREIGN = itemgetter(6), itemgetter(7), itemgetter(8)  # of a _token_entry


class _Cache:
    """A least-recently-used cache of at most CACHE_SIZE entries, whatever the
    batch; a cache only saves work, it never changes a result."""

    __slots__ = ("data",)

    def __init__(self):
        self.data: OrderedDict = OrderedDict()

    def get(self, key):
        value = self.data.get(key)
        if value is not None:
            self.data.move_to_end(key)
        return value

    def put(self, key, value) -> None:
        data = self.data
        data[key] = value
        if len(data) > CACHE_SIZE:
            data.popitem(last=False)

    def clear(self) -> None:
        self.data.clear()

    def __len__(self) -> int:
        return len(self.data)


def langdetect_best(text: str) -> tuple[str, float]:
    """langdetect's best language among the Latin-script ones, seeded so it never changes."""
    from langdetect.lang_detect_exception import LangDetectException

    detector = _langdetect_factory().create()
    detector.append(text)
    try:
        best = detector.get_probabilities()[0]
    except LangDetectException:
        return "und", 0.0
    return best.lang, best.prob


# Text in other scripts never reaches langdetect (it has no en/es evidence);
# loading only these profiles keeps its memory small.
LANGDETECT_PROFILES = (
    "af ca cs cy da de en es et fi fr hr hu id it lt lv nl no pl pt ro sk sl so sq sv sw tl tr vi".split()
)


@lru_cache(maxsize=1)
def _langdetect_factory():
    import langdetect
    from langdetect.detector_factory import DetectorFactory

    profiles = Path(langdetect.__file__).parent / "profiles"
    factory = DetectorFactory()
    factory.load_json_profile([(profiles / lang).read_text(encoding="utf-8") for lang in LANGDETECT_PROFILES])
    factory.set_seed(0)
    return factory


def _absorb_names(path: list[int], tokens) -> list[int]:
    """A run of names alone (and the short words between them) is no change of
    language: it takes the language of the run before it (or after it)."""
    runs = []  # [first, last, state]
    for i, state in enumerate(path):
        if runs and runs[-1][2] == state:
            runs[-1][1] = i
        else:
            runs.append([i, i, state])
    if len(runs) < 2:
        return path
    path = list(path)
    for index, (first, last, state) in enumerate(runs):
        roles = [tokens[i][3] for i in range(first, last + 1)]
        # names, and the short words between them ("Bill Gates y Warren Buffett")
        if roles[0] == NAME and roles[-1] == NAME and all(
            role == NAME or tokens[i][1] - tokens[i][0] <= 2 for i, role in zip(range(first, last + 1), roles)
        ):
            other = runs[index - 1][2] if index > 0 else runs[index + 1][2]
            for i in range(first, last + 1):
                path[i] = other
    return path


def _decode(evidence: list[float]) -> list[int]:
    """Best en(0)/es(1) labelling of the words. With main language M, leaving M and
    coming back each cost SWITCH[M] (starting or ending outside M counts as one of
    them); both choices of M are tried and the better kept (English on a tie)."""
    # Both choices of M in one pass, each with the arithmetic of
    #   en, es = max(en, es - cost) + half, max(es, en - cost) - half
    # (max keeps its first argument on a tie). Per word, one code: bit 0 (M
    # English) or bit 2 (M Spanish) is set when the best path to en comes from
    # es, bit 1 (or bit 3) when the best path to es comes from es.
    cost0, cost1 = SWITCH_FROM
    first = evidence[0] / 2
    en0, es0 = first + 0.0, -first + -cost0
    en1, es1 = first + -cost1, -first + 0.0
    back: list[int] = []
    push = back.append
    for value in islice(evidence, 1, None):
        half = value / 2
        from_es = es0 - cost0
        from_en = en0 - cost0
        if en0 >= from_es:
            if es0 >= from_en:
                code = 2
                en0 += half
                es0 -= half
            else:
                code = 0
                en0 += half
                es0 = from_en - half
        elif es0 >= from_en:
            code = 3
            en0 = from_es + half
            es0 -= half
        else:
            code = 1
            en0 = from_es + half
            es0 = from_en - half
        from_es = es1 - cost1
        from_en = en1 - cost1
        if en1 >= from_es:
            if es1 >= from_en:
                code += 8
                en1 += half
                es1 -= half
            else:
                en1 += half
                es1 = from_en - half
        elif es1 >= from_en:
            code += 12
            en1 = from_es + half
            es1 -= half
        else:
            code += 4
            en1 = from_es + half
            es1 = from_en - half
        push(code)
    en0, es0 = en0 + 0.0, es0 + -cost0
    en1, es1 = en1 + -cost1, es1 + 0.0
    score0, score1 = max(en0, es0), max(en1, es1)
    if score1 > score0 and score1 > -math.inf:
        state, shift = (0 if en1 >= es1 else 1), 2
    elif score0 > -math.inf:
        state, shift = (0 if en0 >= es0 else 1), 0
    else:
        return []
    path = [state]
    for code in reversed(back):
        code >>= shift
        state = (code & 1) if state == 0 else ((code >> 1) & 1)
        path.append(state)
    path.reverse()
    return path


OPENING = "¿¡\"'“‘«([{"
CLOSING = ".,;:!?…\"'”’»)]}%"


def _spans(text: str, tokens, path) -> tuple[Span, ...]:
    runs: list[list] = []
    for (start, end, _, _), state in zip(tokens, path):
        if runs and runs[-1][2] == state:
            runs[-1][1] = end
        else:
            runs.append([start, end, state])
    spans = []
    for start, end, state in runs:
        while start > 0 and text[start - 1] in OPENING:
            start -= 1
        while end < len(text) and text[end] in CLOSING:
            end += 1
        spans.append(Span(start, end, LANGS[state]))
    return tuple(spans)


def _logistic(x: float) -> float:
    if x > 30:
        return 1.0
    return 1.0 / (1.0 + math.exp(-x))


def word_index() -> WordIndex:
    """The detector's word lists (loaded once per process, shared with the detector)."""
    return _model().index


@lru_cache(maxsize=None)
def _model(directory: str | None = None) -> _Model:
    folder = Path(directory) if directory else LANGDATA
    return _Model(load_index(folder / "words.index"))


# --- document level ----------------------------------------------------------


def _edited_document(document: Document) -> bool:
    """Most of the document's paragraphs are set as an editor sets them (_typeset)."""
    texts = (_words_only(segment) for segment in document.segments)
    paragraphs = [text for text in texts if SENTENCE_END_RE.search(text)]
    return bool(paragraphs) and 2 * sum(map(_typeset, paragraphs)) > len(paragraphs)


def _words_only(segment: Segment) -> str:
    """The text without its inline markup (a link's URL, emphasis marks), as a reader sees it."""
    if not segment.markup:
        return segment.text
    bounds = [0, *(edge for span in sorted(segment.markup) for edge in span), len(segment.text)]
    return " ".join(" ".join(segment.text[bounds[i]:bounds[i + 1]] for i in range(0, len(bounds), 2)).split())


def _main_language(segments: list[Segment]) -> str:
    weight = {"en": 0, "es": 0}
    for segment in segments:
        if segment.lang in weight and segment.kind == "prose":
            weight[segment.lang] += len(segment.text)
    if not any(weight.values()):
        return "und"
    return max(weight, key=lambda lang: (weight[lang], lang == "en"))


def _mark_boilerplate(document: Document) -> None:
    """Text at the end of an article in the other language is the site's footer."""
    for segment in reversed(document.segments):
        if segment.lang == "und":
            continue
        if segment.lang == document.lang or segment.kind not in ("prose", "heading"):
            break
        segment.kind = "boilerplate"


def json_spans(segment: Segment) -> list[dict]:
    return [{"start": s.start, "end": s.end, "lang": s.lang} for s in segment.spans]


def segment_record(document: Document, segment: Segment) -> str:
    """One line of `diglot detect --json`."""
    record = {
        "file": str(document.path),
        "line": segment.line,
        "text": segment.text,
        "kind": segment.kind,
        "lang": segment.lang,
        "confidence": segment.confidence,
        "mixed": segment.mixed,
        "spans": json_spans(segment),
    }
    return json.dumps(record, ensure_ascii=False)

"""The glossary: proper names and terms with their form in each language.

CSV files (UTF-8, header `en,es,action,note[,case]`), one term a row. A cell
may list variants separated by `|`; the first is canonical. `keep` and `map`
rows are protected during translation; a `forbid` row lists forms that must not
appear in the edition of each column's language (one of its cells may be empty).
TBX termbases (ISO 30042) are read too, by their .tbx suffix.

Modules, each importing only those before it: entry (an entry and its forms),
match (finding terms in text), csvfile (CSV files), tbx (TBX termbases), load
(the glossary of a run), lint (`diglot glossary lint`), agreement (Spanish
agreement around an inserted term), suggest (`diglot glossary suggest`),
lexicon (the rules Apertium applies itself). morphology and inflect hold the
analysers and generators the others use.
"""

from .csvfile import glossary_csv, parse_glossary, read_bytes
from .entry import GLOSSARY_LANGUAGES, GlossaryEntry, match_case, variants
from .load import Glossary, default_glossary_paths, empty_glossary, load_glossaries, term_matcher

__all__ = [
    "GLOSSARY_LANGUAGES", "Glossary", "GlossaryEntry", "default_glossary_paths", "empty_glossary",
    "glossary_csv", "load_glossaries", "match_case", "parse_glossary", "read_bytes", "term_matcher", "variants",
]

"""Apertium, the rule-based engine: one `apertium` process translates a whole batch.

Segments go in as Apertium stream format, each ended by a NUL, and Apertium runs
in null-flush mode (`apertium -z -f none`): every module of the pipe finishes a
segment at its NUL and starts the next one afresh. A blank line in plain text
is not enough: it ends a sentence, but transfer rules may match across sentence
ends (the English genitive rule looks back up to 8 words for an opening quote).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from functools import lru_cache
from pathlib import Path

from pipeline.engines.base import Engine, EngineOutput
from pipeline.errors import EngineError, EngineUnavailable

LANGUAGE_CODES = {"en": "eng", "es": "spa"}
DATA_PACKAGE = "apertium-eng-spa"
INSTALL_HINT = "install it with: sudo apt-get install apertium apertium-eng-spa"
END_OF_SEGMENT = "\0"

# apertium-tagger 3.8 has a bug: when a word has an ambiguity class the tagger
# never saw in training, find_similar_ambiguity_class() overwrites the tagger's
# open class (the tags it tries on unknown words) for the rest of the process,
# null flush or not. So an earlier segment changes how a later one is tagged
# (one English segment in 20 in newstest2012). Each class it can be replaced by
# is smaller than the one before, and a 3-tag class can never be replaced.
# These words lead it to such a class (the one it reaches by itself after a few
# paragraphs of news), so every segment is translated in the same tagger state.
PRIMERS = {"eng-spa": "known", "spa-eng": "Asad"}

# Apertium marks a word it could not analyse (*), transfer (@) or generate (#).
# A literal one of these characters that could pass for a mark is carried
# through Apertium as a Unicode noncharacter (never found in real text;
# Apertium treats it as punctuation, as it does the character it stands for).
LITERAL_STAND_INS = {"*": "\ufdd0", "#": "\ufdd1", "@": "\ufdd2"}
RESTORE_LITERALS = str.maketrans({code: char for char, code in LITERAL_STAND_INS.items()})
# A mark is never glued to a preceding letter or digit: a@b.com and C# are text.
MARK_LIKE = re.compile(r"(?<![^\W_])[*#@]")
LINE_BREAKS = re.compile(r"[\x00\r\n\v\f\x1c-\x1e\x85\u2028\u2029]+")
NONCHARACTERS = re.compile("[\ufdd0-\ufdef]")
STREAM_SPECIAL = re.compile(r"[\\\[\]^$/@<>{}]")
TILDES = re.compile("~+")  # postgeneration's trigger; plain text hides it in a superblank

# Apertium's output, read as its txt reformatter does, plus marked words: a
# mark with its word (transfer's @ comes escaped), an escaped character, the
# sentence end the deformatter added (".[]"), or a superblank.
OUTPUT_TOKEN = re.compile(
    r"(?<![^\W_])\\?[*#@](?P<word>[\w\u0300-\u036f]+)"
    r"|\\(?P<escaped>.)|\.?\[\]|\[(?P<blank>(?:\\.|[^\\\]])*)\]",
    re.DOTALL,
)
ESCAPED_CHAR = re.compile(r"\\(.)", re.DOTALL)
SPACE_RUNS = re.compile(r" {2,}")


class ApertiumEngine(Engine):
    """Rule-based English <-> Spanish translation with the system's Apertium."""

    name = "apertium"

    def __init__(self, timeout: float | None = None):
        self.timeout = timeout

    def supports(self, source: str, target: str) -> bool:
        mode = mode_name(source, target)
        return mode is not None and apertium_binary() is not None and mode_installed(mode)

    def translate_batch(self, texts: list[str], source: str, target: str) -> list[str]:
        return [output.text for output in self.translate_detailed(texts, source, target)]

    def translate_detailed(self, texts: list[str], source: str, target: str) -> list[EngineOutput]:
        mode = self._usable_mode(source, target)
        inputs = [clean_input(text) for text in texts]
        pending = [index for index, text in enumerate(inputs) if text]
        outputs = [EngineOutput("") for _ in texts]
        if not pending:
            return outputs
        chunks = self._run(mode, [PRIMERS[mode]] + [inputs[index] for index in pending])
        for index, chunk in zip(pending, chunks[1:]):
            outputs[index] = parse_output(chunk)
        return outputs

    def describe(self, source: str, target: str) -> str:
        mode = mode_name(source, target) or f"{source}-{target}"
        engine_version, data_version = package_versions()
        return f"apertium {engine_version} {mode} {data_version}"

    def _usable_mode(self, source: str, target: str) -> str:
        mode = mode_name(source, target)
        if mode is None:
            raise EngineUnavailable(f"apertium: no English-Spanish direction for {source}->{target}")
        if apertium_binary() is None:
            raise EngineUnavailable(f"apertium is not installed; {INSTALL_HINT}")
        if not mode_installed(mode):
            raise EngineUnavailable(f"apertium mode {mode} is not installed; {INSTALL_HINT}")
        return mode

    def _run(self, mode: str, segments: list[str]) -> list[str]:
        """Translate the segments in one process; return one raw output chunk per segment."""
        stdin = "".join(to_stream(segment) + END_OF_SEGMENT for segment in segments)
        timeout = self.timeout or 60 + len(stdin) / 10_000
        done = run_apertium(mode, stdin, timeout)
        # Each module of the pipe may add NULs of its own at the very end.
        chunks = done.stdout.split(END_OF_SEGMENT)
        if len(chunks) <= len(segments) or any(chunks[len(segments) :]):
            returned = len(done.stdout.rstrip(END_OF_SEGMENT).split(END_OF_SEGMENT)) - 1
            asked = len(segments) - 1  # the primer is ours, not the caller's
            raise EngineError(f"apertium {mode} returned {returned} segments for {asked}: {done.stderr.strip()}")
        return chunks[: len(segments)]


def run_apertium(mode: str, stdin: str, timeout: float) -> subprocess.CompletedProcess[str]:
    command = [apertium_binary() or "apertium", "-z", "-f", "none", mode]
    environment = {**os.environ, "LC_ALL": "C.UTF-8"}
    try:
        done = subprocess.run(
            command, input=stdin, capture_output=True, text=True, encoding="utf-8", errors="replace",
            env=environment, timeout=timeout,
        )
    except subprocess.TimeoutExpired as error:
        raise EngineError(f"apertium {mode} timed out after {timeout:.0f} s: {decode(error.stderr)}") from error
    except OSError as error:
        raise EngineError(f"apertium {mode} could not start: {error}") from error
    if done.returncode != 0:
        raise EngineError(f"apertium {mode} failed with exit code {done.returncode}: {done.stderr.strip()}")
    return done


def mode_name(source: str, target: str) -> str | None:
    if source == target or source not in LANGUAGE_CODES or target not in LANGUAGE_CODES:
        return None
    return f"{LANGUAGE_CODES[source]}-{LANGUAGE_CODES[target]}"


def apertium_binary() -> str | None:
    return shutil.which("apertium")


def mode_installed(mode: str) -> bool:
    in_modes_dir = any((directory / f"{mode}.mode").is_file() for directory in modes_dirs())
    return in_modes_dir or mode in listed_modes()


def modes_dirs() -> list[Path]:
    dirs = [Path("/usr/share/apertium/modes"), Path("/usr/local/share/apertium/modes")]
    binary = apertium_binary()
    if binary is not None:
        dirs.insert(0, Path(binary).resolve().parent.parent / "share" / "apertium" / "modes")
    return dirs


@lru_cache(maxsize=None)
def listed_modes() -> frozenset[str]:
    """Directions `apertium -l` lists: the fallback when no modes directory is where we look."""
    binary = apertium_binary()
    if binary is None:
        return frozenset()
    try:
        done = subprocess.run([binary, "-l"], capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.SubprocessError):
        return frozenset()
    return frozenset(done.stdout.split())


@lru_cache(maxsize=None)
def package_versions() -> tuple[str, str]:
    """Upstream versions of the apertium and apertium-eng-spa packages, or 'unknown'."""
    versions = {"apertium": "unknown", DATA_PACKAGE: "unknown"}
    try:
        done = subprocess.run(
            ["dpkg-query", "-W", "-f=${Package} ${Version}\\n", "apertium", DATA_PACKAGE],
            capture_output=True, text=True, timeout=30,
        )
        listing = done.stdout
    except (OSError, subprocess.SubprocessError):
        listing = ""
    for line in listing.splitlines():
        package, _, version = line.partition(" ")
        if package in versions and version:
            versions[package] = upstream_version(version)
    return versions["apertium"], versions[DATA_PACKAGE]


def upstream_version(debian_version: str) -> str:
    """'1:3.8.3-1+b2' -> '3.8.3': drop the epoch and the Debian revision."""
    return debian_version.split(":", 1)[-1].rsplit("-", 1)[0]


def clean_input(text: str) -> str:
    """One line of text; literal mark characters that could pass for marks stood in for."""
    text = NONCHARACTERS.sub("", LINE_BREAKS.sub(" ", text)).strip()
    return MARK_LIKE.sub(lambda match: LITERAL_STAND_INS[match.group()], text)


def to_stream(text: str) -> str:
    """Plain text as Apertium's txt deformatter writes it, sentence end added ('.[]') included."""
    escaped = STREAM_SPECIAL.sub(lambda match: "\\" + match.group(), text)
    return TILDES.sub(lambda match: f"[{match.group()}]", escaped) + ".[]"


def parse_output(chunk: str) -> EngineOutput:
    unknown: dict[str, None] = {}

    def plain(token: re.Match[str]) -> str:
        if token["escaped"] is not None:
            return token["escaped"]
        if token["word"] is not None:
            unknown[token["word"]] = None
            return token["word"]
        if token["blank"] is not None:
            return ESCAPED_CHAR.sub(r"\1", token["blank"])
        return ""  # the sentence end the deformatter added

    text = OUTPUT_TOKEN.sub(plain, chunk).translate(RESTORE_LITERALS)
    return EngineOutput(SPACE_RUNS.sub(" ", text).strip(), tuple(unknown))


def decode(stream: bytes | str | None) -> str:
    if isinstance(stream, bytes):
        return stream.decode("utf-8", "replace").strip()
    return (stream or "").strip()

"""Apertium, the rule-based engine: one long-lived pipeline per direction serves every batch.

Segments go in as Apertium stream format, each ended by a NUL, and every module
of the pipeline runs in null-flush mode (`-z`): it finishes a segment at its
NUL, writes it out with the NUL, flushes, and starts the next one afresh. A
blank line in plain text is not enough: it ends a sentence, but transfer rules
may match across sentence ends (the English genitive rule looks back up to 8
words for an opening quote).

Starting the pipeline (loading the transducers, the tagger and the transfer
rules) takes 0.1-0.25 s, as long as translating some hundred segments of news,
and a run makes many batches. So the first batch of a direction starts a
process, the primer (PRIMERS) in front of its segments, and every later batch
of that direction goes through the same process, one batch at a time: the batch
is written while the output is read, until one NUL-terminated chunk per
segment, then the end-of-batch mark (BATCH_END), have come back.

The process is the pipeline `apertium -z -f none MODE` runs (as
`apertium-wblank-mode -z` writes it), without the `apertium` script around it:
the script passes the text through two gawk filters whose record separator is
a regular expression, and gawk holds a record back until the next one arrives,
so a batch's last segment would only come out with the next batch.

With a glossary, `use_lexicon` puts a stage of diglot's own after the bilingual
lookup (lexicon_stage.py, the rules of glossary/lexicon.py): the direction's
process is started again with it.

A text in which a word Apertium does not know starts a sentence is translated
once more with a comma before that word, and the comma taken out again: the
comma keeps the sentence's capital from the word after it (UNKNOWN_STARTER_CAPITAL).

A timeout, an exit or output out of step kills the process group and raises
EngineError, and the next batch starts a fresh process; a process that broke
between batches is replaced without an error. `close()` ends the processes, and
a finalizer does it for an engine that is never closed (a pipeline whose input
closes, as when Python dies, exits by itself too).
"""

from __future__ import annotations

import hashlib
import os
import queue
import re
import selectors
import shlex
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import weakref
from functools import lru_cache
from pathlib import Path
from typing import IO

from pipeline.engines.base import Engine, EngineOutput, capitalised
from pipeline.errors import EngineError, EngineUnavailable

LANGUAGE_CODES = {"en": "eng", "es": "spa"}
DATA_PACKAGE = "apertium-eng-spa"
INSTALL_HINT = "install it with: sudo apt-get install apertium apertium-eng-spa"
END_OF_SEGMENT = "\0"
NUL = END_OF_SEGMENT.encode("ascii")  # the same, in the bytes the pipeline answers

# apertium-tagger 3.8 has a bug: when a word has an ambiguity class the tagger
# never saw in training, find_similar_ambiguity_class() overwrites the tagger's
# open class (the tags it tries on unknown words) for the rest of the process,
# null flush or not. So an earlier segment changes how a later one is tagged
# (one English segment in 20 in newstest2012). Each class it can be replaced by
# is smaller than the one before, and a 3-tag class can never be replaced.
# These words lead it to such a class (the one it reaches by itself after a few
# paragraphs of news), so every segment is translated in the same tagger state.
# A process translates its primer once, when it starts.
PRIMERS = {"eng-spa": "known", "spa-eng": "Asad"}

# What `apertium -z -f none MODE` runs, with $0 the mode file, $1 the generator's
# option (-g: mark words it cannot generate) and $2 the tagger's (none); but
# each module takes the place of the shell that starts it (lastpipe, exec), so
# no shell holds a pipe open: our output ends when the last module exits, which
# a module that dies makes every module after it do.
LAUNCH_PIPELINE = """
shopt -s lastpipe
run() {
    if [[ $pipeline != *' | '* ]]; then eval "exec $pipeline"; fi
    local last=${pipeline##* | }
    pipeline=${pipeline% | *}
    run "$@" | eval "exec $last"
}
pipeline=$(apertium-wblank-mode -z "$0") || exit
if [[ -n $3 ]]; then  # the glossary's stage, right after the bilingual lookup
    [[ $pipeline == *"autobil.bin' | "* ]] || { echo "no bilingual lookup in $0" >&2; exit 3; }
    pipeline=${pipeline/"autobil.bin' | "/"autobil.bin' | $3 | "}
fi
run "$@"
"""
# Sent after every batch: a superblank alone, which every module passes through
# untouched and no text can give (to_stream escapes brackets). It comes back
# last unless a module died and the ones after it flushed what they held.
BATCH_END = b"[diglot-batch-end]"
WRITE_BLOCK = 1 << 16
READ_BLOCK = 1 << 16
EXIT_WAIT = 5.0  # seconds for a pipeline whose input or output ended to exit by itself
STDERR_SHOWN = 4000  # characters of Apertium's standard error an error message carries at most

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

# Apertium's transfer gives a sentence's capital to the first word one of its rules
# takes (the firstWord macro and the EOS variable of the .t1x files). An unknown
# word (a diglot placeholder, a name the dictionaries lack) passes through no rule,
# so the capital goes to the word after it: "Zqxa is currently serving" ->
# "*Zqxa Actualmente está sirviendo", where a known name gives "Tayikistán
# actualmente". A comma's rule ends the sentence start and writes only the comma,
# so ", Zqxa is currently serving" -> ", *Zqxa actualmente está sirviendo".
SENTENCE_START = r"(^|[.!?…]+[\"'”’»)\]]*\s+)"  # where Apertium's EOS is set (not after ; or :)
OPENERS = r"([¿¡\"'“‘«(\[]*)"
# A word that starts a sentence of the output.
# The words after it, up to the sentence's end: unknown words pass the capital on too
# ("Zqxa presides Desde entonces" for "México presides desde entonces").
UNKNOWN_STARTER_CAPITAL = re.compile(SENTENCE_START + OPENERS + r"(?P<word>[\w\u0300-\u036f]+)(?P<rest>[^.!?…]*)")
WORD = re.compile(r"\w+")
# Where a sentence starts with a run of word characters, with or without the comma of
# with_leading_commas before it.
SENTENCE_START_RUN = re.compile(SENTENCE_START + OPENERS + r"([\w\u0300-\u036f]+)")
COMMA_SENTENCE_START_RUN = re.compile(SENTENCE_START + OPENERS + ", " + OPENERS + r"([\w\u0300-\u036f]+)")
WORD_CHARACTER = re.compile(r"\w")


class PipelineBroken(EngineError):
    """The Apertium pipeline exited, closed its output or answered out of step; a fresh one may do."""


class ApertiumEngine(Engine):
    """Rule-based English <-> Spanish translation with the system's Apertium."""

    name = "apertium"

    def __init__(self, timeout: float | None = None, replicas: int = 1):
        self.timeout = timeout
        self.replicas = replicas
        self._pipelines = {mode: PipelinePool(mode, replicas) for mode in PRIMERS}
        self._lexicons: tempfile.TemporaryDirectory[str] | None = None  # the glossary stage's rule files
        self._lexicon_lock = threading.Lock()
        weakref.finalize(self, close_pipelines, self._pipelines)

    def supports(self, source: str, target: str) -> bool:
        mode = mode_name(source, target)
        return mode is not None and apertium_binary() is not None and mode_installed(mode)

    def translate_batch(self, texts: list[str], source: str, target: str) -> list[str]:
        return [output.text for output in self.translate_detailed(texts, source, target)]

    def translate_detailed(self, texts: list[str], source: str, target: str) -> list[EngineOutput]:
        mode = self._usable_mode(source, target)
        inputs = [clean_input(text) for text in texts]
        outputs = self._translate(mode, inputs)
        return self._recased_after_unknown_starters(mode, inputs, outputs)

    def _translate(self, mode: str, inputs: list[str]) -> list[EngineOutput]:
        pending = [index for index, text in enumerate(inputs) if text]
        outputs = [EngineOutput("") for _ in inputs]
        if not pending:
            return outputs
        chunks = self._pipelines[mode].translate([inputs[index] for index in pending], self.timeout)
        for index, chunk in zip(pending, chunks):
            outputs[index] = parse_output(chunk)
        return outputs

    def _recased_after_unknown_starters(
        self, mode: str, inputs: list[str], outputs: list[EngineOutput]
    ) -> list[EngineOutput]:
        """The outputs in which an unknown word starts a sentence and may have given its
        capital to the next word, cased as Apertium cases them with a comma before that
        word (see UNKNOWN_STARTER_CAPITAL): one more batch, of those texts only."""
        starters = {index: words for index, output in enumerate(outputs) if (words := unknown_starters(output))}
        leads = {index: with_leading_commas(inputs[index], words) for index, words in starters.items()}
        leads = {index: text for index, text in leads.items() if text != inputs[index]}
        if not leads:
            return outputs
        for (index, _), answer in zip(leads.items(), self._translate(mode, list(leads.values()))):
            recased = without_leading_commas(answer.text, starters[index])
            if recased.lower() == outputs[index].text.lower():  # the comma changed nothing but case
                outputs[index] = EngineOutput(recased, outputs[index].unknown_words)
        return outputs

    def use_lexicon(self, source: str, target: str, rules: str) -> bool:
        """Run the glossary's stage with these rules (glossary/lexicon.py, as JSON; '' for none)
        after the bilingual lookup of source -> target, from the next batch on."""
        mode = mode_name(source, target)
        if mode is None or not self.supports(source, target) or not bilingual_lookup(mode):
            return False
        with self._lexicon_lock:  # translating threads (--jobs) set the same rules at once
            wanted = self._lexicon_file(rules) if rules else None
            if self._pipelines[mode].lexicon != wanted:
                self._pipelines[mode].close()
                self._pipelines[mode] = PipelinePool(mode, self.replicas, wanted)
        return True

    def _lexicon_file(self, rules: str) -> Path:
        if self._lexicons is None:
            self._lexicons = tempfile.TemporaryDirectory(prefix="diglot-lexicon-")
        path = Path(self._lexicons.name) / f"{hashlib.sha256(rules.encode('utf-8')).hexdigest()[:16]}.json"
        if not path.exists():
            path.write_text(rules, encoding="utf-8")
        return path

    def describe(self, source: str, target: str) -> str:
        mode = mode_name(source, target) or f"{source}-{target}"
        engine_version, data_version = package_versions()
        return f"apertium {engine_version} {mode} {data_version}"

    def release(self, target: str) -> None:
        """End the processes of the directions into `target`: each holds about 100 MB.
        They are idle, so they are killed rather than left to exit by themselves,
        which takes their modules a while."""
        for mode, pipeline in self._pipelines.items():
            if mode.endswith("-" + LANGUAGE_CODES.get(target, "?")):
                pipeline.kill()

    def close(self) -> None:
        """End the Apertium processes; a later batch starts a new one."""
        close_pipelines(self._pipelines)

    def _usable_mode(self, source: str, target: str) -> str:
        mode = mode_name(source, target)
        if mode is None or mode not in self._pipelines:
            raise EngineUnavailable(f"apertium: no English-Spanish direction for {source}->{target}")
        if apertium_binary() is None:
            raise EngineUnavailable(f"apertium is not installed; {INSTALL_HINT}")
        if not mode_installed(mode):
            raise EngineUnavailable(f"apertium mode {mode} is not installed; {INSTALL_HINT}")
        return mode


def close_pipelines(pipelines: dict[str, PipelinePool]) -> None:
    for pipeline in list(pipelines.values()):
        pipeline.close()


class PipelinePool:
    """A mode's `replicas` pipelines (--jobs), each serving one batch at a time; a batch takes
    whichever is idle. Apertium translates each segment on its own, so which one does not matter."""

    def __init__(self, mode: str, replicas: int = 1, lexicon: Path | None = None):
        self.lexicon = lexicon
        self.pipelines = [ModePipeline(mode, lexicon) for _ in range(replicas)]
        self._idle: queue.SimpleQueue[ModePipeline] = queue.SimpleQueue()
        for pipeline in self.pipelines:
            self._idle.put(pipeline)

    def translate(self, segments: list[str], timeout: float | None) -> list[str]:
        pipeline = self._idle.get()
        try:
            return pipeline.translate(segments, timeout)
        finally:
            self._idle.put(pipeline)

    def close(self) -> None:
        for pipeline in self.pipelines:
            pipeline.close()

    def kill(self) -> None:
        for pipeline in self.pipelines:
            pipeline.kill()


class ModePipeline:
    """One long-lived Apertium process for one mode, fed one batch at a time; with a lexicon
    file, the glossary's stage (lexicon_stage.py) runs after the bilingual lookup."""

    def __init__(self, mode: str, lexicon: Path | None = None):
        self.mode = mode
        self.lexicon = lexicon
        self._lock = threading.Lock()
        self._process: subprocess.Popen[bytes] | None = None
        self._stderr: IO[bytes] | None = None
        self._stderr_seen = 0  # what earlier, successful batches left in the stderr file

    def translate(self, segments: list[str], timeout: float | None) -> list[str]:
        """One raw output chunk per segment, in order."""
        with self._lock:
            served_before = self._running()
            try:
                return self._translate(segments, timeout)
            except PipelineBroken:
                if not served_before:
                    raise
            # It broke while idle (killed, out of memory) and we could not tell yet: once more, fresh.
            return self._translate(segments, timeout)

    def close(self) -> None:
        """End the process, letting it finish by itself first."""
        with self._lock:
            if self._process is not None and self._process.stdin is not None:
                close_quietly(self._process.stdin)  # end of input: every module exits by itself
            self._stop(wait=EXIT_WAIT)

    def kill(self) -> None:
        """End the process at once; for an idle one, whose batches are all answered."""
        with self._lock:
            self._stop(wait=0)

    def _translate(self, segments: list[str], timeout: float | None) -> list[str]:
        fresh = not self._running()
        if fresh:
            self._start()
        primers = self._primers() if fresh else []
        stream = "".join(self._encoded(segment) + END_OF_SEGMENT for segment in [*primers, *segments])
        limit = timeout or 60 + len(stream) / 10_000
        try:
            expected = len(primers) + len(segments) + 1
            received, ended = self._exchange(stream.encode("utf-8") + BATCH_END + NUL, expected, limit)
            answers = self._answers(received, ended, len(primers), len(segments))
        except BaseException:  # an error, or an interrupt that leaves output in flight
            self._stop(wait=0)
            raise
        self._stderr_seen = self._stderr_size()
        return [answer.decode("utf-8", "replace") for answer in answers]

    def _running(self) -> bool:
        """True if the process can take a batch; one that died or broke is stopped first."""
        if self._process is not None and (self._process.poll() is not None or self._has_unread_output()):
            self._stop(wait=0)  # unread output: a module died and the ones after it flushed what they held
        return self._process is not None

    def _has_unread_output(self) -> bool:
        assert self._process is not None and self._process.stdout is not None
        with selectors.DefaultSelector() as selector:
            selector.register(self._process.stdout, selectors.EVENT_READ)
            return bool(selector.select(timeout=0))

    def _start(self) -> None:
        binary = Path(apertium_binary() or "apertium").resolve()
        # As the `apertium` script does: its own directory first, so its own modules run.
        path = os.pathsep.join([str(binary.parent), os.environ.get("PATH", os.defpath)])
        environment = {**os.environ, "PATH": path, "LC_ALL": "C.UTF-8"}
        self._stderr = tempfile.TemporaryFile()
        self._stderr_seen = 0
        try:
            self._process = subprocess.Popen(
                self._command(), stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=self._stderr,
                env=environment, start_new_session=True, bufsize=0,
            )
        except OSError as error:
            self._stop(wait=0)
            raise EngineError(f"apertium {self.mode} could not start: {error}") from error
        assert self._process.stdin is not None
        os.set_blocking(self._process.stdin.fileno(), False)

    def _command(self) -> list[str]:
        """What runs: the mode's pipeline of modules."""
        return pipeline_command(self.mode, self.lexicon)

    def _primers(self) -> list[str]:
        """What a fresh process is given before the first batch (PRIMERS)."""
        return [PRIMERS[self.mode]]

    def _encoded(self, segment: str) -> str:
        """A segment as the process reads it."""
        return to_stream(segment)

    def _exchange(self, stream: bytes, expected: int, limit: float) -> tuple[bytes, bool]:
        """Write the stream and read until `expected` NULs came back; True if the output ended first."""
        process = self._process
        assert process is not None and process.stdin is not None and process.stdout is not None
        deadline = time.monotonic() + limit
        received = bytearray()
        nuls = written = 0
        with selectors.DefaultSelector() as selector:
            selector.register(process.stdin, selectors.EVENT_WRITE)
            selector.register(process.stdout, selectors.EVENT_READ)
            while nuls < expected:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise EngineError(f"apertium {self.mode} timed out after {limit:.0f} s: {self._stderr_text()}")
                for key, _ in selector.select(remaining):
                    if key.fileobj is process.stdout:
                        block = os.read(process.stdout.fileno(), READ_BLOCK)
                        if not block:
                            return bytes(received), True
                        received += block
                        nuls += block.count(NUL)
                        continue
                    written += write_some(process.stdin, stream, written)
                    if written >= len(stream):  # all of it, or the pipeline stopped reading
                        selector.unregister(process.stdin)
        return bytes(received), False

    def _answers(self, received: bytes, ended: bool, primers: int, asked: int) -> list[bytes]:
        """The chunks that answer the segments asked, if they all came back in step."""
        *chunks, rest = received.split(NUL)
        if len(chunks) == primers + asked + 1 and chunks[-1] == BATCH_END and not rest:
            return chunks[primers:-1]
        code = self._exit_code() if ended else None
        if code:
            raise PipelineBroken(f"apertium {self.mode} failed with exit code {code}: {self._stderr_text()}")
        answered = chunks[: chunks.index(BATCH_END)] if BATCH_END in chunks else chunks + [rest] * bool(rest)
        returned = max(len(answered) - primers, 0)
        raise PipelineBroken(f"apertium {self.mode} returned {returned} segments for {asked}: {self._stderr_text()}")

    def _exit_code(self) -> int | None:
        """The exit code of a pipeline that closed its output, once it exits (None if it does not)."""
        assert self._process is not None and self._process.stdin is not None
        close_quietly(self._process.stdin)  # so that the modules before a dead one exit too
        try:
            return self._process.wait(timeout=EXIT_WAIT)
        except subprocess.TimeoutExpired:
            return None

    def _stop(self, wait: float) -> None:
        """Wait up to `wait` seconds for the process to exit, then kill its whole group."""
        process, self._process = self._process, None
        if process is not None:
            try:
                process.wait(timeout=wait)
            except subprocess.TimeoutExpired:
                pass
            kill_group(process)
            for stream in (process.stdin, process.stdout):
                if stream is not None:
                    close_quietly(stream)
        if self._stderr is not None:
            self._stderr.close()
            self._stderr = None

    def _stderr_size(self) -> int:
        return os.fstat(self._stderr.fileno()).st_size if self._stderr is not None else 0

    def _stderr_text(self) -> str:
        """What Apertium wrote to its standard error since the last batch that went well."""
        if self._stderr is None:
            return ""
        # pread leaves alone the file offset Apertium shares with us and writes at.
        unseen = os.pread(self._stderr.fileno(), self._stderr_size() - self._stderr_seen, self._stderr_seen)
        return unseen.decode("utf-8", "replace").strip()[-STDERR_SHOWN:]


def pipeline_command(mode: str, lexicon: Path | None = None) -> list[str]:
    stage = ""
    if lexicon is not None:  # -I: the standard library only, no site-packages to load
        stage = shlex.join([sys.executable, "-I", str(Path(__file__).with_name("lexicon_stage.py")), str(lexicon)])
    return ["bash", "-c", LAUNCH_PIPELINE, str(mode_file(mode)), "-g", "", stage]


@lru_cache(maxsize=None)
def bilingual_lookup(mode: str) -> bool:
    """Whether the mode's pipeline has the bilingual lookup the glossary's stage follows."""
    path = mode_file(mode)
    return path is not None and "autobil.bin" in path.read_text(encoding="utf-8", errors="replace")


def write_some(stdin: IO[bytes], stream: bytes, written: int) -> int:
    """Write what the pipe takes now; a pipeline that stopped reading takes the rest."""
    try:
        return os.write(stdin.fileno(), stream[written : written + WRITE_BLOCK])
    except BlockingIOError:
        return 0
    except BrokenPipeError:
        return len(stream) - written


def kill_group(process: subprocess.Popen[bytes]) -> None:
    # The pipeline is a dozen processes, in the group its first process leads (start_new_session).
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass  # the group is gone already
    process.wait()


def close_quietly(stream: IO[bytes]) -> None:
    try:
        stream.close()
    except OSError:
        pass  # a broken pipe has nothing left to flush


def mode_name(source: str, target: str) -> str | None:
    if source == target or source not in LANGUAGE_CODES or target not in LANGUAGE_CODES:
        return None
    return f"{LANGUAGE_CODES[source]}-{LANGUAGE_CODES[target]}"


def apertium_binary() -> str | None:
    return shutil.which("apertium")


def mode_installed(mode: str) -> bool:
    return mode_file(mode) is not None


def mode_file(mode: str) -> Path | None:
    for directory in modes_dirs():
        if (directory / f"{mode}.mode").is_file():
            return directory / f"{mode}.mode"
    return None


def modes_dirs() -> list[Path]:
    """Where `apertium` looks for modes ($APERTIUM_DATADIR, else its own prefix), then the usual places."""
    dirs = [Path("/usr/share/apertium/modes"), Path("/usr/local/share/apertium/modes")]
    binary = apertium_binary()
    if binary is not None:
        dirs.insert(0, Path(binary).resolve().parent.parent / "share" / "apertium" / "modes")
    if os.environ.get("APERTIUM_DATADIR"):
        dirs.insert(0, Path(os.environ["APERTIUM_DATADIR"]) / "modes")
    return dirs


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


def unknown_starters(output: EngineOutput) -> frozenset[str]:
    """The unknown words that start a sentence of the output and are followed (after any
    more unknown words) by a word whose capital may be the sentence's."""
    unknown = set(output.unknown_words)
    starters = set()
    for match in UNKNOWN_STARTER_CAPITAL.finditer(output.text):
        if match["word"] in unknown:
            known = next((word for word in WORD.findall(match["rest"]) if word not in unknown), "")
            if known and capitalised(known):
                starters.add(match["word"])
    return frozenset(starters)


def with_leading_commas(text: str, words: frozenset[str]) -> str:
    """`text` with ", " before each of `words` that starts a sentence."""
    longest_first = _longest_first(words)

    def comma(match: re.Match[str]) -> str:
        return match[0] if _starting_word(match[3], longest_first) is None else f"{match[1]}{match[2]}, {match[3]}"

    return SENTENCE_START_RUN.sub(comma, text)


def without_leading_commas(text: str, words: frozenset[str]) -> str:
    """The translation of with_leading_commas()'s text without those commas (Apertium
    puts an opener such as ¿ on either side of one, or drops it)."""
    longest_first = _longest_first(words)

    def uncomma(match: re.Match[str]) -> str:
        return match[0] if _starting_word(match[4], longest_first) is None else "".join(match.groups())

    return COMMA_SENTENCE_START_RUN.sub(uncomma, text)


def _longest_first(words: frozenset[str]) -> list[str]:
    return sorted(words, key=len, reverse=True)


def _starting_word(run: str, longest_first: list[str]) -> str | None:
    """The first (longest) of the words that starts `run` and ends at no word character. (Two
    fixed patterns and this test, rather than a pattern compiled for each set of words.)"""
    for word in longest_first:
        if run.startswith(word) and not WORD_CHARACTER.match(run, len(word)):
            return word
    return None

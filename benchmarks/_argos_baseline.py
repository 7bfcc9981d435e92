"""The baseline of argos_speed.py: argostranslate's own `translate()`, once per segment.

Runs in a separate virtual environment that has argostranslate with its real
sentence splitter (stanza, hence torch); see requirements-baseline.txt. It
does not import diglot. argos_speed.py starts it as

    BASELINE_PYTHON _argos_baseline.py FROM TO SEGMENTS_FILE RESULT_FILE

with ARGOS_PACKAGES_DIR set to a folder holding the installed package and
HOME/XDG_* pointing into a temporary folder. One segment a line in
SEGMENTS_FILE; RESULT_FILE receives JSON: timings, outputs, versions.

Offline: argostranslate 1.11 builds `stanza.Pipeline(...)` with stanza's
default download_method (DOWNLOAD_RESOURCES), which fetches resources.json
from the network on every pipeline creation and downloads models it thinks
are missing. The package bundles its stanza model and resources.json, so the
pipeline is built here with download_method=None instead (the only change to
argostranslate's path), and every socket connection is refused, so any
other attempt to reach the network fails loudly instead of waiting.
"""

from __future__ import annotations

import json
import os
import socket
import sys
import time


class NetworkUsed(RuntimeError):
    pass


def _refuse(*args, **kwargs):
    raise NetworkUsed(f"the baseline tried to reach the network: {args[1:] or kwargs}")


def block_network() -> None:
    socket.socket.connect = _refuse  # type: ignore[method-assign]
    socket.socket.connect_ex = _refuse  # type: ignore[method-assign]
    socket.create_connection = _refuse  # type: ignore[assignment]
    socket.getaddrinfo = _refuse  # type: ignore[assignment]


def stanza_offline(scratch: str) -> None:
    """stanza.Pipeline as argostranslate builds it, but reading only the package's files."""
    import stanza

    original = stanza.Pipeline

    class OfflinePipeline(original):  # type: ignore[misc, valid-type]
        def __init__(self, *args, **kwargs):
            kwargs["download_method"] = None
            directory = kwargs.get("dir")
            if directory and "resources_filepath" not in kwargs:
                kwargs["resources_filepath"] = current_resources(directory, scratch)
                model = current_tokenizer(directory, kwargs.get("lang", "en"), kwargs["resources_filepath"], scratch)
                if model is not None:
                    kwargs.setdefault("tokenize_model_path", model)
            super().__init__(*args, **kwargs)

    stanza.Pipeline = OfflinePipeline
    restore_all_caps_feature()


def restore_all_caps_feature() -> None:
    """Stanza 1.10 dropped the tokenizer's unit feature 'all_caps', which the
    package's tokenizer (stanza 1.1 era) was trained with (ValueError: Feature
    function "all_caps" is undefined). Put it back as stanza 1.1 computed it,
    `1 if unit.isupper() else 0`, in its place among the features."""
    import numpy as np
    from stanza.models.tokenization import data

    original = data.TokenizationDataset.para_to_sentences

    def para_to_sentences(self, para):
        funcs = self.args["feat_funcs"]
        if "all_caps" not in funcs:
            return original(self, para)
        position = [f for f in funcs if f not in ("end_of_para", "start_of_para")].index("all_caps")
        self.args["feat_funcs"] = [f for f in funcs if f != "all_caps"]
        try:
            sentences = original(self, para)
        finally:
            self.args["feat_funcs"] = funcs
        restored = []
        for ids, labels, feats, units in sentences:
            column = np.array([[1 if unit.isupper() else 0] for unit in units]).reshape(len(units), 1)
            feats = np.concatenate([feats[:, :position], column, feats[:, position:]], axis=1) if len(units) else feats
            restored.append((ids, labels, feats, units))
        return restored

    data.TokenizationDataset.para_to_sentences = para_to_sentences


def current_resources(directory: str, scratch: str) -> str:
    """The package's resources.json in the layout stanza 1.10 reads.

    Argos packages of 2023 (the zh-en 1.9 one included) bundle a resources.json
    written for an older stanza: its languages have no "packages" table, and
    stanza 1.10 stops with KeyError: 'packages'. With the network, stanza's
    default download_method replaces that file with the current index (and
    downloads a current tokenizer); offline, a copy of the same file gets the
    one missing table, built as stanza's current index builds it: the package
    "default" is the language's default processors. The bundled tokenizer
    model itself is used as it is.
    """
    import json
    import os

    with open(os.path.join(directory, "resources.json"), encoding="utf-8") as stream:
        resources = json.load(stream)
    for value in resources.values():
        if isinstance(value, dict) and "alias" not in value and "tokenize" in value:
            value.setdefault("packages", {"default": dict(value.get("default_processors", {}))})
    path = os.path.join(scratch, "stanza-resources.json")
    with open(path, "w", encoding="utf-8") as stream:
        json.dump(resources, stream)
    return path


def current_tokenizer(directory: str, lang: str, resources_file: str, scratch: str) -> str | None:
    """The package's stanza tokenizer saved in the layout stanza 1.10 loads, or None.

    The bundled checkpoint predates two fields stanza 1.10 reads: config keys
    added since (KeyError: 'feat_dropout') and 'lexicon'. A copy gets them
    with stanza's own defaults (its tokenizer's command-line defaults; no
    lexicon, as the model was trained without one). Weights are untouched.
    """
    import json
    import os

    import torch
    from stanza.models.tokenizer import build_argparse

    with open(resources_file, encoding="utf-8") as stream:
        resources = json.load(stream)
    while isinstance(resources.get(lang), dict) and "alias" in resources[lang]:
        lang = resources[lang]["alias"]
    name = resources.get(lang, {}).get("default_processors", {}).get("tokenize")
    source = os.path.join(directory, lang, "tokenize", f"{name}.pt")
    if not name or not os.path.isfile(source):
        return None
    checkpoint = torch.load(source, lambda storage, location: storage, weights_only=True)
    defaults = vars(build_argparse().parse_args([]))
    added = sorted(key for key in defaults if key not in checkpoint["config"])
    checkpoint["config"] = {**defaults, **checkpoint["config"]}
    checkpoint.setdefault("lexicon", None)
    ADAPTED.append(f"{lang}/{name}: config keys added {added}, lexicon None")
    target = os.path.join(scratch, f"stanza-{lang}-{name}.pt")
    torch.save(checkpoint, target, _use_new_zipfile_serialization=False)
    return target


ADAPTED: list[str] = []


def main() -> None:
    """Set up offline, then serve: each line on stdin is a JSON list of segments;
    each answer on stdout is a JSON object with the seconds they took and the outputs."""
    source, target, scratch = sys.argv[1:4]
    global CHANNEL
    # Answers go to the original stdout; anything a library prints goes to stderr.
    CHANNEL = os.fdopen(os.dup(1), "w", encoding="utf-8")
    os.dup2(2, 1)
    sys.stdout = sys.stderr
    block_network()

    started = time.perf_counter()
    stanza_offline(scratch)
    import argostranslate.translate
    from argostranslate import settings
    import ctranslate2
    import stanza
    import torch

    ready = {
        "import_s": time.perf_counter() - started,
        "versions": {
            "argostranslate": _version("argostranslate"),
            "ctranslate2": ctranslate2.__version__,
            "stanza": stanza.__version__,
            "torch": torch.__version__,
        },
        "settings": {
            "chunk_type": settings.chunk_type.name,
            "beam_size": settings.beam_size,
            "batch_size": settings.batch_size,
            "inter_threads": settings.inter_threads,
            "intra_threads": settings.intra_threads,
            "compute_type": settings.compute_type,
            "torch_threads": torch.get_num_threads(),
        },
    }
    answer(ready)
    for line in sys.stdin:
        segments = json.loads(line)
        times, outputs = [], []
        for segment in segments:
            begun = time.perf_counter()
            outputs.append(argostranslate.translate.translate(segment, source, target))
            times.append(time.perf_counter() - begun)
        # The first call of the process also loads the model and the stanza pipeline.
        answer({"seconds": times, "outputs": outputs, "adapted": ADAPTED})


CHANNEL = None


def answer(value: dict) -> None:
    CHANNEL.write(json.dumps(value, ensure_ascii=False) + "\n")
    CHANNEL.flush()


def _version(name: str) -> str:
    from importlib.metadata import version

    return version(name)


if __name__ == "__main__":
    main()

"""install.sh and the pinned files: a lean install by default, the extras by name.

These tests never run apt or pip: a bad argument must stop install.sh before it
does anything, and the pins are read as text.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
INSTALL = ROOT / "install.sh"

# Packages that only the tests or the ray extra need: none may be in requirements.lock.
TEST_ONLY = {"pytest", "iniconfig", "pluggy", "pygments", "xmlschema", "elementpath", "translate-toolkit", "lxml",
             "unicode-segmentation-rs"}
RAY = {"ray", "grpcio", "protobuf", "msgpack", "jsonschema", "jsonschema-specifications", "referencing", "rpds-py",
       "attrs", "requests", "urllib3", "idna", "certifi", "charset-normalizer", "filelock", "typing-extensions"}


def pins(name: str) -> dict[str, str]:
    """The pinned file's packages, normalised name -> version."""
    found = {}
    for line in (ROOT / name).read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        match = re.fullmatch(r"([A-Za-z0-9][A-Za-z0-9._-]*)==(\S+)", line)
        assert match, f"{name}: not an exact pin: {line!r}"
        found[re.sub(r"[-_.]+", "-", match[1]).lower()] = match[2]
    return found


def run_install(*args: str, tmp_path: Path) -> subprocess.CompletedProcess:
    """A copy of install.sh, run in an empty folder with PATH holding only stand-ins for
    apt-get, sudo, id and python3, and a stand-in .venv/bin/pip: each records its call in
    tmp_path/calls and installs nothing."""
    calls = tmp_path / "calls"
    repo = tmp_path / "repo"
    bin_dir = tmp_path / "bin"
    (repo / ".venv" / "bin").mkdir(parents=True, exist_ok=True)
    bin_dir.mkdir(exist_ok=True)
    shutil.copy(INSTALL, repo / "install.sh")
    stubs = {bin_dir / tool: tool for tool in ("apt-get", "sudo", "python3")}
    stubs[repo / ".venv" / "bin" / "pip"] = "pip"
    stubs[bin_dir / "id"] = "id"
    for stub, tool in stubs.items():
        reply = "echo 0\n" if tool == "id" else ""
        stub.write_text(f'#!/bin/sh\necho "{tool} $*" >> "{calls}"\n{reply}exit 0\n')
        stub.chmod(0o755)
    for tool in ("dirname", "cat"):  # the script's own helpers
        if not (bin_dir / tool).exists():
            os.symlink(shutil.which(tool), bin_dir / tool)
    return subprocess.run([shutil.which("bash"), str(repo / "install.sh"), *args], capture_output=True, text=True,
                          timeout=30, env={"PATH": str(bin_dir), "HOME": str(tmp_path)})


def recorded(tmp_path: Path, tool: str) -> list[list[str]]:
    calls = tmp_path / "calls"
    lines = calls.read_text().splitlines() if calls.exists() else []
    return [line.split()[1:] for line in lines if line.split()[0] == tool]


@pytest.mark.parametrize("args, message", [
    (["--with", "nonsense"], "unknown extra 'nonsense'"),
    (["--with=nonsense"], "unknown extra 'nonsense'"),
    (["--with", "ray,nonsense"], "unknown extra 'nonsense'"),
    (["--with", "ray", "--with", "tests,"], "unknown extra ''"),
    (["--with"], "--with needs an extra"),
    (["--bogus"], "unknown argument '--bogus'"),
    (["ray"], "unknown argument 'ray'"),
])
def test_a_bad_argument_exits_2_with_one_line_before_installing_anything(args, message, tmp_path):
    done = run_install(*args, tmp_path=tmp_path)
    assert done.returncode == 2, done.stderr
    assert done.stdout == ""
    assert len(done.stderr.splitlines()) == 1 and message in done.stderr
    assert "ray, tests" in done.stderr or "--help" in done.stderr
    assert not (tmp_path / "calls").exists()  # no apt-get, sudo, python3 or pip was run


def test_help_lists_the_extras_and_installs_nothing(tmp_path):
    done = run_install("--help", tmp_path=tmp_path)
    assert done.returncode == 0, done.stderr
    for extra in ("ray", "tests"):
        assert re.search(rf"^\s+{extra}\s+\S", done.stdout, re.M), done.stdout
    assert "requirements-ray.lock" in done.stdout and "requirements-tests.lock" in done.stdout
    assert "Chromium" in done.stdout
    assert not (tmp_path / "calls").exists()


@pytest.mark.parametrize("args, apt_extra, lock_files", [
    ([], set(), ["requirements.lock"]),
    (["--with", "ray"], set(), ["requirements.lock", "requirements-ray.lock"]),
    (["--with", "tests"], {"chromium", "iproute2"},
     ["requirements.lock", "requirements-ray.lock", "requirements-tests.lock"]),
    (["--with", "ray,tests"], {"chromium", "iproute2"},
     ["requirements.lock", "requirements-ray.lock", "requirements-tests.lock"]),
    (["--with=ray", "--with", "tests"], {"chromium", "iproute2"},
     ["requirements.lock", "requirements-ray.lock", "requirements-tests.lock"]),
])
def test_what_each_choice_installs(args, apt_extra, lock_files, tmp_path):
    """The apt packages and pinned files each choice asks for (stand-ins record them)."""
    done = run_install(*args, tmp_path=tmp_path)
    assert done.returncode == 0, done.stderr
    assert [call[0] for call in recorded(tmp_path, "apt-get")] == ["update", "install"]  # one update
    install = recorded(tmp_path, "apt-get")[1]
    assert "--no-install-recommends" in install
    assert {word for word in install[1:] if not word.startswith("-")} == \
        {"apertium", "apertium-eng-spa", "gettext", "python3-venv"} | apt_extra
    assert recorded(tmp_path, "python3") == [["-m", "venv", ".venv"]]
    pip_pins, pip_diglot = recorded(tmp_path, "pip")
    assert "--no-deps" in pip_pins and "--no-deps" in pip_diglot and pip_diglot[-2:] == ["-e", "."]
    assert [pip_pins[i + 1] for i, word in enumerate(pip_pins) if word == "-r"] == lock_files
    assert recorded(tmp_path, "sudo") == []  # root (the id stand-in says uid 0) runs apt-get itself


def test_the_runtime_pins_hold_no_test_or_ray_package():
    runtime = pins("requirements.lock")
    assert not runtime.keys() & TEST_ONLY, runtime.keys() & TEST_ONLY
    assert not runtime.keys() & RAY, runtime.keys() & RAY
    # what the main job imports is there: the engines, the catalogs, the formats
    for name in ("argostranslate", "ctranslate2", "sentencepiece", "polib", "langdetect", "click",
                 "markdown-it-py", "ruamel-yaml"):
        assert name in runtime


def test_the_extras_pin_their_packages_once():
    runtime, ray, tests = pins("requirements.lock"), pins("requirements-ray.lock"), pins("requirements-tests.lock")
    assert "ray" in ray and "grpcio" in ray
    assert {"pytest", "xmlschema", "translate-toolkit"} <= tests.keys()
    assert TEST_ONLY <= tests.keys()
    assert not ray.keys() & tests.keys() and not runtime.keys() & (ray.keys() | tests.keys())

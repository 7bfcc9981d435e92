from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from argos_package import zh_en_models_dir, zh_en_package  # noqa: F401  (session fixtures for every module)
from pipeline.cli import cli

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).parent / "fixtures"
SAMPLES = ROOT / "samples"
SAMPLE = SAMPLES / "tajikistan-panjshir-resistance.txt"
NAMES = ROOT / "glossaries" / "names.csv"
SHARED_DATA = ROOT.parent / "shared" / "data"

needs_apertium = pytest.mark.skipif(
    shutil.which("apertium") is None, reason="Apertium is not installed: run ./install.sh"
)


def shared_data(relative: str) -> Path:
    path = SHARED_DATA / relative
    if not path.exists():
        pytest.skip(f"development data {path} is absent (../shared/data beside the checkout)")
    return path


@pytest.fixture(autouse=True)
def no_home_writes(tmp_path_factory, monkeypatch):
    """Nothing a test runs may write into the user's home (Argos' settings do at import)."""
    home = tmp_path_factory.getbasetemp() / "home"
    home.mkdir(exist_ok=True)
    for variable in ("HOME", "XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME"):
        monkeypatch.setenv(variable, str(home / variable.lower()) if variable != "HOME" else str(home))
    monkeypatch.setenv("DIGLOT_MODELS_DIR", str(home / "no-models"))


def run(*args: str, input: str | None = None):
    """`diglot ARGS` through click's CliRunner."""
    return CliRunner().invoke(cli, [str(arg) for arg in args], input=input, catch_exceptions=False)


def translate_sample(workdir: Path, *extra: str):
    """`diglot translate` of a copy of the sample into workdir/locales, with the project's glossary."""
    articles = workdir / "articles"
    if not articles.exists():
        articles.mkdir(parents=True)
        shutil.copy(SAMPLE, articles)
    result = run("translate", articles, "--glossary", NAMES, "--locales", workdir / "locales",
                 "--engine", "apertium", *extra)
    return result


def snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}

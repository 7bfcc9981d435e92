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
def isolated_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """No test reads or writes the user's home or real Argos directories. Created by nobody."""
    home = tmp_path / "home"
    monkeypatch.setenv("HOME", str(home))
    for variable in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME"):
        monkeypatch.setenv(variable, str(home / variable.lower()))
    for variable in ("DIGLOT_MODELS_DIR", "ARGOS_PACKAGES_DIR"):
        monkeypatch.delenv(variable, raising=False)
    return home


@pytest.fixture(scope="session")
def translated_sample(tmp_path_factory) -> Path:
    """A folder with the sample in articles/ and its catalogs in locales/, translated once (Apertium)."""
    if shutil.which("apertium") is None:
        pytest.skip("Apertium is not installed: run ./install.sh")
    workdir = tmp_path_factory.mktemp("translated-sample")
    result = translate_sample(workdir)
    assert result.exit_code == 0, result.output
    return workdir


@pytest.fixture
def workdir(translated_sample, tmp_path) -> Path:
    """A copy of `translated_sample` that a test may change."""
    shutil.copytree(translated_sample, tmp_path, dirs_exist_ok=True)
    return tmp_path


def mark_reviewed(po_path: Path, msgid_start: str, msgstr: str) -> None:
    """What an editor does: correct an entry's msgstr and remove its fuzzy flag."""
    import polib

    po = polib.pofile(str(po_path))
    entry = next(e for e in po if e.msgid.startswith(msgid_start))
    entry.msgstr = msgstr
    entry.flags.remove("fuzzy")
    po.save()


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

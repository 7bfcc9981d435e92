"""Argos package management: locations, install, listing, routes."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest

from argos_package import zh_en_package  # noqa: F401  (session fixture)
from pipeline.errors import ModelError
from pipeline.engines.argos_packages import (
    InstalledPackage,
    default_models_dir,
    find_route,
    install_package,
    list_packages,
)

ES_EN = {"package_version": "1.0", "from_code": "es", "to_code": "en"}


def make_package_file(
    path: Path,
    top: str = "translate-es_en-1_0",
    metadata: dict | str | None = ES_EN,
    files: tuple[str, ...] = ("sentencepiece.model", "model/model.bin", "model/config.json"),
    extra: dict[str, str] | None = None,
) -> Path:
    """A small .argosmodel with placeholder model files; members in `extra` are added verbatim."""
    with zipfile.ZipFile(path, "w") as archive:
        if metadata is not None:
            text = metadata if isinstance(metadata, str) else json.dumps(metadata)
            archive.writestr(f"{top}/metadata.json", text)
        for name in files:
            archive.writestr(f"{top}/{name}", "placeholder")
        for name, content in (extra or {}).items():
            archive.writestr(name, content)
    return path


def fake(name: str, source: str, target: str, version: str = "1.0") -> InstalledPackage:
    return InstalledPackage(name, Path("/nonexistent") / name, source, target, version)


# --- default_models_dir ---------------------------------------------------------


def test_models_dir_defaults_to_argos_place_under_home(isolated_home: Path, monkeypatch) -> None:
    monkeypatch.delenv("XDG_DATA_HOME")
    assert default_models_dir() == isolated_home / ".local/share/argos-translate/packages"


def test_models_dir_follows_xdg_data_home(isolated_home: Path) -> None:
    assert default_models_dir() == isolated_home / "xdg_data_home/argos-translate/packages"


def test_empty_xdg_data_home_counts_as_unset(isolated_home: Path, monkeypatch) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", "")
    assert default_models_dir() == isolated_home / ".local/share/argos-translate/packages"


def test_argos_packages_dir_beats_xdg(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("ARGOS_PACKAGES_DIR", str(tmp_path / "argos"))
    assert default_models_dir() == tmp_path / "argos"


def test_diglot_models_dir_beats_everything(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("ARGOS_PACKAGES_DIR", str(tmp_path / "argos"))
    monkeypatch.setenv("DIGLOT_MODELS_DIR", str(tmp_path / "diglot"))
    assert default_models_dir() == tmp_path / "diglot"


def test_models_dir_lookup_creates_nothing(isolated_home: Path) -> None:
    default_models_dir()
    assert not isolated_home.exists()


# --- install_package and list_packages ------------------------------------------


def test_install_then_list(tmp_path: Path) -> None:
    models = tmp_path / "models"
    installed = install_package(make_package_file(tmp_path / "es_en.argosmodel"), models)
    assert installed == InstalledPackage(
        "translate-es_en-1_0", models / "translate-es_en-1_0", "es", "en", "1.0"
    )
    assert list_packages(models) == [installed]
    assert sorted(p.name for p in models.iterdir()) == ["translate-es_en-1_0"]


def test_reinstall_replaces_package_cleanly(tmp_path: Path) -> None:
    models = tmp_path / "models"
    package_file = make_package_file(tmp_path / "es_en.argosmodel")
    installed = install_package(package_file, models)
    (installed.path / "stale.txt").write_text("from an older install")
    newer = dict(ES_EN, package_version="1.1")
    again = install_package(make_package_file(package_file, metadata=newer), models)
    assert again.version == "1.1"
    assert not (again.path / "stale.txt").exists()
    assert [p.name for p in models.iterdir()] == ["translate-es_en-1_0"]


def test_target_prefix_is_read(tmp_path: Path) -> None:
    metadata = dict(ES_EN, target_prefix="__en__")
    installed = install_package(make_package_file(tmp_path / "p.argosmodel", metadata=metadata), tmp_path)
    assert installed.target_prefix == "__en__"


def test_list_is_sorted_by_pair_then_name(tmp_path: Path) -> None:
    models = tmp_path / "models"
    for top, source, target in [("z-es-en", "es", "en"), ("a-en-es", "en", "es"), ("b-es-en", "es", "en")]:
        metadata = {"package_version": "1", "from_code": source, "to_code": target}
        install_package(make_package_file(tmp_path / f"{top}.zip", top=top, metadata=metadata), models)
    assert [p.name for p in list_packages(models)] == ["a-en-es", "b-es-en", "z-es-en"]


def test_missing_models_dir_holds_no_packages(tmp_path: Path) -> None:
    assert list_packages(tmp_path / "absent") == []


def test_list_skips_non_packages(tmp_path: Path) -> None:
    install_package(make_package_file(tmp_path / "p.argosmodel"), tmp_path / "models")
    (tmp_path / "models/.install-leftover").mkdir()
    (tmp_path / "models/notes").mkdir()
    (tmp_path / "models/readme.txt").write_text("not a package")
    sbd = tmp_path / "models/sbd"
    sbd.mkdir()
    (sbd / "metadata.json").write_text(json.dumps({"type": "sbd", "package_version": "1.0"}))
    assert [p.name for p in list_packages(tmp_path / "models")] == ["translate-es_en-1_0"]


def test_list_names_broken_metadata(tmp_path: Path) -> None:
    broken = tmp_path / "models/broken"
    broken.mkdir(parents=True)
    (broken / "metadata.json").write_text("{not json")
    with pytest.raises(ModelError) as caught:
        list_packages(tmp_path / "models")
    assert caught.value.path == str(broken / "metadata.json")


# --- bad package files ----------------------------------------------------------


def write_text_file(path: Path) -> Path:
    path.write_text("this is not a zip archive")
    return path


BAD_PACKAGES = {
    "not a zip": lambda p: write_text_file(p),
    "no metadata": lambda p: make_package_file(p, metadata=None),
    "metadata not JSON": lambda p: make_package_file(p, metadata="{oops"),
    "metadata not an object": lambda p: make_package_file(p, metadata="[1, 2]"),
    "metadata without from_code": lambda p: make_package_file(p, metadata={"to_code": "en"}),
    "no model": lambda p: make_package_file(p, files=("sentencepiece.model",)),
    "no sentencepiece model": lambda p: make_package_file(p, files=("model/model.bin",)),
    "zip slip": lambda p: make_package_file(p, extra={"translate-es_en-1_0/../../evil.txt": "x"}),
    "absolute member": lambda p: make_package_file(p, extra={"/tmp/evil.txt": "x"}),
    "backslash member": lambda p: make_package_file(p, extra={"translate-es_en-1_0\\..\\evil": "x"}),
    "two top dirs": lambda p: make_package_file(p, extra={"other/file.txt": "x"}),
    "sbd package": lambda p: make_package_file(p, metadata={"type": "sbd"}),
}


@pytest.mark.parametrize("case", sorted(BAD_PACKAGES))
def test_bad_package_file_is_a_model_error_naming_it(case: str, tmp_path: Path) -> None:
    package_file = BAD_PACKAGES[case](tmp_path / "bad.argosmodel")
    models = tmp_path / "models"
    with pytest.raises(ModelError) as caught:
        install_package(package_file, models)
    assert caught.value.path == str(package_file)
    assert str(package_file) in str(caught.value)
    assert not models.exists() or list(models.iterdir()) == []
    assert not (tmp_path / "evil.txt").exists()


def test_missing_package_file_is_a_model_error(tmp_path: Path) -> None:
    with pytest.raises(ModelError, match="no such package file") as caught:
        install_package(tmp_path / "absent.argosmodel", tmp_path / "models")
    assert caught.value.path == str(tmp_path / "absent.argosmodel")


def test_failed_reinstall_keeps_installed_package(tmp_path: Path) -> None:
    models = tmp_path / "models"
    installed = install_package(make_package_file(tmp_path / "good.argosmodel"), models)
    with pytest.raises(ModelError):
        install_package(make_package_file(tmp_path / "bad.argosmodel", files=()), models)
    assert list_packages(models) == [installed]


# --- find_route -----------------------------------------------------------------

ES_EN_PKG = fake("translate-es_en-1_0", "es", "en")
EN_ZH_PKG = fake("translate-en_zh-1_9", "en", "zh")
ZH_EN_PKG = fake("translate-zh_en-1_9", "zh", "en")
ES_ZH_PKG = fake("translate-es_zh-1_0", "es", "zh")


def test_route_uses_direct_package() -> None:
    assert find_route([ES_EN_PKG, ZH_EN_PKG], "zh", "en") == [ZH_EN_PKG]


def test_route_pivots_through_english() -> None:
    assert find_route([EN_ZH_PKG, ES_EN_PKG, ZH_EN_PKG], "es", "zh") == [ES_EN_PKG, EN_ZH_PKG]


def test_route_prefers_direct_package_to_pivot() -> None:
    assert find_route([ES_EN_PKG, EN_ZH_PKG, ES_ZH_PKG], "es", "zh") == [ES_ZH_PKG]


def test_route_prefers_newest_version() -> None:
    old, new = fake("zh-en-old", "zh", "en", "1.9"), fake("zh-en-new", "zh", "en", "1.10")
    assert find_route([new, old], "zh", "en") == [new]
    assert find_route([old, new], "zh", "en") == [new]


@pytest.mark.parametrize(
    ("packages", "source", "target"),
    [
        ([], "es", "en"),
        ([ES_EN_PKG], "en", "es"),  # packages are one-way
        ([ES_EN_PKG], "es", "zh"),  # pivot lacks its second leg
        ([EN_ZH_PKG], "es", "zh"),  # pivot lacks its first leg
        ([ES_EN_PKG, ZH_EN_PKG], "es", "es"),
        ([ES_EN_PKG, EN_ZH_PKG], "en", "en"),
    ],
)
def test_route_is_none_when_nothing_fits(packages, source: str, target: str) -> None:
    assert find_route(packages, source, target) is None


# --- the real package -----------------------------------------------------------


@pytest.mark.argos
def test_install_and_list_real_package(zh_en_package: Path, tmp_path: Path, monkeypatch) -> None:  # noqa: F811
    monkeypatch.setenv("DIGLOT_MODELS_DIR", str(tmp_path / "models"))
    installed = install_package(zh_en_package, default_models_dir())
    assert (installed.name, installed.from_code, installed.to_code, installed.version) == (
        "translate-zh_en-1_9", "zh", "en", "1.9",
    )
    assert (installed.path / "model/model.bin").is_file()
    assert list_packages(tmp_path / "models") == [installed]
    assert find_route(list_packages(tmp_path / "models"), "zh", "en") == [installed]

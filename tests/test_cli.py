"""The command line as users and scripts call it."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from conftest import NAMES, ROOT, SAMPLE, needs_apertium, run, shared_data

HEAVY_MODULES = ("torch", "stanza", "spacy", "minisbd", "argostranslate")


def imported_modules(*cli_args: str, cwd) -> set[str]:
    """Modules loaded by `diglot ARGS` in a fresh interpreter."""
    code = (
        "import sys\n"
        "from pipeline.cli import cli\n"
        "try:\n"
        f"    cli({list(cli_args)!r}, prog_name='diglot')\n"
        "except SystemExit:\n"
        "    pass\n"
        "print(' '.join(sorted(sys.modules)), file=sys.stderr)\n"
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=cwd, env=env)
    return set(result.stderr.split())


def test_help_imports_no_heavy_modules(tmp_path):
    modules = imported_modules("--help", cwd=tmp_path)
    assert "click" in modules
    assert not modules & set(HEAVY_MODULES)
    assert "ctranslate2" not in modules and "polib" not in modules


@needs_apertium
def test_main_job_imports_no_heavy_modules(tmp_path):
    modules = imported_modules("translate", str(SAMPLE), "--glossary", str(NAMES), "--locales", str(tmp_path),
                               cwd=tmp_path)
    assert "polib" in modules and (tmp_path / "es").is_dir()
    assert not modules & set(HEAVY_MODULES)


@needs_apertium
def test_mt_apertium_line_by_line_keeps_empty_lines():
    result = run("mt", "--from", "es", "--to", "en", "--glossary", NAMES, "--engine", "apertium",
                 input="Envíanos tus noticias\n\nTayikistán informó al ACNUR.\n")
    lines = result.stdout.split("\n")
    assert result.exit_code == 0
    assert "Send us your news" in lines[0] and lines[1] == ""
    assert "Tajikistan" in lines[2] and "UNHCR" in lines[2]


@pytest.mark.argos
def test_mt_argos_chinese_to_english(zh_en_models_dir):
    chinese = shared_data("newstest-zh-en/newstest2017.zho").read_text(encoding="utf-8").splitlines()[:3]
    result = run("mt", "--from", "zh", "--to", "en", "--engine", "argos", "--models-dir", zh_en_models_dir,
                 "--glossary", NAMES, input="\n".join(chinese) + "\n")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert len(lines) == 3
    assert "San Francisco" in lines[0] and "chef" in lines[0].lower()


@pytest.mark.argos
def test_models_install_and_list(zh_en_package, tmp_path):
    models = tmp_path / "models"
    installed = run("models", "install", zh_en_package, "--models-dir", models)
    assert installed.exit_code == 0 and "zh -> en" in installed.stdout
    listed = run("models", "list", "--models-dir", models)
    assert listed.stdout.startswith("zh\ten\t1.9\ttranslate-zh_en-1_9")


def test_models_install_of_a_bad_file_names_it(tmp_path):
    bogus = tmp_path / "broken.argosmodel"
    bogus.write_bytes(b"not a zip")
    result = run("models", "install", bogus, "--models-dir", tmp_path / "models")
    assert result.exit_code == 2
    assert "broken.argosmodel" in result.stderr and "error:" in result.stderr


def test_argos_engine_without_package_explains_how_to_install(tmp_path):
    result = run("mt", "--from", "en", "--to", "es", "--engine", "argos", "--models-dir", tmp_path, input="Hello\n")
    assert result.exit_code == 2
    assert "diglot models install" in result.stderr


@needs_apertium
def test_mt_keeps_markup_and_names_exactly():
    source = 'The <a href="https://example.org/a-b">UNHCR report</a> reached Kabul, see https://example.org/x-y.'
    result = run("mt", "--from", "en", "--to", "es", "--glossary", NAMES, "--engine", "apertium", input=source)
    (line,) = result.stdout.splitlines()
    assert '<a href="https://example.org/a-b">' in line and "</a>" in line
    assert "https://example.org/x-y" in line and "ACNUR" in line and "Kabul" in line


def test_help_and_the_single_machine_path_import_no_ray():
    code = ("import sys\nfrom pipeline.cli import cli\n"
            "for args in (['--help'], ['translate', '--help']):\n"
            "    try:\n        cli(args)\n    except SystemExit:\n        pass\n"
            "import pipeline.batch\nprint(sorted(name for name in sys.modules if name.split('.')[0] == 'ray'))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, cwd=ROOT)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().splitlines()[-1] == "[]"


def test_ray_without_the_extra_exits_2_saying_how_to_install_it(tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "ray", None)  # import ray raises ImportError
    result = run("translate", SAMPLE, "--locales", tmp_path / "locales", "--ray", "auto")
    assert result.exit_code == 2
    assert "--ray needs Ray, which is not installed; install it with: pip install -e '.[ray]'" in result.stderr
    assert not (tmp_path / "locales").exists()


def test_ray_client_without_grpcio_exits_2_saying_how_to_install_it(tmp_path, monkeypatch):
    pytest.importorskip("ray", reason="the ray extra is not installed")
    monkeypatch.setitem(sys.modules, "grpc", None)  # import grpc raises ImportError
    result = run("translate", SAMPLE, "--locales", tmp_path / "locales", "--ray", "ray://127.0.0.1:10001")
    assert result.exit_code == 2
    assert ("--ray ray://127.0.0.1:10001 needs Ray Client (grpcio), which is not installed; install it with: "
            "pip install -e '.[ray]'") in result.stderr
    assert not (tmp_path / "locales").exists()


def lean_pins() -> set[str]:
    """The distributions `./install.sh` without extras installs: requirements.lock, normalised."""
    lines = (ROOT / "requirements.lock").read_text(encoding="utf-8").splitlines()
    return {line.split("==")[0].strip().lower().replace("_", "-").replace(".", "-")
            for line in lines if "==" in line and not line.startswith("#")}


@needs_apertium
def test_the_lean_install_carries_everything_the_main_job_imports(tmp_path):
    """`./install.sh` without extras runs the main job on the samples: every third-party module
    `diglot translate samples/` imports (text, HTML and Markdown) comes from a lean pin."""
    from importlib.metadata import packages_distributions

    modules = imported_modules("translate", str(ROOT / "samples"), "--locales", str(tmp_path / "locales"),
                               "--engine", "apertium", cwd=ROOT)
    assert {"markdown_it", "ruamel", "polib"} <= {module.split(".")[0] for module in modules}
    owners = packages_distributions()
    # what the venv's interpreter loads before any of diglot (setuptools' .pth hook)
    at_start = set(subprocess.run([sys.executable, "-c", "import sys; print(' '.join(sys.modules))"],
                                  capture_output=True, text=True, check=True).stdout.split())
    needed = {owner.lower().replace("_", "-").replace(".", "-")
              for module in modules - at_start for owner in owners.get(module.split(".")[0], ())} - {"diglot"}
    assert needed <= lean_pins(), needed - lean_pins()

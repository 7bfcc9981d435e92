"""The command line: parses options, calls the library, turns typed errors into exit codes."""

from __future__ import annotations

import re
import sys
import time
from pathlib import Path

import click

from . import __version__
from .engines import ENGINE_NAMES, EngineRegistry
from .errors import DiglotError

LANG_CODE_RE = re.compile(r"^[a-z]{2,3}$")


class DiglotGroup(click.Group):
    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except DiglotError as error:
            click.echo(diagnostic(error), err=True)
            ctx.exit(error.exit_code)


def diagnostic(error: DiglotError) -> str:
    """`FILE:LINE: error: text`, the convention editors and CI annotate."""
    if error.path is None:
        return f"diglot: error: {error.message}"
    where = error.path if error.line is None else f"{error.path}:{error.line}"
    return f"{where}: error: {error.message}"


def _language(_ctx, _param, values):
    for value in (values if isinstance(values, tuple) else (values,)):
        if value is not None and not LANG_CODE_RE.match(value):
            raise click.BadParameter(f"{value!r} is not a language code such as en or es")
    return values


def _glossary(paths: tuple[Path, ...]):
    from .glossary import default_glossary_paths, load_glossaries

    return load_glossaries(list(paths) or default_glossary_paths())


def _models_dir(value: Path | None) -> Path:
    from .engines.argos_packages import default_models_dir

    return value if value is not None else default_models_dir()


glossary_option = click.option(
    "--glossary", "glossaries", multiple=True, type=click.Path(path_type=Path),
    help="Glossary CSV file (repeatable). Default: every .csv in ./glossaries.",
)
engine_option = click.option(
    "--engine", type=click.Choice(ENGINE_NAMES), default="auto", show_default=True,
    help="auto: an installed Argos package for the pair, else Apertium.",
)
models_dir_option = click.option(
    "--models-dir", type=click.Path(file_okay=False, path_type=Path), envvar="DIGLOT_MODELS_DIR",
    help="Where Argos packages live. Default: $DIGLOT_MODELS_DIR, else Argos' own packages folder.",
)


@click.group(cls=DiglotGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="diglot")
def cli():
    """diglot: offline Spanish-English editions of mixed-language news articles."""


@cli.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--to", "targets", multiple=True, default=("en", "es"), show_default=True, callback=_language,
              help="Edition language (repeatable).")
@glossary_option
@click.option("--locales", type=click.Path(file_okay=False, path_type=Path), default=Path("locales"),
              show_default=True, help="Folder of catalogs and editions.")
@engine_option
@models_dir_option
@click.option("--jobs", type=click.IntRange(min=1), default=1, show_default=True,
              help="Engine processes (or model replicas) a direction, each translating a chunk of documents.")
@click.option("--ray", "ray_address", metavar="ADDRESS",
              help="Run the engines on a Ray cluster: HOST:PORT, ray://HOST:PORT, or auto ($RAY_ADDRESS, or "
                   "the cluster running here). Needs the ray extra: ./install.sh --with ray.")
def translate(paths, targets, glossaries, locales, engine, models_dir, jobs, ray_address):
    """Write a catalog and an edition of every article for each --to language."""
    from .batch import run_translate

    started = time.monotonic()
    glossary = _glossary(glossaries)
    with _engines(engine, _models_dir(models_dir), ray_address, jobs) as engines, _Progress() as progress:
        summary = run_translate(list(paths), list(dict.fromkeys(targets)), glossary, locales, engines,
                                jobs=engines.jobs, on_progress=progress.update)
    click.echo(
        f"{summary.documents} documents ({summary.up_to_date} already up to date), {summary.segments} segments: "
        f"{summary.translated} translated, {summary.reused} reused, {summary.copied} copied, "
        f"{summary.carried} carried over, {summary.flagged} flagged for review; "
        f"{len(summary.written)} files written in {time.monotonic() - started:.1f} s",
        err=True,
    )


def _engines(engine: str, models_dir: Path, ray_address: str | None, jobs: int) -> EngineRegistry:
    if ray_address is None:
        return EngineRegistry(engine, models_dir, jobs=jobs)
    from .cluster import ClusterRegistry

    return ClusterRegistry(ray_address, engine, models_dir)


class _Progress:
    """A progress bar of documents on a terminal; nothing when standard error is a file or a pipe."""

    def __init__(self):
        self.bar = None
        self.shown = 0

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        if self.bar is not None:
            self.bar.render_finish()
        return False

    def update(self, done: int, total: int) -> None:
        if self.bar is None and sys.stderr.isatty():
            self.bar = click.progressbar(length=total, label="translating", file=sys.stderr, show_pos=True)
        if self.bar is not None:
            self.bar.update(done - self.shown)
            self.shown = done


@cli.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="One JSON object per segment.")
@click.option("--lines", is_flag=True, help="Each input line is one segment, without segmentation.")
@click.option("--mark-lang", "mark_dir", type=click.Path(file_okay=False, path_type=Path),
              help="Also write each HTML page into DIR with lang on every block and span in the other language.")
def detect(paths, as_json, lines, mark_dir):
    """Show the language and kind of every segment."""
    from .detect import detect_document, segment_record
    from .read import read_documents
    from .segment import segment_document, segment_lines

    documents = read_documents(list(paths))
    if mark_dir is not None and (lines or not any(d.format == "html" for d in documents)):
        raise click.UsageError("--mark-lang writes HTML pages: give HTML files, without --lines")
    for document in documents:
        detect_document(segment_lines(document) if lines else segment_document(document))
        if mark_dir is not None and document.format == "html":
            _write_marked(document, mark_dir)
        for segment in document.segments:
            if as_json:
                click.echo(segment_record(document, segment))
            else:
                mixed = "mixed" if segment.mixed else ""
                click.echo(f"{document.path}:{segment.line}\t{segment.kind}\t{segment.lang}\t"
                           f"{segment.confidence:.2f}\t{mixed}\t{_shorten(segment.text)}")


def _write_marked(document, folder: Path) -> None:
    from .files import write_atomic
    from .formats.html import mark_languages

    write_atomic(folder / document.path.name, mark_languages(document))


def _shorten(text: str, width: int = 60) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


@cli.command()
@click.option("--from", "source", required=True, callback=_language, help="Language of standard input.")
@click.option("--to", "target", required=True, callback=_language, help="Language to translate into.")
@glossary_option
@engine_option
@models_dir_option
def mt(source, target, glossaries, engine, models_dir):
    """Translate standard input line by line to standard output."""
    from .batch import translate_lines

    lines = sys.stdin.read().splitlines()
    with EngineRegistry(engine, _models_dir(models_dir)) as engines:
        translated = translate_lines(lines, source, target, _glossary(glossaries), engines)
    for line in translated:
        click.echo(line)


@cli.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--locales", type=click.Path(file_okay=False, path_type=Path), default=Path("locales"),
              show_default=True, help="Folder of catalogs.")
@click.option("--html", "html_file", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="Write the report to this HTML file (its folder must exist).")
@glossary_option
def review(paths, locales, html_file, glossaries):
    """Write one HTML page with each article's source and editions side by side."""
    from .review import write_review

    summary = write_review(list(paths), locales, _glossary(glossaries), html_file)
    click.echo(f"{summary.documents} documents, {summary.segments} segments, {summary.entries} entries: "
               f"{summary.needs_review} need review; report in {html_file}", err=True)


@cli.command()
@click.option("--locales", type=click.Path(file_okay=False, path_type=Path), default=Path("locales"),
              show_default=True, help="Folder of catalogs.")
@click.option("--xliff", "xliff_dir", type=click.Path(file_okay=False, path_type=Path),
              help="Write one XLIFF 2.0 file per catalog into this folder (created if missing).")
@click.option("--tmx", "tmx_file", type=click.Path(dir_okay=False, path_type=Path),
              help="Write every translated entry into this TMX 1.4b file (its folder is created if missing).")
def export(locales, xliff_dir, tmx_file):
    """Export the catalogs for CAT tools (OmegaT, Okapi, Weblate, Poedit)."""
    from .exchange import export_tmx, export_xliff

    if (xliff_dir is None) == (tmx_file is None):
        raise click.UsageError("give exactly one of --xliff DIR or --tmx FILE")
    written = export_xliff(locales, xliff_dir) if xliff_dir else [export_tmx(locales, tmx_file)]
    click.echo(f"{len(written)} files written", err=True)


@cli.command("import")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--locales", type=click.Path(file_okay=False, path_type=Path), default=Path("locales"),
              show_default=True, help="Folder of catalogs.")
def import_(file, locales):
    """Take a PO, XLIFF or TMX file reviewed elsewhere back into the catalogs."""
    from .exchange import import_file

    changed = import_file(file, locales)
    click.echo(f"{sum(changed.values())} entries updated in {sum(1 for n in changed.values() if n)} catalogs",
               err=True)


@cli.command()
@click.option("--locales", type=click.Path(file_okay=False, path_type=Path), default=Path("locales"),
              show_default=True, help="Folder of catalogs: every .po under it.")
@glossary_option
@click.option("--format", "output_format", type=click.Choice(["text", "junit"]), default="text", show_default=True,
              help="text: FILE:LINE: error: ... lines; junit: JUnit XML for CI test reports.")
@click.option("--reviewed-only", is_flag=True,
              help="Check reviewed entries only, not fuzzy machine output (checked by default, since the "
                   "rendered edition shows it).")
@click.option("--list", "list_checks", is_flag=True, help="Describe every check and exit.")
@click.pass_context
def check(ctx, locales, glossaries, output_format, reviewed_only, list_checks):
    """Check every translated catalog entry: glossary terms (each as often as in the source),
    forbidden forms, markup, format placeholders, numbers, empty translations. Exit 1 on findings."""
    from .check import CHECKS, catalog_files, check_catalogs, junit_xml
    from .errors import InputError

    if list_checks:
        for item in CHECKS:
            click.echo(f"{item.id}: {item.name}\n    {item.doc}")
        return
    paths = catalog_files(locales)
    if not paths:
        raise InputError("no .po catalogs here", locales)
    findings = check_catalogs(paths, _glossary(glossaries), reviewed_only)
    if output_format == "junit":
        click.echo(junit_xml(paths, findings).decode("utf-8"), nl=False)
    else:
        for finding in findings:
            click.echo(str(finding))
    click.echo(f"{len(findings)} findings in {len(paths)} catalogs", err=True)
    ctx.exit(1 if findings else 0)


@cli.group("glossary")
def glossary_group():
    """Lint glossaries, suggest rows from a translated batch, exchange them with CAT tools as TBX."""


@glossary_group.command("lint")
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False, path_type=Path))
@click.option("--list", "list_rules", is_flag=True, help="Describe every rule first.")
@click.pass_context
def glossary_lint(ctx, files, list_rules):
    """Report duplicates, conflicting mappings, variants claimed twice, empty cells and
    shadowed terms in glossary CSV (or TBX) files. Exit 1 on findings."""
    from .glossary.lint import RULES, lint_files

    if list_rules:
        for item in RULES:
            click.echo(f"{item.id}: {item.name}\n    {item.doc}")
    findings = lint_files(list(files))
    for finding in findings:
        click.echo(str(finding))
    click.echo(f"{len(findings)} findings in {len(files)} files", err=True)
    ctx.exit(1 if findings else 0)


@glossary_group.command("import")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="Glossary CSV to write. Default: glossaries/<name of FILE>.csv")
@click.option("--force", is_flag=True, help="Overwrite the CSV if it exists.")
def glossary_import(file, output, force):
    """Write a TBX termbase (ISO 30042, TBX-Basic or TBX 2008) as a glossary CSV."""
    from .glossary.tbx import import_tbx

    output = output or Path("glossaries") / f"{file.stem}.csv"
    content = import_tbx(file, output, force)
    skipped = f"; {len(content.skipped)} concepts without both en and es left out" if content.skipped else ""
    click.echo(f"{len(content.entries)} rows written to {output}{skipped}", err=True)


@glossary_group.command("export")
@click.option("--tbx", "tbx_file", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="TBX file to write.")
@glossary_option
def glossary_export(tbx_file, glossaries):
    """Write the glossaries as one TBX-Basic termbase (ISO 30042:2019)."""
    from .glossary.tbx import export_tbx

    count = export_tbx(list(_glossary(glossaries).entries), tbx_file)
    click.echo(f"{count} concepts written to {tbx_file}", err=True)


@glossary_group.command("suggest")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--locales", type=click.Path(file_okay=False, path_type=Path), default=Path("locales"),
              show_default=True, help="Folder of the documents' catalogs.")
@glossary_option
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="Glossary CSV to write. Default: standard output.")
def glossary_suggest(paths, locales, glossaries, output):
    """Propose glossary rows for names and terms of translated documents that the glossary
    lacks: unknown to the engine first, then by count. Nothing is added to any glossary."""
    from .files import write_atomic
    from .glossary.suggest import suggest, suggestions_csv

    suggestions = suggest(list(paths), locales, _glossary(glossaries))
    data = suggestions_csv(suggestions)
    if output is None:
        click.echo(data.decode("utf-8"), nl=False)
    else:
        write_atomic(output, data)
    for left_out in suggestions.left_out:
        click.echo(f"diglot: left out {left_out}", err=True)
    click.echo(f"{len(suggestions.rows)} rows suggested" + (f", written to {output}" if output else ""), err=True)


@cli.group()
def models():
    """Manage installed Argos Translate packages (offline, from local files)."""


@models.command("list")
@models_dir_option
def models_list(models_dir):
    """List installed packages."""
    from .engines.argos_packages import list_packages

    directory = _models_dir(models_dir)
    packages = list_packages(directory)
    if not packages:
        click.echo(f"no Argos packages in {directory}", err=True)
    for package in packages:
        click.echo(f"{package.from_code}\t{package.to_code}\t{package.version}\t{package.name}\t{package.path}")


@models.command("install")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@models_dir_option
def models_install(file, models_dir):
    """Install a .argosmodel file."""
    from .engines.argos_packages import install_package

    package = install_package(file, _models_dir(models_dir))
    click.echo(f"installed {package.name} ({package.from_code} -> {package.to_code}) in {package.path}")


def main() -> None:
    cli(prog_name="diglot")


if __name__ == "__main__":
    main()

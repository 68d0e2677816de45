"""The `planparse` command: a thin shell over the library."""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Iterator
from pathlib import Path

import click

from planparse import __version__
from planparse.batch import convert as convert_files
from planparse.batch import Outcome, scan_inputs
from planparse.errors import OutputError, PlanparseError
from planparse.pipeline import parse
from planparse.readers.pdf import BACKENDS as PDF_BACKENDS
from planparse.schema import Plan, json_schema


@click.group()
@click.version_option(__version__, prog_name="planparse")
def main() -> None:
    """Turn published public-sector plans into structured, normalised data."""


@main.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("-o", "--outdir", required=True, type=click.Path(file_okay=False, path_type=Path),
              help="Folder for one <stem>.json per input, and manifest.jsonl.")
@click.option("-q", "--quiet", is_flag=True, help="Only the summary and errors (no per-file lines, no progress bar).")
@click.option("--debug", is_flag=True, help="Show tracebacks of unexpected errors.")
@click.option("--password", default=None, help="Password for encrypted PDFs.")
@click.option("--max-pages", type=click.IntRange(min=1), default=None, help="Read at most this many pages per PDF.")
@click.option("-w", "--workers", type=click.IntRange(min=0), default=None,
              help="Worker processes (default: one per core; 0: in this process).")
@click.option("--engine", type=click.Choice(["process", "dask"]), default="process", show_default=True,
              help="Run on a local process pool, or on dask.distributed (needs planparse[dask]).")
@click.option("--scheduler", default=None, metavar="ADDRESS",
              help="With --engine dask: a running scheduler (default: a LocalCluster on this machine).")
@click.option("--force", is_flag=True, help="Convert again even where the output is up to date.")
@click.option("--timeout", type=click.FloatRange(min=0), default=600.0, show_default=True,
              help="Seconds per document before it is given up (0: no limit).")
@click.option("--memory-limit", type=click.IntRange(min=0), default=2048, show_default=True, metavar="MB",
              help="Memory cap per worker process (0: none).")
@click.option("--jsonl", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Also write every plan to this file, one JSON per line.")
@click.option("--parquet", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Also write all actions, one row each, to this Parquet file (needs pyarrow).")
@click.option("--csv", "csv_path", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Also write all actions, one row each, to this CSV file.")
@click.option("--sqlite", "sqlite_path", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Also write a database of plans, priorities, actions, owners, entities and tables "
                   "(browse it with `datasette DB -m <DB stem>.metadata.json`, planparse[datasette]).")
@click.option("--taxonomy", default="auto", show_default=True,
              help="Themes: auto (chosen per plan from its domain, none where none fits), none, a bundled name "
                   "(domestic_abuse, health_wellbeing, community_safety, climate) or a JSON file.")
@click.option("--download-dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Cache folder for inputs given as http(s) addresses (default: ~/.cache/planparse/downloads).")
@click.option("--pdf-backend", type=click.Choice(PDF_BACKENDS), default=None,
              help="Library that reads PDF pages: pdfium (default, fast) or pdfplumber (the reference). "
                   "Workers also take it from PLANPARSE_PDF_BACKEND.")
def convert(paths: tuple[str, ...], outdir: Path, quiet: bool, debug: bool, password: str | None,
            max_pages: int | None, workers: int | None, engine: str, scheduler: str | None, force: bool,
            timeout: float, memory_limit: int, jsonl: Path | None, parquet: Path | None,
            csv_path: Path | None, sqlite_path: Path | None, taxonomy: str, download_dir: Path | None,
            pdf_backend: str | None) -> None:
    """Convert plan files, folders (recursively), globs or http(s) addresses to JSON, resumably.

    Reads PDF, Word (.docx), OpenDocument text (.odt), web pages (.html),
    Excel (.xlsx), CSV and plain text. Exit 0 when every input converted (or
    was already up to date), 1 when some failed, 2 on a usage error or when
    outputs cannot be written (disk full, read-only folder), 130 when
    interrupted (run it again to finish).
    """
    import time

    from planparse.batch import MANIFEST, write_combined
    from planparse.fetch import is_url

    _check_convert_usage(engine, scheduler, parquet, sqlite_path, taxonomy)
    urls = [p for p in paths if is_url(p)]
    scan = scan_inputs([Path(p) for p in paths if not is_url(p)])
    inputs: list[Path | str] = [*scan.inputs, *urls]
    if scan.ignored:
        click.echo(_ignored_line(scan.ignored, outdir / MANIFEST), err=True)
    if not inputs:
        raise click.UsageError("no plan files found in the given paths")
    problem = _unwritable(outdir)
    if problem:
        click.echo(f"Error: cannot write to {outdir}: {problem}", err=True)
        sys.exit(2)
    progress = _Progress(len(inputs), enabled=not quiet and sys.stderr.isatty())
    t0 = time.perf_counter()
    previous_term = _on_sigterm(_interrupt)  # a batch scheduler's stop is a Ctrl-C too
    stream = convert_files(inputs, outdir, password=password, max_pages=max_pages, workers=workers,
                           engine=engine, scheduler=scheduler, timeout=timeout or None, force=force,
                           keep_plans=False, memory_limit_mb=memory_limit or None,
                           taxonomy=None if taxonomy == "auto" else taxonomy, cache_dir=download_dir,
                           ignored=scan.ignored)
    try:
        with _pdf_backend(pdf_backend), _library_log(debug):  # the stream starts its workers as it is followed
            results, interrupted, stopped = _follow(stream, progress, quiet, debug)
    except PlanparseError as exc:  # the engine could not start (no scheduler at that address...)
        progress.clear()
        click.echo(f"Error: {exc}", err=True)
        sys.exit(2)
    finally:
        _on_sigterm(previous_term)
        progress.clear()
    seconds = time.perf_counter() - t0
    by_status: dict[str, int] = {}
    for r in results:
        by_status[r.status] = by_status.get(r.status, 0) + 1
    ok, failed, skipped = by_status.get("ok", 0), by_status.get("failed", 0), by_status.get("skipped", 0)
    rows = [(r.url or r.input.name, *r.summary.values()) for r in sorted(results, key=lambda r: r.index)
            if r.status == "ok" and r.summary]
    if rows:
        click.echo("")
        click.echo(_table(["file", "org", "type", "priorities", "actions", "owners", "warnings", "quality"],
                          rows[:50]))
        if len(rows) > 50:
            click.echo(f"... and {len(rows) - 50} more (see {outdir / MANIFEST})")
    pages = sum(r.pages or 1 for r in results if r.status == "ok")
    click.echo(f"\n{ok} converted, {failed} failed, {skipped} up to date; {pages} pages in {seconds:.1f} s "
               f"({pages / seconds if seconds else 0:.1f} pages/s); output in {outdir}, manifest {outdir / MANIFEST}")
    if failed:
        kinds: dict[str, int] = {}
        for r in results:
            if r.status == "failed":
                kinds[r.error_class or "?"] = kinds.get(r.error_class or "?", 0) + 1
        click.echo("failed: " + ", ".join(f"{k} {n}" for k, n in sorted(kinds.items(), key=lambda kv: -kv[1])))
    to_check = _to_check(results)
    if to_check:
        click.echo(f"check: {to_check}: see {outdir / MANIFEST}")
    if stopped is not None:
        left = len(inputs) - sum(1 for r in results if r.ok)
        click.echo(f"Error: {stopped} ({left} of {len(inputs)} inputs not converted)", err=True)
        sys.exit(2)
    if interrupted:
        click.echo(f"interrupted: {len(inputs) - len(results)} of {len(inputs)} inputs not done; run the same "
                   "command again to finish them (finished outputs are kept and skipped)", err=True)
        sys.exit(130)
    if jsonl or parquet or csv_path or sqlite_path:
        outputs = [r.output for r in sorted(results, key=lambda r: r.index) if r.ok and r.output]
        try:
            n = write_combined(outputs, jsonl=jsonl, parquet=parquet, csv=csv_path, sqlite=sqlite_path)
        except (OSError, ValueError, ImportError) as exc:
            click.echo(f"Error: combined output not written: {type(exc).__name__}: {exc}", err=True)
            sys.exit(2 if isinstance(exc, OSError) else 1)
        for target in (jsonl, parquet, csv_path, sqlite_path):
            if target:
                click.echo(f"wrote {target} ({n} plans)")
        if sqlite_path:
            from planparse.batch.sqlite import metadata_path

            click.echo(f"browse it: datasette {sqlite_path} -m {metadata_path(sqlite_path)}")
    sys.exit(1 if failed else 0)


def _follow(stream: Iterator[Outcome], progress: _Progress, quiet: bool,
            debug: bool) -> tuple[list[Outcome], bool, OutputError | None]:
    """Report each outcome as it comes; returns them all, whether Ctrl-C stopped the run, and what else did."""
    results: list[Outcome] = []
    try:
        for outcome in stream:
            results.append(outcome)
            progress.advance(outcome)
            if outcome.error_class in ("DiskFull", "OutputUnwritable"):
                continue  # said once, at the end, as the reason the run stopped
            if outcome.status == "failed":
                progress.echo(f"FAIL  {outcome.url or outcome.input}: {outcome.error_class}: {outcome.message}",
                              err=True)
                if debug and outcome.detail:
                    progress.echo(outcome.detail.rstrip(), err=True)
            elif not quiet:
                if outcome.status == "skipped":
                    progress.echo(f"skip  {outcome.url or outcome.input}: up to date in {outcome.output}")
                else:
                    progress.echo(f"ok    {outcome.url or outcome.input} -> {outcome.output}")
    except KeyboardInterrupt:
        return results, True, None
    except OutputError as exc:  # disk full, folder made read-only: the rest would fail the same way
        return results, False, exc
    finally:
        stream.close()
    return results, False, None


@contextlib.contextmanager
def _pdf_backend(name: str | None) -> Iterator[None]:
    """Set PLANPARSE_PDF_BACKEND while a batch runs: the reader in every worker (forked, spawned, dask) reads it.

    The batch's task options have no field for it; the environment reaches
    each worker process as it starts, and is put back afterwards.
    """
    import os

    from planparse.readers import PDF_BACKEND_VARIABLE

    if name is None:
        yield
        return
    previous = os.environ.get(PDF_BACKEND_VARIABLE)
    os.environ[PDF_BACKEND_VARIABLE] = name
    try:
        yield
    finally:
        if previous is None:
            os.environ.pop(PDF_BACKEND_VARIABLE, None)
        else:
            os.environ[PDF_BACKEND_VARIABLE] = previous


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


LOW_QUALITY = 0.5  # a plan scoring below this is worth a look before its figures are used


def _to_check(results: list) -> str:
    """'3 plans repaired, 5 with warnings, 2 with low quality (< 0.5)', from the converted and up-to-date plans."""
    checks = [r.checks for r in results if r.ok and r.checks is not None]
    repaired = sum(1 for c in checks if c.repaired)
    warned = sum(1 for c in checks if c.warnings)
    low = sum(1 for c in checks if c.quality_score is not None and c.quality_score < LOW_QUALITY)
    parts = [f"{repaired} {'plan' if repaired == 1 else 'plans'} repaired" if repaired else "",
             f"{warned} with warnings" if warned else "",
             f"{low} with low quality (< {LOW_QUALITY:g})" if low else ""]
    return ", ".join(p for p in parts if p)


@contextlib.contextmanager
def _library_log(debug: bool) -> Iterator[None]:
    """While a batch runs, what libraries log or warn goes to ``logging`` and no further, or to stderr with --debug.

    Without a handler of its own, Python prints a library's warnings raw on
    the terminal, between the progress line and the FAIL lines; what a
    document's reader logged is in that plan's warnings and the manifest.
    Forked workers inherit the setting.
    """
    import logging

    handler: logging.Handler = logging.StreamHandler(sys.stderr) if debug else logging.NullHandler()
    root = logging.getLogger()
    root.addHandler(handler)
    logging.captureWarnings(True)
    try:
        yield
    finally:
        logging.captureWarnings(False)
        root.removeHandler(handler)


def _on_sigterm(handler: object) -> object:
    """Install a SIGTERM handler, returning the previous one; a no-op outside the main thread."""
    import signal

    try:
        return signal.signal(signal.SIGTERM, handler)  # type: ignore[arg-type]
    except (ValueError, TypeError):
        return handler


def _ignored_line(ignored: list[tuple[Path, str]], manifest: Path) -> str:
    """'left out 3 files that are not plans planparse reads: 2 .pptx, 1 .png (each with why in manifest.jsonl)'."""
    kinds: dict[str, int] = {}
    for path, _ in ignored:
        key = path.suffix.lower() or path.name
        kinds[key] = kinds.get(key, 0) + 1
    listed = ", ".join(f"{n} {k}" for k, n in sorted(kinds.items(), key=lambda kv: (-kv[1], kv[0])))
    noun = "file" if len(ignored) == 1 else "files"
    return f"left out {len(ignored)} {noun} the folder scan does not convert: {listed} (each with why in {manifest})"


def _check_convert_usage(engine: str, scheduler: str | None, parquet: Path | None, sqlite: Path | None = None,
                         taxonomy: str = "auto") -> None:
    """Option combinations and missing extras are usage errors (exit 2), found before any work starts."""
    import importlib.util

    from planparse.enrich.themes import AUTO, NO_TAXONOMY, TaxonomyError, load_taxonomy

    if taxonomy not in (AUTO, NO_TAXONOMY):
        try:
            load_taxonomy(taxonomy)
        except TaxonomyError as exc:
            raise click.BadParameter(str(exc), param_hint="--taxonomy") from None
    if scheduler and engine != "dask":
        raise click.UsageError("--scheduler needs --engine dask")
    if engine == "dask" and importlib.util.find_spec("distributed") is None:
        raise click.UsageError("--engine dask needs dask.distributed: pip install 'planparse[dask]'")
    if parquet and importlib.util.find_spec("pyarrow") is None:
        raise click.UsageError("--parquet needs pyarrow: pip install 'planparse[parquet]'")


def _unwritable(outdir: Path) -> str | None:
    """Why OUTDIR cannot take outputs (read-only, a file...), or None. Checked once, before any work."""
    import os
    import tempfile

    try:
        outdir.mkdir(parents=True, exist_ok=True)
        fd, probe = tempfile.mkstemp(prefix=".planparse-probe.", dir=outdir)
        os.close(fd)
        os.unlink(probe)
    except OSError as exc:
        return f"{exc.strerror or exc} ({type(exc).__name__})"
    return None


class _Progress:
    """One self-rewriting line on stderr: files and pages done, pages/s, ETA. Drawn only on a terminal."""

    def __init__(self, total: int, enabled: bool) -> None:
        import time

        self.total, self.enabled = total, enabled
        self.files = self.pages = self.failed = self.worked = 0
        self.start = time.monotonic()
        self.drawn = 0.0
        self.draw()

    def advance(self, outcome: object) -> None:
        self.files += 1
        status = getattr(outcome, "status", "ok")
        if status == "failed":
            self.failed += 1
        if status == "ok":
            self.pages += getattr(outcome, "pages", None) or 1
        if status != "skipped":
            self.worked += 1
        self.draw()

    def line(self) -> str:
        import time

        elapsed = max(time.monotonic() - self.start, 1e-9)
        share = self.files / self.total if self.total else 1.0
        bar = "#" * int(20 * share) + "." * (20 - int(20 * share))
        eta = "--"
        if self.worked and self.files < self.total:
            left = (self.total - self.files) * elapsed / self.worked
            eta = f"{int(left // 60)}m{int(left % 60):02d}s"
        failed = f", {self.failed} failed" if self.failed else ""
        return (f"[{bar}] {self.files}/{self.total} files, {self.pages} pages, "
                f"{self.pages / elapsed:.1f} pages/s, ETA {eta}{failed}")

    def draw(self) -> None:
        import shutil
        import time

        if not self.enabled:
            return
        now = time.monotonic()
        if now - self.drawn < 0.1 and self.files < self.total:
            return
        self.drawn = now
        width = shutil.get_terminal_size((100, 20)).columns
        sys.stderr.write("\r" + self.line()[: width - 1] + "\x1b[K")
        sys.stderr.flush()

    def clear(self) -> None:
        if self.enabled:
            sys.stderr.write("\r\x1b[K")
            sys.stderr.flush()

    def echo(self, text: str, err: bool = False) -> None:
        self.clear()
        click.echo(text, err=err)
        self.drawn = 0.0
        self.draw()


class PageRanges(click.ParamType):
    """'1,4-9' -> [1, 4, 5, 6, 7, 8, 9]: pages as a reader writes them in a print dialog."""

    name = "pages"

    def convert(self, value: object, param: click.Parameter | None, ctx: click.Context | None) -> list[int]:
        if isinstance(value, list):
            return value
        pages: list[int] = []
        for part in str(value).replace(" ", "").split(","):
            first, _, last = part.partition("-")
            if not first.isdigit() or (last and not last.isdigit()) or (_ and not last):
                self.fail(f"{value!r} is not a page list such as 3 or 1,4-9", param, ctx)
            lo, hi = int(first), int(last or first)
            if lo < 1 or hi < lo:
                self.fail(f"{part!r}: pages count from 1 and a range runs low-high", param, ctx)
            pages.extend(k for k in range(lo, hi + 1) if k not in pages)
        return pages


@main.command()
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--password", default=None, help="Password for an encrypted PDF.")
@click.option("--page", "--pages", "pages", type=PageRanges(), default=None, metavar="PAGES",
              help="Also draw the boxes of everything read on these PDF pages (3, or 1,4-9), one PNG each.")
@click.option("-o", "--outdir", type=click.Path(file_okay=False, path_type=Path), default=Path("."),
              show_default=True, help="Folder for the pages' PNGs (<file>-page<N>.png).")
@click.option("--pdf-backend", type=click.Choice(PDF_BACKENDS), default=None,
              help="Library that reads PDF pages: pdfium (default, fast) or pdfplumber (the reference); "
                   "the --page images are always drawn by pdfplumber.")
def show(file: Path, password: str | None, pages: list[int] | None, outdir: Path, pdf_backend: str | None) -> None:
    """A readable summary of a plan file or of a converted .json."""
    try:
        plan = Plan.model_validate_json(file.read_text("utf-8")) if file.suffix == ".json" else parse(
            file, password=password, backend=pdf_backend)
    except PlanparseError as exc:
        raise click.ClickException(str(exc)) from None
    if pages:
        from planparse.draw import PageOutOfRange, draw_pages

        source = Path(plan.source.path)
        if plan.source.format != "pdf" or not source.exists():
            raise click.ClickException(f"--page draws on a PDF; {file.name} is {plan.source.format}"
                                       if plan.source.format != "pdf" else f"--page needs the plan's PDF, {source}")
        try:
            written = draw_pages(plan, source, pages, outdir, stem=file.stem, password=password)
        except PageOutOfRange as exc:  # one line, exit 2 like any bad option value, and no usage text around it
            click.echo(f"Error: --page: {exc}", err=True)
            sys.exit(2)
        except OSError as exc:
            raise click.ClickException(f"cannot write to {outdir}: {exc.strerror or exc}") from None
        for page_no, out in written:
            click.echo(f"boxes drawn on page {page_no}: {out}")
    org = plan.organisation
    click.echo(f"{plan.title or '(untitled)'} — {org.name or 'unknown organisation'}"
               f"{f' ({org.short_name})' if org.short_name else ''}")
    period = f"{plan.period.start_year}-{plan.period.end_year}" if plan.period else "no period"
    click.echo(f"type: {plan.doc_type}; period: {period}; {len(plan.actions)} actions; {len(plan.tables)} tables")
    click.echo("\nPriorities:")
    for p in plan.priorities:
        n = sum(1 for a in plan.actions if a.priority_key == p.key)
        click.echo(f"  {p.key}. {p.title}  ({n} actions)")
    owners: dict[str, tuple[str, int]] = {}
    for a in plan.actions:
        for o in a.owners:
            kind, n = owners.get(o.name, (o.kind, 0))
            owners[o.name] = (kind, n + 1)
    click.echo("\nOwners (actions led):")
    for name, (kind, n) in sorted(owners.items(), key=lambda kv: (-kv[1][1], kv[0]))[:25]:
        click.echo(f"  {n:3d}  {name} [{kind}]")
    if plan.sections:
        click.echo("\nHeadings:")
        _echo_sections(plan.sections, 1)
    for w in plan.warnings:
        click.echo(f"warning: {w}")


def _echo_sections(sections: list, depth: int) -> None:
    for s in sections:
        click.echo(f"{'  ' * depth}{s.number + ' ' if s.number else ''}{s.title}")
        _echo_sections(s.children, depth + 1)


@main.command()
def schema() -> None:
    """Print the JSON Schema of the output (schema_version in the Plan model)."""
    click.echo(json_schema())


@main.command()
@click.argument("outdir", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.argument("golddir", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
def evaluate(outdir: Path, golddir: Path, as_json: bool) -> None:
    """Field-level accuracy of converted plans in OUTDIR against GOLDDIR/<stem>.gold.json."""
    from planparse.evaluate import evaluate_dir

    report = evaluate_dir(outdir, golddir)
    if as_json:
        click.echo(report.to_json())
    else:
        rows = report.rows()
        if rows:
            cols = list(rows[0].keys())
            click.echo(_table(cols, [["-" if r[c] is None else r[c] for c in cols] for r in rows]))
        for stem in report.missing:
            click.echo(f"missing: no {stem}.json in {outdir}", err=True)
    sys.exit(0 if report.documents else 1)


def _table(header: list[str], rows: list) -> str:
    cells = [[str(h) for h in header]] + [[str(c) for c in r] for r in rows]
    widths = [max(len(r[i]) for r in cells) for i in range(len(header))]
    lines = [" | ".join(c.ljust(w) for c, w in zip(r, widths)) for r in cells]
    lines.insert(1, "-+-".join("-" * w for w in widths))
    return "\n".join(lines)


from planparse.cli_compare import compare_cmd; main.add_command(compare_cmd)  # noqa: E402
from planparse.cli_entities import entities_cmd; main.add_command(entities_cmd)  # noqa: E402


if __name__ == "__main__":
    main()

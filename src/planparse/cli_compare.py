"""`planparse compare OUTDIR`: converted plans side by side (a thin shell over planparse.compare).

Kept apart from cli.py so the comparison (and its matplotlib import) loads only when asked for.
"""

from __future__ import annotations

from pathlib import Path

import click

from planparse.batch import write_atomic
from planparse.comparison import compare, load_plans
from planparse.enrich.themes import AUTO, BUNDLED_TAXONOMIES, TaxonomyError, load_taxonomy


@click.command("compare")
@click.argument("outdir", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--csv", "csv_dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Also write one CSV per table into this folder.")
@click.option("--html", "html_file", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Also write one self-contained HTML page (tables and a chart).")
@click.option("--taxonomy", default=None,
              help=f"Themes for every plan: a bundled name ({', '.join(BUNDLED_TAXONOMIES)}) or a JSON file. "
                   "Default: each plan's own (chosen by its domain when converted; none where none fits).")
@click.option("--threshold", type=click.FloatRange(0.0, 1.0), default=None,
              help="Lowest score (0-1) at which two priorities are paired (default 0.5).")
def compare_cmd(outdir: Path, csv_dir: Path | None, html_file: Path | None, taxonomy: str | None,
                threshold: float | None) -> None:
    """Compare the plans in OUTDIR (converted *.json, or plan files to parse): themes, aligned priorities,
    agencies, timescales."""
    plans, skipped = load_plans(outdir)
    for path, reason in skipped:
        click.echo(f"skipped {path}: {reason}", err=True)
    empty = [p for p in plans if not p.priorities and not p.actions]
    for p in empty:  # a risk register or a timetable has nothing to compare across plans
        click.echo(f"skipped {p.source.path}: no priorities or actions", err=True)
    plans = [p for p in plans if p.priorities or p.actions]
    if not plans:
        raise click.UsageError(f"no converted plans (*.json) in {outdir}: "
                               f"run `planparse convert ... -o {outdir}` first")
    try:
        tax = load_taxonomy(taxonomy) if taxonomy not in (None, AUTO) else None
    except TaxonomyError as exc:
        raise click.BadParameter(str(exc), param_hint="--taxonomy") from None
    result = compare(plans, tax) if threshold is None else compare(plans, tax, threshold=threshold)
    click.echo(result.to_markdown())
    if csv_dir is not None:
        written = result.to_csv(csv_dir)
        click.echo(f"{len(written)} CSV files in {csv_dir}", err=True)
    if html_file is not None:
        write_atomic(html_file, result.to_html(title=f"Plan comparison: {len(plans)} plans"))
        click.echo(f"HTML page: {html_file}", err=True)

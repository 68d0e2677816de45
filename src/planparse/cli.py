"""The `planparse` command: a thin shell over the library."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from planparse import __version__
from planparse.batch import convert as convert_files
from planparse.batch import expand_inputs
from planparse.errors import PlanparseError
from planparse.pipeline import parse
from planparse.schema import Plan, json_schema


@click.group()
@click.version_option(__version__, prog_name="planparse")
def main() -> None:
    """Turn published public-sector plans into structured, normalised data."""


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("-o", "--outdir", required=True, type=click.Path(file_okay=False, path_type=Path),
              help="Folder for one <stem>.json per input.")
@click.option("-q", "--quiet", is_flag=True, help="Only the summary and errors.")
@click.option("--debug", is_flag=True, help="Show tracebacks of unexpected errors.")
@click.option("--password", default=None, help="Password for encrypted PDFs.")
@click.option("--max-pages", type=click.IntRange(min=1), default=None, help="Read at most this many pages per PDF.")
def convert(paths: tuple[Path, ...], outdir: Path, quiet: bool, debug: bool, password: str | None,
            max_pages: int | None) -> None:
    """Convert plan files (or folders of them) to JSON. Exit 1 if any input failed."""
    inputs = expand_inputs(paths)
    if not inputs:
        raise click.UsageError("no plan files found in the given paths")
    rows = []
    failed = 0
    for outcome in convert_files(inputs, outdir, password=password, max_pages=max_pages):
        if outcome.ok and outcome.plan is not None:
            p = outcome.plan
            rows.append((outcome.input.name, p.organisation.short_name or "-", p.doc_type, len(p.priorities),
                         len(p.actions), len({o.name for a in p.actions for o in a.owners}), len(p.warnings)))
            if not quiet:
                click.echo(f"ok    {outcome.input} -> {outcome.output}")
        else:
            failed += 1
            click.echo(f"FAIL  {outcome.input}: {outcome.error_class}: {outcome.message}", err=True)
            if debug and outcome.detail:
                click.echo(outcome.detail, err=True)
    if rows:
        click.echo("")
        click.echo(_table(["file", "org", "type", "priorities", "actions", "owners", "warnings"], rows))
    click.echo(f"\n{len(inputs) - failed} converted, {failed} failed, output in {outdir}")
    sys.exit(1 if failed else 0)


@main.command()
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--password", default=None, help="Password for an encrypted PDF.")
@click.option("--page", "page_no", type=click.IntRange(min=1), default=None,
              help="Also draw the boxes of everything read on this PDF page to <file>-page<N>.png.")
def show(file: Path, password: str | None, page_no: int | None) -> None:
    """A readable summary of a plan file or of a converted .json."""
    try:
        plan = Plan.model_validate_json(file.read_text("utf-8")) if file.suffix == ".json" else parse(
            file, password=password)
    except PlanparseError as exc:
        raise click.ClickException(str(exc)) from None
    if page_no is not None:
        from planparse.draw import draw_page

        source = Path(plan.source.path)
        if plan.source.format != "pdf" or not source.exists():
            raise click.ClickException("--page needs the plan's PDF")
        out = file.with_name(f"{file.stem}-page{page_no}.png")
        draw_page(plan, source, page_no, out, password=password)
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

"""`planparse entities OUTDIR`: agencies across converted plans, with the actions each leads."""

from __future__ import annotations

from pathlib import Path

import click

from planparse.schema import Plan


def agencies_table(plans: list[Plan]) -> list[tuple[str, str, dict[str, int], int]]:
    """(canonical id, canonical name, plan -> actions led, mentions) sorted by actions led."""
    led: dict[str, dict[str, int]] = {}
    names: dict[str, str] = {}
    mentions: dict[str, int] = {}
    for plan in plans:
        label = plan.organisation.short_name or Path(plan.source.path).stem
        for a in plan.actions:
            for o in {(o.canonical_id, o.canonical) for o in a.owners if o.kind == "agency" and o.canonical_id}:
                cid, name = o
                names[cid] = name or cid
                led.setdefault(cid, {})[label] = led.get(cid, {}).get(label, 0) + 1
        for e in plan.entities:
            if e.label == "AGENCY" and e.canonical_id:
                names.setdefault(e.canonical_id, e.canonical or e.text)
                mentions[e.canonical_id] = mentions.get(e.canonical_id, 0) + e.count
    rows = [(cid, names[cid], led.get(cid, {}), mentions.get(cid, 0)) for cid in names]
    rows.sort(key=lambda r: (-sum(r[2].values()), -r[3], r[1]))
    return rows


@click.command("entities")
@click.argument("outdir", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--top", type=int, default=40, show_default=True, help="How many agencies to list (all with --csv).")
@click.option("--csv", "csv_path", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Also write every agency to this CSV file: canonical id, name, actions led per plan, mentions.")
def entities_cmd(outdir: Path, top: int, csv_path: Path | None) -> None:
    """Agencies across the plans in OUTDIR (converted JSON), with the actions each leads per plan."""
    from planparse.batch.load import load_with_skipped

    plans, _ = load_with_skipped(outdir)
    plans = [p for p in plans if p.actions or p.entities]
    if not plans:
        raise click.ClickException(f"no converted plans in {outdir}")
    labels = [p.organisation.short_name or Path(p.source.path).stem for p in plans]
    table = agencies_table(plans)
    if csv_path is not None:
        _write_csv(csv_path, table, labels)
        click.echo(f"{len(table)} agencies written to {csv_path}", err=True)
    header = ["agency", *labels, "total led", "mentions"]
    rows = []
    for _, name, led, mentions in table[:top]:
        rows.append([name, *[str(led.get(lab, 0)) for lab in labels], str(sum(led.values())), str(mentions)])
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]
    click.echo(" | ".join(h.ljust(w) for h, w in zip(header, widths)))
    click.echo("-+-".join("-" * w for w in widths))
    for r in rows:
        click.echo(" | ".join(c.ljust(w) for c, w in zip(r, widths)))


def _write_csv(path: Path, table: list[tuple[str, str, dict[str, int], int]], labels: list[str]) -> None:
    """The whole agency table as CSV, written all or nothing (a plan label that repeats gets one column)."""
    import pandas as pd

    from planparse.batch.outputs import atomic_path

    columns = list(dict.fromkeys(labels))
    frame = pd.DataFrame([{"canonical_id": cid, "agency": name, **{lab: led.get(lab, 0) for lab in columns},
                           "total_led": sum(led.values()), "mentions": mentions}
                          for cid, name, led, mentions in table],
                         columns=["canonical_id", "agency", *columns, "total_led", "mentions"])
    try:
        with atomic_path(path) as tmp:
            frame.to_csv(tmp, index=False)
    except OSError as exc:
        raise click.ClickException(f"cannot write {path}: {exc.strerror or exc}") from None

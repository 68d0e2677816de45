"""The one place that decides the order of steps: reader -> extractors -> enrichers."""

from __future__ import annotations

import hashlib
import time
from pathlib import Path
from typing import TYPE_CHECKING

from planparse import __version__
from planparse.enrich.canonical import AgencyResolver
from planparse.enrich.entities import extract_entities
from planparse.enrich.ner import load_pipeline
from planparse.enrich.owners import OwnerSplitter
from planparse.enrich.timescales import resolve_timescale
from planparse.enrich.themes import TaxonomyLike, assign_themes
from planparse.extract.actions import find_actions
from planparse.extract.headings import extract_sections
from planparse.extract.metadata import extract_metadata
from planparse.extract.orientation import reoriented
from planparse.extract.priorities import extract_priorities, link_actions
from planparse.extract.quality import assess
from planparse.extract.table_actions import build_tables
from planparse.extract.tables import assemble
from planparse.layout import Layout
from planparse.readers import read
from planparse.schema import Action, Entity, Plan, Source

if TYPE_CHECKING:
    from spacy.language import Language


def parse(path: str | Path, *, password: str | None = None, max_pages: int | None = None,
          taxonomy: TaxonomyLike = None, nlp: Language | None = None, backend: str | None = None) -> Plan:
    """Parse one plan file (PDF or plain-text export) into a validated Plan.

    `password` opens encrypted PDFs; `max_pages` reads only the first pages
    of very long PDFs (a warning says so). `taxonomy` names the themes priorities
    and actions are matched to (a bundled name, a JSON path or a loaded Taxonomy;
    default: the one whose domain the plan's words fit, or none; "none": no themes). `nlp` is any spaCy
    pipeline to find agencies and people with (its ORG/PERSON labels are mapped); default: planparse's
    rule pipeline (registers, name shapes; enrich/ner.py). `backend` is the library
    that reads PDF pages: "pdfium" (the default: fast) or "pdfplumber" (the reference); see readers.read.
    """
    path = Path(path)
    layout = read(path, password=password, max_pages=max_pages, backend=backend)
    sha = file_sha256(path)
    return build_plan(layout, Source(path=str(path), sha256=sha, format=layout.format,
                                     pages=layout.pages, encoding=layout.encoding), taxonomy=taxonomy, nlp=nlp)


def file_sha256(path: Path) -> str:
    """The file's hash, read in blocks: a 30 MB PDF read whole would be the peak of a long document's parse."""
    with path.open("rb") as fh:
        return hashlib.file_digest(fh, "sha256").hexdigest()


def parse_timed(path: str | Path, **kwargs: object) -> tuple[Plan, dict[str, float]]:
    """parse() that also returns seconds per stage (read, extract, enrich) for the benchmarks.

    ``kwargs`` go to readers.read: password, max_pages, backend.
    """
    timings: dict[str, float] = {}
    t0 = time.perf_counter()
    path = Path(path)
    layout = read(path, **kwargs)  # type: ignore[arg-type]
    timings["read"] = time.perf_counter() - t0
    sha = file_sha256(path)
    plan = build_plan(layout, Source(path=str(path), sha256=sha, format=layout.format, pages=layout.pages,
                                     encoding=layout.encoding), timings)
    return plan, timings


def name_parties(actions: list[Action], layout: Layout, nlp: Language,
                 organisation: tuple[str | None, str | None] = (None, None)) -> list[Entity]:
    """The enrich step that names the parties: owner cells split and typed, agencies given canonical names
    and ids, and the plan's agencies, people and roles collected (the entity benchmark times exactly this).

    The plan's whole text is made here and let go before the entity pass, which makes texts of its own:
    on a 1,000-page plan it is megabytes, and this step is where parsing peaks."""
    text = "\n".join(b.text for b in layout.blocks)
    splitter = OwnerSplitter()
    splitter.learn([a.owners_raw or "" for a in actions], text)
    for a in actions:
        a.owners = splitter.split(a.owners_raw)
    resolver = AgencyResolver()
    resolver.learn_document(text)
    for a in actions:
        for o in a.owners:
            if o.kind in ("agency", "group"):
                o.canonical, o.canonical_id = resolver.resolve(o.name)
    del text
    return extract_entities(actions, layout, nlp, resolver, names=splitter.known, organisation=organisation)


def build_plan(layout: Layout, source: Source, timings: dict[str, float] | None = None, *,
               taxonomy: TaxonomyLike = None, nlp: Language | None = None) -> Plan:
    t0 = time.perf_counter()
    meta = extract_metadata(layout)
    view = reoriented(layout)
    tables = assemble(view)
    found = find_actions(view, tables, source.sha256)
    found_priorities = extract_priorities(view, tables, found)
    priorities = found_priorities.items
    link_actions(found, found_priorities, view)
    actions = [f.action for f in found]
    quality = assess(actions, priorities, found_priorities.source)
    t1 = time.perf_counter()
    for a in actions:
        if a.timescale is not None:
            a.timescale = resolve_timescale(a.timescale.raw, meta.period)
    entities = name_parties(actions, layout, nlp if nlp is not None else load_pipeline(),
                            organisation=(meta.organisation.name, meta.organisation.short_name))
    choice = assign_themes(priorities, actions, taxonomy, title=meta.title)
    warnings = list(layout.warnings)
    if not actions:
        warnings.append("no actions found: no action table, labelled action block or commitment list was "
                        "recognised" + (" (tables were found, but none has an action column)" if tables.segments else ""))
    if not priorities:
        warnings.append("no priorities found")
    if timings is not None:
        timings["extract"] = t1 - t0
        timings["enrich"] = time.perf_counter() - t1
    return Plan(
        planparse_version=__version__,
        source=source,
        title=meta.title,
        organisation=meta.organisation,
        co_publishers=meta.co_publishers,
        doc_type=meta.doc_type,  # type: ignore[arg-type]
        doc_type_evidence=meta.doc_type_evidence,
        period=meta.period,
        sections=extract_sections(layout),
        priorities=priorities,
        actions=actions,
        entities=entities,
        tables=build_tables(tables),
        quality=quality,
        taxonomy=choice,
        warnings=warnings,
    )

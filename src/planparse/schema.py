"""The public, versioned contract: what a parsed plan looks like as JSON.

Downstream tools and the accuracy harness read these field names, so changes
are additive within a major ``SCHEMA_VERSION``; renaming or removing a field
bumps the major version.
"""

from __future__ import annotations

import hashlib
import json
from typing import TYPE_CHECKING, Literal

from pydantic import BaseModel, ConfigDict, Field

if TYPE_CHECKING:
    import pandas as pd

SCHEMA_VERSION = "1.2"
SCHEMA_ID = f"urn:planparse:schema:plan:{SCHEMA_VERSION}"

DocType = Literal["strategy", "action_plan", "delivery_plan", "improvement_plan", "progress_report",
                  "performance_report", "risk_register", "local_development_scheme", "needs_assessment", "briefing",
                  "policy", "other"]
OwnerKind = Literal["agency", "person", "role", "group", "unknown"]
EntityLabel = Literal["AGENCY", "PERSON", "ROLE", "DATE"]
Rag = Literal["R", "A", "G"]
# how an action was found: a row of an action or progress table, a vertical key-value card, a labelled
# "What: / Who: / When:" block, an item of a commitment list under a priority, a "We will ..." sentence
ActionMethod = Literal["table", "card", "labelled_block", "list", "statement"]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Provenance(_Model):
    """Where a value was first read; carried, never reconstructed."""

    page: int | None = Field(None, description="1-based page number, where the source has pages")
    line: int | None = Field(None, description="1-based line in a text source")
    bbox: tuple[float, float, float, float] | None = Field(
        None, description="x0, top, x1, bottom in PDF points, where the source has geometry"
    )
    table_index: int | None = Field(None, description="0-based index into Plan.tables")
    row_index: int | None = Field(None, description="0-based data row within that table")


class Source(_Model):
    path: str
    sha256: str
    format: Literal["text", "pdf", "docx", "odt", "html", "xlsx", "csv"]
    url: str | None = Field(None, description="the address the plan was downloaded from, when it was given as a URL")
    pages: int | None = None
    encoding: str | None = Field(None, description="text encoding detected for text sources")


PublisherKind = Literal["council", "police", "pcc", "nhs", "fire", "partnership", "combined_authority",
                        "national", "other"]


class Organisation(_Model):
    """The body that published the plan, resolved against public registers where one lists it."""

    name: str | None = Field(None, description="official name ('West Sussex County Council')")
    short_name: str | None = Field(
        None, description="short name as the plan uses it ('West Sussex', 'RBWM'); Comparison labels are unique")
    kind: PublisherKind | None = Field(None, description="what sort of body: a council, a police force, an NHS body ...")
    gss_code: str | None = Field(None, description="ONS GSS code of a council ('E10000032'), to join ONS data")
    code: str | None = Field(None, description="the register's three-letter code of a council ('WSX')")
    register_id: str | None = Field(None, description="the body's id in the register that lists it")
    evidence: str | None = Field(None, description="the words in the plan that named it")


class Period(_Model):
    """The years a plan covers, as its title states them ('2022-24'; a quarter 'Q3 2024/25' has dates)."""

    start_year: int | None = None
    end_year: int | None = None
    start: str | None = Field(None, description="ISO date the period starts, where it is given to the month")
    end: str | None = Field(None, description="ISO date the period ends, where it is given to the month")
    label: str | None = Field(None, description="the period as printed")


class Section(_Model):
    """One node of the heading tree."""

    title: str
    level: int
    number: str | None = Field(None, description="numbering as printed: '6.2', '1a', 'AIM 1'")
    provenance: Provenance = Field(default_factory=Provenance)
    children: list[Section] = Field(default_factory=list)


class ThemeMatch(_Model):
    """Why a theme was chosen: the score and the words that matched, for a researcher to check."""

    theme: str
    score: float = Field(description="0-1; higher is surer")
    evidence: list[str] = Field(default_factory=list, description="keywords/examples that matched")


class TaxonomyChoice(_Model):
    """Which set of themes a plan was matched against, and why (1.1, additive).

    Plans of different domains need different themes: a climate plan has no
    'victim support'. The taxonomy is chosen from the plan's own words unless
    the caller names one, and where no bundled taxonomy fits, none is forced.
    """

    id: str | None = Field(None, description="the taxonomy's id; None when no taxonomy fits the plan")
    label: str | None = None
    chosen: Literal["given", "domain", "none"] = Field(
        "domain", description="given: named by the caller; domain: chosen by the plan's words; none: no fit")
    score: float | None = Field(None, description="0-1: the chosen domain's share of the domain words found")
    evidence: list[str] = Field(default_factory=list, description="domain words that decided it")


class Priority(_Model):
    key: str
    title: str
    description: str | None = None
    theme: str | None = None
    theme_score: float | None = None
    theme_evidence: list[str] = Field(default_factory=list)
    provenance: Provenance = Field(default_factory=Provenance)


class Owner(_Model):
    name: str
    kind: OwnerKind = "unknown"
    role: str | None = Field(None, description="a person's bracketed or appended role")
    canonical: str | None = Field(None, description="canonical name shared across plans (agencies)")
    canonical_id: str | None = Field(
        None, description="stable id of the canonical agency: its register code where a register lists it "
                          "(a council's ONS GSS code), else an id derived from the canonical name")
    note: str | None = Field(None, description="prose around the party in the cell: 'when in post', 'to lead'")


class Timescale(_Model):
    raw: str
    start: str | None = Field(None, description="ISO date the work starts, where stated or implied")
    end: str | None = Field(None, description="ISO date it is due (end of the stated period)")
    ongoing: bool = False
    confidence: float | None = Field(None, description="0-1: how sure the resolution is")


class Status(_Model):
    rag: Rag | None = None
    progress: str | None = None


class Action(_Model):
    id: str = Field(description="stable across runs: derived from the source hash, ref and text")
    ref: str | None = None
    priority_key: str | None = None
    text: str
    outcome: str | None = None
    output: str | None = None
    owners: list[Owner] = Field(default_factory=list)
    owners_raw: str | None = Field(None, description="the owner cell as written")
    priority_level: str | None = None
    timescale: Timescale | None = None
    status: Status = Field(default_factory=Status)
    group: str | None = Field(None, description="group label of a grouping column or full-width row")
    theme: str | None = None
    extra: dict[str, str] = Field(default_factory=dict, description="every other column, header -> cell")
    inherited: list[str] = Field(
        default_factory=list, description="fields filled down from the row above (merged cells)"
    )
    provenance: Provenance = Field(default_factory=Provenance)
    method: ActionMethod = Field("table", description="how the action was found in the document")
    confidence: float = Field(1.0, description="0-1: how sure the extraction is; see flags for why it is lower")
    flags: list[str] = Field(default_factory=list, description="what lowered the confidence, for a reader to check")


class PlanQuality(_Model):
    """A parsing report for the whole plan: which extractions a researcher should check first."""

    actions: int = 0
    by_method: dict[str, int] = Field(default_factory=dict, description="actions found per method")
    mean_confidence: float | None = Field(None, description="mean action confidence, 0-1")
    low_confidence: int = Field(0, description="actions with confidence below 0.6")
    unlinked_actions: int = Field(0, description="actions under no priority although the plan has priorities")
    priorities_from: str | None = Field(
        None, description="where the priorities came from: list, markers, headings, table or none")
    score: float | None = Field(None, description="0-1 summary: mean confidence, lowered by plan-level flags")
    flags: list[str] = Field(default_factory=list, description="plan-level problems worth a look")


class Entity(_Model):
    text: str
    label: EntityLabel
    count: int = 1
    canonical: str | None = None
    canonical_id: str | None = None
    pages: list[int] = Field(default_factory=list)


class TableColumn(_Model):
    header: str
    field: str | None = Field(None, description="action field the header mapped to, if any")
    score: float | None = Field(None, description="fuzzy match score of the mapping, 0-100")


class Table(_Model):
    columns: list[TableColumn]
    rows: list[list[str]]
    kind: Literal["actions", "risks", "timetable", "other"] = "other"
    is_action_table: bool = False
    pages: list[int] = Field(default_factory=list, description="pages the table spans (PDF)")
    provenance: Provenance = Field(default_factory=Provenance)


class Plan(_Model):
    """One parsed plan: what it is, whose it is, its priorities and actions, and how sure the parse is."""

    schema_version: str = Field(SCHEMA_VERSION, description="version of this schema the document follows",
                                json_schema_extra={"const": SCHEMA_VERSION})
    planparse_version: str = Field("", description="version of planparse that wrote it")
    source: Source = Field(description="the file it was read from")
    title: str | None = Field(None, description="the plan's title as its cover prints it")
    organisation: Organisation = Field(default_factory=Organisation, description="the publisher")
    co_publishers: list[Organisation] = Field(default_factory=list,
                                              description="partners named as publishing the plan with it")
    doc_type: DocType = Field("other", description="what kind of document it is")
    doc_type_evidence: str | None = Field(None, description="the words that decided doc_type")
    period: Period | None = Field(None, description="the years the plan covers, from its title")
    sections: list[Section] = Field(default_factory=list, description="the heading tree")
    priorities: list[Priority] = Field(default_factory=list, description="the plan's own strategic priorities")
    actions: list[Action] = Field(default_factory=list, description="every action, in document order")
    entities: list[Entity] = Field(default_factory=list, description="agencies, people and roles named")
    tables: list[Table] = Field(default_factory=list, description="every table, action table or not")
    quality: PlanQuality = Field(default_factory=PlanQuality, description="the parsing report")
    taxonomy: TaxonomyChoice | None = Field(None, description="the themes' taxonomy and why (None: not recorded)")
    warnings: list[str] = Field(default_factory=list, description="what the reader or extractors noticed")

    def actions_frame(self) -> pd.DataFrame:
        """One row per action, owners joined with '; ', provenance as columns."""
        import pandas as pd  # imported when a frame is asked for: a batch worker never pays its 70 MB

        return pd.DataFrame([_action_row(self, a) for a in self.actions], columns=ACTION_COLUMNS)

    def to_json(self, indent: int | None = 2) -> str:
        return self.model_dump_json(indent=indent)


ACTION_COLUMNS = [
    "source", "organisation", "action_id", "ref", "priority_key", "priority_title", "text",
    "outcome", "output", "owners", "owner_kinds", "priority_level", "timescale", "rag",
    "progress", "group", "page", "line", "table_index", "row_index", "method", "confidence",
]


def _action_row(plan: Plan, a: Action) -> dict[str, object]:
    titles = {p.key: p.title for p in plan.priorities}
    return {
        "source": plan.source.path,
        "organisation": plan.organisation.name,
        "action_id": a.id,
        "ref": a.ref,
        "priority_key": a.priority_key,
        "priority_title": titles.get(a.priority_key or ""),
        "text": a.text,
        "outcome": a.outcome,
        "output": a.output,
        "owners": "; ".join(o.name for o in a.owners),
        "owner_kinds": "; ".join(o.kind for o in a.owners),
        "priority_level": a.priority_level,
        "timescale": a.timescale.raw if a.timescale else None,
        "rag": a.status.rag,
        "progress": a.status.progress,
        "group": a.group,
        "page": a.provenance.page,
        "line": a.provenance.line,
        "table_index": a.provenance.table_index,
        "row_index": a.provenance.row_index,
        "method": a.method,
        "confidence": a.confidence,
    }


def to_frame(plans: list[Plan]) -> pd.DataFrame:
    """All actions of many plans in one DataFrame (same columns as actions_frame)."""
    import pandas as pd

    frames = [p.actions_frame() for p in plans]
    if not frames:
        return pd.DataFrame(columns=ACTION_COLUMNS)
    return pd.concat(frames, ignore_index=True)


def action_id(sha256: str, ref: str | None, text: str) -> str:
    """Stable id: same document bytes and same action give the same id on every run."""
    digest = hashlib.sha1(f"{sha256}\x1f{ref or ''}\x1f{text}".encode()).hexdigest()
    return f"a-{digest[:12]}"


def json_schema() -> str:
    """The published JSON Schema: draft 2020-12, with an $id that names this schema version."""
    schema = {"$schema": "https://json-schema.org/draft/2020-12/schema", "$id": SCHEMA_ID,
              **Plan.model_json_schema()}
    return json.dumps(schema, indent=2)

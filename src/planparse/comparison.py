"""Compare many plans: themes, agencies, timescales and which priorities correspond.

The point of normalising plans is to put them side by side: which councils give a
priority to perpetrators, who leads the work where, when it is due, and which of
Wokingham's priorities is West Berkshire's "Act before harm". `compare(plans)`
answers each as a pandas DataFrame (so a researcher can filter, join and plot),
and `Comparison` renders them as Markdown, CSV files or one self-contained HTML page.

Themes come from the taxonomy each plan was themed with (chosen per plan from
its domain, or none where no taxonomy fits), or from one taxonomy given for
all. Priority alignment mixes the similarity of two priorities' theme profiles
(zero across different taxonomies) with the similarity of their words, then
pairs them one-to-one, best pairs first, leaving a priority unpaired when
nothing fits. A shared theme alone never makes a pair: the two priorities'
titles or words must also have something in common, or "Breaking drug supply
chains" would pair with any other priority filed under the same theme.

The HTML page is for reading on a laptop: tables wrap rather than scroll
sideways, and every action links back to its plan (the page of a PDF).
"""

from __future__ import annotations

import base64
import html
import textwrap
import io
import math
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
from rapidfuzz import fuzz

from planparse.enrich.timescales import financial_year
from planparse.enrich.themes import (
    STOPWORDS,
    Taxonomy,
    TaxonomyError,
    TaxonomyLike,
    ThemeProfile,
    ThemeScorer,
    assign_themes,
    load_taxonomy,
    words,
)
from planparse.schema import Action, Plan, Priority, TaxonomyChoice

# Weights of the three similarities in a pair's score. The theme profile carries most
# of the meaning ("Act before harm" and "Prevention and early intervention" share no
# word); titles and vocabulary separate priorities of the same theme.
ALIGN_WEIGHTS: tuple[tuple[str, float], ...] = (("theme", 0.70), ("title", 0.15), ("words", 0.15))
# A pair scoring below this is no correspondence: a plan without a "system" priority
# leaves the other plan's "Working in partnership" unpaired rather than forcing a match.
ALIGN_THRESHOLD = 0.5
# rapidfuzz token_sort_ratio between unrelated short titles is rarely below this; the
# title similarity counts only what rises above it.
TITLE_NOISE = 0.3
# A pair needs evidence in its words whatever its themes: a content word the two titles share
# (one that most priorities do not use), or this much similarity of their vocabularies (titles, descriptions and actions, tf-idf).
# Two priorities that share a theme and next to no words ("Breaking drug supply chains" and a
# suicide plan's priority, 0.04) are no correspondence, however alike their theme profiles.
# (The title similarity in the score is no evidence here: for long titles its noise is ~0.2.)
MIN_WORD_EVIDENCE = 0.05
AGENCY_KINDS = frozenset({"agency", "group"})
UNKNOWN = "unknown"
NO_THEME = "(none)"


@dataclass(frozen=True)
class PriorityPair:
    """One row of an alignment: a priority of plan A, its counterpart in plan B (or None), and why."""

    plan_a: str
    plan_b: str
    a: Priority | None
    b: Priority | None
    score: float | None
    theme_similarity: float | None = None
    title_similarity: float | None = None
    word_similarity: float | None = None


@dataclass(frozen=True)
class Comparison:
    """All comparison tables; each is a DataFrame with one column per plan where that makes sense."""

    plans: pd.DataFrame  # one row per plan: label, organisation, title, period, taxonomy, source, counts
    themes: pd.DataFrame  # theme x plan: the priority titles under each theme, with their action counts
    theme_actions: pd.DataFrame  # theme x plan: number of actions whose own theme it is
    agencies: pd.DataFrame  # agency x plan: number of actions each agency/group leads or co-leads
    timescales: pd.DataFrame  # UK financial year (or 'unknown') x plan: actions due that year
    alignment: pd.DataFrame  # one row per priority pair, plus unpaired priorities
    actions: pd.DataFrame = field(default_factory=pd.DataFrame)  # one row per action, with where to find it
    taxonomy_label: str = ""

    def frames(self) -> dict[str, pd.DataFrame]:
        """The tables by name, in reading order (the names are the CSV file stems)."""
        return {"plans": self.plans, "themes": self.themes, "theme_actions": self.theme_actions,
                "alignment": self.alignment, "agencies": self.agencies, "timescales": self.timescales,
                "actions": self.actions}

    def to_markdown(self) -> str:
        """The summary tables as GitHub Markdown, for the terminal or a README (the action list is in CSV/HTML)."""
        parts = []
        for name, frame in self.frames().items():
            if name == "actions":
                continue
            parts.append(f"## {TITLES[name]}\n\n{markdown_table(frame, index=name in INDEXED)}")
        return "\n\n".join(parts) + "\n"

    def to_csv(self, directory: str | Path) -> list[Path]:
        """One <table>.csv per table in `directory` (created); returns the paths written."""
        directory = Path(directory)
        directory.mkdir(parents=True, exist_ok=True)
        written = []
        for name, frame in self.frames().items():
            path = directory / f"{name}.csv"
            frame.to_csv(path, index=name in INDEXED)
            written.append(path)
        return written

    def chart_png(self) -> bytes:
        """Grouped bars of actions per theme per plan, as PNG bytes (no pyplot: no global figure state)."""
        from matplotlib.backends.backend_agg import FigureCanvasAgg
        from matplotlib.figure import Figure

        counts = self.theme_actions
        fig = Figure(figsize=(9, 5), dpi=100)
        FigureCanvasAgg(fig)
        ax = fig.add_subplot()
        n = max(len(counts.columns), 1)
        width = 0.8 / n
        xs = range(len(counts.index))
        for i, plan in enumerate(counts.columns):
            ax.bar([x + (i - (n - 1) / 2) * width for x in xs], counts[plan].tolist(), width, label=str(plan))
        # theme labels of two taxonomies are long: wrapped and slanted so they never run into each other
        ax.set_xticks(list(xs), [textwrap.fill(str(t), 22) for t in counts.index], rotation=30, ha="right",
                      fontsize="small")
        ax.set_ylabel("actions")
        ax.set_title("Actions per theme per plan")
        ax.legend(fontsize="small")
        ax.grid(axis="y", alpha=0.3)
        fig.tight_layout()
        buf = io.BytesIO()
        fig.savefig(buf, format="png")
        return buf.getvalue()

    def to_html(self, title: str = "Plan comparison") -> str:
        """One self-contained page: the chart inlined as a base64 PNG and every table; nothing loaded from elsewhere.

        Each action links to its source (a file: or http(s) address, with
        #page=N for a PDF page), so a researcher can check it in the plan.
        """
        png = base64.b64encode(self.chart_png()).decode("ascii")
        sections = []
        for name, frame in self.frames().items():
            if name == "actions":
                table = _actions_html(frame)
            else:
                flat = frame.reset_index() if name in INDEXED else frame  # row labels as a named first column
                table = flat.to_html(index=False, na_rep="", border=0, classes="t", escape=True)
            sections.append(f'<h2 id="{name}">{html.escape(TITLES[name])}</h2>\n{table}')
        return _PAGE.format(
            title=html.escape(title), subtitle=html.escape(self.taxonomy_label), png=png,
            alt=html.escape("Bar chart: actions per theme for each plan"), body="\n".join(sections),
        )


# tables whose row labels are data (themes, agencies, years); the others are plain records
INDEXED = frozenset({"themes", "theme_actions", "agencies", "timescales"})

TITLES = {
    "plans": "Plans",
    "themes": "Themes × plans (priorities under each theme, with their number of actions)",
    "theme_actions": "Actions per theme (each action's own theme)",
    "alignment": "Priority alignment across plans",
    "agencies": "Agencies × plans (actions led)",
    "timescales": "Timescale spread (actions due per UK financial year)",
    "actions": "Actions, each linked to where it is in its plan",
}

_PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{title}</title>
<style>
* {{ box-sizing: border-box; }}
body {{ font-family: system-ui, -apple-system, "Segoe UI", sans-serif; margin: 2em auto; max-width: 1200px;
       padding: 0 1em; color: #222; }}
h1 {{ margin-bottom: 0.2em; }} .sub {{ color: #666; margin-top: 0; }}
table.t {{ border-collapse: collapse; margin: 0.5em 0 2em; font-size: 0.85em; width: 100%; table-layout: fixed; }}
table.t th, table.t td {{ border: 1px solid #ccc; padding: 4px 6px; vertical-align: top; text-align: left;
                         overflow-wrap: anywhere; hyphens: auto; }}
table.t thead th {{ background: #eef2f7; }} table.t tbody tr:nth-child(even) {{ background: #fafafa; }}
table.actions col.plan {{ width: 10%; }} table.actions col.priority {{ width: 17%; }}
table.actions col.theme {{ width: 11%; }} table.actions col.text {{ width: 36%; }}
table.actions col.owners {{ width: 14%; }} table.actions col.due {{ width: 12%; }}
img.chart {{ max-width: 100%; height: auto; border: 1px solid #ddd; }}
a {{ color: #1d4f91; }}
</style></head>
<body>
<h1>{title}</h1>
<p class="sub">Themes: {subtitle}</p>
<img class="chart" alt="{alt}" src="data:image/png;base64,{png}">
{body}
</body></html>
"""


def compare(plans: Sequence[Plan], taxonomy: TaxonomyLike = None, *,
            threshold: float = ALIGN_THRESHOLD) -> Comparison:
    """Compare plans side by side.

    ``taxonomy`` None: each plan keeps the taxonomy it was themed with (plans
    converted before taxonomies were chosen per plan get one chosen on a copy),
    and a plan no taxonomy fits has no themes. A taxonomy given: every plan is
    themed with it, on a copy where its stored themes are another taxonomy's.
    """
    given = load_taxonomy(taxonomy) if taxonomy is not None else None
    themed = [_themed(p, given) for p in plans]
    taxonomies = [_taxonomy_of(p, given) for p in themed]
    labels = plan_labels(themed)
    pairs: list[PriorityPair] = []
    scorers: dict[str, ThemeScorer] = {}
    for i in range(len(themed)):
        for j in range(i + 1, len(themed)):
            pairs.extend(_align(themed[i], themed[j], taxonomies[i], taxonomies[j], threshold,
                                (labels[i], labels[j]), scorers))
    rows = _theme_rows(themed, taxonomies)
    return Comparison(
        plans=_plans_frame(themed, labels, taxonomies),
        themes=_themes_frame(themed, labels, taxonomies, rows),
        theme_actions=_theme_actions_frame(themed, labels, taxonomies, rows),
        agencies=_agencies_frame(themed, labels),
        timescales=_timescales_frame(themed, labels),
        alignment=_alignment_frame(pairs),
        actions=_actions_frame(themed, labels, taxonomies),
        taxonomy_label=_taxonomy_summary(taxonomies),
    )


def plan_labels(plans: Sequence[Plan]) -> list[str]:
    """Short, unique column names: the publisher's short name; where two publishers share one ("WBC" for
    Wokingham and for West Berkshire) their full names; where one publisher has two plans, the period."""
    base = [p.organisation.short_name or p.organisation.name or Path(p.source.path).stem for p in plans]
    publishers: dict[str, set[str]] = {}
    for b, p in zip(base, plans):
        publishers.setdefault(b, set()).add(p.organisation.gss_code or p.organisation.name or b)
    base = [(p.organisation.name or b) if len(publishers[b]) > 1 else b for b, p in zip(base, plans)]
    counts = Counter(base)
    labels = []
    for b, p in zip(base, plans):
        if counts[b] > 1 and p.period and p.period.start_year:
            b = f"{b} {p.period.start_year}-{str(p.period.end_year or '')[-2:]}"
        labels.append(b)
    seen: Counter[str] = Counter()
    out = []
    for b in labels:
        seen[b] += 1
        out.append(b if seen[b] == 1 and labels.count(b) == 1 else f"{b} ({seen[b]})")
    return out


def align_priorities(a: Plan, b: Plan, taxonomy: TaxonomyLike = None, *, threshold: float = ALIGN_THRESHOLD,
                     labels: tuple[str, str] | None = None, scorer: ThemeScorer | None = None) -> list[PriorityPair]:
    """Pair each priority of `a` with at most one of `b`, best-scoring pairs first.

    Greedy max-weight matching: take the highest-scoring pair, drop both priorities, repeat
    while scores reach `threshold`. With a handful of priorities per plan this is what an
    analyst would do by hand, and every pair it makes is the best one left (no pair is
    made worse to improve a total). A pair also needs evidence in its words: a title word
    in common or MIN_WORD_EVIDENCE vocabulary similarity. Unpaired priorities are listed with b or a None. ``taxonomy``
    None: each plan's own (see compare); ``scorer``: a ThemeScorer of the taxonomy to use for both.
    """
    if scorer is not None:
        given: Taxonomy | None = scorer.taxonomy
    else:
        given = load_taxonomy(taxonomy) if taxonomy is not None else None
    a, b = _themed(a, given), _themed(b, given)
    scorers = {scorer.taxonomy.id: scorer} if scorer is not None else {}
    return _align(a, b, _taxonomy_of(a, given), _taxonomy_of(b, given), threshold,
                  labels or tuple(plan_labels([a, b])), scorers)  # type: ignore[arg-type]


def _align(a: Plan, b: Plan, tax_a: Taxonomy | None, tax_b: Taxonomy | None, threshold: float,
           labels: tuple[str, str], scorers: dict[str, ThemeScorer]) -> list[PriorityPair]:
    la, lb = labels
    prof_a = [_profile(_scorer(scorers, tax_a), a, p) for p in a.priorities]
    prof_b = [_profile(_scorer(scorers, tax_b), b, q) for q in b.priorities]
    bags_a = [_bag(a, p) for p in a.priorities]
    bags_b = [_bag(b, q) for q in b.priorities]
    idf = _idf(bags_a + bags_b)
    candidates: list[tuple[float, int, int, float, float, float]] = []
    for i, p in enumerate(a.priorities):
        for j, q in enumerate(b.priorities):
            theme = _cosine_dict(prof_a[i], prof_b[j])  # themes of different taxonomies never meet: 0
            title = _title_similarity(p.title, q.title)
            vocab = _cosine_dict(_tfidf(bags_a[i], idf), _tfidf(bags_b[j], idf))
            if vocab < MIN_WORD_EVIDENCE and not _shared_title_words(p.title, q.title, idf, len(bags_a + bags_b)):
                continue  # a shared theme and next to nothing else in common is no correspondence
            parts = {"theme": theme, "title": title, "words": vocab}
            score = sum(parts[name] * w for name, w in ALIGN_WEIGHTS)
            candidates.append((score, i, j, theme, title, vocab))
    candidates.sort(key=lambda c: (-c[0], c[1], c[2]))
    used_a: set[int] = set()
    used_b: set[int] = set()
    pairs: list[PriorityPair] = []
    for score, i, j, theme, title, vocab in candidates:
        if score < threshold:
            break
        if i in used_a or j in used_b:
            continue
        used_a.add(i)
        used_b.add(j)
        pairs.append(PriorityPair(la, lb, a.priorities[i], b.priorities[j], round(score, 3),
                                  round(theme, 3), round(title, 3), round(vocab, 3)))
    pairs.sort(key=lambda pp: a.priorities.index(pp.a) if pp.a is not None else 0)
    pairs += [PriorityPair(la, lb, p, None, None) for i, p in enumerate(a.priorities) if i not in used_a]
    pairs += [PriorityPair(la, lb, None, q, None) for j, q in enumerate(b.priorities) if j not in used_b]
    return pairs


def _scorer(scorers: dict[str, ThemeScorer], taxonomy: Taxonomy | None) -> ThemeScorer | None:
    if taxonomy is None:
        return None
    if taxonomy.id not in scorers:
        scorers[taxonomy.id] = ThemeScorer(taxonomy)
    return scorers[taxonomy.id]


def load_plans(directory: str | Path) -> tuple[list[Plan], list[tuple[Path, str]]]:
    """Every converted plan (*.json, *.jsonl) in `directory`, sorted by file name, and the files skipped with why.

    A folder of outputs may hold other JSON (the manifest, an evaluation report, a schema): those are
    skipped, not fatal, so one stray file does not stop a comparison. A folder of plan files rather
    than converted JSON is parsed.
    """
    from planparse.batch.load import load_with_skipped

    directory = Path(directory)
    if not any(directory.glob("*.json")) and not any(directory.glob("*.jsonl")):
        return _parse_folder(directory)
    return load_with_skipped(directory)


def _parse_folder(directory: Path) -> tuple[list[Plan], list[tuple[Path, str]]]:
    """A folder of plan files rather than converted JSON (`planparse compare corpora/`): parse them."""
    from planparse.batch import expand_inputs
    from planparse.errors import PlanparseError
    from planparse.pipeline import parse

    plans: list[Plan] = []
    skipped: list[tuple[Path, str]] = []
    for path in expand_inputs([directory]):
        try:
            plans.append(parse(path))
        except PlanparseError as exc:
            skipped.append((path, str(exc)))
    return plans, skipped


def markdown_table(frame: pd.DataFrame, index: bool = True) -> str:
    """A GitHub Markdown table (pandas' own needs the optional 'tabulate'); pipes and newlines escaped."""
    def cell(v: object) -> str:
        if v is None or (isinstance(v, float) and math.isnan(v)):
            return ""
        return str(v).replace("|", "\\|").replace("\n", " ")

    header = ([str(frame.index.name or "")] if index else []) + [str(c) for c in frame.columns]
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    for idx, row in zip(frame.index, frame.itertuples(index=False)):
        cells = ([cell(idx)] if index else []) + [cell(v) for v in row]
        lines.append("| " + " | ".join(cells) + " |")
    if frame.empty:
        lines.append("| " + " | ".join("" for _ in header) + " |")
    return "\n".join(lines)


# -- tables -----------------------------------------------------------------------------


def _themed(plan: Plan, taxonomy: Taxonomy | None) -> Plan:
    """The plan as given when its themes come from `taxonomy` (its own when None), keeping any hand
    corrections; else a themed copy: plans converted before themes or taxonomies were chosen per plan,
    themes cleared, or another taxonomy's themes."""
    if taxonomy is None:
        choice = plan.taxonomy
        if choice is not None and choice.id is None:
            return plan  # no taxonomy fits this plan: it has no themes to compare
        try:
            own = load_taxonomy(choice.id) if choice is not None and choice.id else None
        except TaxonomyError:  # themed with a user's file that is not at hand: its themes are kept as they are
            return plan
    else:
        own = taxonomy
    if own is not None:
        ids = set(own.theme_ids)
        stored = [p.theme for p in plan.priorities] + [a.theme for a in plan.actions]
        if any(t is not None for t in stored) and all(t is None or t in ids for t in stored):
            if plan.taxonomy is not None and plan.taxonomy.id == own.id:
                return plan
            copy = plan.model_copy(deep=True)
            copy.taxonomy = TaxonomyChoice(id=own.id, label=own.label, chosen="given")
            return copy
    copy = plan.model_copy(deep=True)
    copy.taxonomy = assign_themes(copy.priorities, copy.actions, own, title=copy.title)
    return copy


def _taxonomy_of(plan: Plan, given: Taxonomy | None) -> Taxonomy | None:
    """The taxonomy a themed plan's theme ids belong to (None: no taxonomy fits it)."""
    if given is not None:
        return given
    if plan.taxonomy is None or not plan.taxonomy.id:
        return None
    try:
        return load_taxonomy(plan.taxonomy.id)
    except TaxonomyError:
        return None


def _taxonomy_summary(taxonomies: Sequence[Taxonomy | None]) -> str:
    """'Domestic abuse: ...' for one taxonomy; 'per plan: Domestic abuse (3), none fits (2)' for several."""
    distinct = list(dict.fromkeys(t.id if t else None for t in taxonomies))
    if len(distinct) == 1 and taxonomies and taxonomies[0] is not None:
        return taxonomies[0].label
    counts = Counter(t.short_label if t else "no taxonomy fits" for t in taxonomies)
    return "chosen per plan: " + ", ".join(f"{k} ({n})" for k, n in counts.items())


def _plans_frame(plans: Sequence[Plan], labels: Sequence[str],
                 taxonomies: Sequence[Taxonomy | None]) -> pd.DataFrame:
    rows = []
    for label, p, tax in zip(labels, plans, taxonomies):
        period = f"{p.period.start_year}-{p.period.end_year}" if p.period and p.period.start_year else None
        rows.append({"plan": label, "organisation": p.organisation.name, "gss_code": p.organisation.gss_code,
                     "title": p.title, "type": p.doc_type, "period": period,
                     "taxonomy": tax.short_label if tax else "none fits", "source": p.source.url or p.source.path,
                     "priorities": len(p.priorities), "actions": len(p.actions)})
    return pd.DataFrame(rows, columns=["plan", "organisation", "gss_code", "title", "type", "period", "taxonomy",
                                       "source", "priorities", "actions"])


def _theme_rows(plans: Sequence[Plan], taxonomies: Sequence[Taxonomy | None]) -> list[tuple[str, str]]:
    """(row key, label) per theme: each taxonomy in play in order, its themes in its order, then NO_THEME
    if some priority or action has none. Labels name the taxonomy when more than one is in play."""
    in_play = list({t.id: t for t in taxonomies if t is not None}.values())
    rows = []
    for tax in in_play:
        for theme in tax.themes:
            label = theme.label if len(in_play) == 1 else f"{tax.short_label}: {theme.label}"
            rows.append((f"{tax.id}/{theme.id}", label))
    if any(p.theme is None for plan in plans for p in plan.priorities) or any(
            a.theme is None for plan in plans for a in plan.actions):
        rows.append((NO_THEME, NO_THEME))
    return rows


def _theme_key(tax: Taxonomy | None, theme: str | None) -> str:
    return f"{tax.id}/{theme}" if tax is not None and theme is not None else NO_THEME


def _themes_frame(plans: Sequence[Plan], labels: Sequence[str], taxonomies: Sequence[Taxonomy | None],
                  rows: list[tuple[str, str]]) -> pd.DataFrame:
    data: dict[str, list[str]] = {}
    for label, plan, tax in zip(labels, plans, taxonomies):
        per_theme: dict[str, list[str]] = {key: [] for key, _ in rows}
        n_actions = Counter(a.priority_key for a in plan.actions)
        for p in plan.priorities:
            per_theme.setdefault(_theme_key(tax, p.theme), []).append(f"{p.title} ({n_actions.get(p.key, 0)})")
        data[label] = ["; ".join(per_theme[key]) for key, _ in rows]
    frame = pd.DataFrame(data, index=[name for _, name in rows])
    frame.index.name = "theme"
    return frame


def _theme_actions_frame(plans: Sequence[Plan], labels: Sequence[str], taxonomies: Sequence[Taxonomy | None],
                         rows: list[tuple[str, str]]) -> pd.DataFrame:
    data = {}
    for label, plan, tax in zip(labels, plans, taxonomies):
        counts = Counter(_theme_key(tax, a.theme) for a in plan.actions)
        data[label] = [counts.get(key, 0) for key, _ in rows]
    frame = pd.DataFrame(data, index=[name for _, name in rows], dtype="int64")
    frame.index.name = "theme"
    return frame


ACTION_LIST_COLUMNS = ["plan", "priority", "theme", "ref", "action", "owners", "due", "where", "link"]


def _actions_frame(plans: Sequence[Plan], labels: Sequence[str],
                   taxonomies: Sequence[Taxonomy | None]) -> pd.DataFrame:
    """Every action with its plan, priority, theme, owners and due date, and where to find it in the source."""
    rows = []
    for label, plan, tax in zip(labels, plans, taxonomies):
        titles = {p.key: p.title for p in plan.priorities}
        for a in plan.actions:
            rows.append({"plan": label, "priority": titles.get(a.priority_key or ""),
                         "theme": tax.label_of(a.theme) if tax is not None and a.theme else None,
                         "ref": a.ref, "action": a.text, "owners": "; ".join(o.name for o in a.owners) or None,
                         "due": a.timescale.raw if a.timescale else None, "where": where(plan, a),
                         "link": source_link(plan, a)})
    return pd.DataFrame(rows, columns=ACTION_LIST_COLUMNS)


def where(plan: Plan, action: Action) -> str | None:
    """Where the action is in its source, in the words of its format: 'p. 35', 'sheet 1, row 7', 'line 40'."""
    prov = action.provenance
    if plan.source.format == "xlsx" and prov.page and prov.line:
        return f"sheet {prov.page}, row {prov.line}"
    if prov.page:
        return f"p. {prov.page}"
    if prov.line:
        return f"{'row' if plan.source.format == 'csv' else 'line'} {prov.line}"
    return None


def source_link(plan: Plan, action: Action | None = None) -> str | None:
    """An address for the plan's source: its URL, else its file (file: URI), with #page=N for a PDF page."""
    base = plan.source.url
    if base is None:
        path = Path(plan.source.path)
        try:
            base = path.resolve().as_uri() if path.exists() else None
        except (OSError, ValueError):
            base = None
    if base is None:
        return None
    page = action.provenance.page if action is not None else None
    return f"{base}#page={page}" if page and plan.source.format == "pdf" else base


def _cell_text(value: object) -> str:
    """A table value as text: '' for None and pandas' NaN (a column of blanks comes back as floats)."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    return str(value)


def _actions_html(frame: pd.DataFrame) -> str:
    """The action list as a fixed-layout table whose action texts link to their source."""
    columns = ["plan", "priority", "theme", "text", "owners", "due"]
    head = "".join(f'<col class="{c}">' for c in columns)
    titles = "".join(f"<th>{html.escape(t)}</th>" for t in ("Plan", "Priority", "Theme", "Action", "Owners",
                                                           "Due (where)"))
    body = []
    for r in frame.itertuples(index=False):
        ref, action, link, where_, due_ = (_cell_text(v) for v in (r.ref, r.action, r.link, r.where, r.due))
        text = html.escape(f"{ref} {action}" if ref else action)
        if link:
            text = f'<a href="{html.escape(link, quote=True)}">{text}</a>'
        due = html.escape(due_)
        if where_:
            due += f' <span class="sub">({html.escape(where_)})</span>'
        cells = [html.escape(_cell_text(v)) for v in (r.plan, r.priority, r.theme)] + [
            text, html.escape(_cell_text(r.owners)), due]
        body.append("<tr>" + "".join(f"<td>{c}</td>" for c in cells) + "</tr>")
    return (f'<table class="t actions"><colgroup>{head}</colgroup><thead><tr>{titles}</tr></thead>'
            f'<tbody>{"".join(body)}</tbody></table>')


def _agencies_frame(plans: Sequence[Plan], labels: Sequence[str]) -> pd.DataFrame:
    """Actions each agency or group leads (or co-leads); one action counts once per agency.

    The canonical name, where a canonicaliser set one, merges spellings across plans;
    otherwise the name as written, merged only across case and spacing.
    """
    display: dict[str, str] = {}
    counts: dict[str, Counter[str]] = {}
    for label, plan in zip(labels, plans):
        for a in plan.actions:
            keys = set()
            for o in a.owners:
                if o.kind not in AGENCY_KINDS:
                    continue
                name = " ".join((o.canonical or o.name).split())
                key = name.casefold()
                display.setdefault(key, name)
                keys.add(key)
            for key in keys:
                counts.setdefault(key, Counter())[label] += 1
    order = sorted(counts, key=lambda k: (-sum(counts[k].values()), display[k].casefold()))
    frame = pd.DataFrame({label: [counts[k][label] for k in order] for label in labels},
                         index=[display[k] for k in order], dtype="int64")
    frame.index.name = "agency"
    return frame


def _timescales_frame(plans: Sequence[Plan], labels: Sequence[str]) -> pd.DataFrame:
    """Actions due per UK financial year, from the resolved end date; no end date counts as 'unknown'."""
    per_plan = [Counter(financial_year(a.timescale.end if a.timescale else None) or UNKNOWN for a in plan.actions)
                for plan in plans]
    years = sorted({y for c in per_plan for y in c if y != UNKNOWN})
    rows = years + ([UNKNOWN] if any(c.get(UNKNOWN) for c in per_plan) else [])
    frame = pd.DataFrame({label: [c.get(r, 0) for r in rows] for label, c in zip(labels, per_plan)},
                         index=rows, dtype="int64")
    frame.index.name = "financial_year"
    return frame


ALIGNMENT_COLUMNS = ["plan_a", "key_a", "priority_a", "theme_a", "plan_b", "key_b", "priority_b", "theme_b",
                     "score", "theme_similarity", "title_similarity", "word_similarity"]


def _alignment_frame(pairs: Iterable[PriorityPair]) -> pd.DataFrame:
    rows = [{
        "plan_a": pp.plan_a, "key_a": pp.a.key if pp.a else None, "priority_a": pp.a.title if pp.a else None,
        "theme_a": pp.a.theme if pp.a else None,
        "plan_b": pp.plan_b, "key_b": pp.b.key if pp.b else None, "priority_b": pp.b.title if pp.b else None,
        "theme_b": pp.b.theme if pp.b else None,
        "score": pp.score, "theme_similarity": pp.theme_similarity, "title_similarity": pp.title_similarity,
        "word_similarity": pp.word_similarity,
    } for pp in pairs]
    return pd.DataFrame(rows, columns=ALIGNMENT_COLUMNS)


# -- similarity -------------------------------------------------------------------------


def _profile(scorer: ThemeScorer | None, plan: Plan, priority: Priority) -> dict[str, float]:
    """The priority's theme profile keyed 'taxonomy/theme', so profiles of different taxonomies never overlap."""
    if scorer is None:
        return {}
    profile: ThemeProfile = scorer.profile_priority(priority, [a for a in plan.actions
                                                               if a.priority_key == priority.key])
    return {f"{scorer.taxonomy.id}/{k}": v for k, v in profile.scores.items() if v}


def _content_words(text: str) -> list[str]:
    """Content words with a plural 's' dropped: enough normalisation to compare vocabularies."""
    out = []
    for w in words(text):
        if w in STOPWORDS or len(w) < 3 or w.isdigit():
            continue
        out.append(w[:-1] if w.endswith("s") and not w.endswith("ss") else w)
    return out


def _bag(plan: Plan, priority: Priority) -> Counter[str]:
    texts = [priority.title, priority.description or ""]
    texts += [a.text for a in plan.actions if a.priority_key == priority.key]
    return Counter(_content_words(" ".join(texts)))


def _idf(bags: Sequence[Counter[str]]) -> dict[str, float]:
    """Inverse document frequency over the two plans' priorities: words every priority uses
    ('domestic', 'abuse') say nothing about which priorities correspond."""
    df: Counter[str] = Counter(w for bag in bags for w in bag)
    n = len(bags)
    return {w: math.log(1 + n / c) for w, c in df.items()}


def _tfidf(bag: Counter[str], idf: dict[str, float]) -> dict[str, float]:
    return {w: (1 + math.log(c)) * idf.get(w, 0.0) for w, c in bag.items()}


def _cosine_dict(a: dict[str, float], b: dict[str, float]) -> float:
    na = math.sqrt(sum(v * v for v in a.values()))
    nb = math.sqrt(sum(v * v for v in b.values()))
    if not na or not nb:
        return 0.0
    return sum(v * b.get(k, 0.0) for k, v in a.items()) / (na * nb)


def _shared_title_words(a: str, b: str, idf: dict[str, float], n: int) -> set[str]:
    """Content words both titles use (plurals folded) that fewer than half the two plans' priorities use:
    'people' or 'support' in two titles is no sign that the priorities correspond."""
    generic = math.log(1 + 2)  # the idf of a word in half the priorities (see _idf)
    return {w for w in set(_content_words(a)) & set(_content_words(b)) if n < 4 or idf.get(w, 0.0) > generic}


def _title_similarity(a: str, b: str) -> float:
    """rapidfuzz token-sort similarity of the titles' content words, rescaled above the noise floor."""
    ca, cb = " ".join(_content_words(a)), " ".join(_content_words(b))
    if not ca or not cb:
        return 0.0
    raw = fuzz.token_sort_ratio(ca, cb) / 100
    return max(0.0, (raw - TITLE_NOISE) / (1 - TITLE_NOISE))

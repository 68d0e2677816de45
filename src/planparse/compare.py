"""Compare many plans: themes, agencies, timescales and which priorities correspond.

The point of normalising plans is to put them side by side: which councils give a
priority to perpetrators, who leads the work where, when it is due, and which of
Wokingham's priorities is West Berkshire's "Act before harm". `compare(plans)`
answers each as a pandas DataFrame (so a researcher can filter, join and plot),
and `Comparison` renders them as Markdown, CSV files or one self-contained HTML page.

Themes come from the same taxonomy the pipeline used (default: the four
domestic-abuse pillars); priority alignment mixes the similarity of two
priorities' theme profiles with the similarity of their words, then pairs them
one-to-one, best pairs first, leaving a priority unpaired when nothing fits.
"""

from __future__ import annotations

import base64
import html
import io
import math
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pandas as pd
from pydantic import ValidationError
from rapidfuzz import fuzz

from planparse.enrich.themes import (
    STOPWORDS,
    Taxonomy,
    TaxonomyLike,
    ThemeProfile,
    ThemeScorer,
    assign_themes,
    load_taxonomy,
    words,
)
from planparse.schema import Plan, Priority

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

    plans: pd.DataFrame  # one row per plan: label, organisation, title, period, source, counts
    themes: pd.DataFrame  # theme x plan: the priority titles under each theme, with their action counts
    theme_actions: pd.DataFrame  # theme x plan: number of actions whose own theme it is
    agencies: pd.DataFrame  # agency x plan: number of actions each agency/group leads or co-leads
    timescales: pd.DataFrame  # UK financial year (or 'unknown') x plan: actions due that year
    alignment: pd.DataFrame  # one row per priority pair, plus unpaired priorities
    taxonomy_label: str = ""

    def frames(self) -> dict[str, pd.DataFrame]:
        """The tables by name, in reading order (the names are the CSV file stems)."""
        return {"plans": self.plans, "themes": self.themes, "theme_actions": self.theme_actions,
                "alignment": self.alignment, "agencies": self.agencies, "timescales": self.timescales}

    def to_markdown(self) -> str:
        """All tables as GitHub Markdown, for the terminal or a README."""
        parts = []
        for name, frame in self.frames().items():
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
        fig = Figure(figsize=(9, 4.5), dpi=100)
        FigureCanvasAgg(fig)
        ax = fig.add_subplot()
        n = max(len(counts.columns), 1)
        width = 0.8 / n
        xs = range(len(counts.index))
        for i, plan in enumerate(counts.columns):
            ax.bar([x + (i - (n - 1) / 2) * width for x in xs], counts[plan].tolist(), width, label=str(plan))
        ax.set_xticks(list(xs), [str(t) for t in counts.index])
        ax.set_ylabel("actions")
        ax.set_title("Actions per theme per plan")
        ax.legend(fontsize="small")
        ax.grid(axis="y", alpha=0.3)
        fig.tight_layout()
        buf = io.BytesIO()
        fig.savefig(buf, format="png")
        return buf.getvalue()

    def to_html(self, title: str = "Plan comparison") -> str:
        """One self-contained page: the chart inlined as a base64 PNG and every table; no external links."""
        png = base64.b64encode(self.chart_png()).decode("ascii")
        sections = []
        for name, frame in self.frames().items():
            flat = frame.reset_index() if name in INDEXED else frame  # row labels as a named first column
            table = flat.to_html(index=False, na_rep="", border=0, classes="t", escape=True)
            sections.append(f'<h2>{html.escape(TITLES[name])}</h2>\n<div class="scroll">{table}</div>')
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
}

_PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{title}</title>
<style>
body {{ font-family: system-ui, -apple-system, "Segoe UI", sans-serif; margin: 2em auto; max-width: 1200px;
       padding: 0 1em; color: #222; }}
h1 {{ margin-bottom: 0.2em; }} .sub {{ color: #666; margin-top: 0; }}
table.t {{ border-collapse: collapse; margin: 0.5em 0 2em; font-size: 0.9em; }}
table.t th, table.t td {{ border: 1px solid #ccc; padding: 4px 8px; vertical-align: top; text-align: left; }}
table.t thead th {{ background: #eef2f7; }} table.t tbody tr:nth-child(even) {{ background: #fafafa; }}
img.chart {{ max-width: 100%; border: 1px solid #ddd; }}
.scroll {{ overflow-x: auto; }}
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
    """Compare plans side by side. Plans keep the themes they were given where those belong to
    `taxonomy`; plans converted without themes (or with another taxonomy's) are themed on a copy."""
    tax = load_taxonomy(taxonomy)
    themed = [_themed(p, tax) for p in plans]
    labels = plan_labels(themed)
    scorer = ThemeScorer(tax)
    pairs: list[PriorityPair] = []
    for i in range(len(themed)):
        for j in range(i + 1, len(themed)):
            pairs.extend(align_priorities(themed[i], themed[j], tax, threshold=threshold,
                                          labels=(labels[i], labels[j]), scorer=scorer))
    return Comparison(
        plans=_plans_frame(themed, labels),
        themes=_themes_frame(themed, labels, tax),
        theme_actions=_theme_actions_frame(themed, labels, tax),
        agencies=_agencies_frame(themed, labels),
        timescales=_timescales_frame(themed, labels),
        alignment=_alignment_frame(pairs),
        taxonomy_label=tax.label,
    )


def plan_labels(plans: Sequence[Plan]) -> list[str]:
    """Short, unique column names: the organisation's short name, with the period or file where two clash."""
    base = [p.organisation.short_name or p.organisation.name or Path(p.source.path).stem for p in plans]
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
    made worse to improve a total). Unpaired priorities are listed with b or a None.
    """
    scorer = scorer or ThemeScorer(taxonomy)
    ids = scorer.taxonomy.theme_ids
    la, lb = labels or tuple(plan_labels([a, b]))
    prof_a = [_profile(scorer, a, p) for p in a.priorities]
    prof_b = [_profile(scorer, b, q) for q in b.priorities]
    bags_a = [_bag(a, p) for p in a.priorities]
    bags_b = [_bag(b, q) for q in b.priorities]
    idf = _idf(bags_a + bags_b)
    candidates: list[tuple[float, int, int, float, float, float]] = []
    for i, p in enumerate(a.priorities):
        for j, q in enumerate(b.priorities):
            theme = _cosine_list(prof_a[i].vector(ids), prof_b[j].vector(ids))
            title = _title_similarity(p.title, q.title)
            vocab = _cosine_dict(_tfidf(bags_a[i], idf), _tfidf(bags_b[j], idf))
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


def load_plans(directory: str | Path) -> tuple[list[Plan], list[tuple[Path, str]]]:
    """Every converted plan (*.json) in `directory`, sorted by file name, and the files skipped with why.

    A folder of outputs may hold other JSON (an evaluation report, a schema): those are
    skipped, not fatal, so one stray file does not stop a comparison.
    """
    plans: list[Plan] = []
    skipped: list[tuple[Path, str]] = []
    jsons = sorted(Path(directory).glob("*.json"))
    if not jsons:
        return _parse_folder(Path(directory))
    for path in jsons:
        try:
            plans.append(Plan.model_validate_json(path.read_text("utf-8")))
        except (OSError, UnicodeDecodeError, ValidationError, ValueError) as exc:
            reason = f"not a planparse plan ({exc.error_count()} schema errors)" if isinstance(
                exc, ValidationError) else f"{type(exc).__name__}: {exc}"
            skipped.append((path, reason))
    return plans, skipped


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


def financial_year(iso: str | None) -> str:
    """UK financial year ('2024-25', April to March) of an ISO date; 'unknown' when absent or unreadable."""
    if not iso:
        return UNKNOWN
    try:
        d = date.fromisoformat(iso[:10])
    except ValueError:
        return UNKNOWN
    start = d.year if d.month >= 4 else d.year - 1
    return f"{start}-{(start + 1) % 100:02d}"


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


def _themed(plan: Plan, taxonomy: Taxonomy) -> Plan:
    """The plan as given when its themes come from `taxonomy` (keeping any hand corrections),
    else a themed copy: plans converted before themes existed, or with another taxonomy."""
    ids = set(taxonomy.theme_ids)
    stored = [p.theme for p in plan.priorities] + [a.theme for a in plan.actions]
    if any(t is not None for t in stored) and all(t is None or t in ids for t in stored):
        return plan
    copy = plan.model_copy(deep=True)
    assign_themes(copy.priorities, copy.actions, taxonomy)
    return copy


def _plans_frame(plans: Sequence[Plan], labels: Sequence[str]) -> pd.DataFrame:
    rows = []
    for label, p in zip(labels, plans):
        period = f"{p.period.start_year}-{p.period.end_year}" if p.period and p.period.start_year else None
        rows.append({"plan": label, "organisation": p.organisation.name, "title": p.title, "period": period,
                     "source": p.source.path, "priorities": len(p.priorities), "actions": len(p.actions)})
    return pd.DataFrame(rows, columns=["plan", "organisation", "title", "period", "source", "priorities", "actions"])


def _theme_rows(plans: Sequence[Plan], taxonomy: Taxonomy) -> list[str]:
    """Theme ids in taxonomy order, plus NO_THEME only if some priority or action has none."""
    rows = list(taxonomy.theme_ids)
    if any(p.theme is None for plan in plans for p in plan.priorities) or any(
            a.theme is None for plan in plans for a in plan.actions):
        rows.append(NO_THEME)
    return rows


def _themes_frame(plans: Sequence[Plan], labels: Sequence[str], taxonomy: Taxonomy) -> pd.DataFrame:
    rows = _theme_rows(plans, taxonomy)
    data: dict[str, list[str]] = {}
    for label, plan in zip(labels, plans):
        per_theme: dict[str, list[str]] = {r: [] for r in rows}
        n_actions = Counter(a.priority_key for a in plan.actions)
        for p in plan.priorities:
            per_theme[p.theme or NO_THEME].append(f"{p.title} ({n_actions.get(p.key, 0)})")
        data[label] = ["; ".join(per_theme[r]) for r in rows]
    frame = pd.DataFrame(data, index=[taxonomy.label_of(r) if r != NO_THEME else NO_THEME for r in rows])
    frame.index.name = "theme"
    return frame


def _theme_actions_frame(plans: Sequence[Plan], labels: Sequence[str], taxonomy: Taxonomy) -> pd.DataFrame:
    rows = _theme_rows(plans, taxonomy)
    data = {label: [sum(1 for a in plan.actions if (a.theme or NO_THEME) == r) for r in rows]
            for label, plan in zip(labels, plans)}
    frame = pd.DataFrame(data, index=[taxonomy.label_of(r) if r != NO_THEME else NO_THEME for r in rows])
    frame.index.name = "theme"
    return frame


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
    per_plan = [Counter(financial_year(a.timescale.end if a.timescale else None) for a in plan.actions)
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


def _profile(scorer: ThemeScorer, plan: Plan, priority: Priority) -> ThemeProfile:
    return scorer.profile_priority(priority, [a for a in plan.actions if a.priority_key == priority.key])


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


def _cosine_list(a: Sequence[float], b: Sequence[float]) -> float:
    na = math.sqrt(sum(x * x for x in a))
    nb = math.sqrt(sum(x * x for x in b))
    return sum(x * y for x, y in zip(a, b)) / (na * nb) if na and nb else 0.0


def _title_similarity(a: str, b: str) -> float:
    """rapidfuzz token-sort similarity of the titles' content words, rescaled above the noise floor."""
    ca, cb = " ".join(_content_words(a)), " ".join(_content_words(b))
    if not ca or not cb:
        return 0.0
    raw = fuzz.token_sort_ratio(ca, cb) / 100
    return max(0.0, (raw - TITLE_NOISE) / (1 - TITLE_NOISE))

"""Header cell -> action field, by fuzzy match against a synonym table and by column content.

Councils word their headers freely ("What we have committed to", "Key
Agencies/Groups", "Led by"), and exports garble them (a header row one cell
short, "Updates" over a column of deadlines). So a header is matched
fuzzily, and a column's cells get the last word when they clearly hold
something else.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import numpy as np
from rapidfuzz import fuzz, process

from planparse.text_norm import fold

ACTION_FIELDS = ("ref", "action", "owner", "timescale", "outcome", "output", "progress", "priority_level", "group")
OTHER_FIELDS = ("risk", "cause", "consequence", "likelihood", "mitigation", "stage")
FIELDS = ACTION_FIELDS + OTHER_FIELDS
MATCH_THRESHOLD = 82.0
MAX_COLUMNS = 60  # no plan's table is wider; a "row" of thousands of cells is a broken export, not a header

_TIMESCALE = re.compile(
    r"\b(q[1-4]|quarter|years?|20\d\d|\d{1,2}/\d{2,4}|jan(uary)?|feb(ruary)?|mar(ch)?|apr(il)?|may|june?|"
    r"july?|aug(ust)?|sept?(ember)?|oct(ober)?|nov(ember)?|dec(ember)?|spring|summer|autumn|winter|"
    r"ongoing|immediate(ly)?|short[- ]term|medium[- ]term|long[- ]term|annual(ly)?|monthly|weekly|"
    r"quarterly|end of|by|within|months?|weeks?)\b",
    re.I,
)
_LEVEL = re.compile(r"^(high|medium|low|standard|critical|essential|desirable|key|h|m|l)\b", re.I)
_RAG = re.compile(r"^(red|amber|green|r|a|g|complete(d)?|on track|not started|in progress|blue)\b\s*[:\-–.]?", re.I)
# a header that is itself a date ("February 2025", "July 2024 version", "Q3 2024/25"): a column of dates
_DATE_HEADER = re.compile(r"\b(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+20\d\d\b|\bq[1-4]\s+20\d\d", re.I)
_REF = re.compile(r"^\(?\d{1,2}(\.\d{1,2}){0,2}[a-z]?[.)]?$|^[a-z][.)]$", re.I)


@dataclass(frozen=True)
class ColumnMap:
    header: str
    field: str | None
    score: float


@lru_cache(maxsize=1)
def _synonyms() -> dict[str, str]:
    raw = json.loads(resources.files("planparse.data").joinpath("fields.json").read_text("utf-8"))
    table: dict[str, str] = {}
    for field in FIELDS:
        for wording in raw[field]:
            table.setdefault(fold(wording), field)
    return table


def match_header(text: str) -> tuple[str | None, float]:
    """Best field for one header cell; parts split on '/' and '(' are tried too."""
    return _match_folded(fold(text).strip(" :*"))


@lru_cache(maxsize=8192)
def _match_folded(key: str) -> tuple[str | None, float]:
    """Cached: a plan repeats its header texts on every page, and each is scored against every synonym."""
    if not key:
        return None, 0.0
    table = _synonyms()
    if key in table:
        return table[key], 100.0
    parts = [p.strip(" )") for p in re.split(r"[/(&]| and ", key) if p.strip(" )")]
    best: tuple[str | None, float] = (None, 0.0)
    for part in [key, *parts]:
        if part in table:
            return table[part], 99.0
        hit = _best_synonym(part)
        if hit[1] > best[1]:
            best = hit
    return best if best[1] >= MATCH_THRESHOLD else (None, best[1])


def is_header_row(cells: list[str]) -> bool:
    """A row of short cells, two or more naming fields, and most cells naming one.

    Action tables need the action or its owner among them; a risk register
    or a timetable is recognised by its own fields (risk, stage ...).
    """
    nonempty = [c for c in cells if c.strip()]
    if len(nonempty) < 2 or len(nonempty) > MAX_COLUMNS or any(len(c.split()) > 6 for c in nonempty):
        return False
    if any(_REF.match(c.strip()) for c in nonempty):
        return False  # "1.2": a numbered row of data, whatever its other cells say
    worded = [f for f in (match_header(c)[0] for c in nonempty) if f]
    named = worded + ["timescale" for c in nonempty if not match_header(c)[0] and _is_date_header(c)]
    strong = bool({"stage", "risk"} & set(worded))
    if (len(worded) < 2 and not (strong and len(named) >= 2)) or len(named) * 2 < len(nonempty):
        return False  # dates alone never make a header: "March 2024" in a data row is data
    return bool({"action", "owner", "risk", "stage", "mitigation"} & set(named)) or (
        "timescale" in named and len(named) * 3 >= len(nonempty) * 2)


def _is_date_header(cell: str) -> bool:
    return len(cell.split()) <= 3 and bool(_DATE_HEADER.search(cell))


def table_kind(fields: set[str | None]) -> str:
    """What a table holds, from its mapped columns."""
    if "action" in fields:
        return "actions"
    if fields & {"risk", "mitigation", "likelihood"}:
        return "risks"
    if "stage" in fields or ("timescale" in fields and len(fields - {None}) <= 3):
        return "timetable"
    return "other"


def is_header_continuation(cells: list[str]) -> bool:
    """Second header line: only short labels such as 'Q1 Q2 Q3 Q4' or 'Timelines'."""
    nonempty = [c.strip() for c in cells if c.strip()]
    if not nonempty or cells[0].strip() and not match_header(cells[0])[0]:
        return False
    return all(len(c.split()) <= 2 and (re.fullmatch(r"q[1-4]|\d{4}(/\d{2,4})?", c, re.I) or match_header(c)[0])
               for c in nonempty)


def content_kind(text: str) -> str | None:
    """What a data cell looks like on its own: a ref, a priority level, a RAG, a timescale."""
    t = text.strip()
    if not t:
        return None
    if _REF.match(t):
        return "ref"
    if _LEVEL.match(t) and len(t.split()) <= 4:
        return "priority_level"
    if _RAG.match(t) and len(t.split()) <= 3:
        return "progress"
    if len(t.split()) <= 25 and len(_TIMESCALE.findall(t)) >= 1 and not t.startswith("-"):
        return "timescale"
    return None


def map_columns(header: list[str], rows: list[list[str]]) -> list[ColumnMap]:
    """Map every column; content overrides a header that says one thing over cells of another."""
    if max([len(header)] + [len(r) for r in rows], default=0) > MAX_COLUMNS:
        width = max([len(header)] + [len(r) for r in rows])
        return [ColumnMap(header[i] if i < len(header) else "", None, 0.0) for i in range(width)]
    width = max([len(header)] + [len(r) for r in rows]) if rows else len(header)
    header = header + [""] * (width - len(header))
    maps = [ColumnMap(h, *match_header(h)) for h in header]
    maps = [ColumnMap(m.header, "timescale", 90.0) if m.field is None and _is_date_header(m.header) else m
            for m in maps]
    taken = {m.field for m in maps if m.field}
    out: list[ColumnMap] = []
    for i, m in enumerate(maps):
        cells = [r[i] for r in rows if i < len(r) and r[i].strip()]
        kinds = [content_kind(c) for c in cells]
        share = {k: kinds.count(k) / len(cells) for k in set(kinds) if k} if cells else {}
        field, score = m.field, m.score
        for kind, frac in share.items():
            if frac < 0.6 or kind == field:
                continue
            stated_fits = field and share.get(field, 0.0) >= 0.3
            if kind == "timescale" and field in (None, "progress", "priority_level") and not stated_fits:
                if "timescale" not in taken or field == "priority_level":
                    field, score = "timescale", 100.0 * frac
            elif kind == "priority_level" and field in (None, "progress", "timescale") and "priority_level" not in taken:
                field, score = "priority_level", 100.0 * frac
            elif kind == "ref" and field is None and "ref" not in taken:
                field, score = "ref", 100.0 * frac
        if field == "priority_level" and cells and share.get("priority_level", 0.0) < 0.3 and \
                sum(len(c.split()) for c in cells) / len(cells) > 3:
            field, score = "group", score  # "National strategy priority" over sentences: a grouping column
        if field and not cells and m.field is None:
            field = None
        if field == "action" and cells and sum(1 for c in cells if _worded(c)) * 2 < len(cells):
            field = None  # counts and codes under an "Actions ..." header: a summary of actions, not actions
        out.append(ColumnMap(m.header, field, round(score, 1)))
    out = _dedupe(out)
    if any(h.strip() for h in header):
        out = _action_by_content(out, rows)
    return out


CONTENT_SCORE = 60.0  # the score an action column chosen by its cells gets: below any header match


def _action_by_content(cols: list[ColumnMap], rows: list[list[str]]) -> list[ColumnMap]:
    """A header the mapper does not know over the actions of a table that names their owners or dates.

    The unnamed column whose cells read most like sentences is the action
    column ("Description | Lead | Target date"); risk registers and
    timetables keep their own columns.
    """
    fields = {c.field for c in cols}
    named = {c.field for c in cols if c.field and c.header.strip() and match_header(c.header)[0] == c.field}
    if "action" in fields or not named & {"owner", "timescale", "progress", "ref", "priority_level"} \
            or fields & {"risk", "likelihood", "stage", "mitigation", "cause", "consequence"}:
        return cols  # only a header that names owners, dates or status vouches for an action table
    best, best_words = None, 5.0
    for i, c in enumerate(cols):
        cells = [r[i] for r in rows if i < len(r) and r[i].strip()]
        if c.field is not None or not cells or sum(1 for t in cells if _worded(t)) < 0.6 * len(cells):
            continue
        words = sum(len(t.split()) for t in cells) / len(cells)
        if words >= best_words:
            best, best_words = i, words
    if best is None:
        return cols
    return [ColumnMap(c.header, "action", CONTENT_SCORE) if i == best else c for i, c in enumerate(cols)]


def _worded(cell: str) -> bool:
    """Two or more words, most of them words rather than numbers or codes: what an action's text looks like."""
    words = cell.split()
    return len(words) >= 2 and sum(1 for w in words if re.search(r"[A-Za-z]{2}", w)) * 2 > len(words)


def _dedupe(cols: list[ColumnMap]) -> list[ColumnMap]:
    """Each field keeps its best-scoring column; the others fall back to `extra`."""
    best: dict[str, int] = {}
    for i, c in enumerate(cols):
        if c.field and (c.field not in best or c.score > cols[best[c.field]].score):
            best[c.field] = i
    return [c if c.field is None or best.get(c.field) == i else ColumnMap(c.header, None, c.score)
            for i, c in enumerate(cols)]


@lru_cache(maxsize=1)
def _synonym_arrays() -> tuple[list[str], np.ndarray, list[frozenset[str]], np.ndarray]:
    keys = list(_synonyms())
    words = [frozenset(k.split()) for k in keys]
    return keys, np.array([len(k) for k in keys]), words, np.array([len(w) for w in words])


def _best_synonym(part: str) -> tuple[str | None, float]:
    """The synonym most like `part` by whole-string similarity, or word-subset similarity for multi-letter words.

    WRatio's partial matching lets "whole system" match "who"; token_set_ratio
    on words of four or more letters still lets "Responsible person" match
    "responsible" and "Lead agency/partner" match "lead agency". A part whose
    words are a proper subset of a synonym's gets no subset credit: "Title"
    lacks the word that makes "risk title" a risk. Nor does a part of six
    words or more with more than three beyond the synonym's: "Train frontline
    staff in risk assessment" mentions a risk, it is not a "Risk" header. Both
    similarities are computed for every synonym at once by rapidfuzz.
    """
    keys, lengths, words, counts = _synonym_arrays()
    plain = process.cdist([part], keys, scorer=fuzz.ratio, dtype=np.float64)[0]
    subset = process.cdist([part], keys, scorer=fuzz.token_set_ratio, dtype=np.float64)[0] * 0.97
    own = frozenset(part.split())
    few_more = (len(own) <= 5) | (counts + 3 >= len(own))
    credit = (lengths >= 4) & (len(part) >= 4) & few_more & np.array([not own < w for w in words])
    score = np.where(credit, np.maximum(plain, subset), plain)
    i = int(np.argmax(score))
    return (_synonyms()[keys[i]], float(score[i])) if score[i] > 0 else (None, 0.0)

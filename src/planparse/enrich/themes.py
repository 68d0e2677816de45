"""Theme matching: which canonical theme each priority (and each action) of a plan is about.

Councils name the same work differently ("Act before harm", "Prevention and early
intervention", "Awareness and early intervention"), so comparing plans needs a
shared vocabulary of themes. The vocabulary is data, not code: a *taxonomy* is a
JSON file (``data/themes/*.json``; id, label, description, keywords, examples per
theme), so a researcher comparing climate or health plans passes their own.

How a priority is scored, and why:

- its **title**, **description** and the **text of its actions** are each matched
  against every theme's keywords. A title alone is often too short or too
  figurative to decide ("Minimising harm" names no theme; its actions, about
  "those who are causing harm" and holding them "to account", do);
- keywords are whole words (``victim`` also matches ``victims``), a trailing ``*``
  matches any ending (``perpetrat*``), and rapidfuzz forgives spelling variants
  (organisation/organization). Phrases are matched before the words inside them
  and consume them, so "protection order" counts once, for perpetrators, and not
  again as "protection" for victim support;
- the title is also compared with each theme's example titles (rapidfuzz
  token-sort similarity), which catches wordings that share no keyword;
- every part yields a distribution over themes (its share of matched keyword
  weight); the parts are mixed with fixed weights (absent parts' weight is shared
  out among the present ones). ``theme_score`` is the winning theme's share of
  that mix: 1.0 means every piece of evidence pointed the same way.

An action gets the theme of its own text when that text has evidence and one
theme leads; otherwise it takes its priority's theme (a one-line action such as
"Create clear pathways to support" says too little on its own).

Which taxonomy: plans of different domains need different themes (a drugs
partnership's "Breaking drug supply chains" is not "victim support"). Unless
the caller names one, the taxonomy is chosen per plan from its ``domain``
words (each bundled taxonomy lists the words of its field: "domestic abuse",
"net zero", "anti-social behaviour"...), counted in the plan's title, priorities
and actions. The leading domain must have enough words and a clear share of
them; where none does (a corporate plan touching everything, a plan of a field
no taxonomy covers), the plan gets no taxonomy and no themes rather than
forced ones, and says so in ``Plan.taxonomy``.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from rapidfuzz import fuzz, process

from planparse.errors import PlanparseError
from planparse.schema import Action, Priority, TaxonomyChoice, ThemeMatch

DEFAULT_TAXONOMY = "domestic_abuse"
BUNDLED_TAXONOMIES: tuple[str, ...] = ("domestic_abuse", "health_wellbeing", "community_safety", "climate")
AUTO = "auto"  # choose the taxonomy per plan from its words (what taxonomy=None means to parse())
NO_TAXONOMY = "none"  # no themes at all
# Choosing a taxonomy by domain: the title is the author's summary of the whole plan, so its domain words
# count this many times over; the winner needs this much weight in all, and this share of all domain weight
# found (a community safety plan mentions domestic abuse, and a domestic abuse plan mentions crime).
DOMAIN_TITLE_WEIGHT = 5.0
MIN_DOMAIN_WEIGHT = 4.0
MIN_DOMAIN_SHARE = 0.45

# Share of each part of a priority in its theme score. The title is the author's own
# summary, so it weighs most; the actions are many and concrete, so together they weigh
# almost as much; the description is often a restated title. Examples only confirm a title.
PART_WEIGHTS: tuple[tuple[str, float], ...] = (
    ("title", 0.30), ("examples", 0.10), ("description", 0.25), ("actions", 0.35),
)
# Outcome/output cells describe results, not the work, and are often shared by a whole
# group of rows (merged cells): they count half as much as the action's own text.
ACTION_CONTEXT_WEIGHT = 0.5
# An action's own theme needs at least this much keyword weight; less falls back to the priority.
MIN_ACTION_EVIDENCE = 1.0
# rapidfuzz token_sort_ratio (0-100) a title needs with an example before it counts as similar.
EXAMPLE_THRESHOLD = 70.0
# rapidfuzz ratio above which two long words are the same word spelt differently.
SPELLING_THRESHOLD = 90.0
MAX_EVIDENCE = 12

STOPWORDS = frozenset(
    "a an and or the of for to in on at with by from our we their all who those that this is are be "
    "will as its it into".split()
)
_APOSTROPHE_S = re.compile(r"['’]s\b")
_WORD = re.compile(r"[a-z0-9]+")
_PATTERN_WORD = re.compile(r"[a-z0-9]+\*?")


class TaxonomyError(PlanparseError, ValueError):
    """A taxonomy file or object is missing, unreadable or malformed."""


def words(text: str) -> list[str]:
    """Lower-case word tokens; possessive 's dropped so "Clare's Law" and "clare's law" agree."""
    return _WORD.findall(_APOSTROPHE_S.sub("", text.lower()))


# -- the taxonomy as data -----------------------------------------------------------------


@dataclass(frozen=True)
class Keyword:
    """One keyword or phrase of a theme, pre-split into word patterns for matching."""

    text: str
    weight: float
    pattern: tuple[str, ...]

    @classmethod
    def parse(cls, raw: str | Mapping[str, Any]) -> Keyword:
        """A keyword is a string, or {"text": ..., "weight": ...} for words that are weaker evidence."""
        if isinstance(raw, str):
            text, weight = raw, 1.0
        elif isinstance(raw, Mapping) and isinstance(raw.get("text"), str):
            text, weight = raw["text"], float(raw.get("weight", 1.0))
        else:
            raise TaxonomyError(f"a keyword must be a string or {{'text': ..., 'weight': ...}}, got {raw!r}")
        pattern = tuple(_PATTERN_WORD.findall(_APOSTROPHE_S.sub("", text.lower())))
        if not pattern or weight <= 0:
            raise TaxonomyError(f"keyword {text!r} has no words or a weight <= 0")
        return cls(text=text, weight=weight, pattern=pattern)


@dataclass(frozen=True)
class Theme:
    """One theme: what it covers (for people) and the words that signal it (for the matcher)."""

    id: str
    label: str
    description: str
    keywords: tuple[Keyword, ...]
    examples: tuple[str, ...]

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Theme:
        if not isinstance(data, Mapping) or not isinstance(data.get("id"), str) or not data["id"]:
            raise TaxonomyError(f"every theme needs a non-empty string 'id', got {data!r}")
        keywords = tuple(Keyword.parse(k) for k in data.get("keywords", []))
        examples = tuple(str(e) for e in data.get("examples", []))
        if not keywords and not examples:
            raise TaxonomyError(f"theme {data['id']!r} has neither keywords nor examples to match on")
        return cls(id=data["id"], label=str(data.get("label") or data["id"]),
                   description=str(data.get("description") or ""), keywords=keywords, examples=examples)


@dataclass(frozen=True)
class Taxonomy:
    """A named set of themes. Frozen: one taxonomy object can be shared by many parses."""

    id: str
    label: str
    description: str
    themes: tuple[Theme, ...]
    domain: tuple[Keyword, ...] = ()  # words of the field the taxonomy is for, to choose it per plan

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Taxonomy:
        """Build from the JSON shape of data/themes/*.json (checked, so a typo fails early)."""
        if not isinstance(data, Mapping) or not isinstance(data.get("themes"), Sequence) or not data["themes"]:
            raise TaxonomyError("a taxonomy needs a non-empty list 'themes'")
        themes = tuple(Theme.from_dict(t) for t in data["themes"])
        ids = [t.id for t in themes]
        if len(set(ids)) != len(ids):
            raise TaxonomyError(f"theme ids must be unique, got {ids}")
        domain = data.get("domain") or {}
        if not isinstance(domain, Mapping):
            raise TaxonomyError("a taxonomy's 'domain' must be an object with a list 'keywords'")
        return cls(id=str(data.get("id") or "custom"), label=str(data.get("label") or data.get("id") or "custom"),
                   description=str(data.get("description") or ""), themes=themes,
                   domain=tuple(Keyword.parse(k) for k in domain.get("keywords", [])))

    @property
    def short_label(self) -> str:
        """The label up to its colon ('Domestic abuse'), for tables that show themes of several taxonomies."""
        return self.label.split(":", 1)[0].strip() or self.id

    @property
    def theme_ids(self) -> list[str]:
        return [t.id for t in self.themes]

    def label_of(self, theme_id: str | None) -> str:
        """The theme's label for tables, or the id itself for a theme this taxonomy does not know."""
        for t in self.themes:
            if t.id == theme_id:
                return t.label
        return theme_id or "(none)"


TaxonomyLike = Taxonomy | Mapping[str, Any] | str | Path | None


def load_taxonomy(source: TaxonomyLike = None) -> Taxonomy:
    """A Taxonomy from a bundled name, a JSON path, a dict of the same shape, or a Taxonomy.

    None gives the default (the four domestic-abuse pillars of GUIDELINES.md), so every
    caller that does not care gets the same themes as the gold annotations.
    """
    if source is None:
        source = DEFAULT_TAXONOMY
    if isinstance(source, Taxonomy):
        return source
    if isinstance(source, Mapping):
        return Taxonomy.from_dict(source)
    if isinstance(source, str) and source in BUNDLED_TAXONOMIES:
        text = resources.files("planparse.data").joinpath("themes", f"{source}.json").read_text("utf-8")
        return Taxonomy.from_dict(json.loads(text))
    path = Path(source)
    if not path.is_file():
        raise TaxonomyError(f"no taxonomy {str(source)!r}: give a JSON file or one of "
                            f"{', '.join(BUNDLED_TAXONOMIES)}, auto or none")
    try:
        data = json.loads(path.read_text("utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise TaxonomyError(f"cannot read taxonomy {path}: {exc}") from None
    return Taxonomy.from_dict(data)


# -- scoring ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Evidence:
    """Keyword weight found for each theme in one text, and the words as they were written."""

    weights: Mapping[str, float] = field(default_factory=dict)
    words: Mapping[str, tuple[str, ...]] = field(default_factory=dict)

    @property
    def total(self) -> float:
        return sum(self.weights.values())

    def distribution(self) -> dict[str, float]:
        """Each theme's share of the matched weight (empty when nothing matched)."""
        total = self.total
        return {k: v / total for k, v in self.weights.items()} if total > 0 else {}

    def scaled(self, factor: float) -> Evidence:
        return Evidence({k: v * factor for k, v in self.weights.items()}, self.words)

    def __add__(self, other: Evidence) -> Evidence:
        weights = dict(self.weights)
        merged = {k: list(v) for k, v in self.words.items()}
        for k, v in other.weights.items():
            weights[k] = weights.get(k, 0.0) + v
        for k, ws in other.words.items():
            merged.setdefault(k, []).extend(ws)
        return Evidence(weights, {k: tuple(v) for k, v in merged.items()})


@dataclass(frozen=True)
class ThemeProfile:
    """How strongly a priority or action points at each theme, with the words that made it so.

    ``scores`` sum to 1 when there was any evidence and are all 0 when there was none;
    the comparison uses the whole vector to align priorities of different plans.
    """

    scores: Mapping[str, float]
    evidence: Mapping[str, tuple[str, ...]]
    raw_weight: float = 0.0  # keyword weight found in all parts: how much text backed the scores

    def best(self) -> ThemeMatch | None:
        """The leading theme, or None when nothing matched or two themes tie for the lead."""
        ranked = sorted(self.scores.items(), key=lambda kv: -kv[1])
        if not ranked or ranked[0][1] <= 0 or (len(ranked) > 1 and ranked[1][1] == ranked[0][1]):
            return None
        theme, score = ranked[0]
        evidence = list(self.evidence.get(theme, ()))[:MAX_EVIDENCE]
        return ThemeMatch(theme=theme, score=round(score, 3), evidence=evidence)

    def vector(self, theme_ids: Sequence[str]) -> list[float]:
        return [float(self.scores.get(t, 0.0)) for t in theme_ids]


class ThemeScorer:
    """Matches text against one taxonomy. Holds per-instance caches, so make one per document or batch."""

    def __init__(self, taxonomy: TaxonomyLike = None) -> None:
        self.taxonomy = load_taxonomy(taxonomy)
        entries = [(t.id, k) for t in self.taxonomy.themes for k in t.keywords]
        # longest phrases first: they consume their words before the single words inside them are tried
        self._entries = sorted(entries, key=lambda e: -len(e[1].pattern))
        firsts = {k.pattern[0] for _, k in entries}
        self._first_exact = frozenset(f for f in firsts if not f.endswith("*"))
        self._first_prefixes = frozenset(f[:-1] for f in firsts if f.endswith("*"))
        self._first_long = sorted(f for f in self._first_exact if len(f) >= 7)
        self._word_cache: dict[tuple[str, str], bool] = {}
        self._candidates: dict[str, list[tuple[str, Keyword]]] = {}
        self._examples = {t.id: [(e, _content(e)) for e in (t.label, *t.examples)] for t in self.taxonomy.themes}

    # word and phrase matching

    def _word_matches(self, pattern: str, word: str) -> bool:
        key = (pattern, word)
        hit = self._word_cache.get(key)
        if hit is None:
            hit = _word_matches(pattern, word)
            self._word_cache[key] = hit
        return hit

    def _candidates_for(self, word: str) -> list[tuple[str, Keyword]]:
        """Keywords whose first word matches `word`, longest first (cached: texts repeat words)."""
        found = self._candidates.get(word)
        if found is None:
            firsts = self._first_patterns(word)
            found = [e for e in self._entries if e[1].pattern[0] in firsts]
            self._candidates[word] = found
        return found

    def _first_patterns(self, word: str) -> set[str]:
        """The first-word patterns `word` matches: set look-ups, then rapidfuzz over the long words only.

        Same answers as `_word_matches` against every pattern, without trying each one in Python.
        """
        forms = {word, word + "s"}
        for suffix in ("s", "es"):
            if word.endswith(suffix):
                forms.add(word[: -len(suffix)])
        if word.endswith("ies"):
            forms.add(word[:-3] + "y")
        found = {f for f in forms if f in self._first_exact and _word_matches(f, word)}
        found |= {word[:n] + "*" for n in range(1, len(word) + 1) if word[:n] in self._first_prefixes}
        if len(word) >= 5:
            for pattern, _, _ in process.extract(word, self._first_long, scorer=fuzz.ratio, limit=None,
                                                 score_cutoff=SPELLING_THRESHOLD):
                if _word_matches(pattern, word):
                    found.add(pattern)
        return found

    def evidence(self, text: str | None) -> Evidence:
        """Keyword weight per theme in `text`.

        Each word is used by at most one (the longest) matching span, and a span counts at
        most once per theme, with its strongest keyword: "prevention" matching both
        ``prevent*`` and ``prevention`` is one piece of evidence, not two. Two themes that
        list the same words both get the span (the text is evidence for both).
        """
        if not text:
            return Evidence()
        toks = words(text)
        weights: dict[str, float] = {}
        found: dict[str, list[str]] = {}
        i = 0
        while i < len(toks):
            matched_len = 0
            span_weight: dict[str, float] = {}
            for theme_id, kw in self._candidates_for(toks[i]):
                n = len(kw.pattern)
                if matched_len and n < matched_len:
                    break  # only keywords of the longest matching length count here
                if i + n <= len(toks) and all(self._word_matches(p, w) for p, w in zip(kw.pattern, toks[i:i + n])):
                    matched_len = n
                    span_weight[theme_id] = max(span_weight.get(theme_id, 0.0), kw.weight)
            for theme_id, w in span_weight.items():
                weights[theme_id] = weights.get(theme_id, 0.0) + w
                found.setdefault(theme_id, []).append(" ".join(toks[i:i + matched_len]))
            i += matched_len or 1
        return Evidence(weights, {k: tuple(v) for k, v in found.items()})

    def example_similarity(self, title: str) -> Evidence:
        """Per theme, how close the title is to the theme's label or example titles (0 below the threshold)."""
        mine = _content(title)
        if not mine:
            return Evidence()
        weights: dict[str, float] = {}
        found: dict[str, tuple[str, ...]] = {}
        for theme_id, examples in self._examples.items():
            best, best_example = 0.0, ""
            for example, content in examples:
                if content:
                    sim = fuzz.token_sort_ratio(mine, content)
                    if sim > best:
                        best, best_example = sim, example
            if best >= EXAMPLE_THRESHOLD:
                weights[theme_id] = (best - EXAMPLE_THRESHOLD + 1) / (101 - EXAMPLE_THRESHOLD)
                found[theme_id] = (f"~{best_example}",)
        return Evidence(weights, found)

    # priorities and actions

    def action_evidence(self, action: Action) -> Evidence:
        """The action's own words: its text, plus its outcome and output at half weight."""
        ev = self.evidence(action.text)
        for extra in (action.outcome, action.output):
            ev = ev + self.evidence(extra).scaled(ACTION_CONTEXT_WEIGHT)
        return ev

    def profile_action(self, action: Action) -> ThemeProfile:
        ev = self.action_evidence(action)
        return ThemeProfile(ev.distribution(), _ranked_words(ev.words), ev.total)

    def profile_priority(self, priority: Priority, actions: Iterable[Action] = (),
                         action_evidence: Mapping[str, Evidence] | None = None) -> ThemeProfile:
        """Mix title, example similarity, description and the priority's actions into one profile.

        Each action contributes its own distribution (so one long action cannot outvote
        five short ones); `action_evidence` (by action id) saves re-matching known actions.
        """
        parts: dict[str, dict[str, float]] = {}
        evidence_words: dict[str, list[str]] = {}
        found_weight = 0.0

        def add(name: str, ev: Evidence) -> None:
            nonlocal found_weight
            dist = ev.distribution()
            if dist:
                found_weight += ev.total
                parts[name] = dist
                for theme, ws in _ranked_words(ev.words).items():
                    evidence_words.setdefault(theme, []).extend(ws)

        add("title", self.evidence(priority.title))
        add("examples", self.example_similarity(priority.title))
        add("description", self.evidence(priority.description))
        votes: dict[str, float] = {}
        pooled = Evidence()
        voters = 0
        for a in actions:
            known = action_evidence.get(a.id) if action_evidence else None
            ev = known if known is not None else self.action_evidence(a)
            dist = ev.distribution()
            if dist:
                voters += 1
                pooled = pooled + ev
                for theme, share in dist.items():
                    votes[theme] = votes.get(theme, 0.0) + share
        if voters:
            found_weight += pooled.total
            parts["actions"] = {k: v / voters for k, v in votes.items()}
            for theme, ws in _ranked_words(pooled.words).items():
                evidence_words.setdefault(theme, []).extend(ws)
        weights = {name: w for name, w in PART_WEIGHTS if name in parts}
        norm = sum(weights.values())
        scores = {t: 0.0 for t in self.taxonomy.theme_ids}
        if norm <= 0:  # no part with evidence (or only parts weighted 0): no theme, rather than a guess
            return ThemeProfile(scores, {}, found_weight)
        for name, w in weights.items():
            for theme, share in parts[name].items():
                scores[theme] = scores.get(theme, 0.0) + share * w / norm
        return ThemeProfile(scores, {k: tuple(dict.fromkeys(v)) for k, v in evidence_words.items()}, found_weight)


def assign_themes(priorities: list[Priority], actions: list[Action], taxonomy: TaxonomyLike = None, *,
                  title: str | None = None) -> TaxonomyChoice:
    """Set theme, theme_score and theme_evidence on each priority, and theme on each action (in place).

    ``taxonomy``: a bundled name, a JSON path, a dict or a Taxonomy; None or
    "auto" chooses one from the plan's words (``title`` counts most); "none"
    clears the themes. Returns which taxonomy was used and why. In place, like
    the owner splitting step before it: the pipeline builds the Plan from these lists.
    """
    if taxonomy is None or (isinstance(taxonomy, str) and taxonomy == AUTO):
        texts = [p.title for p in priorities] + [p.description or "" for p in priorities]
        texts += [a.text for a in actions]
        choice = choose_taxonomy(title, texts)
        tax = load_taxonomy(choice.id) if choice.id else None
    elif isinstance(taxonomy, str) and taxonomy == NO_TAXONOMY:
        choice, tax = TaxonomyChoice(id=None, chosen="none"), None
    else:
        tax = load_taxonomy(taxonomy)
        choice = TaxonomyChoice(id=tax.id, label=tax.label, chosen="given")
    if tax is None:
        for p in priorities:
            p.theme, p.theme_score, p.theme_evidence = None, 0.0, []
        for a in actions:
            a.theme = None
        return choice
    scorer = ThemeScorer(tax)
    own = {a.id: scorer.action_evidence(a) for a in actions}
    by_priority: dict[str | None, list[Action]] = {}
    for a in actions:
        by_priority.setdefault(a.priority_key, []).append(a)
    priority_theme: dict[str, str | None] = {}
    for p in priorities:
        match = scorer.profile_priority(p, by_priority.get(p.key, []), own).best()
        p.theme = match.theme if match else None
        p.theme_score = match.score if match else 0.0
        p.theme_evidence = match.evidence if match else []
        priority_theme[p.key] = p.theme
    for a in actions:
        ev = own[a.id]
        match = ThemeProfile(ev.distribution(), {}, ev.total).best() if ev.total >= MIN_ACTION_EVIDENCE else None
        a.theme = match.theme if match else priority_theme.get(a.priority_key or "")
    return choice


def choose_taxonomy(title: str | None, texts: Iterable[str],
                    candidates: Sequence[TaxonomyLike] = BUNDLED_TAXONOMIES) -> TaxonomyChoice:
    """The taxonomy whose domain words the plan uses most, or none when no domain clearly leads.

    The domains are matched like themes (whole words, phrases first), as one
    taxonomy whose themes are the candidates' domains.
    """
    loaded = [load_taxonomy(c) for c in candidates]
    domains = tuple(Theme(id=t.id, label=t.label, description="", keywords=t.domain, examples=())
                    for t in loaded if t.domain)
    if not domains:
        return TaxonomyChoice(id=None, chosen="none")
    scorer = ThemeScorer(Taxonomy(id="domains", label="domains", description="", themes=domains))
    ev = scorer.evidence(title).scaled(DOMAIN_TITLE_WEIGHT)
    for text in texts:
        ev = ev + scorer.evidence(text)
    ranked = sorted(ev.weights.items(), key=lambda kv: -kv[1])
    if not ranked:
        return TaxonomyChoice(id=None, chosen="none")
    best, weight = ranked[0]
    share = round(weight / ev.total, 3)
    found = list(_ranked_words(ev.words).get(best, ()))[:MAX_EVIDENCE]
    if weight < MIN_DOMAIN_WEIGHT or share < MIN_DOMAIN_SHARE:
        return TaxonomyChoice(id=None, chosen="none", score=share, evidence=found)
    tax = next(t for t in loaded if t.id == best)
    return TaxonomyChoice(id=tax.id, label=tax.label, chosen="domain", score=share, evidence=found)


def _word_matches(pattern: str, word: str) -> bool:
    """Whole-word match with plural endings, a '*' suffix wildcard, and rapidfuzz for spelling variants."""
    if pattern.endswith("*"):
        return word.startswith(pattern[:-1])
    if word == pattern or word in (pattern + "s", pattern + "es") or pattern == word + "s":
        return True
    if pattern.endswith("y") and word == pattern[:-1] + "ies":
        return True
    return (len(pattern) >= 7 and abs(len(word) - len(pattern)) <= 2
            and fuzz.ratio(pattern, word) > SPELLING_THRESHOLD)


def _content(text: str) -> str:
    """Content words of a title, for title-to-example similarity (function words only add noise)."""
    return " ".join(w for w in words(text) if w not in STOPWORDS and not w.isdigit())


def _ranked_words(found: Mapping[str, Sequence[str]]) -> dict[str, tuple[str, ...]]:
    """Distinct matched words per theme, the most frequent first (ties: first seen first)."""
    out: dict[str, tuple[str, ...]] = {}
    for theme, ws in found.items():
        counts: dict[str, int] = {}
        for w in ws:
            counts[w] = counts.get(w, 0) + 1
        out[theme] = tuple(sorted(counts, key=lambda w: -counts[w]))
    return out

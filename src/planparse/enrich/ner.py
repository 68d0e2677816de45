"""The spaCy pipeline that labels AGENCY, PERSON, ROLE and DATE in plan text.

Two parts, both shipped with the repo and built from its data:

* an EntityRuler over the curated gazetteers in data/gazetteer/ (bodies and
  their aliases, role titles) plus token patterns for the shapes UK bodies
  take ("<Place> Borough Council", "<X> Partnership Board") and for people
  (a known first name and a surname);
* a small statistical NER trained by scripts/train_ner.py (models/planparse_ner)
  so names the gazetteer lacks are still found.

The ruler runs first and the statistical model fills the gaps. Anyone can pass
another installed spaCy pipeline instead (`parse(path, nlp=...)`); its
ORG/PERSON labels are mapped to ours.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from spacy.language import Language

from planparse.enrich.owners import default_lexicon

LABELS = ("AGENCY", "PERSON", "ROLE", "DATE")
MAX_TEXT = 20_000
LABEL_MAP = {"ORG": "AGENCY", "NORP": None, "GPE": None, "PERSON": "PERSON", "DATE": "DATE",
             "AGENCY": "AGENCY", "ROLE": "ROLE"}
# capitalised words that begin sentences, not names: "The group", "Our Board"
STARTERS = ["the", "a", "an", "our", "this", "that", "these", "their", "all", "each", "any", "every", "its",
            "your", "his", "her", "new", "key", "other", "both", "relevant"]
CONNECTORS = ["of", "for", "and", "the", "&", "in", "on"]
MONTHS = ["january", "february", "march", "april", "may", "june", "july", "august", "september",
          "october", "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept",
          "oct", "nov", "dec"]


def default_model_dir() -> Path:
    """models/planparse_ner in the repo, or $PLANPARSE_MODEL."""
    env = os.environ.get("PLANPARSE_MODEL")
    if env:
        return Path(env)
    return Path(__file__).resolve().parents[3] / "models" / "planparse_ner"


@dataclass(frozen=True)
class Gazetteer:
    """Bodies (canonical name -> aliases), role titles and organisation head phrases, from data files."""

    agencies: dict[str, tuple[str, ...]]
    roles: tuple[str, ...]
    org_heads: tuple[str, ...]

    def phrases(self) -> frozenset[tuple[str, ...]]:
        """Every name and alias as lower-cased words, for the owner splitter."""
        return frozenset(tuple(n.lower().split()) for c, al in self.agencies.items() for n in (c, *al))

    def alias_index(self) -> dict[str, str]:
        index: dict[str, str] = {}
        for canonical, aliases in self.agencies.items():
            for name in (canonical, *aliases):
                index.setdefault(name.lower(), canonical)
        return index


@lru_cache(maxsize=1)
def default_gazetteer() -> Gazetteer:
    base = resources.files("planparse.data").joinpath("gazetteer")

    def lines(name: str) -> list[str]:
        text = base.joinpath(name).read_text("utf-8")
        return [ln.strip() for ln in text.splitlines() if ln.strip() and not ln.startswith("#")]

    agencies: dict[str, tuple[str, ...]] = {}
    for line in lines("agencies.txt"):
        parts = [p.strip() for p in line.split("|")]
        agencies[parts[0]] = tuple(parts[1:])
    return Gazetteer(agencies=agencies, roles=tuple(lines("roles.txt")), org_heads=tuple(lines("org_heads.txt")))


def ruler_patterns(gazetteer: Gazetteer | None = None) -> list[dict[str, Any]]:
    """EntityRuler patterns: gazetteer phrases, organisation and role shapes, people, dates."""
    gaz = gazetteer or default_gazetteer()
    lex = default_lexicon()
    patterns: list[dict[str, Any]] = []
    for canonical, aliases in gaz.agencies.items():
        for name in (canonical, *aliases):
            if name[:1].islower():
                continue  # "probation" alone is too common a word to tag everywhere
            patterns.append({"label": "AGENCY", "pattern": name, "id": canonical})
    for role in gaz.roles:
        patterns.append({"label": "ROLE", "pattern": role})
    # a word of a name: capitalised or an acronym ("Frimley Health NHS Foundation Trust"), not a month
    # or a sentence starter
    title = {"TEXT": {"REGEX": r"^[A-Z][A-Za-z'’&!-]*$"}, "LOWER": {"NOT_IN": MONTHS + STARTERS}}
    upper = {"IS_UPPER": True, "LENGTH": {">=": 2}}
    # one pattern per shape, the head word as a set: a multi-word head ("Partnership Board") is title
    # words then its last word, and 40 patterns each starting on every capitalised token would cost
    # more than the statistical model
    heads = sorted({h.split()[-1].lower() for h in gaz.org_heads})
    head = {"LOWER": {"IN": heads}, "IS_TITLE": True}
    head_any = {"LOWER": {"IN": heads}}
    patterns.append({"label": "AGENCY", "pattern": [{**title, "OP": "+"}, head]})
    patterns.append({"label": "AGENCY", "pattern": [upper, {**title, "OP": "*"}, head_any]})
    patterns.append({"label": "AGENCY", "pattern": [{**title, "OP": "+"}, {"LOWER": {"IN": CONNECTORS}},
                                                    {**title, "OP": "+"}, head]})
    # a body with a lower-case head: "MARAC steering group", "Domestic Abuse Partnership Board Chairs group"
    lower_heads = ["group", "team", "subgroup", "board", "panel", "forum", "network", "service", "hub", "unit",
                   "groups", "teams", "services", "boards"]
    patterns.append({"label": "AGENCY", "pattern": [{**title, "OP": "+"}, {"IS_LOWER": True, "OP": "?",
                                                                         "LOWER": {"NOT_IN": CONNECTORS + ["to", "a"]}},
                                                    {"LOWER": {"IN": lower_heads}, "IS_LOWER": True}]})
    # the head word in the middle: "Employers Initiative Against Domestic Abuse", "Office for National Statistics"
    patterns.append({"label": "AGENCY", "pattern": [{**title, "OP": "*"}, head, {"LOWER": {"IN": CONNECTORS + ["against"]}},
                                                    {**title, "OP": "+"}]})
    # councils named the other way round: "Royal Borough of Windsor and Maidenhead", "City of London Corporation"
    place = {"IS_TITLE": True, "OP": "+"}
    for lead in (["royal", "borough", "of"], ["london", "borough", "of"], ["borough", "of"], ["city", "of"],
                 ["county", "of"]):
        patterns.append({"label": "AGENCY", "pattern": [*({"LOWER": w} for w in lead), place,
                                                        {"LOWER": "and", "OP": "?"}, {"IS_TITLE": True, "OP": "*"},
                                                        {"LOWER": {"IN": ["council", "corporation"]}, "OP": "?"}]})
    role_heads = sorted(w for w in lex.role_heads if w.isalpha())
    patterns.append({"label": "ROLE", "pattern": [{"IS_UPPER": True, "OP": "?"}, {**title, "OP": "*"},
                                                  {"LOWER": {"IN": role_heads}, "IS_TITLE": True}]})
    patterns.append({"label": "ROLE", "pattern": [{"LOWER": "head"}, {"LOWER": "of"}, {"IS_TITLE": True, "OP": "+"}]})
    firsts = sorted(n for n in lex.first_names if n.lower() not in lex.ambiguous_first)
    surname = {"IS_TITLE": True, "LOWER": {"NOT_IN": [h for h in lex.heads]}}
    patterns.append({"label": "PERSON", "pattern": [{"TEXT": {"IN": firsts}}, surname]})
    patterns.append({"label": "PERSON", "pattern": [{"TEXT": {"IN": firsts}}, {"LOWER": {"IN": ["o", "mc", "de", "van"]}},
                                                    surname]})
    patterns.append({"label": "DATE", "pattern": [{"LIKE_NUM": True, "OP": "?"}, {"LOWER": {"IN": MONTHS}},
                                                  {"SHAPE": {"IN": ["dddd", "dd"]}}]})
    patterns.append({"label": "DATE", "pattern": [{"LOWER": {"IN": ["spring", "summer", "autumn", "winter"]}},
                                                  {"SHAPE": "dddd"}]})
    patterns.append({"label": "DATE", "pattern": [{"TEXT": {"REGEX": "^Q[1-4]$"}}, {"SHAPE": {"IN": ["dddd", "dddd/dd"]}}]})
    return patterns


def build_rule_pipeline(gazetteer: Gazetteer | None = None) -> Language:
    """A blank English pipeline with only the ruler: what training labels from, and the fallback."""
    import spacy

    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("entity_ruler", config={"overwrite_ents": True, "phrase_matcher_attr": "ORTH"})
    ruler.add_patterns(ruler_patterns(gazetteer))  # type: ignore[attr-defined]
    return nlp


@lru_cache(maxsize=2)
def load_pipeline(model_dir: str | None = None) -> Language:
    """The shipped pipeline: statistical NER from models/ with the ruler in front; ruler only if absent.

    Cached per model path: loading and compiling ten thousand patterns once
    per process, not once per document.
    """
    import spacy

    path = Path(model_dir) if model_dir else default_model_dir()
    if not (path / "config.cfg").exists():
        return build_rule_pipeline()
    nlp = spacy.load(path)
    ruler = nlp.add_pipe("entity_ruler", before="ner", config={"phrase_matcher_attr": "ORTH"})
    ruler.add_patterns(ruler_patterns())  # type: ignore[attr-defined]
    return nlp


def entity_spans(nlp: Language, texts: list[str]) -> list[list[tuple[str, str, int, int]]]:
    """(text, label, start_char, end_char) per text, labels mapped to AGENCY/PERSON/ROLE/DATE."""
    out = []
    # a paragraph longer than any real one (a 1 MB line from a broken export) is read in its first part
    texts = [t if len(t) <= MAX_TEXT else t[:MAX_TEXT] for t in texts]
    for doc in nlp.pipe(texts, batch_size=64):
        spans = []
        for ent in doc.ents:
            label = LABEL_MAP.get(ent.label_, None)
            if label:
                spans.append((ent.text, label, ent.start_char, ent.end_char))
        out.append(spans)
    return out

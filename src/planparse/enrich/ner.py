"""The spaCy pipeline that labels AGENCY, PERSON, ROLE and DATE spans in plan text.

Rules only: a SpanRuler over the public registers (enrich/registers.py: every
registered name of a council, police force, fire service, NHS or national body),
role titles, and token patterns for the shapes UK bodies take ("<Place> Borough
Council", "<X> Partnership Board"), people (a given name or diminutive and a
surname) and dates. planparse once shipped a small statistical NER beside it; an
ablation on the gold documents showed it added nothing over these rules (README,
"Entities and owners"), so it was removed rather than shipped as dead weight.

Anyone can pass another installed spaCy pipeline instead (`parse(path, nlp=...)`,
or `load_pipeline(path)` to load one from disk with our ruler in front); its
ORG/PERSON labels are mapped to ours.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from planparse.enrich.lexicons import default_lexicon
from planparse.enrich.registers import Registers, default_registers
from planparse.errors import PlanparseError

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator

    from spacy.language import Language
    from spacy.tokens import Span

LABELS = ("AGENCY", "PERSON", "ROLE", "DATE")
# spaCy's SpanRuler setting doc.ents: the EntityRuler does the same matching but keeps every phrase pattern as a
# Doc besides its matcher's copy (14 MB for the registers' 1,700 names against 5.5 MB)
RULER = "span_ruler"
_RULER_CONFIG = {"spans_key": None, "annotate_ents": True, "phrase_matcher_attr": "ORTH"}
_RULERS = frozenset({"span_ruler", "entity_ruler"})  # components without context: texts can be joined for them
MAX_TEXT = 20_000
LABEL_MAP = {"ORG": "AGENCY", "NORP": None, "GPE": None, "PERSON": "PERSON", "DATE": "DATE",
             "AGENCY": "AGENCY", "ROLE": "ROLE"}


class ModelError(PlanparseError):
    """A spaCy pipeline named by the user could not be loaded."""


def ruler_patterns(registers: Registers | None = None) -> list[dict[str, Any]]:
    """Ruler patterns: register names, organisation and role shapes, people, dates."""
    regs = registers or default_registers()
    lex = default_lexicon()
    patterns: list[dict[str, Any]] = []
    seen: set[str] = set()
    for name, body in regs.names():
        if name[:1].islower() or name in seen or (len(name) <= 2 and name.isupper()):
            continue  # "probation" alone is too common a word; "DH" too short to tag everywhere
        seen.add(name)
        patterns.append({"label": "AGENCY", "pattern": name, "id": body.id})
    for role in lex.role_titles:
        patterns.append({"label": "ROLE", "pattern": role})
    connectors = sorted(lex.connectors)
    months, starters = sorted(lex.months), sorted(lex.sentence_starters)
    # a word of a name: capitalised or an acronym ("Anytown Health NHS Foundation Trust"), not a month
    # or a sentence starter
    title = {"TEXT": {"REGEX": r"^[A-Z][A-Za-z'’&!-]*$"}, "LOWER": {"NOT_IN": months + starters}}
    upper = {"IS_UPPER": True, "LENGTH": {">=": 2}}
    # one pattern per shape, the head word as a set: a multi-word head ("Partnership Board") is title
    # words then its last word
    heads = sorted({h.split()[-1].lower() for h in lex.org_head_phrases})
    head = {"LOWER": {"IN": heads}, "IS_TITLE": True}
    head_any = {"LOWER": {"IN": heads}}
    patterns.append({"label": "AGENCY", "pattern": [{**title, "OP": "+"}, head]})
    patterns.append({"label": "AGENCY", "pattern": [upper, {**title, "OP": "*"}, head_any]})
    patterns.append({"label": "AGENCY", "pattern": [{**title, "OP": "+"}, {"LOWER": {"IN": connectors}},
                                                    {**title, "OP": "+"}, head]})
    # a body with a lower-case head: "MARAC working group", "Partnership Board Chairs group"
    lower_heads = sorted(lex.lower_case_heads)
    patterns.append({"label": "AGENCY", "pattern": [{**title, "OP": "+"}, {"IS_LOWER": True, "OP": "?",
                                                                         "LOWER": {"NOT_IN": [*connectors, "a"]}},
                                                    {"LOWER": {"IN": lower_heads}, "IS_LOWER": True}]})
    # the head word in the middle: "Employers Alliance Against Loneliness", "Office for National Statistics"
    patterns.append({"label": "AGENCY", "pattern": [{**title, "OP": "*"}, head,
                                                    {"LOWER": {"IN": [*connectors, "against"]}}, {**title, "OP": "+"}]})
    # councils named the other way round: "Royal Borough of <Place>", "City of <Place> Council"
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
    # a place or building word is not a surname unless it is also a common one ("Kent County", but "Jo Hill")
    not_surnames = lex.heads | {w for w in lex.named_things if w.capitalize() not in lex.surnames}
    surname = {"IS_TITLE": True, "LOWER": {"NOT_IN": sorted(not_surnames)}}
    patterns.append({"label": "PERSON", "pattern": [{"TEXT": {"IN": firsts}}, surname]})
    patterns.append({"label": "PERSON", "pattern": [{"TEXT": {"IN": firsts}},
                                                    {"LOWER": {"IN": sorted(lex.particles)}}, surname]})
    patterns.append({"label": "DATE", "pattern": [{"LIKE_NUM": True, "OP": "?"}, {"LOWER": {"IN": months}},
                                                  {"SHAPE": {"IN": ["dddd", "dd"]}}]})
    patterns.append({"label": "DATE", "pattern": [{"LOWER": {"IN": ["spring", "summer", "autumn", "winter"]}},
                                                  {"SHAPE": "dddd"}]})
    patterns.append({"label": "DATE", "pattern": [{"TEXT": {"REGEX": "^Q[1-4]$"}},
                                                  {"SHAPE": {"IN": ["dddd", "dddd/dd"]}}]})
    return patterns


def build_rule_pipeline(registers: Registers | None = None) -> Language:
    """A blank English pipeline with only the ruler: the shipped pipeline."""
    import spacy

    nlp = spacy.blank("en")
    ruler = nlp.add_pipe(RULER, config={**_RULER_CONFIG, "overwrite": True})
    ruler.add_patterns(ruler_patterns(registers))  # type: ignore[attr-defined]
    return nlp


@lru_cache(maxsize=2)
def load_pipeline(model_dir: str | None = None) -> Language:
    """The rule pipeline, or a spaCy pipeline saved at `model_dir` with the ruler put in front of it.

    Cached per path: compiling several thousand patterns once per process, not once per document.
    A path that holds no loadable pipeline is an error that says so, never a quiet fall back to rules.
    """
    if model_dir is None:
        return build_rule_pipeline()
    import spacy

    path = Path(model_dir)
    try:
        nlp = spacy.load(path)
    except (OSError, ValueError) as exc:
        raise ModelError(f"no spaCy pipeline could be loaded from {path}: {exc}") from exc
    ruler = nlp.add_pipe(RULER, first=True, config={**_RULER_CONFIG, "overwrite": False})
    ruler.add_patterns(ruler_patterns())  # type: ignore[attr-defined]
    return nlp


def entity_spans(nlp: Language, texts: list[str]) -> list[list[tuple[str, str, int, int]]]:
    """(text, label, start_char, end_char) per text, labels mapped to AGENCY/PERSON/ROLE/DATE."""
    # a paragraph longer than any real one (a 1 MB line from a broken export) is read in its first part
    texts = [t if len(t) <= MAX_TEXT else t[:MAX_TEXT] for t in texts]
    if nlp.pipe_names and all(nlp.get_pipe_meta(n).factory in _RULERS for n in nlp.pipe_names):
        return _ruled_spans(nlp, texts)
    return [_mapped(doc.ents) for doc in nlp.pipe(texts, batch_size=64)]


JOIN = "\n\n"
JOINED_MAX = 20_000  # characters per document the rule pipeline reads at once


def _ruled_spans(nlp: Language, texts: list[str]) -> list[list[tuple[str, str, int, int]]]:
    """The rule pipeline over texts joined into a few long documents, spans handed back to their texts.

    A plan is thousands of short cells and paragraphs, and spaCy's cost per
    document (the ruler recounts its patterns on every call) was most of the
    time. No rule matches a blank-line token, so no span crosses from one text
    into the next; one that did would be dropped.
    """
    out: list[list[tuple[str, str, int, int]]] = [[] for _ in texts]
    chunks = list(_chunks(texts))  # (first text, last text + 1) of each joined document
    joined = (JOIN.join(texts[a:b]) for a, b in chunks)  # made one at a time, as spaCy reads them
    for doc, (first, end_) in zip(nlp.pipe(joined, batch_size=1), chunks):
        offsets, at = [], 0
        for t in texts[first:end_]:
            offsets.append(at)
            at += len(t) + len(JOIN)
        k = 0
        for text, label, start, end in _mapped(doc.ents):
            while k + 1 < len(offsets) and offsets[k + 1] <= start:
                k += 1
            if end - offsets[k] <= len(texts[first + k]):
                out[first + k].append((text, label, start - offsets[k], end - offsets[k]))
    return out


def _chunks(texts: list[str]) -> Iterator[tuple[int, int]]:
    """Runs of texts whose joined length stays within JOINED_MAX (a longer text is a run of its own)."""
    first, size = 0, 0
    for i, text in enumerate(texts):
        if i > first and size + len(text) > JOINED_MAX:
            yield first, i
            first, size = i, 0
        size += len(text) + len(JOIN)
    if first < len(texts):
        yield first, len(texts)


def _mapped(ents: Iterable[Span]) -> list[tuple[str, str, int, int]]:
    spans = []
    for ent in ents:
        label = LABEL_MAP.get(ent.label_, None)
        if label:
            spans.append((ent.text, label, ent.start_char, ent.end_char))
    return spans

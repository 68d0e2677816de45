"""The plan's entities: every distinct agency, person, role and date, with counts and pages.

Sources, in order of trust: the typed owners of actions (the table says who
they are); spans the NER pipeline finds in headings, paragraphs and cells;
acronym definitions. Agencies are canonicalised (enrich/agencies.py) so that
"AfC" and "Achieving for Children (AfC)" are one entity; the text kept is the
form at first mention, as a reader would quote it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from planparse.enrich.agencies import AgencyResolver, name_key
from planparse.enrich.ner import entity_spans
from planparse.layout import Layout
from planparse.schema import Action, Entity

if TYPE_CHECKING:
    from spacy.language import Language

# a "group" owner ("specialist providers", "DA Networking Group members") is people, not a body
_OWNER_LABEL = {"agency": "AGENCY", "person": "PERSON", "role": "ROLE"}
_ACRONYM_AFTER = re.compile(r"^\s*\(([A-Z][A-Za-z&]{1,9})\)")
# agency spans that are only generic words ("The group", "the Board", "services")
_GENERIC = {"group", "board", "team", "service", "services", "partnership", "council", "forum", "network",
            "hub", "unit", "panel", "charity", "trust", "partners", "agencies", "the council", "the board",
            "the partnership", "local authority", "the local authority", "local authorities"}


@dataclass
class _Found:
    text: str
    label: str
    count: int = 0
    pages: set[int] = field(default_factory=set)
    canonical: str | None = None
    canonical_id: str | None = None


def extract_entities(actions: list[Action], layout: Layout, nlp: Language | None,
                     resolver: AgencyResolver | None = None, names: set[str] | None = None,
                     organisation: tuple[str | None, str | None] = (None, None)) -> list[Entity]:
    """`names` are single words the owner splitter learned are names in this document ("Cranstoun");
    `organisation` is the plan's own author (name, short name), an agency of the plan too."""
    resolver = resolver or AgencyResolver()
    names = names or set()
    # running text and the prose cells of actions; not header rows, levels or dates, where a
    # capitalised word alone ("High", "Updates") would look like a name
    # footnotes cite sources (ONS, SafeLives reports); they name no partner of the plan
    texts: list[tuple[str, int | None]] = [(b.text, b.page) for b in layout.blocks
                                           if b.kind in ("heading", "paragraph", "list_item")]
    for a in actions:
        for value in (a.text, a.outcome, a.output, a.status.progress):
            if value:
                texts.append((value, a.provenance.page))
    full = "\n".join(t for t, _ in texts)
    lower_counts = _lower_word_counts(full)
    known = {name_key(o.name) for a in actions for o in a.owners if o.kind == "agency"
             and (len(o.name.split()) > 1 or o.name in names or _plausible_agency(o.name, resolver, set(), full))}
    resolver.learn_document(full)
    found: dict[tuple[str, str], _Found] = {}

    def add(surface: str, label: str, page: int | None) -> None:
        surface = surface.strip(" ,.;:")
        if not surface or (label == "AGENCY" and name_key(surface) in _GENERIC):
            return
        if label == "AGENCY":
            canonical, cid = resolver.resolve(surface)
            key = (cid, label)
        else:
            canonical, cid = None, None
            key = (name_key(surface), label)
        item = found.get(key)
        if item is None:
            item = found[key] = _Found(surface, label, canonical=canonical, canonical_id=cid)
        item.count += 1
        if page:
            item.pages.add(page)

    org_name, org_short = organisation
    if org_name and org_name.lower() in full.lower():
        written = f"{org_name} ({org_short})" if org_short and f"{org_name} ({org_short})" in full else org_name
        add(written, "AGENCY", None)
    for a in actions:
        for o in a.owners:
            label = _OWNER_LABEL.get(o.kind)
            if label == "AGENCY" and len(o.name.split()) == 1 and o.name not in names and \
                    not _plausible_agency(o.name, resolver, set(), full):
                continue  # "Adult", "Hospital": a word, not a body's name
            if label:
                add(o.name, label, a.provenance.page)
            if o.role:
                add(o.role, "ROLE", a.provenance.page)
    if nlp is not None:
        for (text, page), spans in zip(texts, entity_spans(nlp, [t for t, _ in texts])):
            for surface, label, start, end in spans:
                if label == "AGENCY":
                    vouched = name_key(surface) in known or name_key(surface) in resolver.seen
                    if not vouched and (not _plausible_agency(surface, resolver, known, full)
                                        or _sentence_start(surface, lower_counts)):
                        continue
                    m = _ACRONYM_AFTER.match(text[end:])
                    if m:
                        surface = f"{surface} ({m.group(1)})"  # as written: "Achieving for Children (AfC)"
                elif label == "PERSON" and not _plausible_person(surface):
                    continue
                add(surface, label, page)
    entities = [Entity(text=f.text, label=f.label, count=max(1, f.count), canonical=f.canonical,  # type: ignore[arg-type]
                       canonical_id=f.canonical_id, pages=sorted(f.pages)) for f in found.values()]
    entities.sort(key=lambda e: (e.label, -e.count, e.text))
    return entities


def _lower_word_counts(text: str) -> dict[str, int]:
    counts: dict[str, int] = {}
    for w in re.findall(r"\b[a-z][a-z'-]+\b", text):
        counts[w] = counts.get(w, 0) + 1
    return counts


def _sentence_start(surface: str, lower_counts: dict[str, int]) -> bool:
    """'Map service', 'Focus group', 'OF SERVICES': a capitalised common word or a shouted heading, not a name."""
    words = surface.split()
    if len(words) > 1 and surface.isupper():
        return True
    return len(words) == 2 and lower_counts.get(words[0].lower(), 0) >= 1


def _plausible_agency(surface: str, resolver: AgencyResolver, known: set[str], full: str) -> bool:
    """Keep a found span only if it looks like a body: known, an acronym in use, or a name ending on a head word."""
    from planparse.enrich.owners import default_lexicon

    words = surface.split()
    key = name_key(surface)
    if words and (key in known or key in resolver.seen or surface in resolver.acronyms):
        return True
    if not words or not surface[:1].isalpha() or not surface[:1].isupper() and not surface.lower().startswith("the "):
        return False
    if len(words) == 1:
        token = words[0]
        upper = sum(1 for c in token if c.isupper())
        return upper >= 2 and upper >= len(token) - 1 and full.count(token) >= 2
    if len(words) > 9:
        return False
    last = words[-1].lower().strip("()")
    return last in default_lexicon().org_heads and sum(1 for w in words if w[:1].isupper()) >= len(words) / 2


def _plausible_person(surface: str) -> bool:
    from planparse.enrich.owners import default_lexicon

    words = surface.split()
    lex = default_lexicon()
    return 1 <= len(words) <= 4 and words[0] in lex.first_names and all(w[:1].isupper() for w in words)

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
from planparse.enrich.agency_variants import expand_acronym, merge_variants
from planparse.enrich.name_shapes import (
    DOCUMENT_WORDS,
    GENERIC_NAMES,
    PROGRAMME_WORDS,
    agent_spans,
    descriptive,
    listed_beside_known,
    lower_word_counts,
    name_shaped,
    plausible_agency,
    plausible_person,
    sentence_start,
)
from planparse.enrich.ner import entity_spans
from planparse.enrich.owners import default_lexicon, without_honorific
from planparse.layout import Layout
from planparse.schema import Action, Entity

if TYPE_CHECKING:
    from spacy.language import Language

# a "group" owner ("specialist providers", "DA Networking Group members") is people, not a body
_OWNER_LABEL = {"agency": "AGENCY", "person": "PERSON", "role": "ROLE"}
_POST_OF = re.compile(r"^(?P<who>.+?) (?:of|at|from) (?:the )?(?P<body>[A-Z].+)$")
# one word with two capitals: an acronym or a brand ("MARAC", "SupportU", "IRISi"), not "Council"
_TWO_CAPITALS = re.compile(r"^[A-Z][A-Za-z&]*[A-Z][A-Za-z&]*$")
_ACRONYM_AFTER = re.compile(r"^\s*\(([A-Z][A-Za-z&]{1,9})\)")


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
    `organisation` is the plan's own author (name, short name), an agency of the plan too.
    A `resolver` passed in has already learned the document's acronyms (the pipeline uses it
    for owners first); one made here learns them from the text read below."""
    learn = resolver is None
    resolver = resolver or AgencyResolver()
    names = names or set()
    # Events in document order: prose blocks, then each action's row as its columns read (action,
    # owners, then outcome/output/progress), so that an entity keeps the form at first mention.
    # Not header rows, levels or dates, where a capitalised word alone ("High") looks like a name;
    # not footnotes, which cite sources (ONS, SafeLives reports) rather than partners.
    keyed: list[tuple[tuple[float, float, int], tuple[str, int | None, Action | None]]] = []
    for i, b in enumerate(layout.blocks):
        if b.kind in ("heading", "paragraph", "list_item"):
            keyed.append(((b.page or 0, _position(b.line, b.bbox), i), (b.text, b.page, None)))
    for i, a in enumerate(actions):
        where = (a.provenance.page or 0, _position(a.provenance.line, a.provenance.bbox))
        row = [(a.text, a.provenance.page, None)] if a.text else []
        row.append(("", a.provenance.page, a))  # the owner cell
        row.extend((v, a.provenance.page, None) for v in (a.outcome, a.output, a.status.progress) if v)
        keyed.extend(((*where, len(layout.blocks) + 4 * i + k), event) for k, event in enumerate(row))
    events = [event for _, event in sorted(keyed, key=lambda kv: kv[0])]
    texts = [(t, page) for t, page, a in events if a is None]
    full = "\n".join(t for t, _ in texts)
    lower_counts = lower_word_counts(full)
    cells = "\n".join(c.text for b in layout.blocks if b.kind == "table_row" for c in b.cells)
    gazetteer_keys = {name_key(n) for c, al in resolver.gazetteer.agencies.items() for n in (c, *al)}
    known = {name_key(o.name) for a in actions for o in a.owners if o.kind == "agency"
             and (len(o.name.split()) > 1 or o.name in names
                  or plausible_agency(o.name, resolver, set(), full, gazetteer_keys))}
    if learn:
        resolver.learn_document(full)
    found: dict[tuple[str, str], _Found] = {}
    document = f"{full}\n{cells}"
    heads = default_lexicon().org_heads
    own_keys = {name_key(n) for n in organisation if n}
    found_agencies: set[str] = set()  # name keys of the agencies found so far, for the context tests
    # "County Council", "Partnership Board" alone: the head of some body's name (not one the gazetteer names)
    head_phrases = {name_key(h) for h in resolver.gazetteer.org_heads if len(h.split()) > 1} - gazetteer_keys

    def is_known(name: str) -> bool:
        key = name_key(name)
        return key in gazetteer_keys or key in known or key in found_agencies

    def is_body(name: str) -> bool:
        """Known, the plan's author, or an acronym the document defines as a body ("WBC")."""
        if is_known(name) or name_key(name) in own_keys:
            return True
        long = resolver.acronyms.get(name, "").split()
        return bool(long) and long[-1].lower() in heads

    def starts_with_body(words: list[str]) -> bool:
        return any(is_body(" ".join(words[:k])) for k in range(1, len(words)))

    def add(surface: str, label: str, page: int | None) -> None:
        surface = surface.strip(" ,.;:")
        if not surface or (label == "AGENCY" and name_key(surface) in GENERIC_NAMES | head_phrases):
            return  # "the Board", "County Council": a body's head word, not its name
        if label == "AGENCY" and name_key(surface) not in gazetteer_keys and \
                descriptive(surface, starts_with_body, document, lambda w: expand_acronym(w, full)):
            return  # "Voluntary sector hub", "DA Services": a kind of provider, not a body
        if label == "AGENCY":
            canonical, cid = resolver.resolve(surface)
            key = (cid, label)
        else:
            canonical, cid = None, None
            key = (name_key(surface), label)
        item = found.get(key)
        if item is None:
            item = found[key] = _Found(surface, label, canonical=canonical, canonical_id=cid)
        if label == "AGENCY":
            found_agencies.update((name_key(item.text), name_key(surface)))
        item.count += 1
        if page:
            item.pages.add(page)

    def add_owners(a: Action) -> None:
        for o in a.owners:
            for r in (o.role, o.name if o.kind == "role" else None):
                first = r.split()[0] if r else ""
                if len(first) >= 3 and first.isupper() and first.isalpha():
                    add(first, "AGENCY", a.provenance.page)  # "BWSCP Business Manager": a post in the BWSCP
            label = _OWNER_LABEL.get(o.kind)
            acronym = o.name.isupper() and len(o.name) >= 2
            if label == "AGENCY" and len(o.name.split()) == 1 and o.name not in names and not acronym and \
                    not plausible_agency(o.name, resolver, set(), full, gazetteer_keys):
                continue  # "Adult", "Hospital": a word, not a body's name
            if label == "AGENCY" and o.name.split()[-1].lower() in PROGRAMME_WORDS | DOCUMENT_WORDS:
                continue  # an owner can be a project; the guidelines do not count it as an agency
            if label:
                add(without_honorific(o.name) if label == "PERSON" else o.name, label, a.provenance.page)
            if o.role:
                add(o.role, "ROLE", a.provenance.page)

    def vouched_by_context(surface: str, start: int, end: int, context: set[tuple[int, int]]) -> bool:
        """The grammar says it is a party: the agent of "run by ...", or an item listed beside a known body."""
        if (start, end) not in context or plausible_person(surface) or not name_shaped(surface, 6):
            return False
        one_word = len(surface.split()) == 1
        return not one_word or bool(_TWO_CAPITALS.match(surface)) or surface in names  # not "Council", "Figure"

    def add_spans(text: str, page: int | None, spans: list[tuple[str, str, int, int]]) -> None:
        candidates = agent_spans(text) + listed_beside_known(text, is_known)
        context = {(s, e) for _, s, e in candidates}
        spans = spans + [(n, "AGENCY", s, e) for n, s, e in candidates
                         if not any(s < se and ss < e for _, _, ss, se in spans)]
        for surface, label, start, end in spans:
            post = _POST_OF.match(surface) if label == "AGENCY" else None
            if post and plausible_person(without_honorific(post.group("who"))):
                # "Superintendent Emma Garside of Thames Valley Police": a person in post, then the body
                who, body = post.group("who"), post.group("body")
                person = without_honorific(who)
                add_spans(text, page, [(person, "PERSON", start + len(who) - len(person), start + len(who)),
                                       (body, "AGENCY", end - len(body), end)])
                continue
            if label == "AGENCY" and " and " in surface:
                left, _, right = surface.partition(" and ")
                if all(plausible_agency(x, resolver, known, full, gazetteer_keys) for x in (left, right)):
                    # "DA Networking Group and DA Partnership Board": two bodies in one span
                    add_spans(text, page, [(left, label, start, start + len(left)),
                                           (right, label, end - len(right), end)])
                    continue
            if label == "AGENCY":
                vouched = name_key(surface) in known or name_key(surface) in gazetteer_keys or \
                    vouched_by_context(surface, start, end, context)
                if not vouched and (not plausible_agency(surface, resolver, known, full, gazetteer_keys)
                                    or sentence_start(surface, lower_counts)):
                    continue
                m = _ACRONYM_AFTER.match(text[end:])
                if m:
                    long = resolver.acronyms.get(m.group(1), "")
                    if long.endswith(surface) and long != surface:
                        surface = long  # the span caught only the end of the defined name
                    surface = f"{surface} ({m.group(1)})"  # as written: "Achieving for Children (AfC)"
            elif label == "PERSON" and not plausible_person(surface):
                continue
            add(surface, label, page)

    org_name, org_short = organisation
    everything = f"{full}\n{cells}"
    if org_name and org_name.lower() in everything.lower():
        written = f"{org_name} ({org_short})" if org_short and f"{org_name} ({org_short})" in everything else org_name
        add(written, "AGENCY", None)
    spans_per_text = iter(entity_spans(nlp, [t for t, _ in texts]) if nlp is not None else [[] for _ in texts])
    for text, page, owner_row in events:
        if owner_row is not None:
            add_owners(owner_row)
        else:
            add_spans(text, page, next(spans_per_text))
    _from_lists(texts, found, add)
    merge_variants(found, org_short, full, gazetteer_keys)
    _merge_first_names(found)
    entities = [Entity(text=f.text, label=f.label, count=max(1, f.count), canonical=f.canonical,  # type: ignore[arg-type]
                       canonical_id=f.canonical_id, pages=sorted(f.pages)) for f in found.values()]
    entities.sort(key=lambda e: (e.label, -e.count, e.text))
    return entities


_LIST_ITEM = re.compile(r"^[A-Z][\w'’&!-]*(?:\s+(?:[A-Z][\w'’&!-]*|of|for|and|the)){0,4}$")


def _from_lists(texts: list[tuple[str, int | None]], found: dict[tuple[str, str], _Found], add) -> None:
    """Names listed beside known bodies are bodies too: "including RBWM, Optalis, AfC, Army Welfare".

    A comma list counts when at least two of its items are agencies already
    and every other item is a short capitalised name.
    """
    known = {name_key(f.text) for (_, label), f in found.items() if label == "AGENCY"}
    for text, page in texts:
        for sentence in re.split(r"(?<=[.;:])\s+", text):
            # commas only: " and " is inside names too ("Office of the Police and Crime Commissioner")
            items = [re.sub(r"^(and|or)\s+", "", i.strip(" .")) for i in re.split(r",\s*", sentence)]
            if items and " and " in items[-1]:
                left, _, right = items[-1].rpartition(" and ")
                if name_key(right) in known:  # "..., Army Welfare and the Crown Prosecution Service"
                    items[-1:] = [left, right]
            if len(items) < 3:
                continue
            tail = [re.sub(r"^.*\b(including|include|includes|such as|with|from|by)\s+", "", i) for i in items]
            hits = [i for i in tail if name_key(re.sub(r"\s*\([^()]*\)", "", i)) in known]
            if len(hits) < 2:
                continue
            for item in tail:
                bare = re.sub(r"\s*\([^()]*\)", "", item).strip()
                topic = len(re.findall(rf"\b{re.escape(bare.lower())}\b", text.lower())) >= 2
                if bare and _LIST_ITEM.match(bare) and name_key(bare) not in known and len(bare) > 2 and not topic \
                        and bare.split()[-1].lower() not in DOCUMENT_WORDS:
                    add(bare, "AGENCY", page)


def _merge_first_names(found: dict[tuple[str, str], _Found]) -> None:
    """'April' in one owner cell is the plan's one 'April Peberdy': a first name alone is that person."""
    people = [(k, f) for k, f in found.items() if k[1] == "PERSON"]
    for key, item in people:
        if len(item.text.split()) != 1:
            continue
        full = [f for k, f in people if f is not item and k in found and f.text.split()[0] == item.text]
        if len(full) == 1:
            full[0].count += item.count
            full[0].pages |= item.pages
            del found[key]


def _position(line: int | None, bbox: tuple[float, float, float, float] | None) -> float:
    """Where on its page something sits: a text line number, or a PDF box's top."""
    if line is not None:
        return float(line)
    return bbox[1] if bbox else 0.0

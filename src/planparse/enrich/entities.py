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
    lower_counts = _lower_word_counts(full)
    cells = "\n".join(c.text for b in layout.blocks if b.kind == "table_row" for c in b.cells)
    gazetteer_keys = {name_key(n) for c, al in resolver.gazetteer.agencies.items() for n in (c, *al)}
    known = {name_key(o.name) for a in actions for o in a.owners if o.kind == "agency"
             and (len(o.name.split()) > 1 or o.name in names
                  or _plausible_agency(o.name, resolver, set(), full, gazetteer_keys))}
    if learn:
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

    def add_owners(a: Action) -> None:
        for o in a.owners:
            for r in (o.role, o.name if o.kind == "role" else None):
                first = r.split()[0] if r else ""
                if len(first) >= 3 and first.isupper() and first.isalpha():
                    add(first, "AGENCY", a.provenance.page)  # "BWSCP Business Manager": a post in the BWSCP
            label = _OWNER_LABEL.get(o.kind)
            acronym = o.name.isupper() and len(o.name) >= 2
            if label == "AGENCY" and len(o.name.split()) == 1 and o.name not in names and not acronym and \
                    not _plausible_agency(o.name, resolver, set(), full, gazetteer_keys):
                continue  # "Adult", "Hospital": a word, not a body's name
            if label == "AGENCY" and o.name.split()[-1].lower() in _PROGRAMME_WORDS | _DOCUMENT_WORDS:
                continue  # an owner can be a project; the guidelines do not count it as an agency
            if label:
                add(o.name, label, a.provenance.page)
            if o.role:
                add(o.role, "ROLE", a.provenance.page)

    def add_spans(text: str, page: int | None, spans: list[tuple[str, str, int, int]]) -> None:
        for surface, label, start, end in spans:
            if label == "AGENCY" and " and " in surface:
                left, _, right = surface.partition(" and ")
                if all(_plausible_agency(x, resolver, known, full, gazetteer_keys) for x in (left, right)):
                    # "DA Networking Group and DA Partnership Board": two bodies in one span
                    add_spans(text, page, [(left, label, start, start + len(left)),
                                           (right, label, end - len(right), end)])
                    continue
            if label == "AGENCY":
                vouched = name_key(surface) in known or name_key(surface) in gazetteer_keys
                if not vouched and (not _plausible_agency(surface, resolver, known, full, gazetteer_keys)
                                    or _sentence_start(surface, lower_counts)):
                    continue
                m = _ACRONYM_AFTER.match(text[end:])
                if m:
                    long = resolver.acronyms.get(m.group(1), "")
                    if long.endswith(surface) and long != surface:
                        surface = long  # the span caught only the end of the defined name
                    surface = f"{surface} ({m.group(1)})"  # as written: "Achieving for Children (AfC)"
            elif label == "PERSON" and not _plausible_person(surface):
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
    _merge_variants(found, org_short, full)
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


def _plausible_agency(surface: str, resolver: AgencyResolver, known: set[str], full: str,
                      gazetteer_keys: set[str] = frozenset()) -> bool:  # type: ignore[assignment]
    """Keep a found span only if it looks like a body: known, an acronym in use, or a name ending on a head word."""
    from planparse.enrich.owners import default_lexicon

    words = surface.split()
    key = name_key(surface)
    defined = resolver.acronyms.get(surface, "").split()
    if defined and defined[-1].lower() in _DOCUMENT_WORDS | _PROGRAMME_WORDS | default_lexicon().role_heads:
        return False  # "DVDS" is a Scheme, "IDVA" an Advocate: the document says so
    if words and (key in known or key in gazetteer_keys or surface in resolver.acronyms):
        return True
    if not words or not surface[:1].isalpha() or not surface[:1].isupper() and not surface.lower().startswith("the "):
        return False
    if len(words) == 1:
        token = words[0]
        upper = sum(1 for c in token if c.isupper())
        return upper >= 2 and upper >= len(token) - 1 and full.count(token) >= 2
    if len(words) > 9 or words[-1].lower() in _DOCUMENT_WORDS | _PROGRAMME_WORDS:
        # "Thames Valley Police & Criminal Justice Plan" is a document, "Freedom Programme" a programme
        # (the guidelines: programmes run by an organisation are not agencies)
        return False
    heads = default_lexicon().org_heads
    last = words[-1].lower().strip("()")
    lowers = sum(1 for w in words[:-1] if w[:1].islower())
    if len(words) == 2 and words[-1].islower():
        return False  # "DA services", "Networking group": a kind of service, not one body's name
    if last in heads and len(words) <= 5 and words[0][:1].isupper() and lowers <= 1:
        return True  # "MARAC steering group", "RBWM Comms team"
    # a head word inside a capitalised name: "Employers Initiative Against Domestic Abuse"
    inner = any(w.lower() in heads for w in words[1:])
    capitals = sum(1 for w in words if w[:1].isupper())
    return (last in heads or inner) and capitals >= len(words) - 1


def _plausible_person(surface: str) -> bool:
    from planparse.enrich.owners import default_lexicon

    words = surface.split()
    lex = default_lexicon()
    return 1 <= len(words) <= 4 and words[0] in lex.first_names and all(w[:1].isupper() for w in words)


_DOCUMENT_WORDS = {"plan", "plans", "strategy", "strategies", "act", "bill", "report", "review", "reviews",
                   "orders", "order", "scheme", "assessment", "policy", "framework", "guidance", "notice", "notices"}
_PROGRAMME_WORDS = {"programme", "programmes", "program", "project", "projects", "campaign", "accreditation"}
_LIST_ITEM = re.compile(r"^[A-Z][\w'’&!-]*(?:\s+(?:[A-Z][\w'’&!-]*|of|for|and|the)){0,4}$")


def _from_lists(texts: list[tuple[str, int | None]], found: dict[tuple[str, str], _Found], add) -> None:  # noqa: ANN001
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
                        and bare.split()[-1].lower() not in _DOCUMENT_WORDS:
                    add(bare, "AGENCY", page)


def _merge_variants(found: dict[tuple[str, str], _Found], org_short: str | None, full: str = "") -> None:
    """Fold agencies that are one body written two ways into the first-mentioned form.

    An undefined acronym whose letters are the initials of another agency's
    words ("BWA" and "Berkshire Women's Aid"), and a name that is another with
    the plan's own author in front ("West Berkshire Domestic Abuse Partnership
    Board"), are the same body.
    """
    from planparse.enrich.owners import _ACRONYM

    agencies = [(k, f) for k, f in found.items() if k[1] == "AGENCY"]
    prefix = f"{name_key(org_short)} " if org_short else None
    for key, item in agencies:
        target = None
        words = item.text.split()
        if len(words) == 1 and _ACRONYM.match(words[0]):
            letters = [c.lower() for c in words[0] if c.isupper()]
            target = next((f for k, f in agencies if f is not item and len(f.text.split()) == len(letters)
                           and [w[0].lower() for w in f.text.split()] == letters), None)
        elif prefix and name_key(item.text).startswith(prefix):
            rest = name_key(item.text)[len(prefix):]
            target = next((f for k, f in agencies if f is not item and name_key(f.text) == rest), None)
        elif len(words) > 1 and _ACRONYM.match(words[0]) and len(words[0]) <= 3:
            expanded = _expand(words[0], full)
            if expanded:
                long = name_key(f"{expanded} {' '.join(words[1:])}")
                # "DA Forum" is "Domestic Abuse Forum", also when written "RBWM Domestic Abuse Forum"
                target = next((f for k, f in agencies if f is not item and
                               long in (name_key(f.text), _unprefixed(f.text, prefix))), None)
        if target is not None and key in found:
            order = list(found)
            target_key = next(k for k, f in found.items() if f is target)
            if order.index(key) < order.index(target_key):
                target.text = item.text  # keep the form at first mention
            target.count += item.count
            target.pages |= item.pages
            del found[key]


def _expand(acronym: str, text: str) -> str | None:
    """'DA' -> 'Domestic Abuse': the commonest capitalised phrase in the document with those initials."""
    letters = [c for c in acronym if c.isupper()]
    pattern = r"\b" + r"\s+".join(f"({c}[a-z]+)" for c in letters) + r"\b"
    counts: dict[str, int] = {}
    for m in re.finditer(pattern, text):
        phrase = " ".join(m.groups())
        counts[phrase] = counts.get(phrase, 0) + 1
    if not counts:
        return None
    best = max(counts, key=lambda k: counts[k])
    return best if counts[best] >= 3 else None


def _unprefixed(name: str, prefix: str | None) -> str:
    key = name_key(name)
    return key[len(prefix):] if prefix and key.startswith(prefix) else key


def _position(line: int | None, bbox: tuple[float, float, float, float] | None) -> float:
    """Where on its page something sits: a text line number, or a PDF box's top."""
    if line is not None:
        return float(line)
    return bbox[1] if bbox else 0.0

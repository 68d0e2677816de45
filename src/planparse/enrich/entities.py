"""The plan's entities: every distinct agency, person, role and date, with counts and pages.

Sources, in order of trust: the typed owners of actions (the table says who
they are); signatory blocks; spans the spaCy pipeline finds in the plan's own
text (enrich/mentions.py says which blocks count and which names the grammar
vouches for); names listed beside known bodies. Agencies are canonicalised
(enrich/canonical.py) so that "AfC" and "Acting for Carers (AfC)" are one
entity; the text kept is the form at first mention, as a reader would quote it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from planparse.enrich.canonical import AgencyResolver, merge_variants
from planparse.enrich.lexicons import default_lexicon
from planparse.enrich.mentions import agent_spans, listed_with_known, lone_given_names, own_text_blocks, signatories
from planparse.enrich.name_shapes import (
    descriptive,
    expand_acronym,
    generic,
    has_two_capitals,
    is_honorific,
    lower_word_counts,
    name_key,
    name_shaped,
    plausible_agency,
    plausible_person,
    sentence_start,
    without_honorific,
)
from planparse.enrich.ner import entity_spans
from planparse.layout import Layout
from planparse.schema import Action, Entity

if TYPE_CHECKING:
    from spacy.language import Language

# a "group" owner ("specialist providers", "Practice Group members") is people, not a body
_OWNER_LABEL = {"agency": "AGENCY", "person": "PERSON", "role": "ROLE"}
_POST_OF = re.compile(r"^(?P<who>.+?) (?:of|at|from) (?:the )?(?P<body>[A-Z].+)$")
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
    """`names` are single words the owner splitter learned are names in this document ("Harbourlight");
    `organisation` is the plan's own author (name, short name), an agency of the plan too.
    A `resolver` passed in has already learned the document's acronyms (the pipeline uses it
    for owners first); one made here learns them from the text read below."""
    lex = default_lexicon()
    learn = resolver is None
    resolver = resolver or AgencyResolver()
    names = names or set()
    # Events in document order: the plan's own prose blocks, then each action's row as its columns read
    # (action, owners, then outcome/output/progress), so that an entity keeps the form at first mention.
    # Not header rows, levels or dates, where a capitalised word alone ("High") looks like a name;
    # not footnotes, references or contacts, which cite sources rather than name partners.
    own = own_text_blocks(layout.blocks)
    keyed: list[tuple[tuple[float, float, int], tuple[str, int | None, Action | None]]] = []
    for i, b in enumerate(layout.blocks):
        if b.kind in ("heading", "paragraph", "list_item") and own[i]:
            keyed.append(((b.page or 0, _position(b.line, b.bbox), i), (b.text, b.page, None)))
    for i, a in enumerate(actions):
        where = (a.provenance.page or 0, _position(a.provenance.line, a.provenance.bbox))
        row = [(a.text, a.provenance.page, None)] if a.text else []
        row.append(("", a.provenance.page, a))  # the owner cell
        row.extend((v, a.provenance.page, None) for v in (a.outcome, a.output, a.status.progress) if v)
        keyed.extend(((*where, len(layout.blocks) + 4 * i + k), event) for k, event in enumerate(row))
    events = [event for _, event in sorted(keyed, key=lambda kv: kv[0])]
    # text a plan cites or tabulates: footnotes, references, tables that hold no actions. A registered
    # body or a defined "Long Name (ACR)" there is named by the plan; a name's shape alone is not enough
    cited = [(b.text, b.page, False) for i, b in enumerate(layout.blocks)
             if b.kind == "footnote" or (b.kind in ("heading", "paragraph", "list_item") and not own[i])]
    cited += [(c.text, b.page, True) for b in layout.blocks if b.kind == "table_row" for c in b.cells if not c.empty]
    texts = [(t, page) for t, page, a in events if a is None]
    full = "\n".join(t for t, _ in texts)
    lower_counts = lower_word_counts(full)
    ordinary = set(lower_counts)
    ambiguous = {w for w in ordinary if w.capitalize() in lex.first_names} | resolver.registers.place_words
    cells = "\n".join(c.text for b in layout.blocks if b.kind == "table_row" for c in b.cells)
    if learn:
        resolver.learn_document(full)
    acronyms = resolver.acronyms
    known = {name_key(o.name) for a in actions for o in a.owners if o.kind == "agency"
             and (len(o.name.split()) > 1 or o.name in names or resolver.registered(o.name)
                  or plausible_agency(o.name, acronyms, set(), full))}
    found: dict[tuple[str, str], _Found] = {}
    document = (full, cells)  # never joined: a 1,000-page plan's text is megabytes
    own_keys = {name_key(n) for n in organisation if n}
    found_agencies: set[str] = set()  # name keys of the agencies found so far, for the context tests
    # "County Council", "Partnership Board" alone: the head of some body's name, not a name
    head_phrases = {name_key(h) for h in lex.org_head_phrases if len(h.split()) > 1}

    def registered(name: str) -> bool:
        return resolver.registered(name)

    def is_known(name: str) -> bool:
        key = name_key(name)
        return key in known or key in found_agencies or registered(name)

    def is_body(name: str) -> bool:
        """Known, the plan's author, or an acronym the document defines as a body ("ABC")."""
        if is_known(name) or name_key(name) in own_keys:
            return True
        long = acronyms.get(name, "").split()
        return bool(long) and long[-1].lower() in lex.org_heads

    def starts_with_body(words: list[str]) -> bool:
        return any(is_body(" ".join(words[:k])) for k in range(1, len(words)))

    def add(surface: str, label: str, page: int | None, mention: bool = True) -> None:
        """Record a mention; `mention=False` records the name without counting it (a citation)."""
        surface = surface.strip(" ,.;:")
        if not surface:
            return
        if label == "AGENCY" and not registered(surface):
            if generic(surface) or name_key(surface) in head_phrases:
                return  # "the Board", "Health", "County Council": a category or a head word, not a name
            if not name_key(surface) or name_key(surface).split()[-1] in lex.not_a_body:
                return  # "... Programme (PP)", "... Strategy": a programme or a document, not a body
            if descriptive(surface, starts_with_body, document, lambda w: expand_acronym(w, full)):
                return  # "Community sector hub", "DA Services": a kind of provider, not a body
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
        if mention:
            if item.count == 0:
                item.text = surface  # first met in a citation: the plan's own first mention is the form kept
            item.count += 1
            if page:
                item.pages.add(page)

    def add_owners(a: Action) -> None:
        for o in a.owners:
            for r in (o.role, o.name if o.kind == "role" else None):
                first = r.split()[0] if r else ""
                if len(first) >= 3 and first.isupper() and first.isalpha():
                    add(first, "AGENCY", a.provenance.page)  # "ASCP Business Manager": a post in the ASCP
            label = _OWNER_LABEL.get(o.kind)
            acronym = o.name.isupper() and len(o.name) >= 2
            if label == "AGENCY" and len(o.name.split()) == 1 and o.name not in names and not acronym and \
                    not registered(o.name) and not plausible_agency(o.name, acronyms, set(), full):
                continue  # "Adult", "Hospital": a word, not a body's name
            if label == "AGENCY" and o.name.split()[-1].lower() in lex.not_a_body:
                continue  # an owner can be a project; the guidelines do not count it as an agency
            if label:
                add(without_honorific(o.name) if label == "PERSON" else o.name, label, a.provenance.page)
            if o.role:
                add(o.role, "ROLE", a.provenance.page)

    def without_ordinary_lead(surface: str) -> str:
        """'Support Ministry of Justice', 'Review Anytown Partnership': an ordinary word (one the
        document writes in lower case) before a name known otherwise is not part of the name."""
        words = surface.split()
        if len(words) >= 3 and words[0].lower() in ordinary and is_known(" ".join(words[1:])):
            return " ".join(words[1:])
        return surface

    def describes(surface: str) -> bool:
        body = resolver.registers.lookup(surface)
        return body is not None and body.register == "standard" and body.kind == "service"

    def with_place(text: str, surface: str, start: int) -> tuple[str, int]:
        """'Anyshire Women's Aid': a place before a national charity's name makes a local body of its own."""
        body = resolver.registers.lookup(surface)
        if body is None or body.register != "national" or body.kind != "charity":
            return surface, start
        m = re.search(r"((?:[A-Z][a-z]+ ){1,3})$", text[:start])
        if m and all(w.lower() in resolver.registers.place_words for w in m.group(1).split()):
            return m.group(1) + surface, start - len(m.group(1))
        return surface, start

    def leading_party(surface: str) -> tuple[str, str] | None:
        """A person or a post run into the body's name in front of it: (those words, PERSON or ROLE)."""
        words = surface.split()
        for k in range(len(words) - 2, 0, -1):
            who, rest = " ".join(words[:k]), " ".join(words[k:])
            if name_key(rest) in head_phrases or generic(rest) or words[k].lower() in lex.org_heads or \
                    not (registered(rest) or plausible_agency(rest, acronyms, known, full)):
                continue
            if (is_honorific(words[0]) or k >= 2) and plausible_person(without_honorific(who), ambiguous, ordinary):
                return who, "PERSON"
            if words[k - 1].lower() in lex.role_heads or any(who.lower().endswith(t.lower()) for t in lex.role_titles):
                return who, "ROLE"
        return None

    def vouched_by_context(surface: str) -> bool:
        """The grammar says it is a party: the agent of "run by ...", or an item listed beside a known body."""
        if plausible_person(surface, ambiguous, ordinary) or not name_shaped(surface, 6):
            return False
        one_word = len(surface.split()) == 1
        return not one_word or has_two_capitals(surface) or surface in names  # not "Council", "Figure"

    def add_spans(text: str, page: int | None, spans: list[tuple[str, str, int, int]],
                  context: set[tuple[int, int]]) -> None:
        # a span split in two ("Jo Bloggs of Anyshire Police") goes back on the stack, its parts read next in
        # order; a stack rather than a recursive call, which would tie this closure (and every text it
        # holds) into a cycle that outlives the call until the garbage collector runs
        todo = spans[::-1]
        while todo:
            surface, label, start, end = todo.pop()
            post = _POST_OF.match(surface) if label == "AGENCY" else None
            if post and plausible_person(without_honorific(post.group("who")), ambiguous, ordinary):
                # "Superintendent Jo Bloggs of Anyshire Police": a person in post, then the body
                who, body = post.group("who"), post.group("body")
                person = without_honorific(who)
                todo += [(body, "AGENCY", end - len(body), end),
                         (person, "PERSON", start + len(who) - len(person), start + len(who))]
                continue
            lead = leading_party(surface) if label == "AGENCY" else None
            if lead:
                # "Dr Jo Bloggs Anyshire County Council", "Deputy Chief Executive Anyshire County Council":
                # who signs or holds the post, then the body
                who, kind = lead
                add(without_honorific(who) if kind == "PERSON" else who, kind, page)
                todo.append((surface[len(who) + 1:], "AGENCY", start + len(who) + 1, end))
                continue
            if label == "AGENCY" and " and " in surface and not registered(surface):
                left, _, right = surface.partition(" and ")
                if all(plausible_agency(x, acronyms, known, full) or registered(x) for x in (left, right)):
                    # "Practice Group and Partnership Board": two bodies in one span
                    todo += [(right, label, end - len(right), end), (left, label, start, start + len(left))]
                    continue
            if label == "AGENCY":
                bare = without_ordinary_lead(surface)
                start += len(surface) - len(bare)
                surface = bare
                if text[start - 1:start] == "(" and text[end:end + 1] == ")" and describes(surface):
                    continue  # "Anybody (Adult Social Care)": the bracket says what the body before it is
                surface, start = with_place(text, surface, start)
            following = re.match(r" ([A-Z][a-z]+)\b", text[end:])
            if label == "PERSON" and following and following.group(1) not in lex.surnames | lex.first_names:
                continue  # "Job Seeker Allowance": a given name opening a longer capitalised name
            if label == "AGENCY":
                vouched = name_key(surface) in known or registered(surface) or \
                    ((start, end) in context and vouched_by_context(surface))
                if not vouched and (not plausible_agency(surface, acronyms, known, full)
                                    or sentence_start(surface, lower_counts)):
                    continue
                m = _ACRONYM_AFTER.match(text[end:])
                if m:
                    long = acronyms.get(m.group(1), "")
                    if long.endswith(surface) and long != surface:
                        surface = long  # the span caught only the end of the defined name
                    surface = f"{surface} ({m.group(1)})"  # as written: "Acting for Carers (AfC)"
            elif label == "PERSON" and not plausible_person(surface, ambiguous, ordinary):
                continue
            add(surface, label, page)

    org_name, org_short = organisation
    # a case-blind search, not document.lower(): CPython lowers any text that is not pure ASCII (one dash or
    # curly quote is enough) through a buffer of twelve bytes per character, 24 MB for a 1,000-page plan
    if org_name and any(re.search(re.escape(org_name), part, re.IGNORECASE) for part in document):
        written = f"{org_name} ({org_short})" if org_short and any(f"{org_name} ({org_short})" in part
                                                                      for part in document) else org_name
        add(written, "AGENCY", None)
    for s in signatories([t for t, _ in texts], ordinary, ambiguous):
        add(without_honorific(s.person), "PERSON", None)
        if s.organisation and plausible_agency(s.organisation, acronyms, known, full):
            add(s.organisation, "AGENCY", None)
    spans_per_text = iter(entity_spans(nlp, [t for t, _ in texts]) if nlp is not None else [[] for _ in texts])
    for text, page, owner_row in events:
        if owner_row is not None:
            add_owners(owner_row)
            continue
        spans = next(spans_per_text)
        agents = [(n, "AGENCY", s, e) for n, s, e in agent_spans(text)
                  if not any(s < se and ss < e for _, _, ss, se in spans)]
        add_spans(text, page, spans + agents, {(s, e) for _, _, s, e in agents})
    for name in lone_given_names([t for t, _ in texts], ambiguous):
        add(name, "PERSON", None)
    cited_spans = entity_spans(nlp, [t for t, _, _ in cited]) if nlp is not None else [[] for _ in cited]
    for (text, page, tabled), spans in zip(cited, cited_spans):
        for surface, label, _, end in spans:
            m = _ACRONYM_AFTER.match(text[end:])
            defined = bool(m) and name_key(acronyms.get(m.group(1), "")) == name_key(surface)
            if label == "AGENCY" and (registered(surface) or defined):
                written = f"{surface} ({m.group(1)})" if defined and m else surface
                add(written, label, page, mention=tabled and name_key(surface) not in found_agencies)
    for text, page in texts:  # lists, once every other mention is known
        listed = listed_with_known(text, is_body)
        for item in listed:
            if name_key(without_ordinary_lead(item.name)) in found_agencies:
                continue  # counted where the ruler found it
            if item.beside and not vouched_by_context(item.name) and \
                    (not plausible_agency(item.name, acronyms, known, full) or sentence_start(item.name, lower_counts)):
                continue
            if not item.beside and (not name_shaped(item.name, 6) or plausible_person(item.name, ambiguous, ordinary)
                                    or _topic(item.name, text)):
                continue  # a person, a post, a document or the list's topic, not a body
            add(item.name, "AGENCY", page)
    merge_variants(found, org_short, full, {name_key(n) for n, _ in resolver.registers.names()})
    # count: mentions in the plan's own text (0 for a body the plan only cites)
    entities = [Entity(text=f.text, label=f.label, count=f.count, canonical=f.canonical,  # type: ignore[arg-type]
                       canonical_id=f.canonical_id, pages=sorted(f.pages)) for f in found.values()]
    entities.sort(key=lambda e: (e.label, -e.count, e.text))
    return entities


def _topic(name: str, text: str) -> bool:
    """A list item the same sentence repeats is its topic ("Housing"), not a partner named once."""
    return len(re.findall(rf"\b{re.escape(name.lower())}\b", text.lower())) >= 2


def _position(line: int | None, bbox: tuple[float, float, float, float] | None) -> float:
    """Where on its page something sits: a text line number, or a PDF box's top."""
    if line is not None:
        return float(line)
    return bbox[1] if bbox else 0.0

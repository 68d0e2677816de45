"""Where a plan's own text names bodies and people: which blocks count, and the shapes that vouch for a name.

The spaCy ruler (enrich/ner.py) finds names by register and by shape; this module
adds what the grammar and the layout say:

* which blocks are the plan's own text: not a bibliography or reference list,
  a contacts page or a citation line (a name there is cited, not a partner);
* the agent of a passive service verb ("run by Towns Against Harm");
* a name listed beside known bodies ("with Flag Up, Citizens Advice, ...");
* signatory blocks: "Name, Role, Organisation", "Name (Role)", "Role: Name", and
  a name line beside a role line ("Jo Bloggs" over "Chair of the Board").
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection
from dataclasses import dataclass

from planparse.enrich.lexicons import default_lexicon
from planparse.enrich.name_shapes import (
    CAPITALISED_RUN,
    alternation,
    is_honorific,
    person_span,
    surname_person,
)
from planparse.layout import Block

# headings of sections whose names are cited, not partners
_NOT_OWN_TEXT = re.compile(r"^\s*(?:\d+(?:\.\d+)*\.?\s+)?(?:references?|bibliography|sources?(?: of (?:information|data))?|"
                           r"further reading|endnotes|notes|citations|works cited|useful (?:contacts|links|numbers|"
                           r"websites|resources)|contacts?(?: us| details)?|further information|where to get help)\s*:?\s*$",
                           re.IGNORECASE)
# a citation: "Smith, J. (2019)", "Smith J, Jones K (2019)", "... Available at: ...", "[12] Author ..."
_CITATION = re.compile(r"^(?:\[\d+\]\s*)?[A-Z][\w'’-]+,?\s+(?:[A-Z]\.?\s?){1,3}[,(]|\bavailable (?:at|from)\s*:|"
                       r"\bretrieved from\b|\baccessed\s+(?:on\s+)?\d", re.IGNORECASE)
_AGENT = re.compile(
    r"\b(?:led|run|delivered|undertaken|provided|commissioned|funded|supported|hosted|managed|chaired|offered"
    r"|facilitated|co-?ordinated|organi[sz]ed|carried out|completed|reviewed|audited|convened) +by +(?:the +)?"
    rf"(?P<name>{CAPITALISED_RUN})")
_TRAILING_CONNECTORS = re.compile(rf"(?: (?:{alternation(default_lexicon().connectors)}))+$")
_LEADING_WORDS = re.compile(r"(?:(?:With|From|Including|And|Or|The|By|To|For|Of|In|On|At|Via|Also|Both|Eg|"
                            r"Such as|Through|Between) )+")
_LIST_ITEM = re.compile(rf"^[A-Z][\w'’&!-]*(?:\s+(?:[A-Z][\w'’&!-]*|{alternation(default_lexicon().name_connectors)}))"
                        r"{0,4}$")


def own_text_blocks(blocks: list[Block]) -> list[bool]:
    """For each block: is it the plan's own text? Not under a references/contacts heading, not a citation.

    (Footnotes are told apart by the readers: their kind is "footnote".)"""
    out: list[bool] = []
    skipping_level: int | None = None
    skipping = False
    for b in blocks:
        if b.kind == "heading":
            level = b.level or 1
            if _NOT_OWN_TEXT.match(b.text):
                skipping, skipping_level = True, level
            elif skipping and (skipping_level is None or level <= skipping_level or not b.level):
                skipping = False
            out.append(not skipping)
            continue
        out.append(not skipping and not (b.kind in ("paragraph", "list_item") and _CITATION.search(b.text)))
    return out


def agent_spans(text: str) -> list[tuple[str, int, int]]:
    """Who does something, by the grammar: "review undertaken by Towns Against Harm to assess ...".

    The agent of a passive service verb is a body or a person whatever its
    name looks like; the caller still tells people, roles and documents apart.
    """
    out = []
    for m in _AGENT.finditer(text):
        name = _TRAILING_CONNECTORS.sub("", m.group("name"))
        out.append((name, m.start("name"), m.start("name") + len(name)))
    return out


@dataclass(frozen=True)
class Listed:
    name: str
    start: int
    end: int
    beside: bool  # next to a known item (else: one of a list with two or more known items)


def listed_with_known(text: str, is_known: Callable[[str], bool]) -> list[Listed]:
    """Names in a list of three or more items that names known bodies.

    "awareness of Flag Up, Citizens Advice, Solicitors who support ..." offers the
    capitalised words of an item that touch a known neighbour (`beside`); a list in
    which two or more items are known bodies ("including ABC, Harbourlight, AfC, Army
    Support") offers every other short capitalised item. The caller judges each.
    """
    out: list[Listed] = []
    for sentence in re.finditer(r"[^.\n;:]+", text):
        items = [(m.start() + sentence.start(), m.group()) for m in re.finditer(r"[^,]+", sentence.group())]
        split_items: list[tuple[int, str]] = []
        for k, (pos, item) in enumerate(items):  # "..., Harbourlight and Trust House": 'and' after a known body
            cut = item.find(" and ")
            last = k == len(items) - 1
            if cut > 0 and (is_known(_bare_item(item[:cut])) or (last and is_known(_bare_item(item[cut + 5:])))):
                split_items += [(pos, item[:cut]), (pos + cut + 5, item[cut + 5:])]
            else:
                split_items.append((pos, item))
        items = split_items
        if len(items) < 3:
            continue
        known = [is_known(_bare_item(t)) for _, t in items]
        among = sum(known) >= 2
        for k, (pos, item) in enumerate(items):
            if known[k]:
                continue
            left, right = k > 0 and known[k - 1], k + 1 < len(items) and known[k + 1]
            offered: set[tuple[int, int]] = set()
            head = re.match(rf"\s*(?:(?:and|or|the) )?({CAPITALISED_RUN})", item)
            tail = re.search(rf"({CAPITALISED_RUN})\s*$", item)
            for m in (head if left else None, tail if right else None):
                if m:
                    lead = _LEADING_WORDS.match(m.group(1))
                    skip = lead.end() if lead else 0
                    name = _TRAILING_CONNECTORS.sub("", m.group(1)[skip:])
                    start = pos + m.start(1) + skip
                    if name and (start, start + len(name)) not in offered:
                        offered.add((start, start + len(name)))
                        out.append(Listed(name, start, start + len(name), beside=True))
            if among:  # offered too when the neighbour test offered it: the caller tests the two apart
                bare = re.sub(r"^.*\b(?:including|include|includes|such as|with|from|by)\s+", "", item)
                bare = re.sub(r"^\s*(?:and|or)\s+", "", re.sub(r"\s*\([^()]*\)", "", bare)).strip(" .")
                if bare and _LIST_ITEM.match(bare) and len(bare) > 2:
                    start = pos + item.find(bare) if bare in item else pos
                    out.append(Listed(bare, start, start + len(bare), beside=False))
    return out


def _bare_item(item: str) -> str:
    item = re.split(r"\s[-–]", item)[0].strip()
    item = re.sub(r"^.*\b(?:including|include|includes|such as)\s+", "", item)
    item = re.sub(r"\s*\([^()]*\)", "", item)
    return re.sub(r"^(?:the|and|or)\s+", "", item.strip(" ."), flags=re.IGNORECASE)


# -- signatory blocks ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Signatory:
    person: str
    role: str | None
    organisation: str | None


def _person_at_start(words: list[str], ordinary: Collection[str], ambiguous: Collection[str]) -> int | None:
    """Index after the name a line starts with (a title before it allowed), if it starts with one."""
    i = 1 if words and is_honorific(words[0]) else 0
    end = person_span(words, i, ambiguous=ambiguous, ordinary=ordinary)
    if end is None:
        for n in (3, 2):
            if len(words) >= i + n and surname_person([w.strip(",") for w in words[i:i + n]], ordinary):
                end = i + n
                break
    if end is None and i == 1 and len(words) >= 3 and all(w[:1].isupper() and w.strip(",").isalpha()
                                                           for w in words[1:3]):
        end = 3  # "Sir Anyname Surname": a title vouches for the name after it
    return end


def _is_role(text: str) -> bool:
    lex = default_lexicon()
    words = [w.strip(",.:()") for w in text.split()]
    if not words or not words[0][:1].isupper():
        return False
    low = [w.lower() for w in words]
    if any(text.lower().startswith(t.lower()) for t in lex.role_titles if len(t.split()) > 1):
        return True
    head = next((k for k, w in enumerate(low) if w in lex.role_heads), None)
    # the role word comes early: "Chair of the ...", "Director of Public Health", "Cabinet Member for ..."
    return head is not None and head <= 3 and all(w[:1].isupper() or w in lex.connectors for w in words[:head + 1])


def _split_role(text: str) -> tuple[str, str | None]:
    """'Chair of the Safeguarding Partnership' -> ('Chair', 'Safeguarding Partnership');
    'Director of Public Health' stays a role (its 'of' names a field, not a body)."""
    lex = default_lexicon()
    if "," in text:
        role, _, org = text.partition(",")
        return role.strip(), org.strip(" .") or None
    m = re.match(r"^(?P<role>.+?)\s+(?:of|for|at)\s+(?:the\s+)?(?P<org>[A-Z].+)$", text)
    if m and m.group("org").split()[-1].lower().strip("()") in lex.org_heads | {"council"} or \
            m and re.search(r"\([A-Z][A-Za-z&]{1,9}\)\s*$", m.group("org")):
        return m.group("role"), m.group("org").strip(" .")
    return text.strip(" ."), None


def signatories(lines: list[str], ordinary: Collection[str] = (), ambiguous: Collection[str] = ()) -> list[Signatory]:
    """People who sign or front a plan, by the shapes plans set them out in.

    "Jo Bloggs, Chair, Anytown Safeguarding Partnership"; "Jo Bloggs – Public Health Analyst";
    "Sir Jo Bloggs Chair, Anytown
    Safeguarding Partnership"; "Jo Bloggs (Director of Public Health)"; "Director of Public
    Health: Jo Bloggs"; and two lines, a name beside a role ("Jo Bloggs" then "Chair of the
    Anytown Board", or the role first). A name is taken only with a role beside it.
    """
    out: list[Signatory] = []
    for k, line in enumerate(lines):
        text = line.strip()
        if not text or len(text) > 160:
            continue
        words = text.split()
        colon = re.match(r"^(?P<role>[^:]{3,60}):\s*(?P<name>.+)$", text)
        if colon and _is_role(colon.group("role")):
            name_words = colon.group("name").split()
            end = _person_at_start(name_words, ordinary, ambiguous)
            if end == len(name_words):
                out.append(Signatory(" ".join(name_words), *_split_role(colon.group("role"))))
            continue
        first, comma, after = text.partition(",")
        named = _person_at_start(first.split(), ordinary, ambiguous) == len(first.split())
        if comma and named and _is_role(after.strip()):
            out.append(Signatory(first.strip(), *_split_role(after.strip())))  # "Name, Role, Organisation"
            continue
        end = _person_at_start(words, ordinary, ambiguous)
        if end is None:
            continue
        name = " ".join(words[:end]).strip(",")
        rest = " ".join(words[end:]).strip(" ,–—-")
        bracket = re.match(r"^\((?P<role>[^()]+)\)$", rest)
        if bracket and _is_role(bracket.group("role")):
            out.append(Signatory(name, *_split_role(bracket.group("role"))))
        elif rest and _is_role(rest):
            out.append(Signatory(name, *_split_role(rest)))
        elif not rest:
            beside = [lines[j].strip() for j in (k + 1, k - 1) if 0 <= j < len(lines)]
            role_line = next((b for b in beside if b and len(b) <= 120 and _is_role(b)), None)
            if role_line:
                out.append(Signatory(name, *_split_role(role_line)))
    return out


def lone_given_names(texts: list[str], ambiguous: set[str], min_count: int = 3) -> list[str]:
    """A given name written alone again and again is a person ("Joan decided ... Joan has felt"):
    case studies and quotes name people by their first name only. Names that are also places or
    ordinary words (`ambiguous`) never count; nor does a name followed by another capitalised word."""
    lex = default_lexicon()
    counts: dict[str, int] = {}
    inside: set[str] = set()  # "Infrastructure Levy": the last word of a capitalised name somewhere
    for text in texts:
        for m in re.finditer(r"\b([A-Z][a-z]+)\b(?!['’]?\s*[A-Z&])", text):
            word = m.group(1)
            if word not in lex.first_names or word.lower() in ambiguous or word.lower() in lex.ambiguous_first \
                    or word.lower() in lex.heads or word.lower() in lex.months:
                continue
            if re.search(r"(?<![.!?:;•\-–])\s[A-Z][\w'’&-]*\s*$", text[:m.start()]):
                inside.add(word)
            counts[word] = counts.get(word, 0) + 1
    return [w for w, n in counts.items() if n >= min_count and w not in inside]

"""Is a span a body's name, a person's name, or ordinary words that look like one?

The NER and the owner splitter both over-generate: a capitalised word at the
start of a bullet, a kind of service ("DA Services"), a description with a
head noun ("Voluntary sector hub"). These tests use only the shape of the
name and what the same document writes elsewhere, never a list of documents.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from planparse.enrich.agencies import AgencyResolver, name_key

# agency spans that are only generic words ("The group", "the Board", "services")
GENERIC_NAMES = {"group", "board", "team", "service", "services", "partnership", "council", "forum", "network",
                 "hub", "unit", "panel", "charity", "trust", "partners", "agencies", "the council", "the board",
                 "the partnership", "local authority", "the local authority", "local authorities"}
# heads that, in the plural, name a kind of provider ("domestic abuse services") rather than one body
PLURAL_HEADS = {"services", "groups", "teams", "hubs", "agencies", "partners", "organisations", "organizations",
                "providers", "networks", "boards", "units", "charities", "partnerships"}
# a body convened by others is named even in lower case ("whole housing subgroup", "MARAC steering group")
CONVENED_HEADS = {"subgroup", "sub-group", "board", "panel", "forum", "committee", "partnership", "conference",
                  "group", "network"}
CONNECTORS = {"of", "for", "and", "the", "&", "in", "on", "to"}
_TRAILING_BRACKET = re.compile(r"\s*\([^()]*\)\s*$")


def lower_word_counts(text: str) -> dict[str, int]:
    counts: dict[str, int] = {}
    for w in re.findall(r"\b[a-z][a-z'-]+\b", text):
        counts[w] = counts.get(w, 0) + 1
    return counts


def sentence_start(surface: str, lower_counts: dict[str, int]) -> bool:
    """'Map service', 'Focus group', 'OF SERVICES': a capitalised common word or a shouted heading, not a name."""
    words = surface.split()
    if len(words) > 1 and surface.isupper():
        return True
    return len(words) == 2 and lower_counts.get(words[0].lower(), 0) >= 1


def plausible_agency(surface: str, resolver: AgencyResolver, known: set[str], full: str,
                      gazetteer_keys: set[str] = frozenset()) -> bool:  # type: ignore[assignment]
    """Keep a found span only if it looks like a body: known, an acronym in use, or a name ending on a head word."""
    from planparse.enrich.owners import default_lexicon

    words = surface.split()
    if len(words) == 1 and len(surface) > 2 and surface.endswith("s") and surface[:-1].isupper():
        return False  # "SPDs", "SMEs": a kind of thing in the plural, not one body
    key = name_key(surface)
    defined = resolver.acronyms.get(surface, "").split()
    if defined and defined[-1].lower() in DOCUMENT_WORDS | PROGRAMME_WORDS | default_lexicon().role_heads:
        return False  # "DVDS" is a Scheme, "IDVA" an Advocate: the document says so
    if words and (key in known or key in gazetteer_keys or surface in resolver.acronyms):
        return True
    if not words or not surface[:1].isalpha() or not surface[:1].isupper() and not surface.lower().startswith("the "):
        return False
    if len(words) == 1:
        token = words[0]
        if token.isupper() and len(token) >= 4 and re.search(rf"\b{re.escape(token.title())}\b", full):
            return False  # "SUSSEX", "WORKING": a shouted word the text also writes normally
        upper = sum(1 for c in token if c.isupper())
        return upper >= 2 and upper >= len(token) - 1 and full.count(token) >= 2
    if len(words) > 9 or words[-1].lower() in DOCUMENT_WORDS | PROGRAMME_WORDS:
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


def descriptive(surface: str, starts_with_body: Callable[[list[str]], bool], document: str,
                expand: Callable[[str], str | None]) -> bool:
    """A kind of provider described, not one body's name.

    "Voluntary sector hub" and "DA commissioned service" put an ordinary
    lower-case word before a lower-case head that is not a convened body
    (a "whole housing subgroup" is one); "DA Services" and "Judges
    Domestic Abuse Services" end on a plural head whose phrase the document
    also writes in lower case ("domestic abuse services"). A name that starts
    with a body ("WBC Housing teams", "MARAC steering group") is that body's
    team and stays a name.
    """
    words = _TRAILING_BRACKET.sub("", surface).split()
    if len(words) < 2 or starts_with_body(words):
        return False
    head, modifiers = words[-1], words[:-1]
    if head.islower() and head not in CONVENED_HEADS and any(w.islower() and w not in CONNECTORS for w in modifiers):
        return True
    if head.lower() not in PLURAL_HEADS:
        return False
    spelled = " ".join((expand(w) or w) if w.isupper() else w for w in words).lower().split()
    for k in range(2, len(spelled) + 1):
        tail = " ".join(spelled[-k:])
        if re.search(rf"(?<![\w-]){re.escape(tail)}(?![\w-])", document):
            return True  # written in lower case, so a common noun phrase
    return False


# capitalised words, with the connectors names have inside: "Office of the Police and Crime Commissioner"
_CAPITALISED_RUN = r"[A-Z][\w'’&!-]*(?: (?:[A-Z][\w'’&!-]*|of|for|and|the|&))*"
_AGENT = re.compile(
    r"\b(?:led|run|delivered|undertaken|provided|commissioned|funded|supported|hosted|managed|chaired|offered"
    r"|facilitated|co-?ordinated|organi[sz]ed|carried out|completed|reviewed|audited|convened) +by +(?:the +)?"
    rf"(?P<name>{_CAPITALISED_RUN})")
_TRAILING_CONNECTORS = re.compile(r"(?: (?:of|for|and|the|&|in|on))+$")


def agent_spans(text: str) -> list[tuple[str, int, int]]:
    """Who does something, by the grammar: "review undertaken by Oxford Against Cutting to assess ...".

    The agent of a passive service verb is a body or a person whatever its
    name looks like; the caller still tells people, roles and documents apart.
    """
    out = []
    for m in _AGENT.finditer(text):
        name = _TRAILING_CONNECTORS.sub("", m.group("name"))
        out.append((name, m.start("name"), m.start("name") + len(name)))
    return out


def listed_beside_known(text: str, is_known: Callable[[str], bool]) -> list[tuple[str, int, int]]:
    """Names listed next to a known body: "awareness of Flag DV, Citizens Advice, Solicitors who support ...".

    Only in a list of three or more items, and only the capitalised words of
    the neighbouring item that touch the separator.
    """
    out: list[tuple[str, int, int]] = []
    for sentence in re.finditer(r"[^.\n]+", text):
        items = [(m.start() + sentence.start(), m.group()) for m in re.finditer(r"[^,;]+", sentence.group())]
        split_items: list[tuple[int, str]] = []
        for pos, item in items:  # "..., Cranstoun and Trust House Reading": 'and' after a known body
            cut = item.find(" and ")
            if cut > 0 and is_known(_bare_item(item[:cut])):
                split_items += [(pos, item[:cut]), (pos + cut + 5, item[cut + 5:])]
            else:
                split_items.append((pos, item))
        items = split_items
        if len(items) < 3:
            continue
        known = [is_known(_bare_item(t)) for _, t in items]
        for k, (pos, item) in enumerate(items):
            if known[k] or not ((k > 0 and known[k - 1]) or (k + 1 < len(items) and known[k + 1])):
                continue
            head = re.match(rf"\s*(?:(?:and|or|the) )?({_CAPITALISED_RUN})", item)
            tail = re.search(rf"({_CAPITALISED_RUN})\s*$", item)
            for m in (head if k > 0 and known[k - 1] else None, tail if k + 1 < len(items) and known[k + 1] else None):
                if m:
                    lead = _LEADING_WORDS.match(m.group(1))
                    skip = lead.end() if lead else 0
                    name = _TRAILING_CONNECTORS.sub("", m.group(1)[skip:])
                    if name:
                        out.append((name, pos + m.start(1) + skip, pos + m.start(1) + skip + len(name)))
    return out


_LEADING_WORDS = re.compile(r"(?:(?:With|From|Including|And|Or|The|By|To|For|Of|In|On|At|Via|Also|Both|Eg|"
                            r"Such as|Through|Between) )+")


def _bare_item(item: str) -> str:
    item = re.split(r"\s[-–]", item)[0].strip()
    return re.sub(r"^(?:the|and|or)\s+", "", item, flags=re.IGNORECASE)


def name_shaped(surface: str, max_words: int = 6) -> bool:
    """Capitalised words (connectors aside), not ending on a role, a group, a document or a programme."""
    from planparse.enrich.owners import default_lexicon

    words = surface.split()
    lex = default_lexicon()
    if not words or sum(w not in CONNECTORS for w in words) > max_words or any(c.isdigit() for c in surface):
        return False
    if not all(w[:1].isupper() or w in CONNECTORS for w in words) or words[-1] in CONNECTORS:
        return False
    last = words[-1].lower()
    if last in lex.role_heads and len(words) > 2 and words[0].lower() in lex.org_heads and words[1] in ("of", "for"):
        return True  # "Office of the Police and Crime Commissioner": a body named after its holder
    return last not in lex.role_heads | lex.group_heads | DOCUMENT_WORDS | PROGRAMME_WORDS


def plausible_person(surface: str) -> bool:
    from planparse.enrich.owners import default_lexicon

    words = surface.split()
    lex = default_lexicon()
    if len(words) > 1 and words[-1].lower() in DOCUMENT_WORDS | PROGRAMME_WORDS | lex.org_heads | _NAMED_THINGS:
        return False  # "Herbert Protocol", "Clare's Law", "Grace Hospital": named after someone, not a person
    return 1 <= len(words) <= 4 and words[0] in lex.first_names and all(w[:1].isupper() for w in words)


# things that carry a person's name
_NAMED_THINGS = {"protocol", "law", "laws", "house", "court", "centre", "center", "ward", "fund", "award", "lecture",
                 "building", "road", "street", "hall"}


DOCUMENT_WORDS = {"document", "documents", "plan", "plans", "strategy", "strategies", "act", "bill", "report", "review",
                  "reviews", "orders", "order", "scheme", "assessment", "policy", "framework", "guidance", "notice",
                  "notices"}
PROGRAMME_WORDS = {"programme", "programmes", "program", "project", "projects", "campaign", "accreditation"}

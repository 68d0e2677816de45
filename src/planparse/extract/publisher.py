"""Who published a plan: the council or body, resolved against public registers, and its partners.

The publisher is named where a reader looks first: in the title ("City of
London Corporation Local Development Scheme", "West Sussex Drug and Alcohol
Partnership Annual Progress Report"), on the cover ("Kent County Council",
"Developed in partnership with West Sussex County Council and NHS West
Sussex Clinical Commissioning Group"), then in the opening pages. A council
is looked up in the register of UK local authorities (official name, GSS
code, three-letter code); a place named alone ("Fenland Local Plan") stands
for its council. A plan titled after a board's or partnership's own remit
("Joint Health and Wellbeing Strategy") is that body's where the plan names
it. Bodies named beside the publisher on the cover are co-publishers.
"""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache

from planparse.enrich.registers import Body, default_registers
from planparse.layout import Block, Layout
from planparse.schema import Organisation
from planparse.text_norm import collapse

# bodies that are not councils, by the shape of their name
_BODY = re.compile(
    r"\b((?:(?!Council\b)[A-Z][\w'’&-]*\s+(?:(?:and|of|for|the|&)\s+)?){1,8}?(?:Partnership|Board|Commissioner|"
    r"Combined Authority|Development Corporation|Integrated Care Board|Clinical Commissioning Group|Foundation Trust|"
    r"NHS Trust|Trust|Authority))\b"
)
_ACRONYM_AFTER = r"\s*\(([A-Z][A-Za-z&]{1,9})\)"
_KINDS = {"councils": "council", "police": "police", "nhs": "nhs", "fire": "fire", "national": "national"}
_SHAPE_KINDS = (("Combined Authority", "combined_authority"), ("Commissioner", "pcc"), ("Partnership", "partnership"),
                ("Board", "partnership"), ("Clinical Commissioning Group", "nhs"), ("Integrated Care Board", "nhs"),
                ("Trust", "nhs"))
_STOP = {"the", "and", "of", "for", "joint", "strategy", "plan", "west", "east", "north", "south"}
_COUNCIL_SHAPE = re.compile(r"\b((?:[A-Z][a-z]+\s+){1,4}(?:(?:Borough|District|County|City|Town|Parish)\s+)?Council)\b")
# words before "Council" that name no place: "Draft Council", "The County Council", "Full Council"
_NOT_PLACES = {"the", "draft", "final", "full", "county", "borough", "district", "city", "town", "parish", "this",
               "our", "local", "each", "every", "a", "an", "and", "whole", "consultation", "cabinet"}


def find_publisher(layout: Layout, title: str | None, cover: list[Block]) -> tuple[Organisation, list[Organisation]]:
    """The publisher and the co-publishers named with it."""
    opening = _opening_text(layout)
    cover_text = collapse(" ".join(b.text for b in cover))
    title = title or ""
    remit = _remit_body(title, opening)
    if remit is not None:
        return remit, []
    page = _cover_page_text(layout)
    for where in (title, cover_text, page):
        named = _named_bodies(where)
        if named:
            publisher = _organisation(named[0], opening)
            partners = [_organisation(p, opening) for p in _named_bodies(page)]
            return publisher, [p for p in partners if p.name != publisher.name and p.kind != "national"]
    councils = Counter(_council_mentions(opening))
    if councils:
        body, _ = councils.most_common(1)[0]
        return _organisation((body.name, body), opening), []
    shaped: Counter[str] = Counter()
    for m in _COUNCIL_SHAPE.finditer(f"{title} {opening}"):
        words = m.group(1).split()
        for k in range(2, len(words) + 1):  # "Housing Lead Sample Borough Council": which words are the name?
            if not {w.lower() for w in words[-k:-1]} <= _NOT_PLACES:
                shaped[" ".join(words[-k:])] += 1
    if shaped:
        # a council the register does not list (new, renamed, or abroad): its most repeated name
        name = max(shaped, key=lambda n: (shaped[n], len(n.split())))
        return Organisation(name=name, short_name=_acronym(name, opening) or _area(name), kind="council",
                            evidence=name), []
    owner = _owning_acronym(opening)
    if owner is not None:
        return Organisation(name=owner, short_name=owner, kind="other", evidence=owner), []
    return Organisation(), []


def _area(council: str) -> str:
    """'Sample Borough Council' -> 'Sample'."""
    words = council.split()[:-1]
    while words and words[-1].lower() in ("borough", "district", "county", "city", "town", "parish"):
        words = words[:-1]
    return " ".join(words) or council


def _owning_acronym(text: str) -> str | None:
    """A body the plan names only by its initials, as the owner of its plan, board or map ('the OPDC Local Plan')."""
    hits = Counter(m.group(1) for m in re.finditer(
        r"\b([A-Z]{2,6})(?:'s|’s|\s+(?:Local Plan|Board|Council|Policies Map|Plan|Strategy))\b", text))
    best = hits.most_common(1)
    return best[0][0] if best and best[0][1] >= 2 else None


def _opening_text(layout: Layout) -> str:
    blocks = [b for b in layout.blocks if b.kind not in ("furniture", "footnote", "toc_entry")]
    if any(b.page for b in blocks):
        return collapse(" ".join(b.text for b in blocks if b.page is not None and b.page <= 3))
    return collapse(" ".join(b.text for b in blocks[:80]))


def _cover_page_text(layout: Layout) -> str:
    first = next((b.page for b in layout.blocks if b.page), None)
    if first is None:
        return collapse(" ".join(b.text for b in layout.blocks[:6] if b.kind != "table_row"))
    return collapse(" ".join(b.text for b in layout.blocks if b.page == first and b.kind != "table_row"))


def _remit_body(title: str, opening: str) -> Organisation | None:
    """The partnership or board a plan is of: named in its title ('West Sussex Drug and Alcohol Partnership
    Annual Progress Report'), or, for a 'Joint ...' strategy, the one whose remit the title names
    ('Joint Health and Wellbeing Strategy' of the 'Health and Wellbeing Board')."""
    topic = {w for w in re.findall(r"[a-z]+", title.lower()) if w not in _STOP and len(w) > 3}
    if not topic:
        return None
    joint = re.search(r"\bjoint\b", title, re.I) is not None
    fits: list[str] = []
    for m in _BODY.finditer(f"{title} {opening}" if joint else title):
        name = re.sub(r"^The\s+", "", m.group(1).strip())
        if not name.endswith(("Partnership", "Board")):
            continue
        words = {w for w in re.findall(r"[a-z]+", name.lower()) if w not in _STOP and len(w) > 3}
        remit = words - {"partnership", "board"} - _place_words(name)
        if len(remit) >= 2 and remit <= topic:
            fits.append(name)
    if not fits:
        return None
    name = max(fits, key=lambda n: (bool(_place_of(n)), -fits.index(n)))  # the full name, with its place
    place = default_registers().council(_place_of(name)) if _place_of(name) else None
    return Organisation(name=name, short_name=_acronym(name, opening) or name, kind="partnership",
                        evidence=name, gss_code=place.id if place else None)


def _place_words(name: str) -> set[str]:
    place = _place_of(name)
    return set(place.lower().split()) if place else set()


def _place_of(name: str) -> str:
    words = name.split()
    for k in range(min(4, len(words)), 0, -1):
        if default_registers().council(" ".join(words[:k])) is not None:
            return " ".join(words[:k])
    return ""


def _named_bodies(text: str) -> list[tuple[str, Body | None]]:
    """Registered councils and other bodies named in a piece of text, in order, councils' areas included."""
    found: list[tuple[int, str, Body | None]] = []
    for m in _BODY.finditer(text):  # named bodies first: "NHS West Sussex Clinical Commissioning Group" is not a place
        name = re.sub(r"^The\s+", "", m.group(1).strip())
        if all(w.isupper() for w in name.split()[:-1]):
            continue  # "OPDC Board": the board of a body named by its initials, not a publisher's name
        found.append((m.start(1), name, default_registers().lookup(name)))
    for m in _council_pattern().finditer(text):
        if any(s <= m.start() < s + len(n) for s, n, _ in found):
            continue
        body = default_registers().council(m.group(0))
        if body is not None:
            found.append((m.start(), m.group(0), body))
    for m in _national_pattern().finditer(text):
        if not any(s <= m.start() < s + len(n) for s, n, _ in found):
            found.append((m.start(), m.group(0), default_registers().lookup(m.group(0))))
    found.sort(key=lambda t: t[0])
    out: list[tuple[str, Body | None]] = []
    for _, name, body in found:
        if all((body is None or b is None or body.id != b.id) and n != name for n, b in out):
            out.append((name, body))
    return out


def _council_mentions(text: str) -> list[Body]:
    bodies = (default_registers().council(m.group(0)) for m in _council_pattern().finditer(text))
    return [b for b in bodies if b is not None]


def _organisation(found: tuple[str, Body | None], opening: str) -> Organisation:
    name, body = found
    if body is None:
        kind = next((k for suffix, k in _SHAPE_KINDS if name.endswith(suffix)), "other")
        return Organisation(name=name, short_name=_acronym(name, opening) or name, kind=kind,  # type: ignore[arg-type]
                            evidence=name)
    kind = _KINDS.get(body.register, "other")
    if body.register == "police" and body.kind == "pcc":
        kind = "pcc"
    short = _acronym(body.name, opening) or _acronym(name, opening) or body.area or body.name
    return Organisation(name=body.name, short_name=short, kind=kind,  # type: ignore[arg-type]
                        gss_code=body.id if body.register == "councils" and not body.id.startswith("la:") else None,
                        code=body.code, register_id=body.id, evidence=name)


def _acronym(name: str, text: str) -> str | None:
    """The acronym the plan gives a name: 'Wokingham Borough Council (WBC)'."""
    m = re.search(re.escape(name) + _ACRONYM_AFTER, text, re.I)
    return m.group(1) if m else None


@lru_cache(maxsize=1)
def _council_pattern() -> re.Pattern[str]:
    """Every council's registered names and area names, longest first, as written with capitals."""
    registers = default_registers()
    names = {n for b in registers.bodies if b.register == "councils" and b.current for n in b.names}
    names |= {b.area for b in registers.bodies if b.register == "councils" and b.current and b.area}
    ordered = sorted((n for n in names if n and n[:1].isupper()), key=len, reverse=True)
    return re.compile(r"(?<![\w-])(?:The\s+)?(?:" + "|".join(re.escape(n) for n in ordered) + r")(?![\w-])")


@lru_cache(maxsize=1)
def _national_pattern() -> re.Pattern[str]:
    registers = default_registers()
    names = {n for b in registers.bodies if b.register == "national" and b.kind == "government" for n in b.names}
    ordered = sorted((n for n in names if len(n) > 3), key=len, reverse=True)
    return re.compile(r"(?<![\w-])(?:" + "|".join(re.escape(n) for n in ordered) + r")(?![\w-])")

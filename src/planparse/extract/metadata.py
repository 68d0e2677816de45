"""Title, organisation, period and document type from a plan's opening lines.

A council plan's title names its author and its years: "West Berkshire
Domestic Abuse Delivery Plan 2024-2027", "THE ROYAL BOROUGH OF WINDSOR AND
MAIDENHEAD (RBWM) DOMESTIC ABUSE STRATEGY 2022-24". The organisation is the
leading part the document also uses on its own ("in West Berkshire"), or the
part a bracketed acronym abbreviates.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from planparse.extract.markers import parse_marker
from planparse.layout import Block, Layout
from planparse.schema import Organisation, Period
from planparse.text_norm import collapse

_PLAN_WORD = re.compile(
    r"\b(strategy|strategic plan|action plan|delivery plan|improvement plan|plan|programme|framework|"
    r"policy|statement|report|scheme)\b",
    re.I,
)
_YEARS = re.compile(r"\b((?:19|20)\d\d)\s*(?:[-–—/]|to)\s*((?:19|20)?\d\d)\b", re.I)
_YEAR = re.compile(r"\b(19|20)\d\d\b")
_DATED = re.compile(r"\b(?:adopted|published|updated|revised|issued|approved|version|edition|draft|jan(?:uary)?|"
                    r"feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t|tember)?|"
                    r"oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?\s*(?:\d{1,2}(?:st|nd|rd|th)?\s+)?$", re.I)
_PLACE_KINDS = {"borough", "district", "county", "city", "town", "royal", "metropolitan"}
_COUNCIL = r"(?:(?:Royal |Metropolitan )?(?:Borough|District|County|City|Town|Parish|Unitary)\s+)?Council"
DOC_TYPES = [
    ("improvement_plan", re.compile(r"\bimprovement plan\b", re.I)),
    ("delivery_plan", re.compile(r"\bdelivery plan\b", re.I)),
    ("action_plan", re.compile(r"\baction plan\b", re.I)),
    ("strategy", re.compile(r"\bstrateg(y|ies|ic plan)\b", re.I)),
]


@dataclass
class Metadata:
    title: str | None
    organisation: Organisation
    period: Period | None
    doc_type: str


def extract_metadata(layout: Layout, full_text: str) -> Metadata:
    raw_title = _raw_title(layout)
    if raw_title is None:
        return Metadata(None, Organisation(), None, "other")
    org, rest = _split_organisation(raw_title, full_text)
    title = _title_case(rest or raw_title)
    return Metadata(
        title=title,
        organisation=org,
        period=_period(raw_title),
        doc_type=_doc_type(raw_title),
    )


def _raw_title(layout: Layout) -> str | None:
    """The first heading (or bold line) near the top naming a plan, with the lines printed with it."""
    blocks = [b for b in layout.blocks[:40] if b.kind != "furniture"]
    candidates = [i for i, b in enumerate(blocks)
                  if (b.kind == "heading" or b.bold) and _PLAN_WORD.search(b.text) and len(b.text.split()) <= 25]
    if any(blocks[i].font_size for i in candidates):
        # a designed cover: the biggest type naming a plan is the title, wherever it sits
        candidates.sort(key=lambda i: -(blocks[i].font_size or 0))
    for i in candidates[:1]:
        lo = i
        while lo > 0 and _adjacent(blocks[lo - 1], blocks[lo]) and (blocks[lo - 1].bold or blocks[lo - 1].kind == "heading"):
            lo -= 1
        hi = i
        while hi + 1 < len(blocks) and _adjacent(blocks[hi], blocks[hi + 1]) and \
                (blocks[hi + 1].bold or blocks[hi + 1].kind == "heading") and not parse_marker(blocks[hi + 1].text):
            hi += 1
        run = blocks[lo: hi + 1]
        if not _YEAR.search(" ".join(x.text for x in run)) and hi + 1 < len(blocks) and \
                re.fullmatch(r"[\d\s\-–/to]+", blocks[hi + 1].text, re.I) and _YEAR.search(blocks[hi + 1].text):
            run.append(blocks[hi + 1])
        return collapse(" ".join(x.text for x in run))
    return None


def _adjacent(a: Block, b: Block) -> bool:
    """Printed together: consecutive text lines, or PDF blocks on one page with a small gap."""
    if a.line is not None and b.line is not None:
        return b.line == a.line + 1
    if a.bbox and b.bbox and a.page == b.page:
        size = a.font_size or 10
        return -0.3 * size <= b.bbox[1] - a.bbox[3] < 0.8 * size  # display type is often set tighter than its size
    return False


def _split_organisation(title: str, full_text: str) -> tuple[Organisation, str]:
    title = re.sub(r"^(appendix|annex|annexe)\s+[A-Z0-9]{1,3}\b[\s:.–-]*", "", title, flags=re.I)
    acronym = re.search(r"\(([A-Z][A-Za-z]{1,9})\)", title)
    if acronym:
        name = title[: acronym.start()].strip()
        name = re.sub(r"^the\s+", "", name, flags=re.I)
        found = re.search(re.escape(name), full_text, re.I) if name else None
        for m in re.finditer(re.escape(name), full_text, re.I) if name else []:
            if not m.group(0).isupper():
                found = m
                break
        proper = found.group(0) if found else _title_case(name)
        proper = re.sub(r"^the\s+", "", proper, flags=re.I)
        return Organisation(name=proper, short_name=acronym.group(1)), title[acronym.end():].strip()
    words = title.split()
    # web and mail addresses are lower case by convention: "www.wokingham.gov.uk" is no ordinary word
    prose = re.sub(r"\S+@\S+|\b(?:https?://|www\.)\S+|\b[\w-]+\.(?:gov|org|nhs|co|ac)\.uk\S*", " ", full_text)
    lower_words = set(re.findall(r"\b[a-z]+\b", prose))
    best = 0
    for k in range(1, min(5, len(words) - 1)):
        prefix = " ".join(words[:k])
        # "Sample Borough": the kind of council is an ordinary word too ("across the borough")
        if not all(w[:1].isupper() and (w.lower() not in lower_words or w.lower() in _PLACE_KINDS) for w in words[:k]):
            break
        topic = " ".join(words[k:k + 2])
        # the topic ("Domestic Abuse") is used without the prefix elsewhere: the prefix is the author
        alone = [m for m in re.finditer(rf"(\S+)\s+{re.escape(topic)}", full_text, re.I)
                 if m.group(1).strip("([\"'‘“").lower() != words[k - 1].lower()]
        if alone and re.search(rf"\b{re.escape(prefix)}\b", full_text.replace(title, ""), re.I):
            best = k
            break
    if not best:
        # no topic evidence, but the text names a council after the title's opening words
        for k in range(min(4, len(words) - 1), 0, -1):
            place = _as_written(" ".join(words[:k]), full_text)
            council = re.search(rf"\b{re.escape(place)}\s+{_COUNCIL}(?:\s*\(([A-Z]{{2,6}})\))?", full_text)
            if council and all(w[:1].isupper() for w in words[:k]):
                name = council.group(0).split("(")[0].strip()
                return Organisation(name=name, short_name=council.group(1) or place), " ".join(words[k:])
        return Organisation(), title
    place = _as_written(" ".join(words[:best]), full_text)  # "WEST SUSSEX" on the cover, "West Sussex" in the text
    council = re.search(rf"\b{re.escape(place)}\s+{_COUNCIL}(?:\s*\(([A-Z]{{2,6}})\))?", full_text)
    if council:
        name = council.group(0).split("(")[0].strip()
        return Organisation(name=name, short_name=council.group(1) or place), " ".join(words[best:])
    return Organisation(name=f"{place} Council", short_name=place), " ".join(words[best:])


def _as_written(name: str, full_text: str) -> str:
    """A capitalised name as the text writes it, if the title shouts it."""
    if not name.isupper():
        return name
    for m in re.finditer(rf"\b{re.escape(name)}\b", full_text, re.I):
        if not m.group(0).isupper():
            return m.group(0)
    return _title_case(name)


def _title_case(text: str) -> str:
    if not text.isupper():
        return text
    small = {"of", "and", "for", "the", "in", "on", "to", "a"}
    out = []
    for i, w in enumerate(text.split()):
        low = w.lower()
        out.append(low if i and low in small else (w if re.search(r"\d", w) else w.capitalize()))
    return " ".join(out)


def _period(title: str) -> Period | None:
    m = _YEARS.search(title)
    if m:
        start = int(m.group(1))
        end_raw = m.group(2)
        end = int(end_raw) if len(end_raw) == 4 else (start // 100) * 100 + int(end_raw)
        if end < start:
            end += 100
        return Period(start_year=start, end_year=end)
    single = _YEAR.search(title)
    if single and _DATED.search(title[: single.start()]):
        return None  # "Adopted May 2014", "October 2025": when it was issued, not the years it covers
    if single:
        year = int(single.group(0))
        return Period(start_year=year, end_year=None)
    return None


def _doc_type(title: str) -> str:
    for name, pattern in DOC_TYPES:
        if pattern.search(title):
            return name
    return "other"

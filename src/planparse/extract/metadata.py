"""Which plan this is: title, publisher (with its official codes), co-publishers, period and type.

The title comes from the cover (extract/cover.py), the publisher from the
registers of public bodies (extract/publisher.py), the period from the title
or the cover lines (extract/period.py). The type is what the title calls the
document, else what the cover or the opening says it is ("This guidance
note ..."); the words that decided it are kept as evidence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from planparse.extract.cover import cover_title
from planparse.extract.period import find_period
from planparse.extract.publisher import find_publisher
from planparse.layout import Layout
from planparse.schema import Organisation, Period
from planparse.text_norm import collapse

# most specific first: an "Annual Progress Report" on a strategy is a progress report
DOC_TYPES: list[tuple[str, re.Pattern[str]]] = [
    ("risk_register", re.compile(r"\brisks? registers?\b", re.I)),
    ("local_development_scheme", re.compile(r"\blocal development scheme\b", re.I)),
    ("needs_assessment", re.compile(r"\b(needs assessment|needs analysis|joint strategic needs)\b", re.I)),
    ("performance_report", re.compile(r"\b(performance report|performance monitoring report|quarterly performance)\b",
                                      re.I)),
    ("progress_report", re.compile(r"\b(progress report|annual report|progress update|annual review)\b", re.I)),
    ("improvement_plan", re.compile(r"\bimprovement plan\b", re.I)),
    ("delivery_plan", re.compile(r"\bdelivery plan\b", re.I)),
    ("action_plan", re.compile(r"\baction plan\b", re.I)),
    ("strategy", re.compile(r"\bstrateg(y|ies|ic plan)\b", re.I)),
    ("briefing", re.compile(r"\b(briefing|briefing note|briefing paper)\b", re.I)),
    ("policy", re.compile(r"\b(policy|policies|local plan|planning policy framework|guidance note|guidance)\b", re.I)),
]


@dataclass
class Metadata:
    title: str | None
    organisation: Organisation
    period: Period | None
    doc_type: str
    doc_type_evidence: str | None = None
    co_publishers: list[Organisation] = field(default_factory=list)


def extract_metadata(layout: Layout) -> Metadata:
    title, cover = cover_title(layout)
    publisher, partners = find_publisher(layout, title, cover)
    cover_text = collapse(" ".join(b.text for b in cover))
    period = find_period(title) if title else None
    if period is None and cover_text and cover_text != title:
        period = find_period(cover_text)
    doc_type, evidence = _doc_type(title, layout)
    return Metadata(title=title, organisation=publisher, period=period, doc_type=doc_type,
                    doc_type_evidence=evidence, co_publishers=partners)


def _doc_type(title: str | None, layout: Layout) -> tuple[str, str | None]:
    if title:
        for name, pattern in DOC_TYPES:
            m = pattern.search(title)
            if m:
                return name, f"title: {m.group(0)!r}"
    opening = [b.text for b in layout.blocks[:60] if b.kind in ("paragraph", "heading")]
    for text in opening:
        says = re.search(r"\bthis ([\w -]{3,40}?) (?:sets out|provides|describes|explains|is|has been)\b", text, re.I)
        if says:
            for name, pattern in DOC_TYPES:
                m = pattern.search(says.group(1))
                if m:
                    return name, f"the plan calls itself: {says.group(0)!r}"
    return "other", None

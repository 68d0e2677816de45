"""A first pass at the plan's entities: typed owners, defined acronyms, dates.

Owners are the best evidence of who does what; "Long Name (ACR)" definitions
name the bodies a plan relies on. A trained NER pipeline replaces this later
behind the same output (`Plan.entities`).
"""

from __future__ import annotations

import re
from collections import Counter

from planparse.enrich.owners import abbreviates
from planparse.schema import Action, Entity

_KIND_LABEL = {"agency": "AGENCY", "group": "AGENCY", "person": "PERSON", "role": "ROLE"}
_DEFINITION = re.compile(r"((?:[A-Z][\w'’&!-]*\s+(?:(?:of|for|and|the|&)\s+)*){1,8})\(([A-Z][A-Za-z&]{1,7})\)")
_DATE = re.compile(
    r"\b(?:(?:\d{1,2}(?:st|nd|rd|th)?\s+)?(?:January|February|March|April|May|June|July|August|September|"
    r"October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)\.?\s+(?:19|20)?\d\d|"
    r"(?:Spring|Summer|Autumn|Winter)\s+(?:19|20)\d\d|Q[1-4]\s+(?:19|20)\d\d(?:/\d\d)?)\b"
)


def extract_entities(actions: list[Action], text: str) -> list[Entity]:
    found: dict[tuple[str, str], int] = {}
    for a in actions:
        for o in a.owners:
            label = _KIND_LABEL.get(o.kind)
            if label:
                found[(o.name, label)] = 0
            if o.role:
                found[(o.role, "ROLE")] = 0
    for m in _DEFINITION.finditer(text):
        words = m.group(1).split()
        while words and words[0].lower() in ("the", "of", "and", "for"):
            words = words[1:]
        if words and abbreviates(m.group(2), words):
            start = _definition_start(words, m.group(2))
            found[(f"{' '.join(words[start:])} ({m.group(2)})", "AGENCY")] = 0
    dates = Counter(m.group(0) for m in _DATE.finditer(text))
    unique: dict[tuple[str, str], str] = {}
    for t, label in found:
        key = (re.sub(r"^the\s+", "", t, flags=re.I).lower(), label)
        if key not in unique or unique[key][:1].islower():
            unique[key] = t
    entities = [Entity(text=t, label=label, count=max(1, _count(t, text)))  # type: ignore[arg-type]
                for (_, label), t in unique.items()]
    entities += [Entity(text=d, label="DATE", count=n) for d, n in dates.items()]
    entities.sort(key=lambda e: (e.label, -e.count, e.text))
    return entities


def _definition_start(words: list[str], acronym: str) -> int:
    """Drop leading words the acronym does not cover: 'through the Multi Agency Safeguarding Hub (MASH)'."""
    first = next(c.lower() for c in acronym if c.isupper())
    for start, word in enumerate(words):
        if word[:1].isupper() and word[0].lower() == first and abbreviates(acronym, words[start:]):
            return start
    return 0


def _count(term: str, text: str) -> int:
    core = term.split(" (")[0]
    return len(re.findall(rf"(?<!\w){re.escape(core)}(?!\w)", text))

"""Canonical agency names: one name and a stable id for every way a plan writes a body.

"TVP", "Thames Valley Police (Emily Evans)" and "Thames valley police" are one
agency. Resolution, most certain first: the gazetteer's aliases; acronyms the
document itself defines ("Achieving for Children (AfC)"); then a fuzzy match
(rapidfuzz) against names already seen. The surface form is always kept by the
caller; this module only says what it stands for.
"""

from __future__ import annotations

import hashlib
import re
from functools import lru_cache
from dataclasses import dataclass, field

from rapidfuzz import fuzz, process

from planparse.enrich.ner import Gazetteer, default_gazetteer
from planparse.text_norm import fold

_TRAILING_ACRONYM = re.compile(r"\s*\(([A-Z][A-Za-z&]{1,9})\)\s*$")
# "Long Name (ACR)", also "(ACR / also known as ...)" and "(ACR, ...)"
_DEFINITION = re.compile(r"([A-Z][\w'’&!-]*(?:\s+(?:(?:of|for|and|the|&|in)\s+)*[A-Z][\w'’&!-]*){0,9})\s*"
                         r"\(([A-Z][A-Za-z&]{1,9})(?:\)|\s*[/,;])")
FUZZY_MIN = 92.0


@lru_cache(maxsize=8192)
def name_key(name: str) -> str:
    """Comparison key: folded, no leading 'the', no trailing '(ACR)', punctuation squeezed.

    Cached: entity merging compares every found name with every other.
    """
    name = _TRAILING_ACRONYM.sub("", name)
    key = fold(name)
    key = re.sub(r"^the\s+", "", key)
    key = re.sub(r"[^\w&' ]+", " ", key)
    return re.sub(r"\s+", " ", key).strip()


def agency_id(canonical: str) -> str:
    return "ag-" + hashlib.sha1(name_key(canonical).encode()).hexdigest()[:10]


def acronym_definitions(text: str) -> dict[str, str]:
    """ACR -> long name, for every 'Long Name (ACR)' whose initials the acronym follows."""
    from planparse.enrich.owners import abbreviates

    found: dict[str, str] = {}
    for m in _DEFINITION.finditer(text):
        words = m.group(1).split()
        acronym = m.group(2)
        for start in range(len(words)):
            if words[start][:1].isupper() and abbreviates(acronym, words[start:]) and \
                    words[start][0].lower() == next(c for c in acronym if c.isupper()).lower():
                found.setdefault(acronym, " ".join(words[start:]))
                break
    return found


@dataclass
class AgencyResolver:
    """Resolves surface forms to canonical agencies; learns a document's acronyms as it goes."""

    gazetteer: Gazetteer = field(default_factory=default_gazetteer)
    acronyms: dict[str, str] = field(default_factory=dict)
    seen: dict[str, str] = field(default_factory=dict)  # name_key -> canonical

    def __post_init__(self) -> None:
        for canonical, aliases in self.gazetteer.agencies.items():
            for alias in (canonical, *aliases):
                self.seen.setdefault(name_key(alias), canonical)

    def learn_document(self, text: str) -> None:
        for acronym, long in acronym_definitions(text).items():
            self.acronyms.setdefault(acronym, long)

    def resolve(self, surface: str) -> tuple[str, str]:
        """(canonical name, stable id) for a surface form."""
        name = surface.strip()
        trailing = _TRAILING_ACRONYM.search(name)
        key = name_key(name)
        if key in self.seen:
            canonical = self.seen[key]
        elif name in self.acronyms:
            canonical = self.resolve(self.acronyms[name])[0]
        elif trailing and trailing.group(1) in self.acronyms and not key:
            canonical = self.acronyms[trailing.group(1)]
        else:
            hit = process.extractOne(key, list(self.seen), scorer=fuzz.token_sort_ratio) if self.seen else None
            if hit and hit[1] >= FUZZY_MIN:
                canonical = self.seen[hit[0]]
            else:
                canonical = _TRAILING_ACRONYM.sub("", name) or name
                if canonical.islower() or canonical.isupper() and len(canonical) > 8:
                    canonical = canonical.title()
            self.seen[key] = canonical
        if trailing:
            self.seen.setdefault(name_key(trailing.group(1)), canonical)
        return canonical, agency_id(canonical)

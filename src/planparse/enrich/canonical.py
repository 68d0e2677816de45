"""Canonical agencies: one name and a stable id for every way a plan writes a body.

"ASP", "Anyshire Police (Ann Other)" and "Anyshire police" are one
agency. Resolution, most certain first: the public registers (enrich/registers.py;
the id is the register's code, a council's GSS code); acronyms the document
itself defines ("Acting for Carers (AfC)"); then a fuzzy match (rapidfuzz)
against names already seen. Bodies written several ways in one plan are folded
into one entity (`merge_variants`). The surface form is always kept by the
caller; this module only says what it stands for.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from typing import Protocol

from rapidfuzz import fuzz, process

from planparse.enrich.lexicons import default_lexicon
from planparse.enrich.name_shapes import (
    abbreviates_words,
    acronym_definitions,
    expand_acronym,
    is_acronym,
    name_key,
)
from planparse.enrich.registers import Registers, default_registers

_TRAILING_ACRONYM = re.compile(r"\s*\(([A-Z][A-Za-z&]{1,9})\)\s*$")
FUZZY_MIN = 92.0


def agency_id(canonical: str) -> str:
    """The id of a body no register lists: stable across plans for the same canonical name."""
    return "ag-" + hashlib.sha1(name_key(canonical).encode()).hexdigest()[:10]


@dataclass
class AgencyResolver:
    """Resolves surface forms to canonical agencies; learns a document's acronyms as it goes."""

    registers: Registers = field(default_factory=default_registers)
    acronyms: dict[str, str] = field(default_factory=dict)
    seen: dict[str, tuple[str, str]] = field(default_factory=dict)  # name_key -> (canonical, id)

    def learn_document(self, text: str) -> None:
        for acronym, long in acronym_definitions(text).items():
            self.acronyms.setdefault(acronym, long)

    def registered(self, name: str) -> bool:
        return self.registers.lookup(name) is not None

    def resolve(self, surface: str) -> tuple[str, str]:
        """(canonical name, stable id) for a surface form."""
        name = surface.strip()
        trailing = _TRAILING_ACRONYM.search(name)
        key = name_key(name)
        # an acronym the document defines means what the document says, whatever a register uses it for
        defined = name in self.acronyms and name_key(self.acronyms[name]) != key
        body = None if defined else self.registers.lookup(name)
        if body is None and trailing and trailing.group(1) not in self.acronyms:
            body = self.registers.lookup(trailing.group(1))
        if key in self.seen:  # what this document already tied the name to ("CSP" after "Anytown CSP (CSP)")
            found = self.seen[key]
        elif defined:
            found = self.resolve(self.acronyms[name])
        elif body is not None:
            found = (body.name, body.id)
        else:
            hit = process.extractOne(key, list(self.seen), scorer=fuzz.token_sort_ratio) if self.seen else None
            if hit and hit[1] >= FUZZY_MIN:
                found = self.seen[hit[0]]
            else:
                canonical = _TRAILING_ACRONYM.sub("", name) or name
                if canonical.islower() or canonical.isupper() and len(canonical) > 8:
                    canonical = canonical.title()
                found = (canonical, agency_id(canonical))
        self.seen.setdefault(key, found)
        if trailing:
            self.seen.setdefault(name_key(trailing.group(1)), found)
        return found


class Variant(Protocol):
    text: str
    count: int
    pages: set[int]


def merge_variants(found: dict[tuple[str, str], Variant], org_short: str | None, full: str = "",
                   protected: set[str] = frozenset()) -> None:  # type: ignore[assignment]
    """Fold agencies that are one body written two ways into one entity.

    The same body: an undefined acronym whose letters are the initials of
    another agency's words ("AWA" and "Anyshire Women's Aid"); a name with
    the plan's own author in front ("West Berkshire Domestic Abuse
    Partnership Board"); a name abbreviated word by word ("TV V&W Delivery
    Group" and "Anyshire Victim and Witness Delivery Group"). These
    keep the form at first mention. A body's service on the plan's topic
    ("Harbourlight DA service") and a name cut short ("Practice Group" for the
    one "DA Practice Group") fold into the body's full name. `protected`
    names (the registers') are bodies in their own right and never fold.
    """
    head_phrases = {name_key(h) for h in default_lexicon().org_head_phrases if len(h.split()) > 1}
    prefix = f"{name_key(org_short)} " if org_short else None
    for key, item in [(k, f) for k, f in found.items() if k[1] == "AGENCY"]:
        if key not in found:
            continue
        others = [f for k, f in found.items() if k[1] == "AGENCY" and f is not item]
        words = item.text.split()
        keep_target_text = False
        target = None
        if len(words) == 1 and is_acronym(words[0]):
            letters = [c.lower() for c in words[0] if c.isupper()]
            target = next((f for f in others if len(f.text.split()) == len(letters)
                           and [w[0].lower() for w in f.text.split()] == letters), None)
        elif prefix and name_key(item.text).startswith(prefix):
            rest = name_key(item.text)[len(prefix):]
            target = next((f for f in others if name_key(f.text) == rest), None)
        elif len(words) > 1 and is_acronym(words[0]) and len(words[0]) <= 3 and expand_acronym(words[0], full):
            long = name_key(f"{expand_acronym(words[0], full)} {' '.join(words[1:])}")
            # "DA Forum" is "Domestic Abuse Forum", also when written "ABC Domestic Abuse Forum"
            target = next((f for f in others if long in (name_key(f.text), _unprefixed(f.text, prefix))), None)
        if target is None and prefix:  # the same, met the other way round
            target = next((f for f in others if f.text.split() != words and
                           _unprefixed(f.text, prefix) == name_key(item.text)), None)
            # "County Council" alone is only the head of the author's name: keep the whole name
            keep_target_text = target is not None and name_key(item.text) in head_phrases
        if target is None and len(words) > 1 and any(is_acronym(w) for w in words):
            target = next((f for f in others if abbreviates_words(words, f.text.split())), None)
        if target is None:
            target = _service_of(words, others, full) or _team_of(words, others)
            keep_target_text = target is not None
        if target is None and name_key(item.text) not in protected:
            target = _cut_short(words, others, item.count, full)
            keep_target_text = target is not None
        if target is None:
            continue
        order = list(found)
        target_key = next(k for k, f in found.items() if f is target)
        if not keep_target_text and order.index(key) < order.index(target_key):
            target.text = item.text  # keep the form at first mention
        target.count += item.count
        target.pages |= item.pages
        del found[key]


def _service_of(words: list[str], others: list[Variant], full: str) -> Variant | None:
    """'Harbourlight DA service' is Harbourlight: a body, the plan's topic (an acronym or spelled out), 'service'."""
    if len(words) < 3 or words[-1].lower() not in ("service", "services"):
        return None
    for cut in range(len(words) - 2, 0, -1):
        body = name_key(" ".join(words[:cut]))
        target = next((f for f in others if name_key(f.text) == body), None)
        if target is None:
            continue
        topic = words[cut:-1]
        if len(topic) == 1 and topic[0].isupper() and expand_acronym(topic[0], full):
            return target
        initials = "".join(w[0] for w in topic).upper()
        if len(topic) >= 2 and all(w[:1].isalpha() for w in topic) and re.search(rf"\b{initials}\b", full) and \
                name_key(expand_acronym(initials, full) or "") == name_key(" ".join(topic)):
            return target
    return None


def _team_of(words: list[str], others: list[Variant]) -> Variant | None:
    """'<Body> team' with nothing between is that body's own staff: the body ('County Council team')."""
    if len(words) < 2 or words[-1].lower() not in ("team", "teams", "staff"):
        return None
    body = name_key(" ".join(words[:-1]))
    return next((f for f in others if name_key(f.text) == body), None)


def _cut_short(words: list[str], others: list[Variant], count: int, full: str) -> Variant | None:
    """'Practice Group' is the one agency whose name ends in those words ('DA Practice Group').

    Only into a name met more often, or as often when the short form starts
    on an ordinary word ("Safeguarding Children's Board"): a longer name met
    less often is more likely a span that caught words in front ("Pollinators
    of Kent County Council") than the body's full name.
    """
    if len(words) < 2 or not words[0][:1].isupper() or is_acronym(words[0]):
        return None
    tail = " " + name_key(" ".join(words))
    targets = [f for f in others if name_key(f.text).endswith(tail)]
    if len(targets) != 1:
        return None
    ordinary = re.search(rf"\b{re.escape(words[0].lower())}\b", full) is not None
    return targets[0] if targets[0].count > count or (targets[0].count == count and ordinary) else None


def _unprefixed(name: str, prefix: str | None) -> str:
    key = name_key(name)
    return key[len(prefix):] if prefix and key.startswith(prefix) else key

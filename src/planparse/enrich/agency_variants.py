"""One body written several ways in one plan: fold the variants into one agency."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Protocol

from planparse.enrich.agencies import name_key


class Variant(Protocol):
    text: str
    count: int
    pages: set[int]


def merge_variants(found: dict[tuple[str, str], Variant], org_short: str | None, full: str = "",
                   protected: set[str] = frozenset()) -> None:  # type: ignore[assignment]
    """Fold agencies that are one body written two ways into one entity.

    The same body: an undefined acronym whose letters are the initials of
    another agency's words ("BWA" and "Berkshire Women's Aid"); a name with
    the plan's own author in front ("West Berkshire Domestic Abuse
    Partnership Board"); a name abbreviated word by word ("TV V&W Delivery
    Group" and "Thames Valley Victim and Witnesses Delivery Group"). These
    keep the form at first mention. A body's service on the plan's topic
    ("Cranstoun DA service") and a name cut short ("Networking Group" for the
    one "DA Networking Group") fold into the body's full name. `protected`
    names (the gazetteer's) are bodies in their own right and never fold.
    """
    from planparse.enrich.ner import default_gazetteer
    from planparse.enrich.owners import _ACRONYM

    head_phrases = {name_key(h) for h in default_gazetteer().org_heads if len(h.split()) > 1}
    prefix = f"{name_key(org_short)} " if org_short else None
    for key, item in [(k, f) for k, f in found.items() if k[1] == "AGENCY"]:
        if key not in found:
            continue
        others = [f for k, f in found.items() if k[1] == "AGENCY" and f is not item]
        words = item.text.split()
        keep_target_text = False
        target = None
        if len(words) == 1 and _ACRONYM.match(words[0]):
            letters = [c.lower() for c in words[0] if c.isupper()]
            target = next((f for f in others if len(f.text.split()) == len(letters)
                           and [w[0].lower() for w in f.text.split()] == letters), None)
        elif prefix and name_key(item.text).startswith(prefix):
            rest = name_key(item.text)[len(prefix):]
            target = next((f for f in others if name_key(f.text) == rest), None)
        elif len(words) > 1 and _ACRONYM.match(words[0]) and len(words[0]) <= 3 and expand_acronym(words[0], full):
            long = name_key(f"{expand_acronym(words[0], full)} {' '.join(words[1:])}")
            # "DA Forum" is "Domestic Abuse Forum", also when written "RBWM Domestic Abuse Forum"
            target = next((f for f in others if long in (name_key(f.text), _unprefixed(f.text, prefix))), None)
        if target is None and prefix:  # the same, met the other way round
            target = next((f for f in others if f.text.split() != words and
                           _unprefixed(f.text, prefix) == name_key(item.text)), None)
            # "County Council" alone is only the head of the author's name: keep the whole name
            keep_target_text = target is not None and name_key(item.text) in head_phrases
        if target is None and len(words) > 1 and any(_ACRONYM.match(w) for w in words):
            target = next((f for f in others if abbreviates_words(words, f.text.split())), None)
        if target is None:
            target = _service_of(words, others, full)
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


def abbreviates_words(short: list[str], long: list[str]) -> bool:
    """Is `short` `long` with some words cut to initials? 'TV V&W Delivery Group' -> 'Thames Valley Victim and
    Witnesses Delivery Group'. Each short word is a long word, or the initials of the next long words ('&' is
    'and'; 'of', 'the', 'for' may go unlettered)."""
    if len(short) >= len(long):
        return False
    lw = [w.lower() for w in long]

    def align(i: int, j: int) -> bool:
        if i == len(short):
            return j == len(lw)
        if j == len(lw):
            return False
        token = short[i]
        if token.lower() == lw[j] and align(i + 1, j + 1):
            return True
        letters = [c for c in token if c.isupper() or c == "&"]
        if len(letters) < 2 or len(letters) < len(token) - 1:
            return False
        k = j
        for c in letters:
            while k < len(lw) and lw[k] in ("of", "the", "for") and not lw[k].startswith(c.lower()):
                k += 1
            if k == len(lw) or not (lw[k] in ("and", "&") if c == "&" else lw[k].startswith(c.lower())):
                return False
            k += 1
        return align(i + 1, k)

    return align(0, 0)


def _service_of(words: list[str], others: list[Variant], full: str) -> Variant | None:
    """'Cranstoun DA service' is Cranstoun: a body, the plan's topic written as an acronym or spelled out, 'service'."""
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


def _cut_short(words: list[str], others: list[Variant], count: int, full: str) -> Variant | None:
    """'Networking Group' is the one agency whose name ends in those words ('DA Networking Group').

    Only into a name met more often, or as often when the short form starts
    on an ordinary word ("Safeguarding Children's Board"): a longer name met
    less often is more likely a span that caught words in front ("Pollinators
    of Kent County Council") than the body's full name.
    """
    from planparse.enrich.owners import _ACRONYM

    if len(words) < 2 or not words[0][:1].isupper() or _ACRONYM.match(words[0]):
        return None
    tail = " " + name_key(" ".join(words))
    targets = [f for f in others if name_key(f.text).endswith(tail)]
    if len(targets) != 1:
        return None
    ordinary = re.search(rf"\b{re.escape(words[0].lower())}\b", full) is not None
    return targets[0] if targets[0].count > count or (targets[0].count == count and ordinary) else None


@lru_cache(maxsize=256)
def expand_acronym(acronym: str, text: str) -> str | None:
    """'DA' -> 'Domestic Abuse': the commonest capitalised phrase in the document with those initials.

    Cached: the name tests ask for the same few acronyms of one document many times (a str
    keeps its hash, so the document is hashed once).
    """
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

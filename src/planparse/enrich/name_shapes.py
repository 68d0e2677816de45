"""The shapes of names: is a span an acronym, a person, a body, or ordinary words that look like one?

The one home for these tests; the owner splitter, the mention finder and the
canonicaliser all ask here. They use only the shape of the words, the shared
lexicon (enrich/lexicons.py) and what the same document writes elsewhere,
never a list of documents:

* acronyms: "DA", "ABC", "AfC", "V&W" (one matcher), what they abbreviate
  ("Acting for Carers (AfC)"), and their definitions in a document;
* people: a given name (or a known diminutive) and a surname, titles before
  and post-nominals after; a name alone is a person only where nothing else
  could be meant;
* bodies: a name ending on an organisation head, an acronym in use, a name the
  grammar vouches for; not a kind of provider described ("voluntary sector
  hub"), a document ("... Plan") or a programme.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Collection, Sequence
from functools import lru_cache

from planparse.enrich.lexicons import default_lexicon
from planparse.text_norm import fold

_TRAILING_ACRONYM = re.compile(r"\s*\(([A-Z][A-Za-z&]{1,9})\)\s*$")
_ACRONYM_SHAPE = re.compile(r"^[A-Z][A-Za-z&]{1,7}$")
# one word with two capitals: an acronym or a brand ("MARAC", "HelpU", "IRISi"), not "Council"
_TWO_CAPITALS = re.compile(r"^[A-Z][A-Za-z&]*[A-Z][A-Za-z&]*$")

def alternation(words: frozenset[str]) -> str:
    """A regex alternative of the words, longest first: the connectors as the patterns below use them."""
    return "|".join(re.escape(w) for w in sorted(words, key=lambda w: (-len(w), w)))


_INSIDE = alternation(default_lexicon().name_connectors)
# capitalised words, with the connectors names have inside: "Office of the Police and Crime Commissioner"
CAPITALISED_RUN = rf"[A-Z][\w'’&!-]*(?: (?:[A-Z][\w'’&!-]*|{_INSIDE}))*"
# "Long Name (ACR)", also "(ACR / also known as ...)" and "(ACR, ...)"
_DEFINITION = re.compile(rf"([A-Z][\w'’&!-]*(?:\s+(?:(?:{_INSIDE}|in)\s+)*[A-Z][\w'’&!-]*){{0,9}})\s*"
                         r"\(([A-Z][A-Za-z&]{1,9})(?:\)|\s*[/,;])")
_BRACKETS = re.compile(r"\s*\([^()]*\)\s*$")
# the last words of street names: "Clive Way" is a road even though Way is also a surname
_STREETS = {"road", "street", "avenue", "way", "close", "crescent", "terrace", "drive", "place", "row", "quay", "wharf"}


@lru_cache(maxsize=8192)
def name_key(name: str) -> str:
    """A name's comparison form: folded, no leading 'the', no trailing '(ACR)', punctuation squeezed.

    Cached: entity merging compares every found name with every other.
    """
    name = _TRAILING_ACRONYM.sub("", name)
    key = re.sub(r"^the\s+", "", fold(name))
    key = re.sub(r"[^\w&' ]+", " ", key)
    return re.sub(r"\s+", " ", key).strip()


# -- acronyms ----------------------------------------------------------------------------------------


def is_acronym(word: str) -> bool:
    """'DA', 'ABC', 'AfC', 'V&W' are acronyms; 'HelpU', 'Safe!' and 'Council' are not."""
    if not _ACRONYM_SHAPE.match(word):
        return False
    return sum(1 for c in word if not c.islower()) >= len(word) - 1


def has_two_capitals(word: str) -> bool:
    """An acronym or a brand written as one word ('MARAC', 'HelpU'): a name, never a common word."""
    return bool(_TWO_CAPITALS.match(word))


def abbreviates(acronym: str, words: list[str]) -> bool:
    """Does '(AfC)' abbreviate the words before it ('Acting for Carers')?"""
    letters = [c.lower() for c in acronym if c.isalpha() and c.isupper()]
    initials = [w[0].lower() for w in words[-10:] if w[:1].isalpha()]
    k = 0
    for ch in initials:
        if k < len(letters) and ch == letters[k]:
            k += 1
    return len(letters) >= 2 and k == len(letters)


def abbreviates_words(short: list[str], long: list[str]) -> bool:
    """Is `short` `long` with some words cut to initials? 'AS V&W Group' -> 'Anyshire Victim and Witness
    Group'. Each short word is a long word, or the initials of the next long words ('&' is 'and'; 'of', 'the',
    'for' may go unlettered)."""
    if len(short) >= len(long):
        return False
    return _aligned(short, [w.lower() for w in long], 0, 0)


def _aligned(short: list[str], lw: list[str], i: int, j: int) -> bool:
    """short[i:] abbreviates lw[j:] (a function of its own: a recursive closure is a reference cycle per call)."""
    if i == len(short):
        return j == len(lw)
    if j == len(lw):
        return False
    token = short[i]
    if token.lower() == lw[j] and _aligned(short, lw, i + 1, j + 1):
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
    return _aligned(short, lw, i + 1, k)


def acronym_definitions(text: str) -> dict[str, str]:
    """ACR -> long name, for every 'Long Name (ACR)' whose initials the acronym follows."""
    found: dict[str, str] = {}
    for m in _DEFINITION.finditer(text):
        words = m.group(1).split()
        acronym = m.group(2)
        first = next(c for c in acronym if c.isupper()).lower()
        for start in range(len(words)):
            if words[start][:1].isupper() and words[start][0].lower() == first and abbreviates(acronym, words[start:]):
                found.setdefault(acronym, " ".join(words[start:]))
                break
    return found


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


# -- people --------------------------------------------------------------------------------------------


def is_honorific(word: str) -> bool:
    return word[:1].isupper() and word.lower().rstrip(".") in default_lexicon().honorifics


def is_post_nominal(word: str) -> bool:
    return word.strip(",()").isupper() and word.strip(",().").lower() in default_lexicon().post_nominals


def without_honorific(name: str) -> str:
    """'Cllr John Baldwin OBE' -> 'John Baldwin': the person, for comparing and listing people."""
    words = name.split()
    while len(words) > 1 and is_honorific(words[0]):
        words = words[1:]
    while len(words) > 1 and is_post_nominal(words[-1]):
        words = words[:-1]
    return " ".join(words).rstrip(",")


def person_span(words: list[str], i: int, *, known: Collection[str] = (), ambiguous: Collection[str] = (),
                ordinary: Collection[str] = ()) -> int | None:
    """If words[i] starts a person's name, the index after its last word (else None).

    A given name, then capitalised words up to three (particles such as "O",
    "de" inside). A given name alone is a person only where it stands alone or
    an organisation follows it ("Ruth Anyshire Women's Aid"). Given names
    that are also common words or places ("Will", "Grace", `ambiguous`) need a
    surname; a given name before an organisation or place head ("Grace
    Hospital", "Victoria House") names a thing, not a person. `known` are
    names of bodies learned from the document; `ordinary` the words it writes in lower case:
    a given name before one of those that is no surname ("Job Title", "Life Story") is not
    a person, nor a place-like given name before a place or a common word ("West Kent",
    "Kent Woods").
    """
    lex = default_lexicon()
    if i < 0 or i >= len(words):
        return None
    w = words[i].strip(",")
    if w not in lex.first_names or w.lower() in lex.heads:
        return None
    j = i + 1
    org_follows = False
    amb = w.lower() in lex.ambiguous_first or w.lower() in ambiguous
    if w.endswith(":") or words[i].endswith(":"):
        return None  # "Job: ...": a form's label, not a name
    while j < len(words) and j - i < 3:
        if words[j - 1].endswith(":"):
            break  # "Job Title: Planning Officer": a label ends where its colon is
        t = words[j].strip(",:;")
        low = t.lower()
        if low in lex.particles and j + 1 < len(words) and words[j + 1][:1].isupper():
            j += 1
            continue
        thing = low in lex.org_heads or low in lex.not_a_body or \
            (low in lex.named_things and (t not in lex.surnames or amb or low in _STREETS))
        if j == i + 1 and t[:1].isupper() and not is_acronym(t) and thing:
            return None  # "Silva Homes", "Grace Hospital", "Herbert Protocol": a thing named after someone
        if not t[:1].isupper() or is_acronym(t) or low in lex.heads or t in known or is_post_nominal(t):
            org_follows = bool(is_acronym(t) or low in lex.heads or t in known) and not is_post_nominal(t)
            break
        rest = words[j:]
        if len(rest) >= 2 and all(r[:1].isupper() for r in rest) and \
                rest[-1].lower().removesuffix("'s") in lex.org_heads:
            org_follows = True
            break  # the rest is an organisation's name
        j += 1
    if j == i + 1:
        low = w.lower()
        if low in lex.ambiguous_first or low in ambiguous or not (len(words) == 1 or org_follows):
            return None
    else:
        second = words[i + 1].strip(",")
        low2 = second.lower()
        if low2 in ordinary and second not in lex.surnames:
            return None  # "Job Title", "Life Story": a given name before a common word
        if amb and (second not in lex.surnames or low2 in ordinary or low2 in ambiguous):
            return None  # "Kent Downs", "West Kent", "Will Need": a common word or a place, then no surname
    return j


def plausible_person(surface: str, ambiguous: Collection[str] = (), ordinary: Collection[str] = ()) -> bool:
    """The whole span is one person's name (titles and post-nominals aside)."""
    words = without_honorific(surface).split()
    if not 1 <= len(words) <= 4 or not all(w[:1].isupper() for w in words):
        return False
    return person_span(words, 0, ambiguous=ambiguous, ordinary=ordinary) == len(words)


def surname_person(words: list[str], ordinary: Collection[str] = ()) -> bool:
    """'Zorabel Foster', 'Zhu Ferguson' where a person is expected (a signature, an owner cell):
    two or three capitalised words ending on a known surname, none of them a head word,
    an acronym or a word the document writes in lower case."""
    lex = default_lexicon()
    if not 2 <= len(words) <= 3 or words[-1] not in lex.surnames:
        return False
    return all(w[:1].isupper() and w[1:].islower() and w.isalpha() and w.lower() not in lex.heads
               and w.lower() not in ordinary and w.lower() not in lex.connectors for w in words)


# -- bodies ----------------------------------------------------------------------------------------------


_LOWER_WORD = re.compile(r"\b[a-z][a-z'-]+\b")


def lower_word_counts(text: str) -> Counter[str]:
    """How often each lower-case word occurs (counted as found: a long plan's word list is never held whole)."""
    return Counter(m.group() for m in _LOWER_WORD.finditer(text))


def sentence_start(surface: str, lower_counts: dict[str, int]) -> bool:
    """'Map service', 'Focus group', 'OF SERVICES': a capitalised common word or a shouted heading, not a name."""
    words = surface.split()
    if len(words) > 1 and surface.isupper():
        return True
    return len(words) == 2 and lower_counts.get(words[0].lower(), 0) >= 1


def generic(surface: str) -> bool:
    """'the Board', 'Health', 'faith groups', 'partners': a category or a head word, not one body's name."""
    return name_key(surface) in default_lexicon().generic_names


def plausible_agency(surface: str, acronyms: dict[str, str], known: Collection[str], full: str,
                     register_keys: Collection[str] = ()) -> bool:
    """Keep a found span only if it looks like a body: known, an acronym in use, or a name ending on a head word."""
    lex = default_lexicon()
    words = surface.split()
    if len(words) == 1 and len(surface) > 2 and surface.endswith("s") and surface[:-1].isupper():
        return False  # "SPDs", "SMEs": a kind of thing in the plural, not one body
    key = name_key(surface)
    defined = acronyms.get(surface, "").split()
    if defined and defined[-1].lower() in lex.not_a_body | lex.role_heads:
        return False  # "DVDS" is a Scheme, "IDVA" an Advocate: the document says so
    if words and (key in known or key in register_keys or surface in acronyms):
        return True
    if not words or not surface[:1].isalpha() or not surface[:1].isupper() and not surface.lower().startswith("the "):
        return False
    if len(words) == 1:
        token = words[0]
        if token.isupper() and len(token) >= 4 and re.search(rf"\b{re.escape(token.title())}\b", full):
            return False  # "SUSSEX", "WORKING": a shouted word the text also writes normally
        upper = sum(1 for c in token if c.isupper())
        return upper >= 2 and upper >= len(token) - 1 and full.count(token) >= 2
    if len(words) > 9 or words[-1].lower() in lex.not_a_body:
        # "Anyshire Police & Criminal Justice Plan" is a document, "Freedom Programme" a programme
        # (the guidelines: programmes run by an organisation are not agencies)
        return False
    last = words[-1].lower().strip("()")
    lowers = sum(1 for w in words[:-1] if w[:1].islower())
    if len(words) == 2 and words[-1].islower():
        return False  # "DA services", "Networking group": a kind of service, not one body's name
    if last in lex.org_heads and len(words) <= 5 and words[0][:1].isupper() and lowers <= 1:
        return True  # "MARAC working group", "ABC Comms team"
    # a head word inside a capitalised name: "Employers Alliance Against Loneliness"
    inner = any(w.lower() in lex.org_heads for w in words[1:])
    capitals = sum(1 for w in words if w[:1].isupper())
    return (last in lex.org_heads or inner) and capitals >= len(words) - 1


def descriptive(surface: str, starts_with_body: Callable[[list[str]], bool], document: str | Sequence[str],
                expand: Callable[[str], str | None]) -> bool:
    """A kind of provider described, not one body's name.

    "Community sector hub" and "DA commissioned service" put an ordinary
    lower-case word before a lower-case head that is not a convened body
    (a "safe housing subgroup" is one); "HS Services" and "Courts
    Housing Support Services" end on a plural head whose phrase the document
    also writes in lower case ("housing support services"). A name that starts
    with a body ("ABC Housing teams", "MARAC working group") is that body's
    team and stays a name. ``document`` may come in parts (a long plan's prose and its cells are not joined
    into one more copy of the plan).
    """
    lex = default_lexicon()
    parts = (document,) if isinstance(document, str) else document
    words = _BRACKETS.sub("", surface).split()
    if len(words) < 2 or starts_with_body(words):
        return False
    head, modifiers = words[-1], words[:-1]
    if head.islower() and head not in lex.convened_heads and \
            any(w.islower() and w not in lex.connectors for w in modifiers):
        return True
    if head.lower() not in lex.plural_heads:
        return False
    spelled = " ".join((expand(w) or w) if w.isupper() else w for w in words).lower().split()
    for k in range(2, len(spelled) + 1):
        tail = " ".join(spelled[-k:])
        # the phrase first and the word boundary before it checked behind (the same matches): a pattern that
        # opens with a look-behind is tried at every position of the text, one that opens with a literal jumps
        # from one occurrence to the next, 24 times faster over a 1,000-page plan
        phrase = re.escape(tail)
        written = re.compile(rf"{phrase}(?<![\w-]{phrase})(?![\w-])")
        if any(written.search(part) for part in parts):
            return True  # written in lower case, so a common noun phrase
    return False


def name_shaped(surface: str, max_words: int = 6) -> bool:
    """Capitalised words (connectors aside), not ending on a role, a group, a document or a programme."""
    lex = default_lexicon()
    words = surface.split()
    if not words or sum(w not in lex.connectors for w in words) > max_words or any(c.isdigit() for c in surface):
        return False
    if not all(w[:1].isupper() or w in lex.connectors for w in words) or words[-1] in lex.connectors:
        return False
    last = words[-1].lower()
    if last in lex.role_heads and len(words) > 2 and words[0].lower() in lex.org_heads and words[1] in ("of", "for"):
        return True  # "Office of the Police and Crime Commissioner": a body named after its holder
    return last not in lex.role_heads | lex.group_heads | lex.not_a_body

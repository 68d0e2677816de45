"""How plans word their commitments and sections, from data/plan_language.json.

One home for the vocabulary the action and priority extractors share:
what a commitment sentence sounds like ("We will ..."), which headings and
lead-ins introduce actions, priorities, or material that is not an action
(case studies, indicators, principles), and which lists are quoted from a
national strategy rather than set by the plan itself.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from importlib import resources
from typing import Literal

from planparse.text_norm import fold

SectionKind = Literal["actions", "priorities", "not_actions"]
_NUMBERING = re.compile(r"^\s*(?:\d{1,2}(?:\.\d{1,2})*[.)]?|[a-z][.)]|[ivx]{1,4}[.)])\s+", re.I)


@lru_cache(maxsize=1)
def _words() -> dict[str, list[str]]:
    raw = json.loads(resources.files("planparse.data").joinpath("plan_language.json").read_text("utf-8"))
    return {k: v for k, v in raw.items() if not k.startswith("_")}


@lru_cache(maxsize=None)
def _pattern(name: str) -> re.Pattern[str]:
    phrases = sorted(_words()[name], key=len, reverse=True)
    return re.compile(r"(?<![\w'])(?:" + "|".join(re.escape(p) for p in phrases) + r")(?![\w'])")


def _key(text: str) -> str:
    return fold(_NUMBERING.sub("", text)).strip(" :.-–")


def is_commitment(sentence: str) -> bool:
    """'We will champion workplace health.', 'In a crisis we will provide ...'."""
    return bool(_pattern("commitment").search(_key(sentence)))


def starts_with_action(text: str) -> bool:
    """'Develop ...', 'Development of ...', 'Enhanced education ...', 'To promote ...', 'We will ...':
    an item that says what will be done, not a statement of need or fact."""
    words = re.findall(r"[a-z][a-z'-]*", _key(text))[:3]
    if not words:
        return False
    if is_commitment(text) or _action_word(words[0]):
        return True
    # "To promote ...", "A continued focus on ...", "Further develop ..."
    return words[0] in ("to", "a", "an", "the", "further", "more") and len(words) > 1 and _action_word(words[1])


_ENDINGS = ("", "s", "es", "d", "ed", "ing", "ment", "ments")


def _action_word(word: str) -> bool:
    """'develop', 'development', 'enhanced', 'training', 'reducing': a verb or its usual forms (not 'director')."""
    verbs = _verb_set()
    for ending in _ENDINGS:
        if ending and not word.endswith(ending):
            continue
        stem = word[: len(word) - len(ending)] if ending else word
        if stem in verbs or stem + "e" in verbs or (len(stem) > 3 and stem[-1] == stem[-2] and stem[:-1] in verbs):
            return True
    return False


@lru_cache(maxsize=1)
def _verb_set() -> frozenset[str]:
    return frozenset(_words()["action_verbs"])


def continues(sentence: str) -> bool:
    """'This includes helping ...': a sentence that spells out the commitment before it."""
    return bool(_pattern("continuation").match(_key(sentence)))


def is_national(text: str) -> bool:
    """A lead-in or heading that speaks of a national strategy or a department: its list is quoted, not set."""
    return bool(_pattern("national").search(_key(text)))


def names_priorities(text: str) -> bool:
    return bool(_pattern("priority_words").search(_key(text)))


def introduces_actions(text: str) -> bool:
    """'What we will do', 'this Strategy will ensure:', 'three priority areas of action for each:'."""
    return bool(_pattern("action_lead_in").search(_key(text)))


def is_lead_in(text: str) -> bool:
    """A sentence that introduces the list after it: it ends with a colon or says 'the following'."""
    return text.rstrip().endswith(":") or bool(_pattern("lead_in").search(_key(text)))


def section_kind(heading: str) -> SectionKind | None:
    """What a heading or lead-in says the text under it is.

    'Not actions' wins only where the heading is about that material (the
    phrase comes in its first words, or it is a short heading holding it),
    so "Gather and use the full range of data" is not a data section.
    """
    key = _key(heading)
    if not key:
        return None
    following = re.search(r"\bthe following ((?:[\w'-]+ ){0,2}[\w'-]+)", key)
    if following:  # "... the following principles to guide how we will work": the noun after it decides
        key = following.group(1)
    if _pattern("quoted").search(key):
        return "not_actions"  # what another body recommended or called for, quoted in the plan
    short = len(key.split()) <= 5
    hit = _pattern("not_actions").search(key)
    early = hit is not None and len(key[: hit.start()].split()) <= 2  # "The following principles ..."
    if hit and (early or short) and not introduces_actions(key):
        return "not_actions"
    if introduces_actions(key):
        return "actions"
    if names_priorities(key):
        return "priorities"
    return None


def sentences(text: str) -> list[str]:
    """The text's sentences (spaCy's rule-based sentencizer: abbreviations such as 'e.g.' do not end one)."""
    doc = _sentencizer()(text)
    return [s.text.strip() for s in doc.sents if s.text.strip()]


def commitment_sentences(text: str) -> list[str]:
    """The commitments in a passage, each with the sentences that spell it out ('This includes ...')."""
    out: list[str] = []
    last_was_commitment = False
    for s in sentences(text):
        if is_commitment(s):
            out.append(s)
            last_was_commitment = True
        elif last_was_commitment and continues(s):
            out[-1] = f"{out[-1]} {s}"
        else:
            last_was_commitment = False
    return out


@lru_cache(maxsize=1)
def _sentencizer():  # type: ignore[no-untyped-def]
    import spacy

    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    return nlp

"""Recognise the numbering a plan uses for its priorities, sections and actions."""

from __future__ import annotations

import re
from dataclasses import dataclass

from planparse.text_norm import collapse, number_value

_MARKER = re.compile(
    r"^(?:[•▪‣◦●■►\-–]\s*)?(?P<word>priority|aim|objective|theme|goal|ambition|strategic priority|"
    r"strategic aim|strategic objective|workstream|pillar|outcome)\s+"
    r"(?P<num>\d{1,2}|one|two|three|four|five|six|seven|eight|nine|ten|[ivx]{1,4})\b\s*[:.\-–—)]?\s*(?P<title>.*)$",
    re.I,
)
_LEADING_REF = re.compile(
    r"^\s*\(?(?P<ref>\d{1,2}\.\d{1,2}(?:\.\d{1,2})?[a-z]?|\d{1,2}[a-z]?|[a-z])"
    r"(?:[.):]\s+|\s+(?=[A-Z]))"
)
_NUMBERED_ITEM = re.compile(r"^\s*\(?(?P<num>\d{1,2})\s*[.):]\s*(?P<title>\S.*)$")


@dataclass(frozen=True)
class Marker:
    """'Priority one: Act before harm.' -> Marker(word='priority', key='1', title='Act before harm')."""

    word: str
    key: str
    title: str


def parse_marker(text: str) -> Marker | None:
    m = _MARKER.match(collapse(text))
    if not m:
        return None
    value = number_value(m.group("num"))
    if value is None:
        return None
    title = collapse(m.group("title")).rstrip(" .:;")
    if title and (title[0] == "(" or title[0].islower()):
        return None  # "priority 2 (Wellbeing ...) of the ...": prose that mentions a priority
    return Marker(m.group("word").lower(), str(value), title)


def split_leading_ref(text: str) -> tuple[str | None, str]:
    """'1a. Deliver campaigns' -> ('1a', 'Deliver campaigns'); no ref -> (None, text)."""
    m = _LEADING_REF.match(text)
    if not m:
        return None, text
    rest = text[m.end():].strip()
    if not rest:
        return None, text
    return m.group("ref"), rest


def parse_numbered_item(text: str) -> tuple[str, str] | None:
    """'1) Awareness and early intervention' / '2. Provision of services' -> ('1', title)."""
    m = _NUMBERED_ITEM.match(text)
    if not m:
        return None
    return m.group("num").lstrip("0") or "0", collapse(m.group("title"))


def ref_priority_key(ref: str | None) -> str | None:
    """The priority a hierarchical ref points to: '2.5' -> '2', '4a' -> '4', '12' -> None."""
    if not ref:
        return None
    m = re.match(r"^(\d{1,2})(?:\.\d|[a-z])", ref)
    return m.group(1) if m else None


def is_ref(text: str) -> bool:
    """'1.1', '2a', '3.', 'b)', and letter-led codes 'A1', 'SP2.1', 'H3'."""
    return bool(re.fullmatch(r"\(?\d{1,2}(?:\.\d{1,2}){0,2}[a-z]?[.)]?|[a-z][.)]|[A-Z]{1,3}\d{1,2}(?:\.\d{1,2})?\.?",
                             text.strip(), re.I))

"""Small text normalisers shared by readers, extractors and the evaluator."""

from __future__ import annotations

import re
import unicodedata

SUPERSCRIPTS = "¹²³⁴⁵⁶⁷⁸⁹⁰"
_SUP = re.compile(f"[{SUPERSCRIPTS}]+")
_MD_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_EMPH = re.compile(r"(\*\*|__|(?<![\w*])\*(?!\s)|(?<!\w)_(?!\s))")
_SPACE = re.compile(r"\s+")
_SPACE_BEFORE_PUNCT = re.compile(r"\s+([.,;:!?)])")
# a table-of-contents line: dot leaders (or spaced dots) then an optional page number or range ("15-17")
TOC_LEADER = re.compile(r"(\.{4,}|…{2,}|[.…]{3,}…[.…]*|(\s\.){3,})\s*(\d{1,4}(\s*[-–]\s*\d{1,4})?)?\s*$")
# glyphs a PDF font could not map ("(cid:127)"): at the start of an item they were bullets
CID = re.compile(r"\(cid:\d+\)")

WORD_NUMBERS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6,
}
ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "v": 5, "vi": 6, "vii": 7, "viii": 8, "ix": 9, "x": 10}


def collapse(text: str) -> str:
    return _SPACE.sub(" ", text).strip()


def strip_markdown(text: str) -> str:
    """Drop link targets and emphasis markers, keep the words."""
    text = _MD_LINK.sub(r"\1", text)
    text = text.replace("\\(", "(").replace("\\)", ")")
    return _EMPH.sub("", text)


def drop_footnote_markers(text: str) -> str:
    text = _SUP.sub("", text)
    return _SPACE_BEFORE_PUNCT.sub(r"\1", text)


def clean_inline(text: str) -> str:
    """The cleaning every cell and paragraph gets: markdown, footnotes, whitespace."""
    return collapse(drop_footnote_markers(strip_markdown(text)))


def number_value(token: str) -> int | None:
    """'3' -> 3, 'three' -> 3, 'iii' -> 3; anything else -> None."""
    t = token.lower().strip(".:)")
    if t.isdigit():
        return int(t)
    if t in WORD_NUMBERS:
        return WORD_NUMBERS[t]
    return ROMAN.get(t)


def fold(text: str) -> str:
    """Comparison key: case, accents, quotes, dashes and spacing folded."""
    if text.isascii():  # most text: nothing to decompose, no curly quotes or dashes
        return collapse(text).lower()
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = text.replace("’", "'").replace("‘", "'").replace("“", '"').replace("”", '"')
    text = text.replace("–", "-").replace("—", "-")
    return collapse(text).lower()

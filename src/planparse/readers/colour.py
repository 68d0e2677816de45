"""Cell colours as the RGB (0-1) that ``Cell.fill`` holds, from the ways each format writes them.

A RAG column is often colour alone, so a reader that drops the colour drops
the status. Word and OpenDocument write hex ("2E8B57", "#2e8b57"), Excel
ARGB ("FF2E8B57"), web pages any CSS colour ("#f5b041", "rgb(192, 57, 43)",
"orange") or a class ("rag-amber"). matplotlib, already a dependency for the
comparison chart, knows the CSS colour names and hex forms.
"""

from __future__ import annotations

import re

RGB = tuple[float, float, float]

_CSS_RGB = re.compile(r"rgba?\(\s*(\d{1,3})\s*,\s*(\d{1,3})\s*,\s*(\d{1,3})")
_CSS_BACKGROUND = re.compile(r"background(?:-color)?\s*:\s*([^;]+)", re.I)
# class words that name a status colour ("rag-amber", "status--red", "govuk-tag--green")
_CLASS_COLOUR = re.compile(r"(?:^|[-_ ])(red|amber|green|yellow|orange)(?:$|[-_ ])", re.I)
CLASS_COLOURS: dict[str, RGB] = {"red": (0.85, 0.15, 0.15), "amber": (1.0, 0.72, 0.1), "orange": (1.0, 0.6, 0.1),
                                 "yellow": (1.0, 0.9, 0.2), "green": (0.2, 0.65, 0.3)}


def from_hex(value: str | None) -> RGB | None:
    """'2E8B57', '#2e8b57', 'FF2E8B57' (Excel's ARGB) -> RGB; 'auto', blanks and white-ish 'no fill' -> None."""
    if not value:
        return None
    text = value.strip().lstrip("#")
    if len(text) == 8:
        text = text[2:]
    if not re.fullmatch(r"[0-9a-fA-F]{6}", text):
        return None
    rgb = tuple(int(text[i:i + 2], 16) / 255 for i in (0, 2, 4))
    return None if min(rgb) > 0.97 else rgb  # type: ignore[return-value]  # white is no colour


def from_css(value: str | None) -> RGB | None:
    """Any CSS colour matplotlib knows, or rgb()/rgba(); None for 'transparent', 'inherit', white or nonsense."""
    if not value:
        return None
    text = value.strip().split()[0].rstrip(";").lower() if value.strip() else ""
    m = _CSS_RGB.match(value.strip())
    if m:
        rgb = tuple(min(int(g), 255) / 255 for g in m.groups())
        return None if min(rgb) > 0.97 else rgb  # type: ignore[return-value]
    from matplotlib.colors import to_rgb

    try:
        rgb = to_rgb(text)
    except ValueError:
        return None
    return None if min(rgb) > 0.97 else (float(rgb[0]), float(rgb[1]), float(rgb[2]))


def from_html_attributes(style: str | None, bgcolor: str | None, classes: str | None) -> RGB | None:
    """A web page cell's colour: its inline style's background, its old bgcolor attribute, or a status class."""
    if style:
        m = _CSS_BACKGROUND.search(style)
        if m:
            found = from_css(m.group(1))
            if found is not None:
                return found
    if bgcolor:
        found = from_css(bgcolor)
        if found is not None:
            return found
    if classes:
        m = _CLASS_COLOUR.search(classes)
        if m:
            return CLASS_COLOURS[m.group(1).lower()]
    return None

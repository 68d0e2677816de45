"""Letters into upright words, cut exactly where pdfplumber's ``WordExtractor`` cuts them.

The pdfium backend must give the words the pdfplumber backend gives, so the
rule is pdfplumber's (``extract_words(x_tolerance=1.5)``): letters grouped by
run of the same uprightness, font and size; each run clustered into lines by
the letter tops (within 3 pt of the previous top); a line's letters ordered
left to right; a new word at a space, where a letter starts left of the one
before it, more than 1.5 pt past its end, or more than 3 pt above or below it.

``WordExtractor`` does this over dicts with every option it offers and was
40% of reading a page with pdfium; here it runs over tuples and skips the
turned runs no caller keeps. ``tests/readers/test_pdf_words.py`` checks the
two cut the same words from the letters of real pages.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from itertools import groupby
from operator import itemgetter

from planparse.readers.pdf_objects import Word

X_TOLERANCE = 1.5
Y_TOLERANCE = 3.0
# what pdfplumber's expand_ligatures writes for the ligature letters
LIGATURES = {"ﬀ": "ff", "ﬃ": "ffi", "ﬄ": "ffl", "ﬁ": "fi", "ﬂ": "fl", "ﬆ": "st", "ﬅ": "st"}

# a letter: (text, x0, x1, top, bottom, fontname, size, upright)
Letter = tuple[str, float, float, float, float, str, float, bool]
_RUN_KEY = itemgetter(7, 5, 6)
_X0 = itemgetter(1)


def upright_words(letters: Iterable[Letter]) -> list[Word]:
    """The upright words of a page's letters, in pdfplumber's order (run by run, line by line)."""
    words: list[Word] = []
    for (upright, _font, _size), run in groupby(letters, _RUN_KEY):
        if upright:
            for line in _lines(list(run)):
                words.extend(_words(line))
    return words


def _lines(run: list[Letter]) -> Iterator[list[Letter]]:
    """The run's letters by line: tops chained within Y_TOLERANCE, lines top first, letters left to right."""
    tops = sorted({c[3] for c in run})
    line_of: dict[float, int] = {}
    line, last = 0, tops[0]
    for top in tops:
        if top > last + Y_TOLERANCE:
            line += 1
        line_of[top] = line
        last = top
    ordered = sorted(run, key=lambda c: line_of[c[3]])
    for _, letters in groupby(ordered, key=lambda c: line_of[c[3]]):
        yield sorted(letters, key=_X0)


def _words(line: list[Letter]) -> Iterator[Word]:
    current: list[Letter] = []
    for c in line:
        if c[0].isspace():
            if current:
                yield _merge(current)
            current = []
            continue
        if current:
            p = current[-1]
            if c[1] < p[1] or c[1] > p[2] + X_TOLERANCE or abs(c[3] - p[3]) > Y_TOLERANCE:
                yield _merge(current)
                current = []
        current.append(c)
    if current:
        yield _merge(current)


def _merge(letters: list[Letter]) -> Word:
    first = letters[0]
    return Word(text="".join(LIGATURES.get(c[0], c[0]) for c in letters),
                x0=min(c[1] for c in letters), x1=max(c[2] for c in letters),
                top=min(c[3] for c in letters), bottom=max(c[4] for c in letters),
                size=first[6], fontname=first[5], upright=True)

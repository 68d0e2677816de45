"""The years a plan covers, in every form plans print them.

"2022-24", "2021- 2024", "2025-26", "2018-2036", "2024/25", "2017 to 2020",
"April 2024 to March 2027", a quarter of a financial year ("Q3 2024/25",
"Quarter 3 2024/25": October to December 2024). A single year after a month
or an "Adopted" / "Published" is when the plan was issued, not what it
covers.
"""

from __future__ import annotations

import calendar
import re
from datetime import date

from planparse.schema import Period

_MONTHS = {m.lower(): i for i, m in enumerate(calendar.month_name) if m}
_MONTHS.update({m.lower(): i for i, m in enumerate(calendar.month_abbr) if m})
_MONTH = r"(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|" \
         r"oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
_YEAR = r"((?:19|20)\d\d)"
_QUARTER = re.compile(rf"\b(?:q|quarter\s*)([1-4])\s*(?:of\s*)?{_YEAR}\s*[/\-–]\s*((?:19|20)?\d\d)\b", re.I)
_MONTH_RANGE = re.compile(rf"\b{_MONTH}\s+{_YEAR}\s*(?:to|until|-|–|—)\s*{_MONTH}\s+{_YEAR}\b", re.I)
_YEARS = re.compile(rf"\b{_YEAR}\s*(?:[-–—/]|to)\s*((?:19|20)?\d\d)\b", re.I)
_SINGLE = re.compile(rf"\b{_YEAR}\b")
_ISSUED = re.compile(r"\b(?:adopted|published|updated|revised|issued|approved|agreed|version|edition|draft|dated|"
                     rf"as at|{_MONTH})\.?\s*(?:\d{{1,2}}(?:st|nd|rd|th)?\s+)?$", re.I)
# UK financial-year quarters: Q1 April-June ... Q4 January-March of the next calendar year
_QUARTER_MONTHS = {1: (4, 6), 2: (7, 9), 3: (10, 12), 4: (1, 3)}


def find_period(text: str) -> Period | None:
    """The period a title (or cover line) states, or None; the most specific form wins."""
    q = _QUARTER.search(text)
    if q:
        quarter, start_year = int(q.group(1)), int(q.group(2))
        first, last = _QUARTER_MONTHS[quarter]
        year = start_year if quarter < 4 else start_year + 1
        return Period(start_year=start_year, end_year=_full_year(start_year, q.group(3)),
                      start=date(year, first, 1).isoformat(), end=_month_end(year, last).isoformat(),
                      label=q.group(0))
    m = _MONTH_RANGE.search(text)
    if m:
        y1, y2 = int(m.group(2)), int(m.group(4))
        return Period(start_year=y1, end_year=y2, start=date(y1, _month(m.group(1)), 1).isoformat(),
                      end=_month_end(y2, _month(m.group(3))).isoformat(), label=m.group(0))
    m = _YEARS.search(text)
    if m:
        start = int(m.group(1))
        end = _full_year(start, m.group(2))
        if end >= start:
            return Period(start_year=start, end_year=end, label=m.group(0))
    single = _SINGLE.search(text)
    if single and not _ISSUED.search(text[: single.start()]):
        return Period(start_year=int(single.group(1)), end_year=None, label=single.group(0))
    return None


def _full_year(start: int, raw: str) -> int:
    """'24' after 2022 is 2024; '2036' is 2036; '01' after 1999 is 2001."""
    if len(raw) == 4:
        return int(raw)
    end = (start // 100) * 100 + int(raw)
    return end + 100 if end < start else end


def _month(name: str) -> int:
    key = name.lower()
    return _MONTHS.get(key) or _MONTHS[key[:3]]


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])

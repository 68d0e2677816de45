"""Timescale cells -> start and end ISO dates, an ongoing flag and a confidence.

Researchers ask "what is due by March 2025?" across plans, so every timescale
cell has to become dates. Cells are written for people, not machines, and
mostly relative to the plan itself: "By Q4 year one", "Start: Q2 year 2 to be
completed by Q1 year 3", "To start immediately, then ongoing". They are read
with the conventions of the UK public sector:

* the financial year runs 1 April - 31 March, and its quarters are
  Q1 = April-June, Q2 = July-September, Q3 = October-December,
  Q4 = January-March;
* "year one" of a 2024-27 plan is the financial year 2024/25, "year two"
  2025/26, and so on;
* a month or season with no day ends on the period's last day; seasons are
  Spring = Mar-May, Summer = Jun-Aug, Autumn = Sep-Nov, Winter = Dec-Feb
  (so "Winter 2024" ends in February 2025);
* a two-digit year is this century: "(Oct 22)" is October 2022.

How a cell is read: every date-like phrase in it is found (most specific rule
first, so "Q2 2024/25" is one quarter, not a quarter plus a year) and turned
into a span of days. The words just before a span say what it is for: "Start:",
"begin", "from" mark when work starts; "by", "until", "end of" mark a deadline;
anything else ("in year 2") is a period the work happens in. The due date is
the latest deadline or period mentioned (authors list steps in order and the
last one is the action's end); the start is the earliest start or period.
"Ongoing", "annually", "quarterly" ... set `ongoing` without inventing an end.

`confidence` says how much to trust the dates, not the wording: an explicit
date or a plan-relative quarter in a plan with a known period is near 1; a bare
year, "within 6 months" or "short term" is low; no dates at all is 0.

Absolute dates are parsed here with small regexes rather than with the
dateparser package: dateparser does not read "(Oct 22)", "Autumn 2022",
"2025/26" or any quarter, reads "within 6 months" from today rather than the
plan, and its search over long text is far from linear. The regexes below are
all bounded (no nested or unbounded repeats over normalised text) so a cell of
any size is read in linear time, and nothing in this module raises on odd
input: the worst result is a Timescale with no dates and confidence 0.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from types import MappingProxyType
from typing import Literal

from planparse.schema import Period, Timescale

Role = Literal["period", "start", "deadline"]

# -- how sure each kind of phrase is (0-1) --------------------------------------------
_EXACT_DAY = 0.95          # "24th October 2013", "31/03/2025"
_EXPLICIT = 0.9            # "Mar 2026", "Q2 2024/25", "2025/26"
_TWO_DIGIT_YEAR = 0.8      # "(Oct 22)": the century is assumed
_PLAN_RELATIVE = 0.9       # "Q4 year one" with the plan's period known (scaled by the anchor)
_PAST_PLAN_END = 0.5       # "year 7" of a three-year plan: likely a misreading or a typo
_SEASON = 0.8              # "Autumn 2022": seasons are a convention, not a date
_MULTI_YEAR = 0.8          # "2024-27": a span of financial years
_CALENDAR_QUARTER = 0.5    # "Q3 2025": calendar or financial quarter? read as financial
_PART_OF_YEAR = 0.6        # "early 2025", "late 2025"
_BARE_YEAR = 0.6           # "by 2027": calendar year, though a plan may mean its March
_IMMEDIATE = 0.7           # "immediately": counted from publication or the plan's start
_RELATIVE = 0.4            # "within 6 months": counted from publication or the plan's start
_TERM = 0.3                # "short term": a guess at what the author meant by short
_ONGOING_ONLY = 0.8        # "Ongoing.": sure it is ongoing, and that there is no end
_CONFLICT = 0.3            # an end before the start: something was misread
_ANCHOR_FROM_PERIOD = 1.0
_ANCHOR_FROM_PUBLISHED = 0.5   # "year one" guessed as the financial year of publication
_NOW_FROM_PLAN_START = 0.8     # "immediately" counted from the plan's start, not publication

_MAX_LOOKBACK = 60  # characters before a span searched for "start"/"by" words

_MONTHS = MappingProxyType({
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6,
    "jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12,
})
_NUMBER_WORDS = MappingProxyType({
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6,
    "seventh": 7, "eighth": 8, "ninth": 9, "tenth": 10,
})
# first month of each three-month season; winter starts in the named year's December
_SEASONS = MappingProxyType({"spring": 3, "summer": 6, "autumn": 9, "fall": 9, "winter": 12})
_PART_MONTHS = MappingProxyType({"early": (1, 4), "mid": (5, 8), "late": (9, 12)})
_TERM_YEARS = MappingProxyType({"short": 1, "medium": 2})  # "long" runs to the plan's end

# -- regex building blocks (text is whitespace-normalised first: one space between words) --
_MONTH = (r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
          r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)")
_YEAR4 = r"(?:19|20)\d\d"
_YEAR = rf"(?:{_YEAR4}|'?\d\d)"
_NUM = r"(?:\d{1,2}|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)"
_ORD = r"(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|\d{1,2}(?:st|nd|rd|th))"
_PLAN_YEAR = rf"(?:(?:year|yr|y(?=\d))\.? ?(?P<n>{_NUM})|(?P<o>{_ORD}) year)"
_QUARTER = r"(?:q|quarter )(?P<q>[1-4])"
_SUFFIX = r"(?:st|nd|rd|th)?"

_START_WORDS = (r"start(?:s|ing|ed)?|begin(?:s|ning)?|began|commenc(?:e|es|ed|ing|ement)|from"
                r"|launch(?:es|ed|ing)?|kick[ -]?off")
_DEADLINE_WORDS = (r"by|before|until|till|no later than|not later than|end of|close of|deadline"
                   r"|due(?: date)?")
_MARKER = re.compile(rf"\b(?:(?P<start>{_START_WORDS})|(?P<deadline>{_DEADLINE_WORDS}))\b"
                     r"|(?P<range>(?:\bto|-) ?$)", re.I)
_ONGOING = re.compile(
    r"\b(?:on-?going|on going|continuous(?:ly)?|continual(?:ly)?|rolling|annually|yearly|quarterly"
    r"|monthly|weekly|(?:every|each) (?:year|quarter|month|week)|business as usual|bau|onwards?)\b", re.I)
_ONWARDS = re.compile(r" ?(?:onwards?|and beyond)\b", re.I)  # "June 2025 onwards": a start
_TERM_PHRASE = re.compile(r"\b(?P<t>short|medium|long)[ -]term\b", re.I)


@dataclass(frozen=True)
class _Anchors:
    """What plan-relative phrases are counted from, and how sure each anchor is."""

    year_one: date | None   # 1 April opening the plan's first financial year
    year_one_conf: float
    plan_end: date | None   # 31 March closing the plan's last financial year
    now: date | None        # what "immediately" and "within 6 months" count from
    now_conf: float


@dataclass(frozen=True)
class _Span:
    """One date-like phrase resolved to days; `role` set when the phrase itself says it."""

    start: date | None
    end: date | None
    confidence: float
    role: Role | None = None


@dataclass(frozen=True)
class _Found:
    """A span and what the words around it say it is: a start, a deadline or a period."""

    span: _Span
    role: Role


Handler = Callable[[re.Match[str], _Anchors], "_Span | None"]


# -- date arithmetic -------------------------------------------------------------------


def _year(text: str) -> int:
    """'2022' -> 2022, '22' and "'22" -> 2022 (plans are this century)."""
    digits = text.lstrip("'")
    return int(digits) if len(digits) == 4 else 2000 + int(digits)


def _number(text: str) -> int | None:
    """'2', 'two', 'second', '2nd' -> 2."""
    text = text.lower()
    if text in _NUMBER_WORDS:
        return _NUMBER_WORDS[text]
    digits = text.rstrip("stndrh")
    return int(digits) if digits.isdigit() else None


def _month(text: str) -> int:
    return _MONTHS[text[:3].lower()]


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _add_months(day: date, months: int) -> date:
    """Same day `months` later, clipped to the month's end (31 Aug + 6 months = 28/29 Feb)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _months_span(year: int, first_month: int, count: int) -> tuple[date, date]:
    """`count` whole months from `first_month` of `year`, rolling into the next year."""
    start = date(year, 1, 1)
    start = _add_months(start, first_month - 1)
    last = _add_months(start, count - 1)
    return start, _month_end(last.year, last.month)


def _fy(start_year: int) -> tuple[date, date]:
    """The financial year starting 1 April `start_year`."""
    return date(start_year, 4, 1), date(start_year + 1, 3, 31)


def _fy_quarter(start_year: int, quarter: int) -> tuple[date, date]:
    """Q1 = Apr-Jun ... Q4 = Jan-Mar of the financial year starting in `start_year`."""
    return _months_span(start_year, 4 + 3 * (quarter - 1), 3)


def _plan_fy(anchors: _Anchors, n: int) -> int | None:
    """Calendar year in which the plan's year `n` (1-based) starts."""
    if anchors.year_one is None or n < 1:
        return None
    return anchors.year_one.year + n - 1


def _plan_confidence(a: _Anchors, first_day: date) -> float:
    """Plan-relative dates are as sure as year one is, and less so past the plan's end."""
    confidence = _PLAN_RELATIVE * a.year_one_conf
    if a.plan_end is not None and first_day > a.plan_end:
        confidence *= _PAST_PLAN_END
    return confidence


def _plan_year_number(m: re.Match[str], n: str = "n", o: str = "o") -> int | None:
    word = m.group(n) or m.group(o)
    return _number(word) if word else None


def _second_year(first: int, text: str) -> int:
    """The '26' of '2025/26' as a full year, in the century of the first."""
    return int(text) if len(text) == 4 else first // 100 * 100 + int(text)


# -- one handler per kind of phrase ----------------------------------------------------


def _iso_day(m: re.Match[str], _: _Anchors) -> _Span | None:
    day = date(int(m["y"]), int(m["m"]), int(m["d"]))
    return _Span(day, day, _EXACT_DAY)


def _numeric_day(m: re.Match[str], _: _Anchors) -> _Span | None:
    """'31/03/2025' is day first, as UK documents write it."""
    day = date(_year(m["y"]), int(m["m"]), int(m["d"]))
    return _Span(day, day, _EXACT_DAY if len(m["y"]) == 4 else _TWO_DIGIT_YEAR)


def _named_day(m: re.Match[str], _: _Anchors) -> _Span | None:
    day = date(_year(m["y"]), _month(m["m"]), int(m["d"]))
    return _Span(day, day, _EXACT_DAY if len(m["y"]) == 4 else _TWO_DIGIT_YEAR)


def _fy_quarter_span(m: re.Match[str], _: _Anchors) -> _Span | None:
    first = _year(m["y1"])
    if _second_year(first, m["y2"]) != first + 1:
        return None
    start, end = _fy_quarter(first, int(m["q"]))
    return _Span(start, end, _EXPLICIT)


def _plan_quarter(m: re.Match[str], a: _Anchors) -> _Span | None:
    n = _plan_year_number(m)
    year = _plan_fy(a, n) if n else None
    if year is None:
        return None
    start, end = _fy_quarter(year, int(m["q"]))
    return _Span(start, end, _plan_confidence(a, start))


def _calendar_year_quarter(m: re.Match[str], _: _Anchors) -> _Span | None:
    """'Q3 2025': read as the financial quarter of 2025/26, with low confidence."""
    start, end = _fy_quarter(int(m["y"]), int(m["q"]))
    return _Span(start, end, _CALENDAR_QUARTER)


def _season(m: re.Match[str], _: _Anchors) -> _Span | None:
    year = _year(m["y"])
    start, end = _months_span(year, _SEASONS[m["s"].lower()], 3)
    return _Span(start, end, _SEASON if len(m["y"].lstrip("'")) == 4 else _SEASON * _TWO_DIGIT_YEAR)


def _season_range(m: re.Match[str], a: _Anchors) -> _Span | None:
    """'Spring/Summer 2025': from the first season's start to the second's end, in the named year."""
    first, last = _season(m, a), _SEASONS[m["s1"].lower()]
    if first is None or first.start is None or last > _SEASONS[m["s"].lower()]:
        return None
    return _Span(date(first.start.year, last, 1), first.end, first.confidence)


def _month_year(m: re.Match[str], _: _Anchors) -> _Span | None:
    year, month = _year(m["y"]), _month(m["m"])
    return _Span(date(year, month, 1), _month_end(year, month),
                 _EXPLICIT if len(m["y"]) == 4 else _TWO_DIGIT_YEAR)


def _financial_years(m: re.Match[str], _: _Anchors) -> _Span | None:
    """'2025/26' is one financial year; '2024-27' runs April 2024 to March 2027."""
    first = _year(m["y1"])
    last = _second_year(first, m["y2"])
    if last == first + 1:
        start, end = _fy(first)
        return _Span(start, end, _EXPLICIT if len(m["y1"]) == 4 else _TWO_DIGIT_YEAR)
    if first + 1 < last <= first + 10 and len(m["y1"]) == 4:
        return _Span(date(first, 4, 1), date(last, 3, 31), _MULTI_YEAR)
    return None


def _plan_years(m: re.Match[str], a: _Anchors) -> _Span | None:
    """'years 2-3': from the start of year 2 to the end of year 3."""
    first, last = _number(m["n1"]), _number(m["n2"])
    y1 = _plan_fy(a, first) if first else None
    y2 = _plan_fy(a, last) if last else None
    if y1 is None or y2 is None or y2 < y1:
        return None
    return _Span(_fy(y1)[0], _fy(y2)[1], _plan_confidence(a, _fy(y2)[0]))


def _plan_year(m: re.Match[str], a: _Anchors) -> _Span | None:
    n = _plan_year_number(m)
    year = _plan_fy(a, n) if n else None
    if year is None:
        return None
    start, end = _fy(year)
    return _Span(start, end, _plan_confidence(a, start))


def _part_of_year(m: re.Match[str], _: _Anchors) -> _Span | None:
    year = int(m["y"])
    first, last = _PART_MONTHS[m["p"].lower()]
    return _Span(date(year, first, 1), _month_end(year, last), _PART_OF_YEAR)


def _bare_year(m: re.Match[str], _: _Anchors) -> _Span | None:
    year = int(m["y"])
    return _Span(date(year, 1, 1), date(year, 12, 31), _BARE_YEAR)


def _whole_plan(m: re.Match[str], a: _Anchors) -> _Span | None:
    if a.year_one is None or a.plan_end is None:
        return None
    return _Span(a.year_one, a.plan_end, _PLAN_RELATIVE * a.year_one_conf)


def _plan_end(m: re.Match[str], a: _Anchors) -> _Span | None:
    if a.plan_end is None:
        return None
    return _Span(None, a.plan_end, _PLAN_RELATIVE * a.year_one_conf, role="deadline")


def _within(m: re.Match[str], a: _Anchors) -> _Span | None:
    """'within 6 months': from publication (or the plan's start) to the day before 6 months on."""
    n = _number(m["n"])
    if a.now is None or not n:
        return None
    unit = m["u"].lower()
    if unit == "day":
        end = a.now + timedelta(days=n)
    elif unit == "week":
        end = a.now + timedelta(weeks=n)
    else:
        end = _add_months(a.now, n * (12 if unit == "year" else 1))
    return _Span(a.now, end - timedelta(days=1), _RELATIVE * a.now_conf)


def _immediately(m: re.Match[str], a: _Anchors) -> _Span | None:
    if a.now is None:
        return None
    return _Span(a.now, None, _IMMEDIATE * a.now_conf, role="start")


def _rule(pattern: str, handler: Handler) -> tuple[re.Pattern[str], Handler]:
    return re.compile(pattern, re.I), handler


# Most specific first: a later rule never reads text an earlier rule has taken.
_RULES: tuple[tuple[re.Pattern[str], Handler], ...] = (
    _rule(rf"\b(?P<y>{_YEAR4})-(?P<m>\d{{1,2}})-(?P<d>\d{{1,2}})\b", _iso_day),
    _rule(r"\b(?P<d>\d{1,2})[/.](?P<m>\d{1,2})[/.](?P<y>(?:19|20)?\d\d)\b", _numeric_day),
    _rule(rf"\b(?P<d>\d{{1,2}}){_SUFFIX}[ -](?:of )?(?P<m>{_MONTH})\b\.?,?[ -](?P<y>{_YEAR})\b", _named_day),
    _rule(rf"\b(?P<m>{_MONTH})\b\.? (?P<d>\d{{1,2}}){_SUFFIX},? (?P<y>{_YEAR4})\b", _named_day),
    _rule(rf"\b{_QUARTER},? (?:of )?(?:the )?(?:fy ?|financial year )?"
          rf"(?P<y1>{_YEAR4}|\d\d)[/-](?P<y2>{_YEAR4}|\d\d)\b", _fy_quarter_span),
    _rule(rf"\b{_QUARTER},? (?:of )?(?:the )?(?:plan'?s? )?{_PLAN_YEAR}\b", _plan_quarter),
    _rule(rf"\b{_PLAN_YEAR},? (?:q|quarter )(?P<q>[1-4])\b", _plan_quarter),
    _rule(rf"\b{_QUARTER},? (?:of )?(?P<y>{_YEAR4})\b", _calendar_year_quarter),
    _rule(rf"\b(?P<s1>spring|summer|autumn|fall|winter) ?(?:/|-|to|and|&) ?(?P<s>spring|summer|autumn|fall|winter) "
          rf"(?:of )?(?P<y>{_YEAR4}|'?\d\d)\b", _season_range),
    _rule(rf"\b(?P<s>spring|summer|autumn|fall|winter) (?:of )?(?P<y>{_YEAR4}|'?\d\d)"
          r"(?:[/-]\d\d(?:\d\d)?)?\b", _season),
    _rule(rf"\b(?P<m>{_MONTH})(?![a-z])\.?[ \-/]?(?P<y>{_YEAR4}|'?\d\d)\b", _month_year),
    _rule(rf"\b(?:fy ?|financial year )?(?P<y1>{_YEAR4})[/-](?P<y2>{_YEAR4}|\d\d)\b", _financial_years),
    _rule(r"\b(?:fy ?)?(?P<y1>\d\d)/(?P<y2>\d\d)\b", _financial_years),
    _rule(rf"\b(?:years|yrs) (?P<n1>{_NUM}) ?(?:-|to|and|&) ?(?:years? )?(?P<n2>{_NUM})\b", _plan_years),
    _rule(rf"\b{_PLAN_YEAR}\b", _plan_year),
    _rule(rf"\b(?P<p>early|mid|late)[ -](?P<y>{_YEAR4})\b", _part_of_year),
    _rule(rf"\b(?P<y>{_YEAR4})\b", _bare_year),
    _rule(r"\b(?:life|lifetime|duration|course|length) of (?:the |this )?(?:plan|strategy|programme)\b",
          _whole_plan),
    _rule(r"\bend of (?:the |this )?(?:plan|strategy|programme)\b", _plan_end),
    _rule(rf"\b(?:within|in the (?:first|next)|over the (?:first|next)) (?:the )?(?:next |first )?"
          rf"(?P<n>{_NUM}|a|an) (?P<u>day|week|month|year)s?\b", _within),
    # a duration alone in a timescale cell ("6 months") means within it
    _rule(rf"^(?:approx(?:imately)?\.? |about |up to )?(?P<n>{_NUM}) (?P<u>day|week|month|year)s?$", _within),
    _rule(r"\b(?:immediate(?:ly)?|asap|as soon as possible|straight ?away|with immediate effect)\b",
          _immediately),
)


# -- putting a cell together -----------------------------------------------------------


def _anchors(period: Period | None, published: date | None) -> _Anchors:
    """Year one from the plan's period; failing that, the financial year of publication."""
    year_one, year_one_conf, plan_end = None, 0.0, None
    if period is not None and period.start_year:
        year_one, year_one_conf = date(period.start_year, 4, 1), _ANCHOR_FROM_PERIOD
        if period.end_year and period.end_year >= period.start_year:
            plan_end = date(max(period.end_year, period.start_year + 1), 3, 31)
    elif published is not None:
        fy_start = published.year if published.month >= 4 else published.year - 1
        year_one, year_one_conf = date(fy_start, 4, 1), _ANCHOR_FROM_PUBLISHED
    if published is not None:
        now, now_conf = published, 1.0
    else:
        now, now_conf = year_one, _NOW_FROM_PLAN_START * year_one_conf
    return _Anchors(year_one, year_one_conf, plan_end, now, now_conf)


def _normalise(raw: str) -> str:
    """One space between words, plain dashes and apostrophes: keeps the regexes simple and bounded."""
    text = raw.translate(str.maketrans({"\u2013": "-", "\u2014": "-", "\u2212": "-", "\u2019": "'",
                                        "\u2018": "'"}))
    return " ".join(text.split())


def _role_from_words(before: str) -> Role:
    """The nearest 'start'/'by' word before a span (in the same sentence) says what the span is for."""
    cut = max(before.rfind("."), before.rfind(";"))
    before = before[cut + 1:]
    role: Role = "period"
    for marker in _MARKER.finditer(before):
        role = "start" if marker.group("start") else "deadline"
    return role


def _find_spans(text: str, anchors: _Anchors) -> list[_Found]:
    """Every date-like phrase, each piece of text read by the first rule that takes it."""
    taken = bytearray(len(text))
    hits: list[tuple[int, int, _Span]] = []
    for pattern, handler in _RULES:
        for m in pattern.finditer(text):
            begin, end = m.span()
            if taken.find(1, begin, end) != -1:
                continue
            try:
                span = handler(m, anchors)
            except (ValueError, OverflowError, KeyError):
                # a date that does not exist ("31/02/2025"): the text is taken, so no
                # looser rule reads a year out of it, but it gives no dates
                taken[begin:end] = b"\x01" * (end - begin)
                continue
            if span is None:  # the rule needs an anchor it does not have: a later rule may try
                continue
            taken[begin:end] = b"\x01" * (end - begin)
            hits.append((begin, end, span))
    hits.sort(key=lambda h: h[0])
    found: list[_Found] = []
    previous_end = 0
    for begin, end, span in hits:
        before = text[max(previous_end, begin - _MAX_LOOKBACK):begin]
        role = span.role or ("start" if _ONWARDS.match(text, end) else _role_from_words(before))
        found.append(_Found(span, role))
        previous_end = end
    return found


def _term_span(text: str, anchors: _Anchors) -> _Span | None:
    """'Short term' alone: end of year one; 'medium term' end of year two; 'long term' the plan's end."""
    m = _TERM_PHRASE.search(text)
    if m is None or anchors.year_one is None:
        return None
    years = _TERM_YEARS.get(m["t"].lower())
    end = anchors.plan_end if years is None else _fy(anchors.year_one.year + years - 1)[1]
    if end is None:
        return None
    if anchors.plan_end is not None:
        end = min(end, anchors.plan_end)
    return _Span(None, end, _TERM * anchors.year_one_conf, role="deadline")


def _pick(found: list[_Found], attr: Literal["start", "end"], roles: tuple[Role, ...],
          latest: bool) -> tuple[date | None, float]:
    """The earliest start or latest end among spans of these roles, with the best confidence for it."""
    candidates = [(getattr(f.span, attr), f.span.confidence) for f in found
                  if f.role in roles and getattr(f.span, attr) is not None]
    if not candidates:
        return None, 1.0
    chosen = max(d for d, _ in candidates) if latest else min(d for d, _ in candidates)
    return chosen, max(c for d, c in candidates if d == chosen)


def _resolve(raw: str, period: Period | None, published: date | None) -> Timescale:
    text = _normalise(raw)
    anchors = _anchors(period, published)
    ongoing = _ONGOING.search(text) is not None
    found = _find_spans(text, anchors)
    if not found:
        term = _term_span(text, anchors)
        found = [_Found(term, "deadline")] if term else []
    start, start_conf = _pick(found, "start", ("start", "period"), latest=False)
    end, end_conf = _pick(found, "end", ("period", "deadline"), latest=True)
    if start is None and end is None:
        return Timescale(raw=raw, ongoing=ongoing, confidence=_ONGOING_ONLY if ongoing else 0.0)
    confidence = min(start_conf, end_conf)
    if start is not None and end is not None and end < start:
        confidence = min(confidence, _CONFLICT)
    return Timescale(raw=raw, start=start.isoformat() if start else None,
                     end=end.isoformat() if end else None, ongoing=ongoing,
                     confidence=round(confidence, 2))


def resolve_timescale(raw: str, period: Period | None, published: date | None = None) -> Timescale:
    """Resolve a timescale cell against the plan's period (and publication date, when known).

    `raw` is kept exactly as written. Never raises: a cell that cannot be read,
    or input that is not text at all, gives a Timescale with no dates and
    confidence 0, because one odd cell must not lose a whole plan.
    """
    if not isinstance(raw, str):
        raw = "" if raw is None else str(raw)
    try:
        return _resolve(raw, period, published)
    except Exception:  # noqa: BLE001 - the promise is "never raise"; the cell stays as written
        return Timescale(raw=raw, confidence=0.0)


def financial_year(iso: str | None) -> str | None:
    """UK financial year ('2024-25', April to March) of an ISO date; None when absent or unreadable."""
    if not isinstance(iso, str) or not iso:
        return None
    try:
        d = date.fromisoformat(iso[:10])
    except ValueError:
        return None
    start = d.year if d.month >= 4 else d.year - 1
    return f"{start}-{(start + 1) % 100:02d}"

"""A parsing report: how sure each action is, and what about the plan a researcher should check first.

Like Camelot's parsing report for tables, this does not know the right
answer; it scores what usually goes wrong. Each shape of action starts from
how reliable that shape has proved (a row of a table whose header names its
action column is rarely wrong; a bullet list read as commitments more
often is), and loses confidence for signs of a bad read: text cut
mid-sentence, rows run together, a tiny fragment, an action tied to no
priority. Every deduction leaves a flag that says why.
"""

from __future__ import annotations

import re
import statistics
from collections import Counter

from planparse.schema import Action, PlanQuality, Priority

LOW = 0.6
BASE = {"table": 0.95, "card": 0.9, "labelled_block": 0.9, "statement": 0.8, "list": 0.75}
_ENDS_OPEN = re.compile(r"\b(and|or|of|to|the|a|an|for|with|in|on|by|from|that|which|including)$", re.I)


def assess(actions: list[Action], priorities: list[Priority], priorities_from: str) -> PlanQuality:
    """Set each action's confidence and flags; return the plan-level report."""
    for a in actions:
        _score(a, bool(priorities))
    by_method = Counter(a.method for a in actions)
    unlinked = sum(1 for a in actions if priorities and a.priority_key is None)
    flags: list[str] = []
    if not actions:
        flags.append("no actions found")
    if not priorities:
        flags.append("no priorities found")
    elif priorities_from == "headings":
        flags.append("priorities are the section headings the actions sit under (no list of them was found)")
    if unlinked:
        flags.append(f"{unlinked} of {len(actions)} actions are not linked to a priority")
    if len(by_method) > 1:
        shapes = ", ".join(f"{n} {m}" for m, n in by_method.most_common())
        flags.append(f"actions found in several shapes ({shapes}): check that none is a summary of another")
    mean = statistics.fmean(a.confidence for a in actions) if actions else None
    score = None if mean is None else round(max(0.0, mean - 0.05 * len(flags)), 3)
    return PlanQuality(
        actions=len(actions),
        by_method=dict(by_method),
        mean_confidence=None if mean is None else round(mean, 3),
        low_confidence=sum(1 for a in actions if a.confidence < LOW),
        unlinked_actions=unlinked,
        priorities_from=priorities_from,
        score=score,
        flags=flags,
    )


def _score(a: Action, plan_has_priorities: bool) -> None:
    confidence = BASE.get(a.method, 0.75)
    flags = list(a.flags)
    if any(f.startswith("action column") for f in flags):
        confidence -= 0.1
    text = a.text.strip()
    words = text.split()
    if len(words) < 3:
        confidence -= 0.25
        flags.append("very short text")
    if len(words) > 150:
        confidence -= 0.15
        flags.append("very long text: rows or paragraphs may have run together")
    if text[:1].islower():
        confidence -= 0.15
        flags.append("starts mid-sentence")
    if _ENDS_OPEN.search(text.rstrip(" ,;:")):
        confidence -= 0.15
        flags.append("ends mid-sentence")
    if plan_has_priorities and a.priority_key is None:
        confidence -= 0.05
        flags.append("not linked to a priority")
    a.confidence = round(min(1.0, max(0.0, confidence)), 2)
    a.flags = flags

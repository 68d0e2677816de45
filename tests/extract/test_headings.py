"""extract/headings.py through planparse.parse: the heading tree and its levels."""

from __future__ import annotations

import planparse


def flat(sections, depth=0):
    out = []
    for s in sections:
        out.append((depth, s.level, s.number, s.title))
        out.extend(flat(s.children, depth + 1))
    return out


def test_levels_from_numbering(write_text):
    text = """1. Introduction

This strategy sets out how the partnership responds to domestic abuse.

2. Strategic priorities

The partnership has agreed four priorities.

2.1 Prevention and early intervention

We will raise awareness in schools.

2.2 Provision of services

We will commission refuge places.

3. Governance

The Community Safety Partnership oversees delivery.
"""
    plan = planparse.parse(write_text(text))
    assert flat(plan.sections) == [
        (0, 1, "1", "Introduction"),
        (0, 1, "2", "Strategic priorities"),
        (1, 2, "2.1", "Prevention and early intervention"),
        (1, 2, "2.2", "Provision of services"),
        (0, 1, "3", "Governance"),
    ]


def test_toc_entries_are_not_headings(write_text):
    text = """Contents

Foreword\t2
1. Introduction.....\t3
2. Strategic priorities.....\t4
2.1 Prevention.....\t4

Foreword

Welcome to the strategy.

1. Introduction

This strategy sets out how the partnership responds to domestic abuse.

2. Strategic priorities

The partnership has agreed the following.

2.1 Prevention

We will raise awareness in schools.
"""
    plan = planparse.parse(write_text(text))
    sections = flat(plan.sections)
    titles = [t for _, _, _, t in sections]
    # each title once: the contents lines did not become sections
    assert titles.count("Introduction") == 1
    assert titles.count("Foreword") == 1
    assert titles.count("Prevention") == 1
    intro = next(s for s in plan.sections if s.title == "Introduction")
    assert intro.provenance.line == 12  # the section line, not the contents line (4)
    assert (1, 2, "2.1", "Prevention") in sections


def test_restarted_numbering_nests_under_toc_heading(write_text):
    text = """Contents

1. Introduction\t3
2. Our strategy at a glance\t4

1. Introduction

This strategy sets out how the partnership responds to domestic abuse.

2. Our strategy at a glance

1. Prevention
2. Provision of services
"""
    plan = planparse.parse(write_text(text))
    glance = next(s for s in plan.sections if s.title == "Our strategy at a glance")
    assert glance.level == 1
    assert glance.children == []  # what is under it is a numbered list, not headings


def test_consecutive_numbered_lines_are_a_list_not_headings(write_text):
    """Numbered lines one under another are a list; a numbered line standing alone is a heading."""
    text = """2. Our priorities

1. Prevention
2. Provision of services

4. Governance

We will meet every quarter.
"""
    plan = planparse.parse(write_text(text))
    assert [(s.number, s.title) for s in plan.sections] == [("2", "Our priorities"), ("4", "Governance")]
    assert [(p.key, p.title) for p in plan.priorities] == [("1", "Prevention"), ("2", "Provision of services")]


def test_markdown_levels_and_priority_marker_headings(write_text):
    text = """# Sample Borough Domestic Abuse Strategy 2022-25

## Our priorities

AIM 1 – PREVENTION AND EARLY INTERVENTION
We will act early.
"""
    plan = planparse.parse(write_text(text))
    sections = flat(plan.sections)
    assert sections[0] == (0, 1, None, "Sample Borough Domestic Abuse Strategy 2022-25")
    assert sections[1] == (1, 2, None, "Our priorities")
    # the marker keeps its numbering as printed
    assert ("Aim 1", "PREVENTION AND EARLY INTERVENTION") in [(n, t) for _, _, n, t in sections]

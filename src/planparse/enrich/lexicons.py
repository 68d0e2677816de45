"""The word lists every enricher shares, loaded once from data/lexicon/ and the `nicknames` package.

One home for the vocabulary that tells bodies, posts, groups and people apart:
head words ("... Council", "... Coordinator", "... members"), titles and
post-nominals, given names and surnames (Faker's English-speaking providers,
plus the maintained name/diminutive list of the `nicknames` package, so "Steph"
and "Jacqui" are names without anyone listing them), connectors, and the words
that mark documents, programmes and sentence starts. Modules take what they need
from `default_lexicon()`; none keeps a list of its own.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources


@dataclass(frozen=True)
class Lexicon:
    org_heads: frozenset[str]
    role_heads: frozenset[str]
    group_heads: frozenset[str]
    ambiguous_first: frozenset[str]
    particles: frozenset[str]
    trailing: frozenset[str]
    first_names: frozenset[str]
    surnames: frozenset[str]
    honorifics: frozenset[str]
    post_nominals: frozenset[str]
    connectors: frozenset[str]
    name_connectors: frozenset[str]
    document_words: frozenset[str]
    programme_words: frozenset[str]
    named_things: frozenset[str]
    generic_names: frozenset[str]
    plural_heads: frozenset[str]
    convened_heads: frozenset[str]
    sentence_starters: frozenset[str]
    months: frozenset[str]
    chain_heads: frozenset[str]
    party_verbs: frozenset[str]
    lower_case_heads: frozenset[str]
    org_head_phrases: tuple[str, ...]
    role_titles: tuple[str, ...]

    @property
    def heads(self) -> frozenset[str]:
        return self.org_heads | self.role_heads | self.group_heads

    @property
    def not_a_body(self) -> frozenset[str]:
        """Last words that make a name a document or a programme, not an organisation."""
        return self.document_words | self.programme_words


def _lines(name: str) -> list[str]:
    text = resources.files("planparse.data").joinpath("lexicon", name).read_text("utf-8")
    return [ln.strip() for ln in text.splitlines() if ln.strip() and not ln.startswith("#")]


def _nicknames() -> set[str]:
    """Every given name and diminutive of the `nicknames` package, capitalised as a name is written."""
    from nicknames import name_triplets

    out: set[str] = set()
    for name, _, other in name_triplets():
        out.update(n.capitalize() for n in (name, other) if n.isalpha() and len(n) > 1)
    return out


@lru_cache(maxsize=1)
def default_lexicon() -> Lexicon:
    """The shipped lexicon (immutable; cached because every document asks for it)."""
    words = json.loads(resources.files("planparse.data").joinpath("lexicon", "words.json").read_text("utf-8"))

    def group(key: str) -> frozenset[str]:
        return frozenset(words[key])

    return Lexicon(
        org_heads=group("org_heads"),
        role_heads=group("role_heads"),
        group_heads=group("group_heads"),
        ambiguous_first=group("ambiguous_first_names"),
        particles=group("surname_particles"),
        trailing=group("trailing_clauses"),
        first_names=frozenset(_lines("first_names.txt")) | frozenset(_nicknames()),
        surnames=frozenset(_lines("surnames.txt")),
        honorifics=group("honorifics"),
        post_nominals=group("post_nominals"),
        connectors=group("connectors"),
        name_connectors=group("name_connectors"),
        document_words=group("document_words"),
        programme_words=group("programme_words"),
        named_things=group("named_things"),
        generic_names=group("generic_names"),
        plural_heads=group("plural_heads"),
        convened_heads=group("convened_heads"),
        sentence_starters=group("sentence_starters"),
        months=group("months"),
        chain_heads=group("chain_heads"),
        party_verbs=group("party_verbs"),
        lower_case_heads=group("lower_case_heads"),
        org_head_phrases=tuple(_lines("org_heads.txt")),
        role_titles=tuple(_lines("roles.txt")),
    )

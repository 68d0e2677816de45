"""The shared lexicon: names from Faker's English-speaking providers and the nicknames package."""

from __future__ import annotations

from planparse.enrich.lexicons import default_lexicon


def test_diminutives_come_from_the_maintained_nickname_list() -> None:
    lex = default_lexicon()
    assert {"Steph", "Jacqui", "Becky", "Liz"} <= lex.first_names   # none of them listed by hand
    assert {"Stephanie", "Jacqueline", "Rebecca"} <= lex.first_names


def test_surnames_titles_and_post_nominals() -> None:
    lex = default_lexicon()
    assert {"Foster", "Patel", "Smith"} <= lex.surnames
    assert {"cllr", "dr", "sir"} <= lex.honorifics
    assert {"obe", "mbe", "qpm"} <= lex.post_nominals


def test_one_connector_list_and_head_words_disjoint_from_names() -> None:
    lex = default_lexicon()
    assert lex.connectors == frozenset({"of", "for", "and", "the", "&", "in", "on", "to"})
    assert not {"council", "police", "coordinator"} & {n.lower() for n in lex.first_names}

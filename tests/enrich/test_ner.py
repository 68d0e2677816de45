"""The spaCy pipeline: rules over the registers and name shapes, no model download, any pipeline swappable."""

from __future__ import annotations

from pathlib import Path

import pytest

import planparse
from planparse.enrich.ner import ModelError, build_rule_pipeline, entity_spans, load_pipeline


def test_rule_pipeline_shapes() -> None:
    nlp = build_rule_pipeline()
    (spans,) = entity_spans(nlp, ["Led by the Slough Community Safety Partnership and the Service Director "
                                  "with the Royal Borough of Windsor and Maidenhead from Autumn 2024."])
    found = {(t, lab) for t, lab, _, _ in spans}
    assert ("Slough Community Safety Partnership", "AGENCY") in found
    assert ("Service Director", "ROLE") in found
    assert ("Autumn 2024", "DATE") in found
    assert any(t.startswith("Royal Borough of Windsor") and lab == "AGENCY" for t, lab in found)


def test_registered_names_are_found_whatever_their_shape() -> None:
    (spans,) = entity_spans(load_pipeline(), ["Referrals from Sussex Police reach Cafcass and Hestia weekly."])
    assert {t for t, lab, _, _ in spans if lab == "AGENCY"} >= {"Sussex Police", "Cafcass", "Hestia"}


def test_the_default_pipeline_is_the_rules(tmp_path: Path) -> None:
    assert load_pipeline().pipe_names == ["span_ruler"]


def test_a_pipeline_path_that_does_not_load_is_an_error_that_says_so(tmp_path: Path) -> None:
    with pytest.raises(ModelError, match="no spaCy pipeline could be loaded"):
        load_pipeline(str(tmp_path / "no-model-here"))


def test_a_saved_pipeline_gets_the_ruler_in_front(tmp_path: Path) -> None:
    import spacy

    spacy.blank("en").to_disk(tmp_path / "blank")
    nlp = load_pipeline(str(tmp_path / "blank"))
    assert nlp.pipe_names[0] == "span_ruler"


def test_any_spacy_pipeline_can_be_passed(corpus_texts: list[Path]) -> None:
    import spacy

    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("entity_ruler")
    ruler.add_patterns([{"label": "ORG", "pattern": "Kaleidoscopic"}])
    text = next(p for p in corpus_texts if p.stem.startswith("wokingham"))
    plan = planparse.parse(text, nlp=nlp)
    assert any(e.text == "Kaleidoscopic" and e.label == "AGENCY" for e in plan.entities)  # ORG mapped to AGENCY


def test_texts_read_together_give_each_text_its_own_spans(monkeypatch: pytest.MonkeyPatch) -> None:
    """The rule pipeline reads many short texts joined into few documents; no name runs across a join."""
    import planparse.enrich.ner as ner

    texts = ["Agreed with Sussex Police", "Council", "Owner: Kent County", "Council officers and the",
             "Hestia", "", "Cafcass leads from March 2025", "x" * 30]
    nlp = load_pipeline()
    one_by_one = [entity_spans(nlp, [t])[0] for t in texts]
    monkeypatch.setattr(ner, "JOINED_MAX", 40)  # several joined documents, texts split across none of them
    together = entity_spans(nlp, texts)
    assert together == one_by_one
    assert together[0] == [("Sussex Police", "AGENCY", 12, 25)]
    assert together[1] == [] and together[2] == []  # "Police" + "Council" and "Kent County" + "Council" stay apart
    assert together[4] == [("Hestia", "AGENCY", 0, 6)]
    assert together[6][0][:2] == ("Cafcass", "AGENCY")

"""The shipped spaCy pipeline: loads from models/ with no network, labels our four types, swappable."""

from __future__ import annotations

from pathlib import Path

import planparse
from planparse.enrich.ner import build_rule_pipeline, default_model_dir, entity_spans, load_pipeline

MODEL = default_model_dir()


def test_model_ships_in_repo_small_and_loads_offline() -> None:
    assert (MODEL / "config.cfg").exists() and (MODEL / "ner").is_dir()
    size = sum(f.stat().st_size for f in MODEL.rglob("*") if f.is_file())
    assert size < 20 * 1024 * 1024
    nlp = load_pipeline(str(MODEL))
    assert nlp.pipe_names == ["entity_ruler", "ner"]
    assert set(nlp.get_pipe("ner").labels) == {"AGENCY", "PERSON", "ROLE", "DATE"}


def test_statistical_model_finds_names_the_gazetteer_lacks() -> None:
    nlp = load_pipeline(str(MODEL))
    (spans,) = entity_spans(nlp, ["Contact Priya Raman at Oakfield Borough Council for further information."])
    labels = {text: label for text, label, _, _ in spans}
    assert labels.get("Oakfield Borough Council") == "AGENCY"
    assert labels.get("Priya Raman") == "PERSON"


def test_rule_pipeline_shapes() -> None:
    nlp = build_rule_pipeline()
    (spans,) = entity_spans(nlp, ["Led by the Slough Community Safety Partnership and the Service Director "
                                  "with the Royal Borough of Windsor and Maidenhead from Autumn 2024."])
    found = {(t, lab) for t, lab, _, _ in spans}
    assert ("Slough Community Safety Partnership", "AGENCY") in found
    assert ("Service Director", "ROLE") in found
    assert ("Autumn 2024", "DATE") in found
    assert any(t.startswith("Royal Borough of Windsor") and lab == "AGENCY" for t, lab in found)


def test_missing_model_falls_back_to_rules(tmp_path: Path) -> None:
    nlp = load_pipeline(str(tmp_path / "no-model-here"))
    assert nlp.pipe_names == ["entity_ruler"]


def test_any_spacy_pipeline_can_be_passed(corpus_texts: list[Path]) -> None:
    import spacy

    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("entity_ruler")
    ruler.add_patterns([{"label": "ORG", "pattern": "Kaleidoscopic"}])
    text = next(p for p in corpus_texts if p.stem.startswith("wokingham"))
    plan = planparse.parse(text, nlp=nlp)
    assert any(e.text == "Kaleidoscopic" and e.label == "AGENCY" for e in plan.entities)  # ORG mapped to AGENCY

"""Canonical agency names: keys, acronym definitions, aliases and fuzzy variants."""

from __future__ import annotations

from planparse.enrich.agencies import AgencyResolver, acronym_definitions, agency_id, name_key


def test_name_key_folds_case_the_and_trailing_acronym() -> None:
    assert name_key("The Dash Charity") == name_key("the dash charity")
    assert name_key("Achieving for Children (AfC)") == "achieving for children"
    assert name_key("Berkshire Women’s Aid") == name_key("Berkshire Women's Aid")


def test_acronym_definitions_follow_initials() -> None:
    text = ("Partners include Achieving for Children (AfC) and the Multi Agency Safeguarding Hub (MASH). "
            "Data from 2021 (ONS) is used.")
    found = acronym_definitions(text)
    assert found["AfC"] == "Achieving for Children"
    assert found["MASH"] == "Multi Agency Safeguarding Hub"
    assert "ONS" not in found  # "is used" does not abbreviate to ONS


def test_resolver_aliases_documents_and_fuzzy_variants() -> None:
    r = AgencyResolver()
    tvp = r.resolve("TVP")
    assert tvp == r.resolve("Thames valley police") == r.resolve("Thames Valley Police")
    assert tvp[0] == "Thames Valley Police" and tvp[1] == agency_id("Thames Valley Police")
    r.learn_document("We fund Achieving for Children (AfC) to deliver it.")
    assert r.resolve("AfC")[0] == "Achieving for Children"
    assert r.resolve("Achieving for Children (AfC)")[0] == "Achieving for Children"
    assert r.resolve("Kaleidoscopic")[0] == "Kaleidoscopic"  # unknown bodies keep their own name
    assert r.resolve("Kaleidoscopic")[1] != tvp[1]

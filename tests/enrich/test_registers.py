"""The registers: councils from mySociety's register with GSS codes, police, fire, NHS and national bodies."""

from __future__ import annotations

import pytest

from planparse.enrich.registers import default_registers


@pytest.mark.parametrize(("name", "code"), [
    ("Wokingham Borough Council", "E06000041"),
    ("West Sussex County Council", "E10000032"),
    ("Royal Borough of Windsor and Maidenhead", "E06000040"),
    ("City of London Corporation", "E09000001"),
    ("Kent Council", "E10000016"),        # the colloquial "<area> Council" of a council named "... County Council"
])
def test_councils_by_any_registered_name_carry_their_gss_code(name: str, code: str) -> None:
    body = default_registers().lookup(name)
    assert body is not None and body.id == code and body.register == "councils"


def test_a_place_alone_names_a_council_only_when_asked_for_a_council() -> None:
    regs = default_registers()
    assert regs.lookup("West Sussex") is None          # in running text a place is not a body
    assert regs.council("West Sussex").id == "E10000032"
    assert regs.council("Wokingham").name == "Wokingham Borough Council"


def test_police_forces_and_their_commissioners() -> None:
    regs = default_registers()
    assert regs.lookup("Sussex Police").id == "E23000033"
    assert regs.lookup("TVP").name == "Thames Valley Police"
    pcc = regs.lookup("Office of the Sussex Police and Crime Commissioner")
    assert pcc.id == "E23000033:pcc" and pcc.kind == "pcc"


@pytest.mark.parametrize(("name", "register"), [
    ("NHS Sussex Integrated Care Board", "nhs"), ("South Central Ambulance Service", "nhs"),
    ("West Sussex Fire and Rescue Service", "fire"), ("Crown Prosecution Service", "national"),
    ("SafeLives", "national"), ("MARAC", "standard"),
])
def test_other_registers(name: str, register: str) -> None:
    assert default_registers().lookup(name).register == register


def test_every_body_has_a_unique_id_and_a_name() -> None:
    bodies = default_registers().bodies
    assert len({b.id for b in bodies}) == len(bodies)
    assert all(b.names and b.names[0] == b.name for b in bodies)

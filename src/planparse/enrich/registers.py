"""Public registers of UK bodies, loaded from data/registers/: who a name stands for, and its code.

Each register is a data file with its source and licence (data/registers/SOURCE.md):
councils (mySociety's register of UK local authorities: official names, known
variants, ONS GSS codes), police forces (ONS police force area codes) and their
police and crime commissioners, fire and rescue services, NHS bodies (ICBs,
ambulance trusts, health boards, national NHS bodies) and national bodies,
charities and helplines of the fields plans cover, and the standard statutory
partnerships, arrangements and services every area has ("Community Safety
Partnership", "MARAC", "Adult Social Care"). A body's id comes from its
register: a council's GSS code, a police force's area code, else the register's
own key ("icb:sussex").

Other code reuses this module to put a name to a council (the plan's publisher
among them): `default_registers().council("Anytown")`.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from importlib import resources

from planparse.enrich.name_shapes import name_key

# words that make a council's register variant the name of the body, not of its area
_COUNCIL_WORDS = ("council", "borough of", "city of", "corporation", "combined authority", "county of")


@dataclass(frozen=True)
class Body:
    """One registered body. `names` are the forms that name the body itself, official name first."""

    id: str
    name: str
    register: str
    kind: str
    names: tuple[str, ...]
    area: str | None = None
    current: bool = True
    replaced_by: str | None = None
    code: str | None = None  # a council's three-letter register code ("WSX")


@dataclass(frozen=True)
class Registers:
    bodies: tuple[Body, ...]
    # a council's area alone ("West Sussex"): resolves the council for callers that know a council is meant
    places: dict[str, Body] = field(default_factory=dict)

    @cached_property
    def _index(self) -> dict[str, Body]:
        index: dict[str, Body] = {}
        for body in self.bodies:  # current bodies first, so a reused name goes to the body that holds it now
            for name in body.names:
                index.setdefault(name_key(name), body)
        return index

    def lookup(self, name: str) -> Body | None:
        """The body a name (or a registered variant of it) stands for."""
        return self._index.get(name_key(name))

    def council(self, name: str) -> Body | None:
        """A council by its name, a variant, or its area's name ("Reading", "West Sussex")."""
        body = self.lookup(name)
        if body is not None and body.register == "councils":
            return body
        return self.places.get(name_key(name))

    @cached_property
    def phrases(self) -> frozenset[tuple[str, ...]]:
        """Every registered name as lower-cased words, for splitting runs of names."""
        return frozenset(tuple(name.lower().split()) for name, _ in self.names())

    @cached_property
    def place_words(self) -> frozenset[str]:
        """Words of councils' area names, lower case ("kent", "west", "reading"): places, even where
        they are given names."""
        return frozenset(w for k in self.places for w in k.split() if w.isalpha() and len(w) > 2) - {"and", "the"}

    def names(self) -> Iterator[tuple[str, Body]]:
        """Every (name, body) pair, for matchers."""
        for body in self.bodies:
            for name in body.names:
                yield name, body


def _rows(name: str) -> list[dict[str, str]]:
    text = resources.files("planparse.data").joinpath("registers", name).read_text("utf-8")
    return list(csv.DictReader(io.StringIO(text)))


def _split(aliases: str) -> list[str]:
    return [a.strip() for a in aliases.split("|") if a.strip()]


def _title(name: str) -> str:
    """'west sussex county council' -> 'West Sussex County Council' (registers list some variants in lower case)."""
    small = {"of", "and", "the", "upon", "on", "in", "with"}
    words = name.split()
    return " ".join(w if (w in small and i) else w[:1].upper() + w[1:] for i, w in enumerate(words))


def _unique(names: list[str]) -> tuple[str, ...]:
    seen: set[str] = set()
    out = []
    for n in names:
        if name_key(n) not in seen:
            seen.add(name_key(n))
            out.append(n)
    return tuple(out)


def _councils() -> tuple[list[Body], dict[str, Body]]:
    bodies: list[Body] = []
    places: dict[str, Body] = {}
    for r in _rows("councils.csv"):
        variants = [_title(v) if v.islower() else v for v in _split(r["alt_names"])]
        naming = [v for v in variants if any(w in v.lower() for w in _COUNCIL_WORDS)]
        colloquial = [f"{r['nice_name']} Council"] if r["official_name"].endswith(" Council") else []
        body = Body(id=r["gss"] or f"la:{r['code']}", name=r["official_name"], register="councils", kind=r["type"],
                    names=_unique([r["official_name"], *naming, *colloquial]), area=r["nice_name"],
                    current=not r["end_date"], replaced_by=r["replaced_by"] or None, code=r["code"] or None)
        bodies.append(body)
        for place in (r["nice_name"], *(v for v in variants if v not in naming)):
            key = name_key(place)
            if body.current or key not in places:
                places[key] = body
    bodies.sort(key=lambda b: not b.current)
    return bodies, places


def _police() -> list[Body]:
    """Forces, and for each force area its police and crime commissioner (the office the area elects)."""
    out: list[Body] = []
    for r in _rows("police.csv"):
        out.append(Body(id=r["id"], name=r["name"], register="police", kind="police",
                        names=_unique([r["name"], *_split(r["aliases"])]), area=r["area"] or None))
        if r["area"]:
            area = r["area"]
            pcc = f"{area} Police and Crime Commissioner"
            out.append(Body(id=f"{r['id']}:pcc", name=pcc, register="police", kind="pcc", area=area, names=_unique([
                pcc, f"Office of the {pcc}", f"{area} Office of the Police and Crime Commissioner", f"{area} PCC",
                f"{area} OPCC", f"{area} Police, Fire and Crime Commissioner",
                f"{area} Police and Crime Commissioners Office",
            ])))
    return out


def _simple(name: str, register: str, kind: str | None = None) -> list[Body]:
    return [Body(id=r["id"], name=r["name"], register=register, kind=kind or r.get("kind") or register,
                 names=_unique([r["name"], *_split(r["aliases"])])) for r in _rows(name)]


@lru_cache(maxsize=1)
def default_registers() -> Registers:
    """The shipped registers (immutable; cached because every document resolves against them)."""
    councils, places = _councils()
    bodies = [*_simple("national.csv", "national"), *_simple("nhs.csv", "nhs"), *_police(),
              *_simple("fire.csv", "fire", "fire"), *councils, *_simple("standard.csv", "standard")]
    return Registers(bodies=tuple(bodies), places=places)

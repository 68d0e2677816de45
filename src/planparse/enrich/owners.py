"""Owner cells -> typed parties.

An owner cell is whatever the author typed: "Jo Bloggs (ASCP
Business Manager) with Ana/Ruth Anyshire Women's Aid", or, in exports of
PDF tables, parties run together with no separator at all ("Harbourlight
Brightside HelpU Victims Matter ABC Housing teams"). Splitting uses
three kinds of evidence, all general:

* explicit separators (",", "/", " with ", a guarded " and ", bullets);
* the shape of names: a party ends on a head noun ("... Police", "... team",
  "... Coordinator") and a person is a known first name plus surname;
* what the same document says elsewhere: a word that stands alone as an owner
  in one row is a party wherever it appears (learned per document).
"""

from __future__ import annotations

import html
import itertools
import re
from dataclasses import dataclass, field

from planparse.enrich.lexicons import Lexicon, default_lexicon
from planparse.enrich.name_shapes import (
    abbreviates,
    is_acronym,
    is_honorific,
    name_key,
    person_span,
    surname_person,
)
from planparse.enrich.registers import default_registers
from planparse.schema import Owner
from planparse.text_norm import collapse

_BRACKET = re.compile(r"\(([^()]*)\)")
_NBSP = "\u2060"  # word joiner: keeps "(DA NG)" one token through split() and collapse()
# "Health (CCG / Trust / Hospital)": a word before a bracketed list of two or more parties
_LISTED_UNDER = re.compile(r"(?<![\w-])([A-Z][a-z]+)\s*\(([^()]*[/,][^()]*)\)")
# "Lead: Sarah Smith; Support: Anyshire Police": what each party does, not a party
_LABEL = re.compile(r"(?:^|(?<=[,;/]))\s*(?:[A-Za-z]+ ){0,2}(?:lead|leads|support|supporting|supported by|partners?|"
                    r"owners?|responsible|contributors?|accountable|delivery)\s*:\s*", re.IGNORECASE)
_PLACEHOLDERS = {"n/a", "na", "tbc", "tbd", "to be confirmed", "none", "-", "–", "?", "n.a"}
_SEP = re.compile(r"\s*(,|;|/|\s[-–—]\s|\n|\bwith\b|\bthrough\b|\bvia\b|\bsupported by\b)\s*", re.I)
# the cell's own structure: HTML paragraphs, list items and line breaks
_HTML_BREAK = re.compile(r"</?(?:p|div|li|ul|ol|br|tr|td)\b[^>]*>", re.I)
_HTML_TAG = re.compile(r"</?[a-z][^>]*>", re.I)
_LOWER = re.compile(r"\b[a-z][a-z']+\b")
_CAPITAL_PAIR = re.compile(r"\b([A-Z][a-z]+) ([A-Z][a-z]+)\b")
# prose in front of a party: "Currently managed by Sam Lee", "Led by the Housing team"
_LEADING_PROSE = re.compile(r"^(?:(?:currently|temporarily|initially|jointly|to be)\s+)?(?:managed|led|run|chaired|held|"
                            r"owned|coordinated|co-ordinated|delivered|overseen|funded|hosted)\s+by\s+", re.I)


@dataclass
class _Piece:
    text: str
    sep: str = ""  # the separator that came before it
    role: str | None = None
    forced_kind: str | None = None
    note: str | None = None


@dataclass
class OwnerSplitter:
    """Splits and types owner cells; `learn` first on all of a document's cells."""

    lexicon: Lexicon = field(default_factory=default_lexicon)
    known: set[str] = field(default_factory=set)
    phrases: set[tuple[str, ...]] = field(default_factory=set)
    prefixes: set[str] = field(default_factory=set)
    # words the document writes in lower case: ordinary words, not names
    ordinary: set[str] = field(default_factory=set)
    # bodies known before reading (the registers' names, lower-cased words)
    bodies: frozenset[tuple[str, ...]] = field(default_factory=lambda: default_registers().phrases)
    # given names that are also places or words this document writes in lower case ("Kent", "Will")
    ambiguous: set[str] = field(default_factory=lambda: set(default_registers().place_words))

    def learn(self, cells: list[str], document_text: str = "", rounds: int = 3) -> None:
        """Learn this document's names: single words that stand alone as owners, and repeated parties.

        A single word counts only if the document never writes it in lower
        case: "Harbourlight" and "Brightside" are names, "Adult" and "Health"
        are ordinary words that happen to start a cell.
        """
        lower_words = {m.group() for m in _LOWER.finditer(document_text)}  # a long plan's word list never held whole
        self.ordinary |= lower_words
        self.ambiguous |= {w for w in lower_words if w.capitalize() in self.lexicon.first_names}
        self.prefixes |= _acronym_prefixes(cells)
        self._ordinary_followers = _ordinary_followers(document_text, lower_words)
        for _ in range(rounds):
            before = (len(self.known), len(self.phrases))
            counts: dict[tuple[str, ...], int] = {}
            for cell in cells:
                for owner in self.split(cell):
                    words = owner.name.split()
                    if len(words) == 1 and self._is_name_word(words[0], lower_words):
                        self.known.add(words[0])
                    if len(words) >= 2:
                        key = tuple(w.lower() for w in words)
                        counts[key] = counts.get(key, 0) + 1
            self.phrases |= {k for k, n in counts.items() if n >= 2}
            if (len(self.known), len(self.phrases)) == before:
                break

    def _is_name_word(self, word: str, lower_words: set[str]) -> bool:
        low = word.lower()
        if word.endswith("!") and word[:1].isupper():
            return True
        return (
            word[:1].isupper() and word.isalnum() and not word.isdigit() and not is_acronym(word)
            and low not in self.lexicon.heads and word not in self.lexicon.first_names
            and low not in lower_words and word not in getattr(self, "_ordinary_followers", set())
        )

    def _known_body(self, words: list[str]) -> bool:
        return tuple(w.lower() for w in words) in self.bodies

    def _phrase_at(self, words: list[str], i: int) -> int:
        """Length of the longest learned multi-word party starting at words[i] (0 if none)."""
        best = 0
        low = [w.lower() for w in words]
        for p in self.phrases:
            if len(p) > best and tuple(low[i:i + len(p)]) == p:
                best = len(p)
        return best

    # -- splitting -----------------------------------------------------------------

    def split(self, raw: str | None) -> list[Owner]:
        """The parties of one owner cell: its own structure first (paragraphs, list items, line
        breaks), then separators, then the shapes of names inside a run with no separator."""
        if not raw or not raw.strip() or raw.strip().lower().strip(".") in _PLACEHOLDERS:
            return []
        out: list[_Piece] = []
        for unit in self._units(raw):
            text = _LABEL.sub(", ", collapse(unit.replace("•", ",").replace("; ", ", ")))
            for piece in self._explicit(text.strip(" ,")):
                for part in self._implicit(piece):
                    out.extend(self._people(part))
        owners = self._attach_roles(out)
        seen: set[str] = set()
        unique = []
        for o in owners:
            if o.name.lower() not in seen:
                seen.add(o.name.lower())
                unique.append(o)
        return unique

    def _units(self, raw: str) -> list[str]:
        """Paragraphs, list items and lines of the cell, a wrapped line joined to the one it continues.

        A line continues the one above when it starts in lower case or on a connector, when
        the line above ends on one, or when it holds only the head of a name ("NHS Foundation
        Trust" under "Northvale Community"): a PDF cell wraps a long name over lines.
        """
        if _HTML_TAG.search(raw):
            raw = html.unescape(_HTML_TAG.sub("", _HTML_BREAK.sub("\n", raw)))
        lines = [collapse(ln) for ln in raw.splitlines() if collapse(ln)]
        units: list[str] = []
        for line in lines:
            if units and self._continues(units[-1], line):
                units[-1] = f"{units[-1]} {line}"
            else:
                units.append(line)
        return units

    def _continues(self, above: str, line: str) -> bool:
        words, last = line.split(), above.split()[-1].lower()
        if line[:1].islower() or words[0].lower() in self.lexicon.connectors or last in self.lexicon.connectors:
            return True
        if above.endswith(("&", "-", "(")) or line.startswith((")", "(")):
            return True
        return all(w.lower() in self.lexicon.heads or w.lower() in ("nhs", "foundation") for w in words) and \
            words[-1].lower() in self.lexicon.org_heads and last not in self.lexicon.org_heads

    def _explicit(self, text: str) -> list[_Piece]:
        pieces: list[_Piece] = []
        text = _LISTED_UNDER.sub(self._drop_category, text)
        text, extra = self._brackets(text)
        parts = _SEP.split(text)
        sep = ""
        for i, part in enumerate(parts):
            if i % 2 == 1:
                sep = part.strip().lower() or " "
                continue
            for j, chunk in enumerate(self._split_and(part)):
                chunk, note = self._trim_note(chunk)
                if chunk:
                    pieces.append(_Piece(chunk, sep if j == 0 else "and", note=note))
        return self._place_brackets(pieces, extra)

    def _drop_category(self, m: re.Match[str]) -> str:
        """'Health (CCG / Trust / Hospital)': a generic category heading a bracketed list of parties
        is not a party itself; the parties are the list."""
        word, content = m.group(1), m.group(2)
        items = [i.strip() for i in re.split(r"[/,]", content) if i.strip()]
        parties = sum(1 for i in items if i[:1].isupper())
        if name_key(word) in self.lexicon.generic_names and len(items) >= 2 and parties == len(items):
            return f", {content}"
        return m.group(0)

    def _brackets(self, text: str) -> tuple[str, list[tuple[int, str, str]]]:
        """Replace each (...) by a placeholder and say what it held: party, role, or noise."""
        extra: list[tuple[int, str, str]] = []

        def sub(m: re.Match[str]) -> str:
            content = collapse(m.group(1))
            words = content.split()
            if not words:
                return " "
            low = content.lower()
            if re.match(r"^(with|and|plus|supported by|jointly with)\s", low):
                rest = re.sub(r"^(with|and|plus|supported by|jointly with)\s+", "", content, flags=re.I)
                return f", {rest}"
            before_words = text[: m.start()].split()
            if len(words) <= 2 and all(is_acronym(w) for w in words) and abbreviates(content, before_words):
                # the acronym of the words before it belongs to the name: "Acting for Carers (AfC)"
                return "(" + content.replace(" ", _NBSP) + ")"
            if sum(1 for w in words if w[:1].isupper()) * 2 < len(words):
                return " "  # "(GP surgeries, hospitals ...)": a description, not a party
            if words[-1].lower() in self.lexicon.role_heads or words[0].lower() in self.lexicon.role_heads:
                extra.append((m.start(), content, "role"))
                return f" \u2063{len(extra) - 1}\u2063"
            if "/" in content or ("," in content and content[:1].isupper()):
                return f", {content.replace('(', '').replace(')', '')}"
            return f", {content}"

        return _BRACKET.sub(sub, text), extra

    def _place_brackets(self, pieces: list[_Piece], extra: list[tuple[int, str, str]]) -> list[_Piece]:
        """A bracketed role goes to the party it followed ("Jo Bloggs (ASCP Business Manager)")."""
        out: list[_Piece] = []
        for p in pieces:
            m = re.search("\u2063(\\d+)\u2063", p.text)
            if m:
                content = extra[int(m.group(1))][1]
                name = collapse(p.text[: m.start()] + p.text[m.end():])
                if name:
                    out.append(_Piece(name, p.sep, role=content))
                elif out:
                    out[-1].role = content
                continue
            out.append(p)
        return out

    def _split_and(self, text: str) -> list[str]:
        """Split on ' and ' / ' & ' only between two whole parties, not inside 'Health and Wellbeing Lead'.

        The left part must end like a party (a head noun, an acronym, a person,
        a name learned from the document) and the right part must not be a
        short title completing it ("Police and Crime Commissioner").
        """
        pieces = re.split(r"\s+(and|&)\s+", text)
        if len(pieces) == 1:
            return [text]
        out = [pieces[0]]
        for joiner, right in zip(pieces[1::2], pieces[2::2]):
            left = out[-1]
            lw = left.split()
            last = lw[-1] if lw else ""
            ends_party = (
                last.lower() in self.lexicon.heads or is_acronym(last)
                or any(self._known_body(lw[k:]) for k in range(len(lw)))
                or any(self._person_span(lw, k) == len(lw) for k in range(len(lw))) or last in self.known
            )
            rw = right.split()
            completes = (
                len(rw) <= 2 and rw[0][:1].isupper() and not is_acronym(rw[0])
                and rw[0].lower() not in self.lexicon.heads and self._person_span(rw, 0) is None
                and rw[-1].lower() in self.lexicon.role_heads and last.lower() in self.lexicon.org_heads
            ) if rw else True
            # "Public Health and local authorities": a lower-case category never completes a capitalised name
            category = bool(rw) and all(w.islower() for w in rw) and rw[-1] in self.lexicon.group_heads and \
                bool(lw) and lw[0][:1].isupper()
            if (ends_party or category) and not completes and " of " not in f" {left.lower()} " and right.strip():
                out.append(right)
            else:
                out[-1] = f"{left} {joiner} {right}"
        return out

    def _trim(self, text: str) -> str:
        return self._trim_note(text)[0]

    def _trim_note(self, text: str) -> tuple[str, str | None]:
        """The party in a chunk of the cell, and the prose around it kept apart as a note.

        "Currently managed by Sam Lee" -> Sam Lee (note "currently managed by"); "DA manager
        when in post", "Housing hold budget", "Board to lead" keep their last words as the note.
        A chunk that is all clause ("links to wider area options") holds no party.
        """
        notes: list[str] = []
        text = text.strip(" .,:;-–")
        lead = _LEADING_PROSE.match(text)
        if lead and lead.end() < len(text):
            notes.append(lead.group().strip().lower())
            text = text[lead.end():]
        words = text.split()
        for i, w in enumerate(words):
            following = words[i + 1] if i + 1 < len(words) else ""
            clause = w.lower() in self.lexicon.trailing and w.islower() and not following[:1].isupper()
            verb = w.lower() in self.lexicon.party_verbs and all(x.islower() for x in words[i:])
            if i >= 1 and (clause or verb):
                if words[0][:1].islower() and clause:
                    return "", None  # "links to wider area options": a clause, not a party
                notes.append(" ".join(words[i:]))
                words = words[:i]
                break
        text = re.sub(r"^(and|&|or)\s+", "", " ".join(words), flags=re.I).strip(" .,:;-–")
        if text.lower() in ("the", "and", "", "etc", "tbc", "all", "n/a", "na", "with", "or"):
            return "", None
        if len(words) > 5 and text[:1].islower():
            return "", None  # a clause ("links to wider area options ..."), not a party
        return text, "; ".join(notes) or None

    def _implicit(self, piece: _Piece) -> list[_Piece]:
        """Find party boundaries inside a run of words with no separators."""
        words = piece.text.split()
        if len(words) < 2:
            return [piece]
        cuts: list[int] = []
        start = 0
        for i in range(1, len(words)):
            if self._boundary(words, start, i):
                cuts.append(i)
                start = i
        if not cuts:
            return [piece]
        bounds = [0, *cuts, len(words)]
        out = []
        for k in range(len(bounds) - 1):
            chunk = " ".join(words[bounds[k]:bounds[k + 1]])
            last = k == len(bounds) - 2
            out.append(_Piece(chunk, piece.sep if k == 0 else " ", role=piece.role if last else None,
                              note=piece.note if last else None))
        return out

    def _boundary(self, words: list[str], start: int, i: int) -> bool:
        """Is there a party boundary before words[i], the current party having begun at start?"""
        prev, word = words[i - 1], words[i]
        if not (word[:1].isupper() or word[:1] in "'‘\"") or word.startswith("("):
            return False
        if is_honorific(prev):
            return False  # "Dr | Sarah Jones": a title belongs to the name after it
        low_prev = prev.lower().strip("'’‘")
        nxt = words[i + 1] if i + 1 < len(words) else ""
        if prev[:1].islower() and low_prev not in self.lexicon.heads:
            return False  # a party does not end on "the", "of", "and"
        if any(k < i < k + self._phrase_at(words, k) for k in range(start, i)):
            return False  # inside a party this document names elsewhere
        if i > start and self._head_only(words[i:]) and \
                (len(words) - i > 1 or low_prev not in self.lexicon.org_heads):
            return False  # "Northvale Community | NHS Foundation Trust": the rest is the head of this name
        if self._known_body(words[start:i]) and any(self._known_body(words[i:j]) for j in range(i + 1, len(words) + 1)):
            return True  # two known bodies run together: "CPS Witness Service"
        if self._phrase_at(words, i) and i > start and not (i - 1 == start and is_acronym(prev)):
            return True
        if prev in self.known and i - 1 == start and not (is_acronym(word) and len(word) <= 3):
            return True
        if word in self.known and i > start:
            return True
        if is_acronym(word) and not is_acronym(prev) and i > start:
            last_word = i + 1 == len(words) or words[i + 1][:1].isupper() and not is_acronym(words[i + 1])
            if word.lower() in self.lexicon.org_heads and last_word and low_prev not in self.lexicon.heads:
                return False  # "Anyshire West ICB", "Anytown CCG": the acronym is the head of a place's body
            if len(word) >= 3 or (word in self.prefixes and i - start >= 2):
                return True
        head_prev = low_prev in self.lexicon.heads or (prev.startswith("(") and i - 2 >= start and
                                                       words[i - 2].lower() in self.lexicon.heads)
        if head_prev and i - 1 > start and word.lower() not in self.lexicon.chain_heads | self.lexicon.role_heads:
            bare_role = nxt.lower() in self.lexicon.role_heads and nxt.islower() and not is_acronym(word)
            return not bare_role
        if self._person_span(words, i) is not None and i > start and not words[i - 1][:1].islower():
            return self._person_span(words[start:i], 0) is None
        return False

    def _surname_person(self, words: list[str], i: int) -> bool:
        """'Zorabel Foster probation': an unlisted given name before a known surname, where the name
        ends the run or ordinary words follow (never inside a capitalised body's name)."""
        pair = [w.strip(",") for w in words[i:i + 2]]
        if len(pair) < 2 or pair[0] in self.known or (i and words[i - 1][:1].isupper()):
            return False
        after = words[i + 2] if i + 2 < len(words) else ""
        if after[:1].isupper():
            return False
        return surname_person(pair, self.ordinary | self.ambiguous)

    def _head_only(self, words: list[str]) -> bool:
        """'NHS Foundation Trust', 'Partnership Board': head words only, which name no body on their own."""
        lex = self.lexicon
        return bool(words) and words[-1].lower() in lex.org_heads and \
            all(w.lower() in lex.org_heads or w.lower() in ("foundation", "nhs", "and", "&") for w in words)

    def _person_span(self, words: list[str], i: int) -> int | None:
        """name_shapes.person_span with what this document taught: its body names and ambiguous words."""
        return person_span(words, i, known=self.known, ambiguous=self.ambiguous, ordinary=self.ordinary)

    def _people(self, piece: _Piece) -> list[_Piece]:
        """Pull a person out of a piece: 'Anyshire Police Ann Other', 'Coordinator in Schools Sam Lee'."""
        words = piece.text.split()
        for i in range(len(words)):
            end = self._person_span(words, i)
            if end is None and self._surname_person(words, i):
                end = i + 2
            if end is None:
                continue
            start = i - 1 if i and is_honorific(words[i - 1]) else i  # "Cllr John Baldwin" as written
            person = _Piece(" ".join(words[start:end]), piece.sep, role=piece.role, forced_kind="person",
                            note=None if end < len(words) else piece.note)
            before = self._trim(" ".join(words[:start]))
            after = self._trim(" ".join(words[end:]))
            out: list[_Piece] = []
            if before:
                if any(b.lower() in self.lexicon.role_heads for b in before.split()):
                    person.role = before
                else:
                    out.append(_Piece(before, piece.sep))
                    person.sep = " "
            out.append(person)
            if after:
                out.extend(self._people(_Piece(after, " ", note=piece.note)))
            return out
        return [piece]

    def _attach_roles(self, pieces: list[_Piece]) -> list[Owner]:
        owners: list[Owner] = []
        for k, p in enumerate(pieces):
            kind = p.forced_kind or self._kind(p.text)
            nxt = pieces[k + 1] if k + 1 < len(pieces) else None
            if kind != "person" and nxt is not None and nxt.forced_kind == "person" and nxt.sep == " " \
                    and not nxt.role and any(w.lower() in self.lexicon.role_heads for w in p.text.split()):
                nxt.role = p.text  # "Health and Wellbeing Coordinator in Schools Sam Lee"
                continue
            if kind == "role" and p.sep == "," and owners and owners[-1].kind == "person" and not owners[-1].role:
                owners[-1].role = p.text  # "Priya Raman, Service Director"
                continue
            name = p.text.replace(_NBSP, " ")
            if name:
                owners.append(Owner(name=name, kind=kind, role=p.role, note=p.note))  # type: ignore[arg-type]
        return owners

    def _kind(self, text: str) -> str:
        words = re.sub(r"\s*\([^()]*\)\s*$", "", text).split() or text.split()  # "Coordinator (DAC)": the words decide
        if not words:
            return "unknown"
        last = words[-1].lower().strip("()")
        if len(words) <= 4 and self._person_span(words, 0) == len(words):
            return "person"
        if len(words) > 2 and words[0].lower() in self.lexicon.org_heads and words[1] in ("of", "for"):
            return "agency"  # "Office of the Police and Crime Commissioner", "Department for Education"
        if any(w.lower() in self.lexicon.role_heads and nxt in ("of", "for")
               for w, nxt in itertools.pairwise(words)):
            return "role"  # "Head of Housing", "Strategic Lead for Domestic Abuse", "Chair of the Board"
        if last in self.lexicon.group_heads:
            return "group"
        if last in self.lexicon.role_heads:
            return "role"
        if text.islower() and last in self.lexicon.org_heads and len(words) > 1:
            return "group"  # "specialist services": a kind of provider, not a named body
        if last in self.lexicon.org_heads or is_acronym(words[-1].strip("()")) or text in self.known:
            return "agency"
        if all(w[:1].isupper() or w.lower() in ("of", "and", "for", "the", "&") for w in words):
            return "agency"
        return "unknown"


def _acronym_prefixes(cells: list[str]) -> set[str]:
    """Acronyms that start many different parties in this document ("ABC Library Service", "ABC DA Coordinator")."""
    followers: dict[str, set[str]] = {}
    counts: dict[str, int] = {}
    for cell in cells:
        words = cell.split()
        for a, b in zip(words, words[1:]):
            if is_acronym(a) and b[:1].isupper():
                followers.setdefault(a, set()).add(b)
                counts[a] = counts.get(a, 0) + 1
    return {a for a, n in counts.items() if n >= 3 and len(followers[a]) >= 2}


def _ordinary_followers(text: str, lower_words: set[str]) -> set[str]:
    """Words that begin a repeated two-word phrase with an ordinary word ("Adult Social"): not names on their own."""
    pairs: dict[tuple[str, str], int] = {}
    for m in _CAPITAL_PAIR.finditer(text):
        a, b = m.groups()
        if b.lower() in lower_words:
            pairs[(a, b)] = pairs.get((a, b), 0) + 1
    return {a for (a, _), n in pairs.items() if n >= 2}

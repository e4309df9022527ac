"""Who a figure is about: entities named in a sentence, the article's home entity, proposals.

Entities come from three places, in this order of trust: the registry's own ``quantities.yaml``
(matched by key and by the name it gives), a short list of countries, regions and Chinese
provinces, and proper nouns the article itself uses as a subject ("Leapmotor is targeting",
"Siemens's revenue"). Only the last kind is new; it is proposed, and every claim that uses a
proposed or carried-over entity says so in its review reason.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from claimcheck.extract.vocab import (
    HOME_WORDS,
    MEASURES,
    MONTHS,
    NOT_ENTITIES,
    PLACES,
    SUBJECT_VERBS,
    SUBJECTS,
    UNIT_NOUNS,
    WEEKDAYS,
)

_VOCABULARY = frozenset(w for ws in (*MEASURES.values(), *SUBJECTS.values()) for w in ws) | frozenset(UNIT_NOUNS)

#: entities that are never the subject of a figure (they are scopes or rates)
_NEVER_SUBJECTS = frozenset({"world", "fx"})


@dataclass(frozen=True)
class EntityMention:
    """An entity named in the text.

    :param start: offset of the name.
    :param end: offset after it.
    :param key: the entity key (``china``, ``leapmotor``).
    :param name: the name as written.
    :param subject: written as a subject (possessive, or before a verb at a clause start).
    :param known: declared in quantities.yaml (or the built-in place list) rather than proposed.
    :param home: written as "the country", "domestic" ...: the article's home entity.
    """

    start: int
    end: int
    key: str
    name: str
    subject: bool = False
    known: bool = True
    home: bool = False


def slug(text: str) -> str:
    """Turn a name into a key segment: lower-case letters, digits and underscores, starting with a letter.

    >>> slug("Jiading District"), slug("AITO M9"), slug("battery-swap and charging stations"), slug("9X")
    ('jiading_district', 'aito_m9', 'battery_swap_charging_stations', 'n9x')
    """
    words = [w for w in re.split(r"[^a-z0-9]+", text.lower().replace("’", "").replace("'", "")) if w and w != "and"]
    out = "_".join(words)
    if not out:
        return "unnamed"
    return out if out[0].isalpha() else "n" + out


def known_names(entities: dict[str, str]) -> dict[str, str]:
    """Map every name an entity may be written as to its key.

    :param entities: entity key -> label from quantities.yaml.

    >>> sorted(known_names({"jiading": "Jiading District, Shanghai", "nio": "NIO Inc. (carmaker)"}).items())
    [('jiading', 'jiading'), ('jiading district', 'jiading'), ('nio', 'nio'), ('nio inc.', 'nio')]
    """
    names: dict[str, str] = {}
    for key, label in entities.items():
        if key in _NEVER_SUBJECTS:
            continue
        names[key.replace("_", " ")] = key
        head = re.split(r"\s*[(,]", label or "", maxsplit=1)[0].strip()
        if head and len(head) <= 40:
            names[head.lower()] = key
            first = head.split()[0].lower()
            if first == key or first.rstrip(".") == key:
                names[first] = key
    return names


class EntityFinder:
    """Find entity mentions in sentences, knowing the registry's entities.

    :param entities: entity key -> label from quantities.yaml.
    """

    def __init__(self, entities: dict[str, str]) -> None:
        self.known = known_names(entities)
        self.declared = set(entities)
        names = sorted(set(self.known) | set(PLACES), key=len, reverse=True)
        self._names_re = re.compile(r"(?<![\w-])(?:" + "|".join(re.escape(n) for n in names) + r")(?![\w$-])",
                                    re.IGNORECASE)
        self._home_re = re.compile(r"\b(?:" + "|".join(re.escape(h) for h in HOME_WORDS) + r")\b", re.IGNORECASE)

    def key_of(self, name: str) -> tuple[str, bool]:
        """Return the key for a name and whether it is known (declared or a built-in place)."""
        low = name.lower()
        if low in self.known:
            return self.known[low], True
        if low in PLACES:
            return PLACES[low], True
        return slug(name), False

    def mentions(self, text: str, start: int, end: int) -> list[EntityMention]:
        """Find the entity mentions between two offsets, in text order."""
        found: list[EntityMention] = []

        def overlaps(s: int, e: int) -> bool:
            return any(m.start < e and s < m.end for m in found)

        for m in self._names_re.finditer(text, start, end):
            name = m.group()
            if name[0].islower() and name.lower() not in ("u.s.",) and not name.lower().startswith("the "):
                continue
            if name.isupper() and len(name) > 3 and name.lower() not in self.known:
                continue  # a dateline's BEIJING
            key, _ = self.key_of(name)
            found.append(EntityMention(m.start(), m.end(), key, name, _is_subject(text, m.start(), m.end()), True))
        for m in _POSSESSIVE_RE.finditer(text, start, end):
            name = m["name"]
            if overlaps(m.start(), m.end("name")) or not _proper(name):
                continue
            key, known = self.key_of(name)
            found.append(EntityMention(m.start(), m.end("name"), key, name, True, known))
        opening = _SUBJECT_AT_RE.match(text, start, end)
        subjects = list(_SUBJECT_RE.finditer(text, start, end))
        if opening and all(m.start("name") != opening.start("name") for m in subjects):
            subjects.insert(0, opening)
        for m in subjects:
            name = m["name"]
            if overlaps(m.start("name"), m.end("name")) or not _proper(name) or \
                    not m["rel"] and (m["verb"] or "").lower() not in SUBJECT_VERBS or _common_noun(name, text):
                continue
            key, known = self.key_of(name)
            found.append(EntityMention(m.start("name"), m.end("name"), key, name, True, known))
        for m in self._home_re.finditer(text, start, end):
            if not overlaps(*m.span()):
                found.append(EntityMention(m.start(), m.end(), "", m.group(), True, True, home=True))
        return sorted(found, key=lambda e: e.start)

    def main_entity(self, text: str) -> str | None:
        """The entity an article names most often (its home), or None when it names none."""
        counts = Counter(m.key for m in self.mentions(text, 0, len(text)) if not m.home)
        if not counts:
            return None
        return counts.most_common(1)[0][0]


#: "Siemens's" and "Siemens'" (a plural-looking name takes the apostrophe alone)
_POSSESSIVE_RE = re.compile(r"\b(?P<name>[A-Z][\w-]*(?:\s+[A-Z][\w-]*){0,2})(?:['’]s\b|(?<=s)['’](?![\w'’]))")
_SUBJECT_NAME = (r"(?P<name>[A-Z][\w-]*(?:\s+[A-Z][\w-]*){0,2})(?:\s+(?:\w+ly\s+)?(?P<verb>[a-z]+)\b|"
                 r",\s+(?P<rel>which|who)\b)")
_SUBJECT_RE = re.compile(r"(?:^|(?<=[.!?]\s)|(?<=\n)|(?<=,\swhile\s)|(?<=,\sand\s)|(?<=;\s)|(?<=,\swhereas\s)|"
                         r"(?<=\d\.\s))" + _SUBJECT_NAME, re.MULTILINE)
#: a name opening the span searched: sentences start after a dateline ("SHENZHEN, March 3 (Reuters) - BYD sold")
_SUBJECT_AT_RE = re.compile(_SUBJECT_NAME)


def _proper(name: str) -> bool:
    first = name.split()[0].lower()
    caps_ok = not name.isupper() or 2 <= len(name) <= 5
    return first not in NOT_ENTITIES and first not in MONTHS and first not in WEEKDAYS and caps_ok


_COMMON_SUFFIXES = ("ity", "tion", "sion", "ment", "ness", "ance", "ence", "ers", "ings", "ies", "ures", "ists")


def _common_noun(name: str, text: str) -> bool:
    """Tell whether a capitalised word starting a sentence is an ordinary word ("Sales are", "Farmers planted").

    A single word is taken as a name only when the article never writes it in lower case, it is
    not a measure or subject word, and it does not end like a common noun (-ity, -tion, -ers ...).
    """
    if " " in name or name.isupper() or not name[1:].islower():
        return False
    low = name.lower()
    if low in _VOCABULARY or low.endswith(_COMMON_SUFFIXES):
        return True
    return re.search(rf"(?<![\w-]){re.escape(low)}(?![\w-])", text) is not None


def _is_subject(text: str, start: int, end: int) -> bool:
    """Tell whether a name is written as a subject: possessive, or followed by a verb."""
    after = text[end:end + 20]
    if re.match(r"['’]s\b", after) or text[end - 1:end] == "s" and re.match(r"['’](?![\w'’])", after):
        return True
    m = re.match(r"\s+(?:\w+ly\s+)?([a-z]+)\b", after)
    return bool(m and m.group(1) in SUBJECT_VERBS)

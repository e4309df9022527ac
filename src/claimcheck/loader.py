"""Read ``claims/`` and ``seeds/`` into model objects, keeping every field's file and line.

YAML is composed (not constructed) with the safe loader, so each scalar keeps its mark and its
text exactly as written: ``figure: 9.50`` stays ``"9.50"``, never the float 9.5. Anchors and
aliases are refused (a claims file has no use for them, and they are how YAML bombs expand).
Problems are collected, never raised: one broken file does not hide the rest. Which files are
read is :mod:`claimcheck.folders`'s to say; every file is read through
:func:`claimcheck.reading.read_bytes` (inside its folder, regular files only, bounded).
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from claimcheck.folders import ARCHIVE_FILE, QUANTITIES_FILE, list_folder, sort_claims_folder
from claimcheck.gcpause import gc_paused
from claimcheck.location import Location
from claimcheck.model import (
    Claim,
    Entity,
    IgnoreEntry,
    KeyError_,
    Metric,
    Period,
    Source,
)
from claimcheck.reading import MISSING, NOT_REGULAR, OUTSIDE, ReadRefused, read_bytes
from claimcheck.results import Finding
from claimcheck.rules import get as get_rule
from claimcheck.seedtext import SeedError, SeedText

#: claims read from one file at most; split larger files (one per article is the convention)
MAX_CLAIMS_PER_FILE = 50_000
CLAIM_FIELDS = frozenset(
    {"id", "quote", "figure", "unit", "kind", "quantity", "hedge", "derivation", "exact", "made", "among", "note",
     "review", "review_reason"}
)
SOURCE_FIELDS = frozenset({"seed", "publisher", "date", "title", "url", "note"})
IGNORE_FIELDS = frozenset({"figure", "quote", "reason"})


def problem(code: str, location: Location | None, message: str, claims: tuple[str, ...] = ()) -> Finding:
    """Make a finding for a load, schema or provenance problem with its rule's severity."""
    return Finding(code, get_rule(code).severity, message, location, claims=claims)


def refusal(refused: ReadRefused, location: Location | None, what: str) -> Finding:
    """Make the finding of a file not read: CC005 outside its folder, CC006 not a regular file, else CC002.

    :param what: the subject of the refusal's sentence ("claims file", "seed 'a.txt'").
    """
    code = {OUTSIDE: "CC005", NOT_REGULAR: "CC006"}.get(refused.reason, "CC002")
    return problem(code, location, f"{what} {refused.message}")


class Positions(Mapping[str, Location]):
    """Locations by name, built on demand from 0-based (line, column) marks: a million claims keep ints, not objects."""

    __slots__ = ("_path", "_marks")

    def __init__(self, path: str, marks: dict[str, tuple[int, int]]) -> None:
        self._path = path
        self._marks = marks

    def __getitem__(self, name: str) -> Location:
        line, col = self._marks[name]
        return Location(self._path, line + 1, col + 1)

    def __iter__(self) -> Iterator[str]:
        return iter(self._marks)

    def __len__(self) -> int:
        return len(self._marks)

    def __contains__(self, name: object) -> bool:
        return name in self._marks


class Node:
    """A YAML node with its location: a scalar's text, a mapping's items or a sequence's items.

    Locations are kept as marks and made into :class:`Location` objects when asked for.
    """

    __slots__ = ("_path", "_mark", "_location", "text", "tag", "mapping", "sequence", "_keys")

    def __init__(self, location: Location | None = None, text: str | None = None, tag: str | None = None,
                 mapping: dict[str, Node] | None = None, sequence: list[Node] | None = None,
                 key_locations: Mapping[str, Location] | None = None) -> None:
        self._path = location.path if location else ""
        self._mark: tuple[int, int] | None = None
        self._location = location
        self.text = text
        self.tag = tag
        self.mapping = mapping
        self.sequence = sequence
        self._keys: Mapping[str, Location] = key_locations if key_locations is not None else {}

    @classmethod
    def at(cls, path: str, mark: tuple[int, int], text: str | None = None, tag: str | None = None,
           mapping: dict[str, Node] | None = None, sequence: list[Node] | None = None,
           keys: dict[str, tuple[int, int]] | None = None) -> Node:
        """A node at a 0-based (line, column) mark."""
        node = cls.__new__(cls)
        node._path = path
        node._mark = mark
        node._location = None
        node.text = text
        node.tag = tag
        node.mapping = mapping
        node.sequence = sequence
        node._keys = Positions(path, keys) if keys else {}
        return node

    @property
    def location(self) -> Location:
        """Where the node starts (1-based)."""
        if self._location is None:
            line, col = self._mark or (0, 0)
            self._location = Location.from_mark(self._path, line, col)
        return self._location

    @property
    def mark(self) -> tuple[int, int] | None:
        """The 0-based (line, column) the node starts at, when read from a file."""
        if self._mark is None and self._location is not None and self._location.line is not None:
            return self._location.line - 1, (self._location.col or 1) - 1
        return self._mark

    @property
    def key_locations(self) -> Mapping[str, Location]:
        """Where each key of a mapping is written."""
        return self._keys

    def scalar(self) -> str | None:
        """The scalar's text as written, or None for null."""
        if self.text is None or self.tag == "tag:yaml.org,2002:null":
            return None
        return self.text

    def boolean(self) -> bool | None:
        """The scalar as a YAML boolean, or None when it is not one."""
        if self.tag == "tag:yaml.org,2002:bool" and self.text is not None:
            return self.text.lower() in ("true", "yes", "on")
        return None


class _AliasFound(Exception):
    def __init__(self, location: Location) -> None:
        self.location = location


def _convert(node: yaml.Node, path: str, seen: set[int], duplicates: list[Finding]) -> Node:
    """Convert a composed YAML node into a :class:`Node` tree.

    A key repeated in a mapping is kept once (the first) and reported in ``duplicates`` (CC007) at the repeat.
    """
    if id(node) in seen:
        raise _AliasFound(Location.from_mark(path, node.start_mark.line, node.start_mark.column))
    seen.add(id(node))
    mark = node.start_mark
    where = (mark.line, mark.column)
    if isinstance(node, yaml.MappingNode):
        items: dict[str, Node] = {}
        keys: dict[str, tuple[int, int]] = {}
        for key_node, value_node in node.value:
            key = str(key_node.value) if isinstance(key_node, yaml.ScalarNode) else repr(key_node)
            at = (key_node.start_mark.line, key_node.start_mark.column)
            if key in items:
                duplicates.append(problem("CC007", Location.from_mark(path, *at), f"duplicate key {key!r} (first at "
                                          f"line {keys[key][0] + 1}): a mapping holds each key once, and the first "
                                          "is the one read; delete the other"))
                continue
            keys[key] = at
            items[key] = _convert(value_node, path, seen, duplicates)
        return Node.at(path, where, mapping=items, keys=keys)
    if isinstance(node, yaml.SequenceNode):
        return Node.at(path, where, sequence=[_convert(child, path, seen, duplicates) for child in node.value])
    return Node.at(path, where, text=str(node.value), tag=node.tag)


#: libyaml's composer recurses on the C stack without Python's recursion limit: inputs nested
#: deeper than this (counted generously: every flow bracket, or an indentation this wide) are
#: composed by the pure-Python loader, which stops cleanly at the recursion limit
C_LOADER_MAX_NESTING = 1000
_DEEP_INDENT = re.compile(r"\n[ \t-]{%d}" % (2 * C_LOADER_MAX_NESTING))


_NULL, _BOOL, _STR = "tag:yaml.org,2002:null", "tag:yaml.org,2002:bool", "tag:yaml.org,2002:str"
#: the plain scalars YAML 1.1 reads as null or a boolean (PyYAML's resolver patterns, spelled out)
_PLAIN_TAGS = {**dict.fromkeys(("", "~", "null", "Null", "NULL"), _NULL),
               **dict.fromkeys(("yes", "Yes", "YES", "no", "No", "NO", "true", "True", "TRUE", "false", "False",
                                "FALSE", "on", "On", "ON", "off", "Off", "OFF"), _BOOL)}

if hasattr(yaml, "CSafeLoader"):
    class _CLoader(yaml.CSafeLoader):  # type: ignore[name-defined,misc]
        """libyaml, resolving plain scalars only as far as :class:`Node` reads them: null, boolean, else text.

        PyYAML's resolver tries a regular expression per tag on every plain scalar, in Python; a
        claims file reads no ints, floats or timestamps (figures and dates stay text), so a dict
        lookup gives the same :meth:`Node.scalar` and :meth:`Node.boolean` for a tenth of loading.
        """

        def resolve(self, kind: type, value: str, implicit: tuple[bool, bool]) -> str:
            if kind is yaml.ScalarNode and implicit[0]:
                return _PLAIN_TAGS.get(value, _STR)
            return super().resolve(kind, value, implicit)
else:  # pragma: no cover - PyYAML built without libyaml
    _CLoader = None


def _loader_for(text: str) -> type:
    """The C loader (libyaml, same marks) when PyYAML has it and the text cannot nest dangerously deep."""
    if _CLoader is None or text.count("[") + text.count("{") > C_LOADER_MAX_NESTING or _DEEP_INDENT.search(text):
        return yaml.SafeLoader
    return _CLoader


def read_yaml(path: Path, shown: str, *, inside: Path | None = None,
              what: str = "file") -> tuple[Node | None, list[Finding]]:
    """Read one YAML file into a :class:`Node` tree, with the problems met (the tree is None when one stops it).

    :param shown: the path as messages show it.
    :param inside: the folder the file must resolve inside (:func:`claimcheck.reading.read_bytes`), if any.
    :param what: what the file is, as a refusal names it ("claims file").
    """
    try:
        data = read_bytes(path, inside=inside)
    except ReadRefused as refused:
        return None, [refusal(refused, Location(shown), what)]
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = data.count(b"\n", 0, err.start) + 1
        return None, [problem("CC002", Location(shown, line), f"not UTF-8 (byte 0x{data[err.start]:02x}): "
                              "save the file as UTF-8")]
    try:
        root = yaml.compose(text, Loader=_loader_for(text))
    except yaml.MarkedYAMLError as err:
        return None, [_syntax_problem(err, text, shown)]
    except yaml.reader.ReaderError as err:
        return None, [_character_problem(err, text, shown)]
    except RecursionError:
        return None, [problem("CC001", Location(shown), "YAML nesting is too deep to read (a claims file is a few "
                              "levels deep): look for runaway brackets")]
    except yaml.YAMLError as err:
        return None, [problem("CC001", Location(shown), f"invalid YAML: {err.__class__.__name__}")]
    if root is None:
        return None, [problem("CC019", Location(shown, 1), "file is empty: it needs a mapping")]
    duplicates: list[Finding] = []
    try:
        return _convert(root, shown, set(), duplicates), duplicates
    except _AliasFound as found:
        return None, [problem("CC019", found.location, "anchors and aliases (&, *) are not supported: write the value out")]
    except RecursionError:
        return None, [problem("CC019", Location(shown), "nesting is too deep to be a claims file")]


def _syntax_problem(err: yaml.MarkedYAMLError, text: str, shown: str) -> Finding:
    """Make the CC001 finding of a YAML syntax error, located where it can be fixed.

    That is where the scan stopped, except for a quoted value never closed (the scan ran into the
    end of the file or the next document) and for anything still open when the file ends: there it
    is where the quote (or bracket, or block) opens.
    """
    what = " ".join(str(x) for x in (err.context, err.problem) if x)
    opened, stopped = err.context_mark, err.problem_mark
    if opened is not None and stopped is not None:
        end = f"line {stopped.line + 1}"
        where = Location.from_mark(shown, opened.line, opened.column)
        if err.context == "while scanning a quoted scalar" and re.search(r"end of stream|document", str(err.problem)):
            return problem("CC001", where, f"invalid YAML: a quoted value opens here and is never closed ({err.problem} "
                           f"at {end}): close the quote")
        if _at_end(text, stopped.line, stopped.column):
            return problem("CC001", where, f"invalid YAML: {what} (at {end}, the end of the file): what opens here "
                           "is never closed")
    mark = stopped or opened
    loc = Location.from_mark(shown, mark.line, mark.column) if mark else Location(shown)
    return problem("CC001", loc, f"invalid YAML: {what}: fix the syntax at this line")


def _at_end(text: str, line0: int, col0: int) -> bool:
    """Tell whether a 0-based (line, column) is past the last character of the text that is not whitespace."""
    body = text.rstrip()
    return (line0, col0) >= (body.count("\n"), len(body) - (body.rfind("\n") + 1))


def _character_problem(err: yaml.reader.ReaderError, text: str, shown: str) -> Finding:
    """Make the CC001 finding of a character YAML does not allow (a NUL byte, a control character), at its place.

    The reader gives an offset in characters or in bytes depending on the loader, but the
    character itself is exact, and its first occurrence is the one it stopped at.
    """
    char = chr(err.character) if isinstance(err.character, int) else str(err.character)[:1]
    at = text.find(char) if char else -1
    loc = Location(shown)
    if at >= 0:
        loc = Location(shown, text.count("\n", 0, at) + 1, at - (text.rfind("\n", 0, at) + 1) + 1)
    name = ("a NUL byte" if char == "\0" else "a control character" if char and (ord(char) < 32 or 127 <= ord(char) < 160)
            else "a character YAML does not allow")
    code = f"U+{ord(char):04X}" if char else "?"
    return problem("CC001", loc, f"invalid YAML: character {code} ({name}) is not allowed in YAML: remove it, "
                   "or write it as an escape inside double quotes")


@dataclass
class Registry:
    """Everything read from ``claims/`` and ``seeds/``, with the problems met on the way."""

    claims_dir: Path
    seeds_dir: Path
    entities: dict[str, Entity] = field(default_factory=dict)
    metrics: dict[str, Metric] = field(default_factory=dict)
    sources: dict[str, Source] = field(default_factory=dict)
    claims: list[Claim] = field(default_factory=list)
    ignores: list[IgnoreEntry] = field(default_factory=list)
    seeds: dict[str, SeedText] = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)
    #: the claims files read (their YAML, whatever its problems), in reading order
    claims_files: list[Path] = field(default_factory=list)

    def claim(self, claim_id: str) -> Claim:
        """Return a claim by id."""
        return next(c for c in self.claims if c.id == claim_id)


def shown_path(path: Path) -> str:
    """A path as messages show it: relative to the working folder when inside it."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except (ValueError, RuntimeError, OSError):  # outside the working folder, or a link loop on the way
        return str(path)


class ShownPaths:
    """:func:`shown_path` of names inside one folder, resolving the folder and the working folder once.

    A plain file name that is not a symbolic link resolves to the resolved folder and the name, so
    the thousands of articles of an archive cost one ``lstat`` each instead of one per path component.
    """

    def __init__(self, folder: Path) -> None:
        self._folder = folder
        self._shown: dict[str, str] = {}
        self._resolved: tuple[Path, Path] | None = None  # the folder and the working folder, when first needed

    def __call__(self, name: str) -> str:
        """The shown path of ``folder / name``."""
        shown = self._shown.get(name)
        if shown is None:
            shown = self._shown[name] = self._show(name)
        return shown

    def _show(self, name: str) -> str:
        path = self._folder / name
        if name in ("", ".", "..") or "/" in name or os.sep in name or "\0" in name or os.path.islink(path):
            return shown_path(path)
        if self._resolved is None:
            self._resolved = self._folder.resolve(), Path.cwd().resolve()
        folder, cwd = self._resolved
        try:
            return str((folder / name).relative_to(cwd))
        except ValueError:
            return str(path)


def expect_mapping(node: Node | None, what: str, out: list[Finding]) -> dict[str, Node]:
    """A mapping node's items; anything else is reported (CC019) and read as empty."""
    if node is None:
        return {}
    if node.mapping is None:
        out.append(problem("CC019", node.location, f"{what} must be a mapping (key: value lines)"))
        return {}
    return node.mapping


def expect_sequence(node: Node | None, what: str, out: list[Finding]) -> list[Node]:
    """A sequence node's items (none for null); anything else is reported (CC019) and read as empty."""
    if node is None or node.scalar() is None and node.mapping is None and node.sequence is None:
        return []
    if node.sequence is None:
        out.append(problem("CC019", node.location, f"{what} must be a list (lines starting with '- ')"))
        return []
    return node.sequence


def scalar_fields(mapping: dict[str, Node], node: Node, allowed: frozenset[str], what: str,
                  out: list[Finding]) -> dict[str, Any]:
    """Take the scalar fields of a mapping, reporting unknown and non-scalar ones."""
    values: dict[str, Any] = {}
    for key, child in mapping.items():
        if key not in allowed:
            loc = node.key_locations.get(key) or child.location
            out.append(problem("CC011", loc, f"unknown field {key!r} in {what}: allowed are {', '.join(sorted(allowed))}"))
            continue
        if child.mapping is not None or child.sequence is not None:
            out.append(problem("CC019", child.location, f"field {key!r} of {what} must be a single value"))
            continue
        flag = child.boolean()
        values[key] = flag if flag is not None else child.scalar()
    return values


def _read_quantities(registry: Registry, path: Path, shown: str) -> None:
    root, found = read_yaml(path, shown, inside=registry.claims_dir, what="quantities file")
    registry.findings += found
    if root is None:
        return
    top = expect_mapping(root, "quantities.yaml", registry.findings)
    for name, node in expect_mapping(top.get("entities"), "entities", registry.findings).items():
        fields = scalar_fields(expect_mapping(node, f"entity {name!r}", registry.findings), node,
                          frozenset({"name", "parent"}), f"entity {name!r}", registry.findings)
        registry.entities[name] = Entity(name, fields.get("name") or name, fields.get("parent"))
    for name, node in expect_mapping(top.get("metrics"), "metrics", registry.findings).items():
        mapping = expect_mapping(node, f"metric {name!r}", registry.findings)
        bases_node = mapping.pop("bases", None)
        fields = scalar_fields(mapping, node, frozenset({"unit", "description", "definition", "part_of"}),
                          f"metric {name!r}", registry.findings)
        bases = {k: v.scalar() or "" for k, v in expect_mapping(bases_node, "bases", registry.findings).items()}
        if not fields.get("unit"):
            registry.findings.append(problem("CC010", node.location, f"metric {name!r} has no unit"))
        registry.metrics[name] = Metric(name, fields.get("unit") or "", fields.get("description") or "",
                                        bases, fields.get("definition"), fields.get("part_of"), node.location)


def _read_claims_file(registry: Registry, path: Path, shown: str) -> None:
    root, found = read_yaml(path, shown, inside=registry.claims_dir, what="claims file")
    registry.findings += found
    if root is None:
        return
    registry.claims_files.append(path)
    out = registry.findings
    top = _scalars_free_mapping(root, shown, out)
    source_node = top.get("source")
    if source_node is None:
        out.append(problem("CC010", root.location, "missing 'source:' (seed, publisher, date)"))
        return
    meta = scalar_fields(expect_mapping(source_node, "source", out), source_node, SOURCE_FIELDS, "source", out)
    for required in ("seed", "publisher", "date"):
        if not meta.get(required):
            out.append(problem("CC010", source_node.location, f"source has no {required!r}"))
    seed = meta.get("seed") or ""
    if meta.get("date") and not _valid_date(str(meta["date"])):
        out.append(problem("CC012", source_node.mapping["date"].location if source_node.mapping else source_node.location,
                           f"source date {meta['date']!r} is not a real YYYY-MM-DD, YYYY-MM or YYYY date"))
    seed_node = source_node.mapping.get("seed") if source_node.mapping else None
    registry.sources[shown] = Source(seed, meta.get("publisher") or "", str(meta.get("date") or ""),
                                     meta.get("title"), meta.get("url"), meta.get("note"), source_node.location,
                                     seed_node.location if seed_node is not None else None)
    claim_nodes = expect_sequence(top.get("claims"), "claims", out)
    if len(claim_nodes) > MAX_CLAIMS_PER_FILE:
        out.append(problem("CC019", top["claims"].location, f"{len(claim_nodes):,} claims in one file, over the limit of "
                           f"{MAX_CLAIMS_PER_FILE:,} (claimcheck.loader.MAX_CLAIMS_PER_FILE): split the file; "
                           "the rest of it was not read"))
        claim_nodes = claim_nodes[:MAX_CLAIMS_PER_FILE]
    for node in claim_nodes:
        mapping = expect_mapping(node, "a claim", out)
        if not mapping:
            continue
        values = scalar_fields(mapping, node, CLAIM_FIELDS, "a claim", out)
        fields = Positions(shown, {k: mapping[k].mark for k in values if mapping[k].mark is not None})
        registry.claims.append(Claim(
            id=_text(values.get("id")), file=shown, seed=seed, quote=_text(values.get("quote")),
            figure=_text(values.get("figure")), unit=_text(values.get("unit")), kind=_text(values.get("kind")),
            quantity=_text(values.get("quantity")), hedge=values.get("hedge"), derivation=values.get("derivation"),
            exact=values.get("exact") is True, made=values.get("made"), among=values.get("among"),
            note=values.get("note"), location=node.location, fields=fields,
        ))
    for node in expect_sequence(top.get("ignore"), "ignore", out):
        values = scalar_fields(expect_mapping(node, "an ignore entry", out), node, IGNORE_FIELDS, "an ignore entry", out)
        missing = [f for f in ("figure", "quote", "reason") if not values.get(f)]
        if missing:
            out.append(problem("CC010", node.location, f"ignore entry has no {', '.join(missing)}: "
                               "each needs the figure, the quote it sits in and a reason"))
            continue
        registry.ignores.append(IgnoreEntry(shown, seed, str(values["figure"]), str(values["quote"]),
                                            str(values["reason"]), node.location))


def _scalars_free_mapping(root: Node, shown: str, out: list[Finding]) -> dict[str, Node]:
    top = expect_mapping(root, shown, out)
    for key in top:
        if key not in ("source", "claims", "ignore"):
            out.append(problem("CC011", root.key_locations.get(key), f"unknown top-level key {key!r}: "
                               "a claims file has source, claims and ignore"))
    return top


def _valid_date(text: str) -> bool:
    """Tell whether a source date is a real YYYY, YYYY-MM or YYYY-MM-DD date.

    >>> _valid_date("2025-01-14"), _valid_date("2024"), _valid_date("2025-02-30"), _valid_date("Jan 2025")
    (True, True, False, False)
    """
    try:
        Period.parse(text)
    except KeyError_:
        return False
    return not re.search(r"-[QH]", text)


def _text(value: Any) -> str:
    return "" if value is None or value is True or value is False else str(value)


@gc_paused
def load(claims_dir: Path, seeds_dir: Path) -> Registry:
    """Read a registry; problems end up in ``registry.findings``, never raised.

    The claims files are those :mod:`claimcheck.folders` finds (``.yaml``/``.yml`` in any case, in
    subfolders too); every other file under the claims folder is reported as not read (CC008).
    Claims come from the YAML files and, when present, from a Parquet archive (see
    :mod:`claimcheck.archive`). Seeds are read for every claims file's ``source.seed``, from
    inside the seeds folder only; a seed no claims file names is reported (CC009).
    """
    from claimcheck.archive import read_archive  # it builds on this module

    registry = Registry(claims_dir, seeds_dir)
    if not claims_dir.is_dir():
        registry.findings.append(problem("CC004", Location(shown_path(claims_dir)), "claims folder not found: "
                                         "pass --claims DIR or run from the project folder"))
        return registry
    shown_dir = Path(shown_path(claims_dir))
    quantities = claims_dir / QUANTITIES_FILE
    if os.path.lexists(quantities):
        _read_quantities(registry, quantities, str(shown_dir / QUANTITIES_FILE))
    else:
        registry.findings.append(problem("CC004", Location(str(shown_dir / QUANTITIES_FILE)),
                                         "quantities.yaml not found: it declares the entities and metrics keys use"))
    folder = sort_claims_folder(list_folder(claims_dir))
    archive = os.path.lexists(claims_dir / ARCHIVE_FILE)
    if not folder.claims_files and not archive:
        registry.findings.append(problem("CC004", Location(str(shown_dir)),
                                         "no claims files (*.yaml, *.yml) in the claims folder"))
    for name in folder.claims_files:
        _read_claims_file(registry, claims_dir / name, str(shown_dir / name))
    registry.findings += [problem("CC008", Location(str(shown_dir / name)), f"not read: {why}")
                          for name, why in folder.unread]
    if archive:
        read_archive(registry, claims_dir)
    _read_seeds(registry)
    registry.findings += _unnamed_seeds(registry)
    return registry


def _read_seeds(registry: Registry) -> None:
    """Read the seed each source names, from inside the seeds folder only; a refusal is a finding at ``source.seed``."""
    seeds_dir = registry.seeds_dir
    shown_seed = ShownPaths(seeds_dir)
    for source in registry.sources.values():
        if not source.seed or source.seed in registry.seeds:
            continue
        try:
            data = read_bytes(seeds_dir / source.seed, inside=seeds_dir)
        except ReadRefused as refused:
            if refused.reason == MISSING:
                registry.findings.append(problem("CC003", source.location,
                                                 f"seed {source.seed!r} not found in {shown_path(seeds_dir)}/: "
                                                 "add the article there or fix source.seed"))
            else:
                registry.findings.append(refusal(refused, source.seed_at or source.location, f"seed {source.seed!r}"))
            continue
        try:
            registry.seeds[source.seed] = SeedText.decode(data, shown_seed(source.seed))
        except SeedError as err:
            registry.findings.append(problem("CC002", err.location, err.message))


def _unnamed_seeds(registry: Registry) -> list[Finding]:
    """Report (CC009) every file in the seeds folder that no source names.

    Only once the registry is usable: while a claims file or a seed cannot be read, which
    article it covers is not known, and its own finding says what to fix.
    """
    if not registry.seeds_dir.is_dir() or any(get_rule(f.code).unusable for f in registry.findings):
        return []
    named = {os.path.normpath(source.seed).replace(os.sep, "/") for source in registry.sources.values() if source.seed}
    shown_dir = Path(shown_path(registry.seeds_dir))
    return [problem("CC009", Location(str(shown_dir / name)), f"seed {name!r} is named by no claims file, so nothing "
                    f"in it is checked: write its claims file (source.seed: {name}), or move it out of the seeds folder")
            for name in list_folder(registry.seeds_dir).files if name not in named]

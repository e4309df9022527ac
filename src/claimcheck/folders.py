"""Which files of the claims and seeds folders claimcheck reads, and which it leaves unread.

The claims folder is read recursively: every file whose name ends in ``.yaml`` or ``.yml`` in
any case (``t.YAML``, ``2025/t.yml``) is a claims file, except ``quantities.yaml`` at the top,
which declares the entities and metrics. Names starting with a dot (``.git/``, ``.t.yaml.swp``)
are skipped, and links to folders are not followed. Everything else under ``claims/`` is *not
read* and is reported (CC008), so nothing a user put there is silently left out: files with
other extensions, a ``quantities.yaml`` below the top, a link to a folder. The Parquet archive
(``claims.parquet``, ``sources.parquet``, ``ignore.parquet``) at the top is read by
:mod:`claimcheck.archive`.

The seeds folder is listed the same way, so that a seed no claims file names is reported (CC009).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

#: the one quantities file, at the top of the claims folder
QUANTITIES_FILE = "quantities.yaml"
#: the files of a Parquet archive (:mod:`claimcheck.archive`), at the top of the claims folder
ARCHIVE_FILE, ARCHIVE_SOURCES, ARCHIVE_IGNORE = ARCHIVE_FILES = ("claims.parquet", "sources.parquet", "ignore.parquet")
#: what a claims file's name ends in, compared lower-cased
CLAIMS_SUFFIXES = (".yaml", ".yml")


@dataclass
class Listing:
    """The files under a folder: relative POSIX paths in reading order, and what was not followed."""

    files: list[str] = field(default_factory=list)
    #: links to folders (not followed) and folders that could not be listed, each with why (after "not read: ")
    skipped: list[tuple[str, str]] = field(default_factory=list)


def list_folder(folder: Path) -> Listing:
    """List every file under a folder, skipping names that start with a dot and not following links to folders.

    Files come sorted by their path's parts (``a/x.yml`` < ``a.yaml`` < ``b.yaml``), the order
    ``sorted()`` gives paths; a link to a file, a FIFO or a device is listed like a file (reading
    it refuses what is not a regular file).

    >>> import tempfile
    >>> root = Path(tempfile.mkdtemp())
    >>> for name in ("b.yaml", "a/x.yml", ".git/c.yaml", ".swp", "a.yaml"):
    ...     (root / name).parent.mkdir(parents=True, exist_ok=True); _ = (root / name).write_text("")
    >>> list_folder(root).files
    ['a/x.yml', 'a.yaml', 'b.yaml']
    """
    listing = Listing()
    found: list[tuple[tuple[str, ...], str]] = []

    def unlistable(err: OSError) -> None:
        where = os.path.relpath(err.filename, folder) if err.filename else "."
        listing.skipped.append((where.replace(os.sep, "/"),
                                f"the folder cannot be listed ({(err.strerror or str(err)).lower()})"))

    for root, dirs, names in os.walk(folder, onerror=unlistable):
        rel = os.path.relpath(root, folder)
        parts: tuple[str, ...] = () if rel == "." else tuple(rel.split(os.sep))
        kept = []
        for name in dirs:
            if name.startswith("."):
                continue
            if os.path.islink(os.path.join(root, name)):
                listing.skipped.append(("/".join((*parts, name)), "a link to a folder is not followed: "
                                        "move its files into the folder"))
                continue
            kept.append(name)
        dirs[:] = kept
        found += [((*parts, name), "/".join((*parts, name))) for name in names if not name.startswith(".")]
    listing.files = [path for _, path in sorted(found)]
    listing.skipped.sort()
    return listing


@dataclass
class ClaimsFolder:
    """What the claims folder holds: the claims files to read and the files left unread, each with why."""

    claims_files: list[str]
    unread: list[tuple[str, str]]


def sort_claims_folder(listing: Listing) -> ClaimsFolder:
    """Split a claims folder's listing into claims files and files not read (with the reason).

    >>> folder = sort_claims_folder(Listing(["a.YAML", "claims.parquet", "quantities.yaml", "x/quantities.yaml",
    ...                                      "x/b.yml", "notes.txt"]))
    >>> folder.claims_files
    ['a.YAML', 'x/b.yml']
    >>> [path for path, _ in folder.unread]
    ['x/quantities.yaml', 'notes.txt']
    """
    claims, unread = [], []
    for path in listing.files:
        top = "/" not in path
        name = path.rsplit("/", 1)[-1]
        if top and (name == QUANTITIES_FILE or name in ARCHIVE_FILES):
            continue
        if not name.lower().endswith(CLAIMS_SUFFIXES):
            unread.append((path, "claims files end in .yaml or .yml"))
        elif name == QUANTITIES_FILE:
            unread.append((path, f"{QUANTITIES_FILE} is read only at the top of the claims folder"))
        else:
            claims.append(path)
    return ClaimsFolder(claims, unread + listing.skipped)

"""Writing files so that nothing a user has is ever left half-written."""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path


def umask() -> int:
    """The process's file-creation mask (read by setting it and putting it back)."""
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def write_atomic(path: Path, text: str | Iterable[str]) -> None:
    """Write a text file atomically (see :func:`replace_all_atomic`), as UTF-8 with ``\\n`` line ends.

    :param text: the content; or its pieces, written as they come (a failure while they are
        produced leaves the old file as it was).
    """
    def write(tmp: Path) -> None:
        with tmp.open("w", encoding="utf-8", newline="\n") as handle:
            handle.writelines([text] if isinstance(text, str) else text)

    replace_all_atomic({path: write})


def replace_all_atomic(files: dict[Path, Callable[[Path], None]]) -> None:
    """Make files atomically: each ``write`` fills a temporary file beside its path, then each is put in place with ``os.replace``.

    Readers see each old file or its new one, never a mix; on any error while writing (or an
    interruption before the replaces) every old file is untouched and the temporary files are
    removed. Only a crash between the replaces themselves can leave some files new and some old.
    A file that exists keeps its permissions; a new one gets the usual ones (``mkstemp`` alone
    would make it private).

    :param files: each file to make (its folder is created if needed) and what writes its whole
        content to the path it is given.
    """
    made: dict[Path, Path] = {}
    try:
        for path, write in files.items():
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
            os.close(fd)
            made[path] = tmp = Path(name)
            write(tmp)
            with tmp.open("rb+") as handle:
                os.fsync(handle.fileno())
            if path.exists():
                shutil.copymode(path, tmp)
            else:
                os.chmod(tmp, 0o666 & ~umask())
        for path, tmp in made.items():
            os.replace(tmp, path)
    except BaseException:
        for tmp in made.values():
            with contextlib.suppress(FileNotFoundError):
                os.unlink(tmp)
        raise
    for folder in {path.parent for path in files}:
        sync_folder(folder)


def sync_folder(folder: Path) -> None:
    """Flush a folder's entry list, so a replace survives a crash (best effort; not on every OS)."""
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)

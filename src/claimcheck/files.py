"""Writing files so that nothing a user has is ever left half-written."""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from collections.abc import Iterable
from pathlib import Path


def umask() -> int:
    """The process's file-creation mask (read by setting it and putting it back)."""
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def write_atomic(path: Path, text: str | Iterable[str]) -> None:
    """Write a text file atomically: a temporary file in the same folder, fsync, then ``os.replace``.

    Readers see the old file or the new one, never a mix; on any error (or an interruption
    before the replace) the old file is untouched and the temporary file is removed. A file
    that exists keeps its permissions; a new one gets the usual ones (``mkstemp`` alone would
    make it private).

    :param path: the file to write (its folder is created if needed).
    :param text: the content, written as UTF-8 with ``\\n`` line ends; or its pieces, written as
        they come (a failure while they are produced leaves the old file as it was).
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.writelines([text] if isinstance(text, str) else text)
            handle.flush()
            os.fsync(handle.fileno())
        if path.exists():
            shutil.copymode(path, tmp)
        else:
            os.chmod(tmp, 0o666 & ~umask())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise
    sync_folder(path.parent)


def sync_folder(folder: Path) -> None:
    """Flush a folder's entry list, so a replace survives a crash (best effort; not on every OS)."""
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)

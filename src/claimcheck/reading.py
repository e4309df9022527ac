"""Reading files a user (or a pull request) wrote, so that no input can leave its folder, block or grow without bound.

Every path read from data, a folder or an option goes through :func:`read_bytes`:

- with ``inside=``, the path must resolve (after following links) inside that folder, or it is
  refused before anything is opened; what is opened is the resolved path, without following a
  link in its last part, so a link swapped in after the check is refused too;
- anything that is not a regular file (a FIFO, a device such as ``/dev/zero``, a folder, a
  socket) is refused before it is opened, and again after (``fstat`` on the open handle), so a
  file swapped in between cannot slip through;
- the read is bounded by the bytes actually read, not by ``stat`` (which says 0 for devices and
  may be stale): at most ``limit`` bytes, else it is refused.

A refusal is a :class:`ReadRefused` whose message completes a sentence about the file ("claims
file", "seed 'a.txt'", "baseline old.json") and whose :attr:`ReadRefused.reason` says which
kind of refusal it is; callers turn it into a finding with the file and line that named the path.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

#: the most a claims, quantities, acknowledgements or seed file may hold
MAX_FILE_BYTES = 20 * 1024 * 1024

#: why a file was not read (:attr:`ReadRefused.reason`)
OUTSIDE = "outside"          # it resolves outside the folder it must be in
NOT_REGULAR = "not-regular"  # a FIFO, device, folder or socket, or a link that loops
MISSING = "missing"          # not there, or a link to nothing
TOO_LARGE = "too-large"      # more bytes than the limit
UNREADABLE = "unreadable"    # the system refused (permissions, I/O)


class ReadRefused(Exception):
    """A file that is not read: outside its folder, not a regular file, too large, missing or unreadable.

    :param message: lower-case, completing a sentence whose subject is the file ("is not a regular file ..."),
        with what to do.
    :param reason: one of :data:`OUTSIDE`, :data:`NOT_REGULAR`, :data:`MISSING`, :data:`TOO_LARGE`,
        :data:`UNREADABLE`.
    """

    def __init__(self, message: str, reason: str) -> None:
        super().__init__(message)
        self.message = message
        self.reason = reason


def resolve_inside(path: Path, folder: Path) -> Path:
    """Resolve a path, following links, and check it stays inside a folder (itself resolved).

    :raises ReadRefused: when it leaves the folder, or a link loops.

    >>> import tempfile
    >>> root = Path(tempfile.mkdtemp()) / "seeds"
    >>> root.mkdir()
    >>> resolve_inside(root / "a.txt", root) == root.resolve() / "a.txt"
    True
    >>> resolve_inside(root / ".." / "secret.txt", root)
    Traceback (most recent call last):
    ...
    claimcheck.reading.ReadRefused: leaves the seeds folder: name a file inside it (no absolute path, no '..', no link out of it)
    """
    try:
        base = folder.resolve()
        real = path.resolve()
    except (RuntimeError, OSError):  # a link loop: RuntimeError before 3.13, OSError (ELOOP) after
        raise ReadRefused("cannot be resolved: a symbolic link loops", NOT_REGULAR) from None
    if real != base and base not in real.parents:
        raise ReadRefused(f"leaves the {folder.name or folder} folder: name a file inside it (no absolute path, "
                          "no '..', no link out of it)", OUTSIDE)
    return real


def read_bytes(path: Path, *, inside: Path | None = None, limit: int = MAX_FILE_BYTES,
               limit_name: str = "claimcheck.reading.MAX_FILE_BYTES") -> bytes:
    """Read a regular file whole, refusing anything else before it is opened.

    :param inside: the folder the path must resolve inside (after following links), if any.
    :param limit: the most bytes read; a longer file is refused.
    :param limit_name: the constant that sets ``limit``, named in the refusal.
    :raises ReadRefused: with a sentence saying why (not found, outside the folder, not a regular
        file, too large, unreadable).
    """
    if "\0" in str(path):
        raise ReadRefused("cannot be read: a path holds no NUL character", UNREADABLE)
    target, nofollow = path, 0
    if inside is not None:
        if not _plain_entry(path, inside):
            target = resolve_inside(path, inside)
        nofollow = getattr(os, "O_NOFOLLOW", 0)
    try:
        mode = os.stat(target).st_mode
    except FileNotFoundError:
        raise ReadRefused("is not found" if not os.path.islink(path) else "is a symbolic link to nothing",
                          MISSING) from None
    except OSError as err:
        raise _refusal(err) from None
    _refuse_special(mode)
    try:
        fd = os.open(target, os.O_RDONLY | nofollow | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0))
    except OSError as err:
        if nofollow and err.errno == errno.ELOOP:  # the file was replaced by a link after it was checked
            raise ReadRefused("was replaced by a symbolic link while it was read: read it again", NOT_REGULAR) from None
        raise _refusal(err) from None
    try:
        _refuse_special(os.fstat(fd).st_mode)
        chunks: list[bytes] = []
        total = 0
        while True:
            chunk = os.read(fd, min(1 << 20, limit + 1 - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
            if total > limit:
                raise ReadRefused(f"is over the {limit:,}-byte limit ({limit_name}): split it", TOO_LARGE)
    except OSError as err:
        raise _refusal(err) from None
    finally:
        os.close(fd)
    return b"".join(chunks)


def _plain_entry(path: Path, folder: Path) -> bool:
    """Tell whether a path is a name directly in a folder that is no link: inside it without resolving anything.

    What is opened is then that name, without following a link in it (``O_NOFOLLOW``), so the
    thousands of seeds of a large registry cost no ``realpath`` each.
    """
    return path.parent == folder and path.name not in ("", ".", "..") and not os.path.islink(path)


def _refuse_special(mode: int) -> None:
    if stat.S_ISREG(mode):
        return
    what = ("a folder" if stat.S_ISDIR(mode) else "a named pipe (FIFO)" if stat.S_ISFIFO(mode)
            else "a device" if stat.S_ISCHR(mode) or stat.S_ISBLK(mode) else "a socket" if stat.S_ISSOCK(mode)
            else "not a regular file")
    raise ReadRefused(f"is not a regular file ({what}): only plain files are read", NOT_REGULAR)


def _refusal(err: OSError) -> ReadRefused:
    """Make the refusal of a file the system would not stat, open or read."""
    if err.errno == errno.ELOOP:
        return ReadRefused("cannot be resolved: a symbolic link loops", NOT_REGULAR)
    return ReadRefused(f"cannot be read ({(err.strerror or str(err)).lower()})", UNREADABLE)

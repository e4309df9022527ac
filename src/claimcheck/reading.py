"""Reading files a user (or a pull request) wrote, so that no input can leave its folder, block or grow without bound.

Every path read from data, a folder or an option goes through :func:`read_bytes`:

- with ``inside=``, the path must resolve (after following links) inside that folder, or it is
  refused before anything is opened;
- anything that is not a regular file (a FIFO, a device such as ``/dev/zero``, a folder, a
  socket) is refused before it is opened, and again after (``fstat`` on the open handle), so a
  file swapped in between cannot slip through;
- the read is bounded by the bytes actually read, not by ``stat`` (which says 0 for devices and
  may be stale): at most ``limit`` bytes, else it is refused.

A refusal is a :class:`ReadRefused` with a sentence a user can act on; callers turn it into a
finding with the file and line that named the path.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

#: the most a claims, quantities, acknowledgements, baseline or seed file may hold
MAX_FILE_BYTES = 20 * 1024 * 1024


class ReadRefused(Exception):
    """A file that is not read: outside its folder, not a regular file, too large, missing or unreadable.

    :param message: lower-case, what is wrong and what to do.
    """

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def resolve_inside(path: Path, folder: Path) -> Path:
    """Resolve a path, following links, and check it stays inside a folder (itself resolved).

    :raises ReadRefused: when it leaves the folder, or a link loops.

    >>> import tempfile
    >>> root = Path(tempfile.mkdtemp())
    >>> resolve_inside(root / "a.txt", root) == root.resolve() / "a.txt"
    True
    >>> resolve_inside(root / ".." / "secret.txt", root)
    Traceback (most recent call last):
    ...
    claimcheck.reading.ReadRefused: path leaves its folder: it must name a file inside ...
    """
    try:
        base = folder.resolve()
        real = path.resolve()
    except (RuntimeError, OSError) as err:  # a link loop: RuntimeError before 3.13, OSError (ELOOP) after
        raise ReadRefused(f"cannot resolve the path ({_why(err)}): a symbolic link loops") from None
    if real != base and base not in real.parents:
        raise ReadRefused(f"path leaves its folder: it must name a file inside {folder}, "
                          "not an absolute path, a '..' or a link out of it")
    return real


def read_bytes(path: Path, *, inside: Path | None = None, limit: int = MAX_FILE_BYTES) -> bytes:
    """Read a regular file whole, refusing anything else before it is opened.

    :param inside: the folder the path must resolve inside (after following links), if any.
    :param limit: the most bytes read; a longer file is refused.
    :raises ReadRefused: with a sentence saying why (not found, outside the folder, not a regular
        file, too large, unreadable).
    """
    if inside is not None:
        resolve_inside(path, inside)
    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        raise ReadRefused("file not found" if not os.path.islink(path) else "a symbolic link to nothing") from None
    except OSError as err:
        raise ReadRefused(f"cannot read it ({_why(err)})") from None
    _refuse_special(mode)
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0))
    except OSError as err:
        raise ReadRefused(f"cannot read it ({_why(err)})") from None
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
                raise ReadRefused(f"file is over the {limit:,}-byte limit (claimcheck.reading.MAX_FILE_BYTES): "
                                  "split it")
    except OSError as err:
        raise ReadRefused(f"cannot read it ({_why(err)})") from None
    finally:
        os.close(fd)
    return b"".join(chunks)


def _refuse_special(mode: int) -> None:
    if stat.S_ISREG(mode):
        return
    what = ("a folder" if stat.S_ISDIR(mode) else "a named pipe (FIFO)" if stat.S_ISFIFO(mode)
            else "a device" if stat.S_ISCHR(mode) or stat.S_ISBLK(mode) else "a socket" if stat.S_ISSOCK(mode)
            else "not a regular file")
    raise ReadRefused(f"not a regular file ({what}): only plain files are read")


def _why(err: BaseException) -> str:
    if isinstance(err, OSError) and err.errno == errno.ELOOP:
        return "too many levels of symbolic links"
    return getattr(err, "strerror", None) or str(err) or err.__class__.__name__

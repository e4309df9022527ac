"""Copying seeds unchanged (atomic writes live in :mod:`claimcheck.files`)."""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

from claimcheck.files import sync_folder


class AuthoringError(Exception):
    """A file operation the author has to resolve (a clash in seeds/, an unreadable file)."""


def copy_seed(source: Path, seeds_dir: Path, name: str | None = None) -> tuple[Path, bool]:
    """Copy an article into ``seeds/`` byte for byte, never over a different file of that name.

    :param source: the article file.
    :param seeds_dir: the seeds folder (created if needed).
    :param name: the file name in seeds/ (default: the article's own name).
    :returns: the seed's path and whether it was copied (False: the same bytes were already there).
    :raises AuthoringError: when seeds/ already has a different file of that name, or the
        article is not UTF-8 text (claimcheck reads seeds as UTF-8 and never converts them).
    """
    data = source.read_bytes()
    try:
        data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise AuthoringError(f"{source}: not UTF-8 (byte 0x{data[err.start]:02x} at offset {err.start}): convert it "
                             "with `iconv -f <encoding> -t UTF-8` first; seeds are copied byte for byte") from None
    dest = seeds_dir / (name or source.name)
    if dest.exists():
        if dest.read_bytes() == data:
            return dest, False
        raise AuthoringError(f"{dest}: a different file of that name is already in {seeds_dir}/: seeds are never "
                             "overwritten; pass --name to add the article under another name")
    seeds_dir.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=seeds_dir, prefix=f".{dest.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        try:
            os.link(tmp, dest)  # fails if the name appeared meanwhile: never replaces a seed
        except FileExistsError:
            if dest.read_bytes() != data:
                raise AuthoringError(f"{dest}: a different file of that name appeared in {seeds_dir}/ while "
                                     "copying: nothing was overwritten") from None
            return dest, False
        except OSError:
            if dest.exists():
                raise
            os.replace(tmp, dest)
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
    sync_folder(seeds_dir)
    return dest, True

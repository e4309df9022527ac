"""Reading user files: inside their folder, regular files only, bounded by the bytes actually read."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from claimcheck import reading
from claimcheck.reading import MISSING, NOT_REGULAR, OUTSIDE, TOO_LARGE, UNREADABLE, ReadRefused, read_bytes


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "a.txt").write_text("inside\n", encoding="utf-8")
    (tmp_path / "secret.txt").write_text("outside\n", encoding="utf-8")
    return seeds


def refusal(path: Path, **options: object) -> ReadRefused:
    with pytest.raises(ReadRefused) as caught:
        read_bytes(path, **options)  # type: ignore[arg-type]
    return caught.value


def test_a_plain_file_inside_its_folder_is_read(folder: Path) -> None:
    assert read_bytes(folder / "a.txt", inside=folder) == b"inside\n"
    (folder / "2025").mkdir()
    (folder / "2025" / "b.txt").write_bytes(b"deeper")
    assert read_bytes(folder / "2025" / "b.txt", inside=folder) == b"deeper"
    (folder / "link.txt").symlink_to("a.txt")
    assert read_bytes(folder / "link.txt", inside=folder) == b"inside\n"


@pytest.mark.parametrize("name", ["../secret.txt", "2025/../../secret.txt", "{root}/secret.txt", "escape.txt"])
def test_a_path_out_of_its_folder_is_refused_before_it_is_opened(folder: Path, name: str,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    (folder / "escape.txt").symlink_to(folder.parent / "secret.txt")
    opened: list[str] = []
    real_open = os.open
    monkeypatch.setattr(reading.os, "open", lambda path, *a: opened.append(str(path)) or real_open(path, *a))
    refused = refusal(folder / name.format(root=folder.parent), inside=folder)
    assert refused.reason == OUTSIDE and refused.message.startswith("leaves the seeds folder")
    assert opened == []


def test_a_fifo_is_refused_without_blocking(folder: Path) -> None:
    os.mkfifo(folder / "x.txt")  # opening it for reading would wait for a writer forever
    refused = refusal(folder / "x.txt", inside=folder)
    assert refused.reason == NOT_REGULAR and "a named pipe (FIFO)" in refused.message


def test_a_device_is_refused_though_stat_says_it_is_empty() -> None:
    refused = refusal(Path("/dev/zero"))
    assert refused.reason == NOT_REGULAR and "a device" in refused.message


def test_a_folder_is_refused(folder: Path) -> None:
    assert refusal(folder, inside=folder.parent).reason == NOT_REGULAR


def test_links_that_loop_are_refused(folder: Path) -> None:
    (folder / "a.yaml").symlink_to("b.yaml")
    (folder / "b.yaml").symlink_to("a.yaml")
    for options in ({"inside": folder}, {}):
        refused = refusal(folder / "a.yaml", **options)
        assert refused.reason == NOT_REGULAR and "loops" in refused.message


def test_the_limit_counts_bytes_read_not_the_size_stat_gives() -> None:
    status = Path("/proc/self/status")  # a regular file whose size is 0 to stat, and holds more
    if not status.is_file() or status.stat().st_size != 0:
        pytest.skip("no /proc with zero-sized files here")
    refused = refusal(status, limit=10)
    assert refused.reason == TOO_LARGE and "10-byte limit" in refused.message
    assert len(read_bytes(status)) > 10


def test_a_file_over_the_limit_names_the_limit(folder: Path) -> None:
    refused = refusal(folder / "a.txt", limit=3, limit_name="claimcheck.test.LIMIT")
    assert refused.reason == TOO_LARGE and refused.message == "is over the 3-byte limit (claimcheck.test.LIMIT): split it"
    assert read_bytes(folder / "a.txt", limit=7) == b"inside\n"


def test_missing_files_links_to_nothing_and_nul_characters(folder: Path) -> None:
    assert refusal(folder / "none.txt", inside=folder).reason == MISSING
    (folder / "dangling.txt").symlink_to("none.txt")
    refused = refusal(folder / "dangling.txt", inside=folder)
    assert refused.reason == MISSING and refused.message == "is a symbolic link to nothing"
    assert refusal(folder / "a\0.txt", inside=folder).reason == UNREADABLE


def test_a_file_replaced_by_a_link_after_the_check_is_refused(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real_stat = os.stat

    def swap_after_stat(path: object, *args: object, **kwargs: object) -> os.stat_result:
        result = real_stat(path, *args, **kwargs)  # type: ignore[arg-type]
        (folder / "a.txt").unlink()
        (folder / "a.txt").symlink_to(folder.parent / "secret.txt")
        return result

    monkeypatch.setattr(reading.os, "stat", swap_after_stat)
    refused = refusal(folder / "a.txt", inside=folder)
    assert refused.reason == NOT_REGULAR and "replaced by a symbolic link" in refused.message

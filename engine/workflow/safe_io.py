"""Writing files the user named without ever losing one: gongkai never writes over a file it reads
(the disclosure, its waiver sidecar, a baseline or config, also through symlinks, `..` or hard links),
writes *through* a device or pipe instead of replacing it, replaces a regular file atomically (temp
file + rename, never half a report), and gives a new file the mode the umask asks for, an existing one
its old mode (mkstemp alone would make every file 0600)."""

from __future__ import annotations

import os
import stat
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

SIDECAR_SUFFIX = ".gongkai-waivers.json"


def sidecar_path(doc_path: str | os.PathLike[str]) -> Path:
    """The waiver sidecar next to a document (`<document>.gongkai-waivers.json`)."""
    p = Path(doc_path)
    return p.with_name(p.name + SIDECAR_SUFFIX)


class UnsafeOutput(ValueError):
    """The output would destroy something the user has (the CLI exits 2, the review session replies)."""


def same_file(a: str | os.PathLike[str], b: str | os.PathLike[str]) -> bool:
    """True when both names reach the same file (symlinks, `..` and hard links included)."""
    try:
        return os.path.samefile(a, b)
    except (OSError, ValueError):
        return False


def check_target(target: str | os.PathLike[str], reads: Iterable[str | os.PathLike[str] | None] = ()) -> None:
    """Refuse an output that is one of the files this command reads, or any waiver sidecar."""
    name = os.fsdecode(os.fspath(target))
    if Path(name).name.endswith(SIDECAR_SUFFIX) or _resolved_name(name).endswith(SIDECAR_SUFFIX):
        raise UnsafeOutput(f"输出不能写到豁免文件上 / refusing to write over a waiver file: {name}")
    for src in reads:
        if src is not None and same_file(target, src):
            raise UnsafeOutput(f"输出会覆盖输入文件 / refusing to overwrite the input: {name}")
    if os.path.isdir(name):
        raise UnsafeOutput(f"输出是一个目录 / the output is a directory: {name}")


def _resolved_name(name: str) -> str:
    try:
        return os.path.basename(os.path.realpath(name))
    except (OSError, ValueError):
        return ""


def is_special(target: str | os.PathLike[str]) -> bool:
    """An existing target that is not a regular file (a device, a pipe), or a name under /dev or /proc
    (`-o /dev/stderr` when stderr goes to a file): write through it, never replace it."""
    name = os.path.abspath(os.fsdecode(os.fspath(target)))
    if name.startswith(("/dev/", "/proc/")):
        return os.path.exists(name)
    try:
        return not stat.S_ISREG(os.stat(target).st_mode)
    except (OSError, ValueError):
        return False


def umask() -> int:
    """The process umask, without changing it for longer than a moment."""
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    old = os.umask(0o022)
    os.umask(old)
    return old


@contextmanager
def open_output(target: str | os.PathLike[str], binary: bool = False) -> Iterator[IO]:
    """A file object for `target`: written through for devices and pipes, else a temp file in the same
    directory that replaces the real file (a symlink's target, not the link) only once complete."""
    enc = None if binary else "utf-8"
    if is_special(target):  # append: /dev/stderr may be the user's log file
        with open(target, "ab" if binary else "a", encoding=enc) as fh:
            yield fh
        return
    mode = "wb" if binary else "w"
    real = Path(os.path.realpath(target))
    real.parent.mkdir(parents=True, exist_ok=True)
    try:
        keep = stat.S_IMODE(os.stat(real).st_mode)
    except OSError:
        keep = 0o666 & ~umask()
    fd, tmp = tempfile.mkstemp(dir=real.parent, prefix=f".{real.name[:64]}.")  # a long name stays writable
    try:
        os.fchmod(fd, keep)
        with os.fdopen(fd, mode, encoding=enc) as fh:
            yield fh
        os.replace(tmp, real)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


def write_file(target: str | os.PathLike[str], data: str | bytes) -> None:
    with open_output(target, binary=isinstance(data, bytes)) as fh:
        fh.write(data)


__all__ = ["UnsafeOutput", "check_target", "open_output", "write_file", "same_file", "is_special", "umask"]

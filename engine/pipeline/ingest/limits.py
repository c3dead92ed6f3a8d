"""Bounds for reading untrusted PDF, DOCX and XLSX files: a hostile file gets a ReadError, not a hang.

Defaults suit real disclosures (tens of pages, a few MB). Override with environment variables
(GONGKAI_MAX_PAGES, GONGKAI_MAX_UNCOMPRESSED_MB, GONGKAI_MAX_RATIO, GONGKAI_MAX_ZIP_ENTRIES,
GONGKAI_MAX_SECONDS, GONGKAI_MAX_STREAM_MB, GONGKAI_MAX_ROWS, GONGKAI_MAX_COLUMNS,
GONGKAI_MAX_LINES) or by replacing `LIMITS` (tests do).
"""

from __future__ import annotations

import io
import os
import signal
import struct
import threading
import zipfile
import zlib
from contextlib import contextmanager
from dataclasses import dataclass

from gongkai.engine.pipeline.ingest.text import ReadError


def _env(name: str, default: int) -> int:
    try:
        return int(os.environ.get(name, default))
    except ValueError:
        return default


@dataclass
class Limits:
    max_pages: int = 500  # PDF pages
    max_uncompressed: int = 200 * 1024 * 1024  # bytes, all members of a DOCX/XLSX together
    max_ratio: int = 100  # uncompressed / compressed, per member
    max_zip_entries: int = 10_000
    max_seconds: int = 120  # wall time for checking one document (every stage)
    max_stream: int = 32 * 1024 * 1024  # bytes one PDF stream may inflate to (pages need ~1 MB)
    max_rows: int = 50_000  # XLSX rows with content, over all sheets
    max_columns: int = 256  # XLSX columns read per sheet (a table needs a few dozen)
    max_lines: int = 50_000  # text lines of one document (500 pages ≈ 30,000): bounds memory

    @classmethod
    def from_env(cls) -> Limits:
        return cls(
            max_pages=_env("GONGKAI_MAX_PAGES", cls.max_pages),
            max_uncompressed=_env("GONGKAI_MAX_UNCOMPRESSED_MB", cls.max_uncompressed >> 20) << 20,
            max_ratio=_env("GONGKAI_MAX_RATIO", cls.max_ratio),
            max_zip_entries=_env("GONGKAI_MAX_ZIP_ENTRIES", cls.max_zip_entries),
            max_seconds=_env("GONGKAI_MAX_SECONDS", cls.max_seconds),
            max_stream=_env("GONGKAI_MAX_STREAM_MB", cls.max_stream >> 20) << 20,
            max_rows=_env("GONGKAI_MAX_ROWS", cls.max_rows),
            max_columns=_env("GONGKAI_MAX_COLUMNS", cls.max_columns),
            max_lines=_env("GONGKAI_MAX_LINES", cls.max_lines),
        )


LIMITS = Limits.from_env()

# Small members compress extremely well legitimately (empty styles, shared strings of blanks): the
# ratio only counts for members large enough to matter.
_RATIO_FLOOR = 1024 * 1024


def open_zip(data: bytes) -> zipfile.ZipFile:
    """Open a DOCX/XLSX container after checking its declared sizes and then that every member really
    inflates to its declared size, in bounded chunks (a zip bomb never gets inflated).

    The directory alone is not enough: CPython's zipfile truncates a member to its declared size, but
    only *after* inflating a whole read at once, so a member that lies about its size reached 2.1 GB in
    python-docx before "Bad CRC-32"."""
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
        infos = zf.infolist()
    except (zipfile.BadZipFile, ValueError, OSError, EOFError) as exc:
        raise ReadError(f"ZIP 容器已损坏 / corrupt ZIP container (DOCX/XLSX): {describe(exc)}") from exc
    lim = LIMITS
    if len(infos) > lim.max_zip_entries:
        raise ReadError(
            f"ZIP 内文件过多（{len(infos)} 个，上限 {lim.max_zip_entries}）/ too many entries in the ZIP container"
        )
    total = 0
    for info in infos:
        if info.flag_bits & 0x1:
            raise ReadError("文件已加密，请先解除密码保护 / the document is encrypted: remove the password first")
        total += info.file_size
        if info.file_size > _RATIO_FLOOR and info.file_size > lim.max_ratio * max(info.compress_size, 1):
            raise ReadError(
                f"压缩比异常（{info.filename}: {info.file_size // max(info.compress_size, 1)}:1，上限 "
                f"{lim.max_ratio}:1），疑似压缩炸弹 / suspicious compression ratio: possible zip bomb"
            )
    if total > lim.max_uncompressed:
        raise ReadError(
            f"解压后过大（{total >> 20} MB，上限 {lim.max_uncompressed >> 20} MB），疑似压缩炸弹 / "
            "uncompressed size over the limit: possible zip bomb"
        )
    for info in infos:
        _verify_member(data, info)
    return zf


_CHUNK = 1 << 16
_LOCAL_HEADER = struct.Struct("<4s5H3L2H")  # PK\x03\x04 … name length, extra length


def _verify_member(data: bytes, info: zipfile.ZipInfo) -> None:
    """Inflate one member 64 KB at a time and stop at its declared size: more output, an unknown method,
    or a truncated/corrupt stream is a ReadError. Nothing is kept: this only proves the member honest."""
    if info.compress_type == zipfile.ZIP_STORED:
        if info.compress_size != info.file_size:
            raise ReadError(f"ZIP 成员大小不一致 / inconsistent sizes in the ZIP container: {info.filename}")
        return
    if info.compress_type != zipfile.ZIP_DEFLATED:
        raise ReadError(f"不支持的 ZIP 压缩方式 / unsupported ZIP compression ({info.compress_type}): {info.filename}")
    try:
        head = _LOCAL_HEADER.unpack_from(data, info.header_offset)
    except struct.error:
        raise ReadError(f"ZIP 容器已损坏 / corrupt ZIP container: {info.filename}") from None
    if head[0] != b"PK\x03\x04":
        raise ReadError(f"ZIP 容器已损坏 / corrupt ZIP container: {info.filename}")
    start = info.header_offset + _LOCAL_HEADER.size + head[9] + head[10]
    stream = memoryview(data)[start : start + info.compress_size]
    inflater = zlib.decompressobj(-15)
    out = 0
    pos = 0
    try:
        while not inflater.eof:
            if inflater.unconsumed_tail:
                chunk = inflater.decompress(inflater.unconsumed_tail, _CHUNK)
            elif pos < len(stream):
                chunk = inflater.decompress(stream[pos : pos + _CHUNK], _CHUNK)
                pos += _CHUNK
            else:
                break
            out += len(chunk)
            if out > info.file_size:
                raise ReadError(
                    f"ZIP 成员解压后大于声明（{info.filename} 声明 {info.file_size} 字节），疑似压缩炸弹 / "
                    "a member inflates beyond its declared size: possible zip bomb"
                )
    except zlib.error as exc:
        raise ReadError(f"ZIP 容器已损坏 / corrupt ZIP container: {info.filename}: {exc}") from None
    if out != info.file_size:
        raise ReadError(f"ZIP 成员不完整 / a ZIP member is shorter than declared: {info.filename}")


def check_lines(count: int) -> None:
    """A document of more text lines than any real disclosure is refused before layout (memory grows with it)."""
    if count > LIMITS.max_lines:
        raise ReadError(
            f"文本行数过多（{count} 行，上限 {LIMITS.max_lines}，GONGKAI_MAX_LINES）/ too many lines for one disclosure"
        )


def zip_kind(zf: zipfile.ZipFile) -> str | None:
    """'docx', 'xlsx' or None, by the part that makes the package what it is (not by file name)."""
    names = set(zf.namelist())
    if "word/document.xml" in names:
        return "docx"
    if "xl/workbook.xml" in names:
        return "xlsx"
    return None


def describe(exc: BaseException) -> str:
    """An exception from a third-party parser as a short single line for a ReadError message."""
    text = " ".join(str(exc).split())
    return f"{type(exc).__name__}: {text[:80]}" if text else type(exc).__name__


class TimeLimit(ReadError):
    """Checking one document took longer than GONGKAI_MAX_SECONDS (an input error: exit 2, or an error record)."""


@contextmanager
def time_limit(seconds: float | None = None):
    """Bound everything inside (reading, layout, narrative, engine) to `seconds` of wall time (default
    LIMITS.max_seconds; 0 = no bound). SIGALRM in the main thread; elsewhere, or where an alarm is
    already set by someone else, this does nothing. The alarm repeats every half second: a library that
    swallows the first exception (durable-rules keeps action exceptions in its state) gets another, and a
    check that finished only because its work was cut short is still reported as over the limit."""
    seconds = LIMITS.max_seconds if seconds is None else seconds
    usable = (
        seconds
        and seconds > 0
        and hasattr(signal, "setitimer")
        and threading.current_thread() is threading.main_thread()
        and signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)
    )
    if not usable:
        yield
        return
    fired = []

    def expire(signum, frame):
        fired.append(True)
        raise TimeLimit(f"检查超过 {seconds:g} 秒上限（GONGKAI_MAX_SECONDS）/ took longer than {seconds:g} s to check")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds, 0.5)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0, 0)
        signal.signal(signal.SIGALRM, previous)
    if fired:
        raise TimeLimit(f"检查超过 {seconds:g} 秒上限（GONGKAI_MAX_SECONDS）/ took longer than {seconds:g} s to check")

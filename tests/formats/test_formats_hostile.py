"""Broken and hostile files: each gives one clear ReadError, `gongkai check` exits 2 with a one-line reason,
within bounded time and memory; `batch` records each as an error and carries on."""

from __future__ import annotations

import io
import json
import random
import time
import tracemalloc
import zipfile
import zlib

import pytest
from typer.testing import CliRunner

from gongkai.cli.main import app
from gongkai.engine.pipeline.ingest import ReadError, limits, load_bytes


def _pdf(pages: int = 1, *, text: bool = True, encrypt=None, size=(72, 72)) -> bytes:
    from reportlab.pdfgen.canvas import Canvas

    buf = io.BytesIO()
    c = Canvas(buf, pagesize=size, encrypt=encrypt, pageCompression=0)
    for _ in range(pages):
        if text:
            c.drawString(10, 30, "x")
        else:  # a "scan": an image-like filled box, no text at all
            c.rect(5, 5, 60, 60, fill=1)
        c.showPage()
    c.save()
    return buf.getvalue()


def _zip(members: dict[str, str | bytes], zeros: tuple[str, int] | None = None) -> bytes:
    """A ZIP; `zeros` adds a member of that many MB of zero bytes, streamed (never held in memory)."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
        if zeros:
            with zf.open(zeros[0], "w", force_zip64=True) as f:
                chunk = bytes(1 << 20)
                for _ in range(zeros[1]):
                    f.write(chunk)
    return buf.getvalue()


def _encrypted_pdf() -> bytes:
    from reportlab.lib.pdfencrypt import StandardEncryption

    return _pdf(encrypt=StandardEncryption("secret", canPrint=0))


def _inflating_pdf(mb: int = 100) -> bytes:
    """A valid one-page PDF whose content stream is 300 KB of deflated spaces that inflate to `mb` MB."""
    z = zlib.compressobj(9)
    stream = b"".join(z.compress(b" " * (1 << 20)) for _ in range(mb)) + z.flush()
    objs = [
        b"<</Type/Catalog/Pages 2 0 R>>",
        b"<</Type/Pages/Kids[3 0 R]/Count 1>>",
        b"<</Type/Page/Parent 2 0 R/MediaBox[0 0 100 100]/Contents 4 0 R>>",
        b"<</Length %d/Filter/FlateDecode>>stream\n" % len(stream) + stream + b"\nendstream",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for i, obj in enumerate(objs, 1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % i + obj + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1))
    out.write(b"".join(b"%010d 00000 n \n" % o for o in offsets))
    out.write(b"trailer\n<</Size %d/Root 1 0 R>>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, xref))
    return out.getvalue()


def _sprawling_xlsx() -> bytes:
    """Three cells whose dimension is the whole sheet (A1:XFD1048576): 16,384 columns by a million rows."""
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws["A1"], ws["XFD1"], ws["A1048576"] = "x", "y", "z"
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


CASES = {
    "encrypted.pdf": (_encrypted_pdf, "encrypted PDF"),
    "corrupt.pdf": (lambda: b"%PDF-1.7\n" + bytes(range(256)) * 64, "corrupt PDF"),
    "truncated.pdf": (lambda: _pdf(3)[:400], "corrupt PDF"),
    "scan.pdf": (lambda: _pdf(2, text=False), "no text layer; OCR is not supported"),
    "huge.pdf": (lambda: _pdf(2000), "too many pages"),  # tiny pages: generated in well under a second
    "bomb.pdf": (_inflating_pdf, "decompression bomb"),
    "bomb.docx": (lambda: _zip({"[Content_Types].xml": "<Types/>"}, ("word/document.xml", 30)), "zip bomb"),
    "bomb.xlsx": (lambda: _zip({"[Content_Types].xml": "<Types/>"}, ("xl/worksheets/sheet1.xml", 30)), "zip bomb"),
    "broken.docx": (lambda: _zip({"word/document.xml": "<w:document"}), "corrupt DOCX"),
    "broken.xlsx": (lambda: _zip({"xl/workbook.xml": "<workbook"}), "corrupt XLSX"),
    "other.zip": (lambda: _zip({"readme.txt": "hi"}), "neither DOCX nor XLSX"),
    "sprawling.xlsx": (_sprawling_xlsx, "nothing extractable"),
    "legacy.doc": (lambda: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(1024), "legacy or encrypted Office file"),
}


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    folder = tmp_path_factory.mktemp("hostile")
    files = {}
    for name, (make, _) in CASES.items():
        (folder / name).write_bytes(make())
        files[name] = folder / name
    return files


@pytest.mark.parametrize("name", CASES)
def test_one_clear_reason_within_bounds(name, hostile):
    data = hostile[name].read_bytes()
    tracemalloc.start()
    start = time.monotonic()
    try:
        with pytest.raises(ReadError) as err:
            load_bytes(data, name)
        elapsed = time.monotonic() - start
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    message = str(err.value)
    assert CASES[name][1] in message and "\n" not in message
    assert elapsed < 10, elapsed
    assert peak < 96 << 20, peak  # zip bombs: refused before inflating; PDF streams: inflate ≤ 32 MB


@pytest.mark.parametrize("name", ["scan.pdf", "bomb.docx", "huge.pdf", "encrypted.pdf"])
def test_check_exits_2_with_one_line(name, hostile):
    result = CliRunner().invoke(app, ["check", str(hostile[name])])
    assert result.exit_code == 2
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("gongkai: ") and CASES[name][1] in lines[0]
    assert "Traceback" not in result.output


def test_limits_are_configurable(monkeypatch, hostile):
    monkeypatch.setattr(limits, "LIMITS", limits.Limits(max_pages=1))
    with pytest.raises(ReadError, match="too many pages"):
        load_bytes(_pdf(2), "two.pdf")
    monkeypatch.setattr(limits, "LIMITS", limits.Limits(max_uncompressed=1 << 20))
    with pytest.raises(ReadError, match="uncompressed size over the limit"):
        load_bytes(_zip({"word/document.xml": random.Random(0).randbytes(2 << 20)}), "big.docx")  # incompressible
    monkeypatch.setattr(limits, "LIMITS", limits.Limits(max_seconds=-1))
    with pytest.raises(ReadError, match="took too long"):
        load_bytes(_pdf(1), "slow.pdf")


def test_environment_overrides_the_defaults(monkeypatch):
    monkeypatch.setenv("GONGKAI_MAX_PAGES", "7")
    monkeypatch.setenv("GONGKAI_MAX_UNCOMPRESSED_MB", "3")
    lim = limits.Limits.from_env()
    assert lim.max_pages == 7 and lim.max_uncompressed == 3 << 20 and lim.max_ratio == 100


def test_batch_records_errors_and_carries_on(hostile, tmp_path):
    from gongkai.engine.workflow.batch import BatchOptions, run_batch
    from tests.formats.formats_support import render, sample_doc

    good = tmp_path / "sample.xlsx"
    good.write_bytes(render(sample_doc(), "xlsx"))
    files = [str(hostile[n]) for n in ("scan.pdf", "bomb.docx", "huge.pdf")] + [str(good)]
    out = tmp_path / "out.jsonl"
    result = run_batch(files, out, BatchOptions(), jobs=1, progress=False)
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    by_name = {r["path"].rsplit("/", 1)[-1]: r for r in records}
    assert len(by_name) == 4
    for name in ("scan.pdf", "bomb.docx", "huge.pdf"):
        assert by_name[name]["kind"] == "input" and CASES[name][1] in by_name[name]["error"]
    assert "error" not in by_name["sample.xlsx"] and by_name["sample.xlsx"]["summary"]["fail"]
    assert result.exit_code() == 2

"""`check FILE.pdf --annotate OUT.pdf` on a real published disclosure: the copy opens in pdfium and poppler,
each highlight sits on its evidence (compared with the characters pdfplumber — the reader — sees), the
bookmarks list the verdict and the failures, the copy reads back to the same findings, and the original is
never touched."""

from __future__ import annotations

import shutil
import subprocess
from collections import Counter
from pathlib import Path

import pytest
from typer.testing import CliRunner

from gongkai.cli.main import app
from gongkai.engine.render.annotate import LABELS, comment
from gongkai.engine.render.html import verdict
from tests.conftest import SAMPLE
from tests.visual.support import REAL, REAL_SHA256, checked, copy_real, sha256

runner = CliRunner()


@pytest.fixture(scope="module", params=sorted(REAL), ids=lambda name: name[:2])
def annotated(request, tmp_path_factory):
    """(original copy, annotated copy, CLI result) — made once per real PDF through the command line."""
    folder = tmp_path_factory.mktemp("annotate")
    source = copy_real(folder, request.param)
    out = folder / "annotated.pdf"
    result = runner.invoke(app, ["check", str(source), "--annotate", str(out), "--format", "json"])
    return source, out, result


def _annotations(path: Path) -> list[tuple[int, dict]]:
    from pypdf import PdfReader

    found = []
    for n, page in enumerate(PdfReader(path).pages, 1):
        for ref in page.get("/Annots", []) or []:
            annot = ref.get_object()
            if annot.get("/Subtype") != "/Popup":
                found.append((n, annot))
    return found


def test_the_original_is_untouched_and_the_exit_code_is_checks(annotated):
    source, out, result = annotated
    plain = runner.invoke(app, ["check", str(source), "--format", "json"])
    assert result.exit_code == plain.exit_code, result.output  # as `check` says (0 when nothing fails at error)
    assert sha256(source) == REAL[source.name]
    assert out.read_bytes() != source.read_bytes() and out.read_bytes()[:5] == b"%PDF-"


def test_opens_in_pdfium_with_every_page(annotated):
    import pypdfium2

    source, out, _ = annotated
    original, copy = pypdfium2.PdfDocument(str(source)), pypdfium2.PdfDocument(str(out))
    try:
        assert len(copy) == len(original)
        for i in range(len(copy)):
            page = copy[i]
            assert page.get_size() == original[i].get_size()
            bitmap = page.render(scale=0.3, may_draw_forms=True)
            assert bitmap.width > 0
    finally:
        copy.close()
        original.close()


def test_poppler_renders_every_page(annotated, tmp_path):
    if shutil.which("pdftoppm") is None:
        pytest.skip("pdftoppm (poppler-utils) is not installed: .ci/run installs it")
    _, out, _ = annotated
    done = subprocess.run(
        ["pdftoppm", "-r", "20", "-png", str(out), str(tmp_path / "p")], capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stderr
    assert "Error" not in done.stderr, done.stderr
    import pypdfium2

    pages = len(pypdfium2.PdfDocument(str(out)))
    assert len(list(tmp_path.glob("p-*.png"))) == pages


def test_every_failure_with_located_evidence_has_a_note_with_its_details(annotated):
    source, out, _ = annotated
    doc, report = checked(str(source))
    notes = [str(a.get("/Contents")) for _, a in _annotations(out)]
    fails = [f for f in report.findings if f.status == "fail" and not f.waived]
    for f in fails:
        if any(e.page for e in f.evidence):
            assert comment(f, "zh") in notes, f.rule_id
    sample = next(f for f in fails if f.expected and f.remedy)
    text = comment(sample, "zh")
    for part in (
        sample.rule_id,
        f"应为: {sample.expected}",
        f"实际: {sample.actual}",
        f"整改: {sample.remedy}",
        f"依据: {sample.basis}",
    ):
        assert part in text


def test_highlights_sit_on_the_evidence_characters_the_reader_sees(annotated):
    """pdfplumber's characters inside each highlight spell the evidence text (whitespace ignored) — an
    independent reader of the character boxes that pdfium located."""
    import pdfplumber

    source, out, _ = annotated
    doc, report = checked(str(source))
    by_note = {comment(f, "zh"): f for f in report.findings if f.status == "fail"}
    highlights = [(n, a) for n, a in _annotations(out) if a.get("/Subtype") == "/Highlight"]
    # nearly every failure whose evidence names a page is highlighted there (a rare one is framed or a margin note)
    located = [f for f in report.failures() if any(e.page and e.text for e in f.evidence)]
    marked_notes = {str(a["/Contents"]) for _, a in highlights}
    assert located and sum(comment(f, "zh") in marked_notes for f in located) >= 0.9 * len(located)
    with pdfplumber.open(out) as pdf:
        for n, annot in highlights:
            page = pdf.pages[n - 1]
            q = [float(v) for v in annot["/QuadPoints"]]
            rects = [
                (min(q[i : i + 8 : 2]), min(q[i + 1 : i + 8 : 2]), max(q[i : i + 8 : 2]), max(q[i + 1 : i + 8 : 2]))
                for i in range(0, len(q), 8)
            ]
            inside = []
            for c in page.chars:
                cx = (c["x0"] + c["x1"]) / 2
                cy = page.height - (c["top"] + c["bottom"]) / 2  # pdfplumber measures from the top
                if any(x0 <= cx <= x1 and y0 <= cy <= y1 for x0, y0, x1, y1 in rects):
                    inside.append(c["text"])
            marked = "".join("".join(inside).split())
            finding = by_note[str(annot["/Contents"])]
            texts = ["".join(e.text.split()) for e in finding.evidence if e.page == n]
            # a row found cell by cell is marked in the page's order, so compare the characters as a multiset
            assert any(Counter(marked) == Counter(t) for t in texts), (finding.rule_id, marked, texts)


def test_bookmarks_list_the_verdict_and_every_failure_with_its_page(annotated):
    from pypdf import PdfReader

    source, out, _ = annotated
    doc, report = checked(str(source))
    reader = PdfReader(out)
    outline = reader.outline
    top, children = outline[0], outline[1]
    assert top.title.startswith(f"检查结论: {LABELS['zh'][verdict(report)]}")
    fails = [f for f in report.findings if f.status == "fail" and not f.waived]
    assert len(children) == len(fails)
    for item, f in zip(children, fails):
        assert item.title.startswith(f"{f.rule_id} {f.subject}")
        pages = [e.page for e in f.evidence if e.page]
        if pages:
            assert reader.get_destination_page_number(item) + 1 == pages[0]
    assert reader.trailer["/Root"]["/PageMode"] == "/UseOutlines"


def test_the_first_page_carries_a_summary_note(annotated):
    source, out, _ = annotated
    doc, report = checked(str(source))
    notes = [a for n, a in _annotations(out) if n == 1 and a.get("/NM") == "gongkai-summary"]
    assert len(notes) == 1
    text = str(notes[0]["/Contents"])
    fails = [f for f in report.findings if f.status == "fail" and not f.waived]
    assert text.startswith(f"检查结论: {LABELS['zh'][verdict(report)]}") and len(text.split("\n")) == 2 + len(fails)


def test_reading_the_annotated_copy_gives_the_same_findings(annotated):
    from gongkai.engine.pipeline.ingest import load
    from gongkai.engine.workflow.check import check

    source, out, _ = annotated
    _, before = checked(str(source))
    after = check(load(out))

    def key(report):
        return [
            (
                f.rule_id,
                f.status,
                f.subject,
                f.expected,
                f.actual,
                [(e.line, e.page, e.cell, e.text) for e in f.evidence],
            )
            for f in report.findings
        ]

    assert key(after) == key(before)


def test_same_input_same_bytes(annotated, tmp_path):
    source, out, _ = annotated
    again = tmp_path / "again.pdf"
    result = runner.invoke(app, ["check", str(source), "--format", "annotated-pdf", "-o", str(again)])
    assert result.exit_code in (0, 1)
    assert again.read_bytes() == out.read_bytes()


@pytest.mark.parametrize("case", ["over-the-input", "missing-directory", "a-directory"])
def test_bad_output_paths_exit_2_and_leave_nothing(tmp_path, case):
    source = copy_real(tmp_path)
    (tmp_path / "folder").mkdir()
    target = {
        "over-the-input": source,
        "missing-directory": tmp_path / "nope" / "a.pdf",
        "a-directory": tmp_path / "folder",
    }[case]
    before = sorted(p.name for p in tmp_path.rglob("*"))
    result = runner.invoke(app, ["check", str(source), "--annotate", str(target)])
    assert result.exit_code == 2
    assert result.output.count("\n") == 1 and result.output.startswith("gongkai: ")
    assert sorted(p.name for p in tmp_path.rglob("*")) == before
    assert sha256(source) == REAL_SHA256


def test_annotated_pdf_format_needs_an_output_file(tmp_path):
    source = copy_real(tmp_path)
    result = runner.invoke(app, ["check", str(source), "--format", "annotated-pdf"])
    assert result.exit_code == 2 and "-o" in result.output


def test_a_text_input_gets_the_html_report_instead(tmp_path):
    import html5lib

    source = tmp_path / SAMPLE.name
    shutil.copyfile(SAMPLE, source)
    result = runner.invoke(app, ["check", str(source), "--annotate", str(tmp_path / "out.pdf")])
    assert result.exit_code == 1
    assert not (tmp_path / "out.pdf").exists()
    page = (tmp_path / "out.html").read_text(encoding="utf-8")
    html5lib.HTMLParser(strict=True).parse(page)
    assert "out.html" in result.output

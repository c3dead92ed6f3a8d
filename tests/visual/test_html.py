"""`--format html`: one valid, self-contained, deterministic page whose charts are the document's own figures
and whose embedded font covers every character it shows; `render --to pdf` embeds its Chinese font."""

from __future__ import annotations

import base64
import io
import re
from decimal import Decimal

import html5lib
import pytest
from typer.testing import CliRunner

from gongkai.cli.main import app
from gongkai.engine.render import RenderOptions
from gongkai.engine.render.html import render_html, severity_counts
from tests.conftest import SAMPLE
from tests.visual.support import REAL_PDF, checked

runner = CliRunner()


def _page(path=SAMPLE, **opts) -> str:
    doc, report = checked(str(path))
    return render_html(report, doc, RenderOptions(**opts))


def _tree(page: str):
    parser = html5lib.HTMLParser(strict=True, namespaceHTMLElements=False)
    return parser.parse(page)  # strict: raises on the first parse error


@pytest.mark.parametrize("path", [SAMPLE, REAL_PDF], ids=["sample-text", "real-pdf"])
def test_the_page_is_valid_html(path):
    tree = _tree(_page(path))
    assert tree.find("body") is not None


def test_same_input_same_bytes():
    from gongkai.engine.render import _fonts

    first = _page()
    _fonts.woff_subset.cache_clear()
    _fonts._QUADRATIC.clear()  # rebuild the font from scratch: still the same bytes
    assert _page() == first


def test_nothing_is_fetched_from_elsewhere():
    tree = _tree(_page(REAL_PDF))
    assert not tree.findall(".//link") and not tree.findall(".//img") and not tree.findall(".//iframe")
    for el in tree.iter():
        for attr in ("src", "href"):
            value = el.get(attr)
            if value is not None:
                assert not re.match(r"^[a-z]+://|^//", value), (el.tag, value)
    style = "".join(s.text or "" for s in tree.findall(".//style"))
    assert "url(" in style and not re.search(r"url\((?!data:)", style), "only data: URLs in the CSS"


def test_the_embedded_font_covers_every_character_shown():
    from fontTools.ttLib import TTFont

    page = _page(REAL_PDF)
    data = re.search(r"url\(data:font/woff;base64,([A-Za-z0-9+/=]+)\)", page).group(1)
    font = TTFont(io.BytesIO(base64.b64decode(data)))
    cmap = font.getBestCmap()
    shown = "".join(_tree(page).find("body").itertext())
    missing = {ch for ch in shown if ord(ch) > 0x2E7F and ord(ch) not in cmap}
    assert not missing
    assert len(cmap) < 3000  # a subset, not the whole font


def test_verdict_and_counts_come_first():
    doc, report = checked(str(SAMPLE))
    page = _page()
    verdict = page.index('id="verdict"')
    assert verdict < page.index('id="charts"') < page.index('id="findings"')
    counts = severity_counts(report)
    shown = re.search(r'id="verdict".*?</section>', page, re.S).group(0)
    for severity, label in (("error", "错误"), ("warning", "警告"), ("info", "提示")):
        assert f"{label} <b>{counts[severity]}</b>" in shown
    assert ("不通过" in shown) == bool(report.exit_code("error"))


def _bar_titles(page: str, chart: str) -> list[str]:
    block = re.search(rf'id="chart-{chart}".*?</figure>', page, re.S).group(0)
    return re.findall(r"<title>(.*?)</title>", block)


def test_charts_draw_the_documents_own_figures():
    from gongkai.engine.pipeline.figures import label

    doc, report = checked(str(SAMPLE))
    page = _page()
    total = next(r for r in doc.table("T03").rows if label(r.name) == "合计")
    spend = _bar_titles(page, "composition")
    assert f"基本支出: {total.values['基本支出']}万元" in spend
    assert f"项目支出: {total.values['项目支出']}万元" in spend
    income_row = next(r for r in doc.table("T02").rows if label(r.name) == "合计")
    income = _bar_titles(page, "sources")
    for column, value in income_row.values.items():
        if column != "合计" and value:
            assert f"{column}: {value}万元" in income
    sangong = _bar_titles(page, "sangong")
    stated = {s.topic: s for s in doc.statements if s.topic == "sangong.total"}
    assert any(
        t.startswith("本年: ") and t.endswith(f"{stated['sangong.total'].amount.normalize():f}万元") for t in sangong
    )
    families = _bar_titles(page, "families")
    fails = [f for f in report.findings if f.status == "fail" and not f.waived]
    assert sum(int(t.split(": ")[1].rstrip("项")) for t in families) == len(fails)


def test_bar_lengths_are_proportional_to_the_figures():
    page = _page()
    block = re.search(r'id="chart-sources".*?</figure>', page, re.S).group(0)
    bars = re.findall(
        r'<rect x="[\d.]+" y="\d+" width="([\d.]+)" height="18" fill="[^"]+"><title>[^:]+: ([\d.]+)', block
    )
    assert len(bars) >= 2
    (w1, v1), (w2, v2) = bars[0], bars[1]
    assert abs(Decimal(w1) / Decimal(w2) - Decimal(v1) / Decimal(v2)) < Decimal("0.02")


def test_every_failure_is_listed_once_with_filter_attributes():
    doc, report = checked(str(REAL_PDF))
    tree = _tree(_page(REAL_PDF))
    articles = [a for a in tree.iter("article") if "finding" in a.get("class", "")]
    fails = [f for f in report.findings if f.status == "fail" and not f.waived]
    assert len(articles) == len(fails)
    assert {(a.get("data-severity"), a.get("data-family")) for a in articles} == {
        (f.severity, f.family or f.rule_id.split("-")[0]) for f in fails
    }
    boxes = {i.get("value") for i in tree.iter("input")}
    assert {f.severity for f in fails} | {a.get("data-family") for a in articles} <= boxes


def test_evidence_links_to_the_pdf_page():
    doc, report = checked(str(REAL_PDF))
    page = _page(REAL_PDF)
    pages = {e.page for f in report.findings if f.status == "fail" for e in f.evidence if e.page}
    for n in pages:
        assert f'href="{REAL_PDF.name}#page={n}"' in page


def test_english_labels():
    page = _page(lang="en")
    assert "Verdict" in page and "Failures by family and severity" in page and 'lang="en"' in page


# -- the command line ---------------------------------------------------------------------------------------
def test_cli_writes_the_page(tmp_path):
    out = tmp_path / "report.html"
    result = runner.invoke(app, ["check", str(SAMPLE), "--format", "html", "-o", str(out)])
    assert result.exit_code == 1, result.output  # the sample has error-severity failures
    _tree(out.read_text(encoding="utf-8"))
    assert out.stat().st_mode & 0o044, "a report to share is readable by others (not mkstemp's 0600)"


@pytest.mark.parametrize("case", ["missing-directory", "over-the-input", "a-directory", "parent-is-a-file"])
def test_bad_output_paths_exit_2_and_leave_nothing(tmp_path, case):
    source = tmp_path / "doc.txt"
    source.write_bytes(SAMPLE.read_bytes())
    (tmp_path / "file").write_text("x")
    (tmp_path / "folder").mkdir()
    target = {
        "missing-directory": tmp_path / "nope" / "r.html",
        "over-the-input": source,
        "a-directory": tmp_path / "folder",
        "parent-is-a-file": tmp_path / "file" / "r.html",
    }[case]
    before = sorted(p.name for p in tmp_path.rglob("*"))
    result = runner.invoke(app, ["check", str(source), "--format", "html", "-o", str(target)])
    assert result.exit_code == 2
    assert result.output.count("\n") == 1 and result.output.startswith("gongkai: ")
    assert sorted(p.name for p in tmp_path.rglob("*")) == before
    assert source.read_bytes() == SAMPLE.read_bytes()


# -- render --to pdf embeds its font -----------------------------------------------------------------------
def test_rendered_pdf_embeds_a_chinese_font(tmp_path):
    import pdfplumber
    from pypdf import PdfReader

    out = tmp_path / "doc.pdf"
    result = runner.invoke(app, ["render", str(SAMPLE), "--to", "pdf", "-o", str(out)])
    assert result.exit_code == 0, result.output
    reader = PdfReader(out)
    fonts = {}
    for page in reader.pages[:3]:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            fonts[str(font["/BaseFont"])] = font
    assert fonts and not any("STSong" in name for name in fonts)
    for font in fonts.values():
        descriptor = font["/FontDescriptor"].get_object()
        assert "/FontFile2" in descriptor, "the TrueType program is in the file"
    with pdfplumber.open(out) as pdf:
        first = pdf.pages[0].extract_text()
    title = next(line.strip() for line in SAMPLE.read_text(encoding="utf-8").split("\n") if line.strip())
    assert title and title.replace(" ", "") in first.replace(" ", "")

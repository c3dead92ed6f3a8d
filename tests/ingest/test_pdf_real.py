"""The PDF reader on real published disclosures (tests/fixtures/real/, provenance in PROVENANCE.md).

What the reader hands the text layout was reviewed page by page against the rendered pages and against the
previous (pdfplumber) reader, then pinned here: the number of table rows, one table row and one prose paragraph
per document, and the layout properties the text reader relies on. Findings on these files change with the table
parser, so they are not pinned; the reader's `lines` are."""

from __future__ import annotations

import io
import re
from functools import cache
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gongkai.engine.pipeline.ingest.pdf import read_pdf
from gongkai.engine.pipeline.ingest.text import ReadError

REAL = Path(__file__).resolve().parent.parent / "fixtures" / "real"

# name: (table rows, one table row exactly, one paragraph exactly — its lines joined, as the text reader joins them)
REVIEWED = {
    "03_shanghai-putuo_zhengfubangongshi-dept_2025": (
        134,
        "201\t\t\t一般公共服务支出\t82,096,797.42\t15,686,797.42\t66,410,000.00",
        "6. “社会保障和就业支出-行政事业单位养老支出-机关事业单位基本养老保险缴费支出”科目176.32万元，主要用于机关事业单位实施养老保险制度由单位缴纳的基本养老保险费支出。",
    ),
    "05_shanghai-putuo_shangwuwei-dept_2025": (
        168,
        "一、一般公共预算资金\t371,514,655.00\t一、一般公共服务支出\t21,601,733.00\t21,601,733.00\t\t",
        "9. “社会保障和就业支出（类）行政事业单位养老支出（款）机关事业单位职业年金缴费支出（项）”70.54万元，主要用于人员职业年金缴纳。",
    ),
    "10_shanghai-putuo_caizhengju-dept_2025": (
        131,
        "201\t\t\t一般公共服务支出\t22,186,440.80\t16,093,326.00\t6,093,114.80",
        "5.“社会保障和就业支出（类）行政事业单位养老支出（款）行政单位离退休（项）”87.70万元，主要用于局本部人员的退休经费支出。",
    ),
    "12_shanghai-city_caizhengju-unit_2025": (
        150,
        "346.30\t288.70\t25.40\t32.20\t\t32.20\t2,517.78",
        "上海市财政局设22个内设机构，包括：办公室、政策法规处（财会监督处）、人事教育处、信息技术处、综合规划处（综合经济研究室）、预算处、债务处、国库处、行政政法处、教科文处、经济建设处、自然资源和生态环境处、农业处、社会保障处、企业处、会计处、涉外经济处（金融处）、税政处、绩效评价管理处、政府采购管理处、资产管理处、按照有关规定设置直属机关党委和直属机关纪委。",
    ),
    "13_beijing_sifaju-shuoming_2026": (
        0,
        None,
        "（二）项目支出。项目支出预算 10785.77 万元，占本年支出预算 36.01%。其中：1.事业单位经营支出 0 万元。2.上缴上级支出 0 万元。3.对附属单位补助支出 0 万元。",
    ),
    "14_beijing_sifaju-baobiao_2026": (712, "2101103\t公务员医疗补助\t18.556260\t18.556260\t18.556260\t\t\t", None),
    "15_guangdong-shenzhen_shenjiju_2026": (
        221,
        "信息化（财政审核）\t80.00\t80.00\t0.00\t0.00\t0.00\t0.00\t0.00\t0.00\t0.00\t0.00\t0.00",
        "4.预算准备金 20.00 万元，主要用于满足年度预算执行中临时增加的工作开支。",
    ),
    "16_guangdong-guangzhou_tongjiju_2026": (
        231,
        "[2010550]事业运行\t810.20\t810.20\t0.00",
        "2026年本部门收入预算9,483.72万元，比上年增加552.08万元，增长6.2%，主要原因是因政策性因素人员经费收入预算比上年增加；支出预算9,483.72万元，比上年增加552.08万元，增长6.2%，主要原因是因政策性因素人员经费支出预算比上年增加。",
    ),
    "18_chongqing_shiwei-xuanchuanbu_2026": (
        223,
        "（三）国有资本经营预算资金\t\t（三）文化旅游体育与传媒支出\t16,211.66\t12,145.06\t4,066.60\t",
        "（三）绩效目标设置情况。2026 年项目支出均实行了绩效目标管理，涉及一般公共预算财政拨款 24,991.96 万元。",
    ),
    "19_zhejiang-hangzhou_qixiangju_2026": (
        159,
        "技术研究与开发\t28.00\t\t\t\t28.00",
        "2.公务接待费：2026 年安排公务接待费预算 6.02 万元，与上年预算数持平，主要用于接待国家、各省及本省各地区气象部门等支出。",
    ),
    "21_fujian-fuzhou_shangwuju_2026": (
        396,
        "301\t工资福利支出\t2964.61",
        "五、结转结余资金：指以前年度尚未完成、结转到本年仍按原规定用途继续使用的资金，或项目已完成等产生的结余资金。",
    ),
    "23_shandong-yantai_shenjiju_2026": (
        357,
        "301\t08\t机关事业单位基本养老保险缴费\t505\t01\t工资福利支出\t50.40\t50.40\t",
        "烟台市审计局2026年政策和项目全面实施绩效目标管理，涉及一级预算项目6个，预算资金781.5万元，其中财政拨款4.5万元。根据以前年度绩效评价结果，优化审计业务经费、原审计署烟台基地退休人员经费等项目2026年预算安排，进一步改进管理、完善政策。",
    ),
    "24_hunan-changsha_xinfangju_2026": (
        235,
        "30108\t机关事业单位基本养老保险缴费\t95.50\t95.50\t",
        "（一）机关运行经费：2026 年长沙市信访局机关运行经费122.98 万元，比上年预算增加 7.20 万元，上升 6.22%。主要是人员增加，经费较上年增加。",
    ),
    "26_central_guojia-xinfangju_2026": (
        184,
        "2210201\t住房公积金\t647.06\t647.06\t649.58\t649.58\t\t649.58\t2.52\t0.39%\t2.52\t0.39%",
        "三、上年结转：指以前年度尚未完成、结转到本年仍按原规定用途继续使用的资金。",
    ),
    "27_shaanxi-xian_shenjiju-huizong_2026": (
        401,
        "310\t资本性支出\t\t\t100,000.00\t\t100,000.00\t\t",
        "五是围绕增进民生福祉，开展重点民生领域审计。坚持以人民为中心的发展思想，聚焦全市民生保障重点难点热点，着力推动人民群众急难愁盼问题解决，促进公共服务普惠共享，守护群众利益，增进民生福祉。",
    ),
    "30_jiangsu-suzhou_shenjiju_2026": (
        227,
        "30309\t奖励金\t0.15\t0.15\t",
        "上年结转结余的政府性基金预算收入 0 万元，占 0%；上年结转结余的国有资本经营预算收入 0 万元，占 0%；上年结转结余的财政专户管理资金 0 万元，占 0%；上年结转结余的单位资金 0 万元，占 0%。",
    ),
}


@cache
def lines_of(name: str) -> tuple[str, ...]:
    lines, locs, problems = read_pdf((REAL / f"{name}.pdf").read_bytes())
    assert len(locs) == len(lines) and not problems
    return tuple(lines)


def paragraphs(lines) -> list[str]:
    """Runs of prose lines between blank lines and table rows, joined."""
    out, run = [], []
    for line in [*lines, ""]:
        if not line.strip() or "\t" in line:
            if run:
                out.append("".join(run))
            run = []
        else:
            run.append(line)
    return out


def test_every_real_document_is_reviewed():
    assert sorted(p.stem for p in REAL.glob("*.pdf")) == sorted(REVIEWED)


@pytest.mark.parametrize("name", sorted(REVIEWED))
def test_rows_and_paragraphs_as_reviewed(name):
    rows, row, paragraph = REVIEWED[name]
    lines = lines_of(name)
    assert sum("\t" in line for line in lines) == rows
    if row is not None:
        assert row in lines
    if paragraph is not None:
        assert paragraph in paragraphs(lines)


@pytest.mark.parametrize("name", sorted(REVIEWED))
def test_layout_the_text_reader_relies_on(name):
    lines = lines_of(name)
    assert not any(re.fullmatch(r"\t+", line) for line in lines), "a table row with no text"
    assert not any(a == b == "" for a, b in zip(lines, lines[1:])), "two blank lines in a row"
    assert lines[0].strip() and lines[-1].strip()
    # a contents entry runs to the right edge through its leaders; the next entry is not its soft-wrapped tail
    # (21 p2 and 19 p2 read their whole 目录 as one line, and SECT-010 missed every entry)
    assert not [line for line in lines if re.search(r"(\.{3,}|…{2,})\s*\d+\s*[^\d\s.…]", line)], (
        "two contents entries on one line"
    )


_HEADING = re.compile(r"^(第.{1,3}部分|[一二三四五六七八九十]+、|（[一二三四五六七八九十]+）)")


@pytest.mark.parametrize(
    "name",
    [
        "13_beijing_sifaju-shuoming_2026",
        "26_central_guojia-xinfangju_2026",
        "15_guangdong-shenzhen_shenjiju_2026",
        "24_hunan-changsha_xinfangju_2026",
    ],
)
def test_a_blank_line_is_a_paragraph_gap_not_the_line_spacing(name):
    """Double line spacing is the document's usual pitch: a sentence goes on across its lines. (The pdfplumber
    reader put a blank line after 54–90 % of the unfinished prose lines of these documents; only page breaks may.)"""
    lines = lines_of(name)
    unfinished = [
        i
        for i, line in enumerate(lines[:-1])
        if len(line) > 15
        and "\t" not in line
        and not line.endswith(("。", "：", "；", ":", ";"))
        and not _HEADING.match(line)
    ]
    broken = [i for i in unfinished if lines[i + 1] == ""]
    assert len(broken) <= 0.2 * len(unfinished), [lines[i] for i in broken]


def test_central_paragraph_joined_across_its_lines():
    assert (
        "（一）负责处理国内群众、境外人士、法人及其他组织通过信访渠道给党中央、国务院及领导同志的来信来电，接待来访。"
        in paragraphs(lines_of("26_central_guojia-xinfangju_2026"))
    )


def test_table_title_and_unit_are_plain_lines_before_the_grid():
    lines = lines_of("14_beijing_sifaju-baobiao_2026")
    title, unit = lines.index("预算01表 收支总表"), lines.index("金额单位：万元")
    head = lines.index("收 入\t\t支 出\t")
    assert title < unit < head
    assert lines[head + 1] == "项 目\t预算数\t项 目\t预算数"
    assert lines[head + 2] == "一、一般公共预算拨款收入\t29,569.515638\t一、一般公共服务支出\t"


def test_merged_cell_text_in_its_first_row_and_no_off_page_overflow():
    """A project spanning several indicator rows: its text once, in the first of them; the copy that overflows the
    bottom of the previous page (drawn off the page, clipped) is not read."""
    lines = lines_of("14_beijing_sifaju-baobiao_2026")
    first = [line for line in lines if line.startswith("11000022T000000444951-政府法治研究和法规规章汇编译审\t")]
    assert len(first) == 1 and first[0].split("\t")[5:] == ["产出指标", "质量指标", "印刷合格率", "≥", "95", "%"]
    assert not any(line.startswith("11000022T0000004") and "\t" not in line for line in lines)


def _rotated(rotation: int, font: str) -> bytes:
    """A page with /Rotate whose content is drawn so that it reads upright as displayed."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen.canvas import Canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))

    buf = io.BytesIO()
    c = Canvas(buf, pagesize=(300, 500))
    c.setPageRotation(rotation)
    if rotation == 90:
        c.rotate(90)
        c.translate(0, -300)
    elif rotation == 180:
        c.rotate(180)
        c.translate(-300, -500)
    c.setFont(font, 12)
    c.drawString(40, 250, "Budget table title")
    c.drawString(40, 232, "Unit: 10k yuan")
    for x in (40, 200, 280):
        c.line(x, 220, x, 160)
    for y in (220, 190, 160):
        c.line(40, y, 280, y)
    c.drawString(45, 200, "Item")
    c.drawString(205, 200, "Amount")
    c.drawString(45, 170, "Total")
    c.drawString(205, 170, "12.50")
    c.drawString(40, 120, "Note after the grid.")
    if font == "STSong-Light":
        c.drawString(40, 100, "元")  # one character alone: PDFium drops it (no metrics), the page falls back
    c.showPage()
    c.save()
    return buf.getvalue()


@pytest.mark.parametrize("font", ["Helvetica", "STSong-Light"])
@pytest.mark.parametrize("rotation", [0, 90, 180])
def test_rotated_page_reads_as_displayed(rotation, font):
    """Read as displayed, by PDFium or (a font PDFium cannot measure) by the pdfplumber fallback."""
    lines, _, _ = read_pdf(_rotated(rotation, font))
    assert lines[:6] == [
        "Budget table title",
        "Unit: 10k yuan",
        "Item\tAmount",
        "Total\t12.50",
        "",
        "Note after the grid.",
    ]
    assert lines[6:] == (["元"] if font == "STSong-Light" else [])


@pytest.fixture(scope="module")
def small_pdf() -> bytes:
    return _rotated(90, "STSong-Light")  # both paths: PDFium, and the pdfplumber fallback for the page


@settings(deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    cut=st.integers(min_value=0, max_value=1 << 16),
    edits=st.lists(st.tuples(st.integers(min_value=0, max_value=1 << 16), st.integers(0, 255)), max_size=40),
)
def test_a_damaged_pdf_gives_a_read_error_or_lines_never_another_exception(small_pdf, cut, edits):
    data = bytearray(small_pdf)
    for pos, value in edits:
        data[pos % len(data)] = value
    data = bytes(data[: max(cut % (len(data) + 1), 16)] if cut % 3 == 0 else data)
    try:
        lines, locs, _ = read_pdf(data)
    except ReadError:
        return
    assert len(lines) == len(locs)

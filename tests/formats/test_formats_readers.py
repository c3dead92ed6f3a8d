"""The DOCX and XLSX readers on files made the way other software makes them (not by our renderers):
merged cells, tables that start in column B, numbers stored as text or as floats, tab-aligned lines."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest

from gongkai.engine.pipeline.ingest import load_bytes
from gongkai.engine.pipeline.ingest.xlsx import number_text

T10_ROWS = [
    ("因公出国（境）费", "10.00"),
    ("公务接待费", "3.00"),
    ("公务用车购置及运行费", "16.00"),
    ("①公务用车购置费", ""),
    ("②公务用车运行维护费", "16.00"),
    ("合计", "29.00"),
]


def _docx() -> bytes:
    import docx

    d = docx.Document()
    d.add_paragraph("山西省小企业发展促进局")
    d.add_paragraph("2024年度部门预算公开")
    d.add_paragraph("2024年财政拨款安排“三公”经费支出预算表")
    d.add_paragraph("部门名称：山西省小企业发展促进局\t单位：万元")  # tab-aligned, one line
    t = d.add_table(rows=2 + len(T10_ROWS), cols=5)
    t.cell(0, 0).merge(t.cell(1, 0)).text = "项目"  # vertical merge
    t.cell(0, 1).merge(t.cell(0, 4)).text = "2024年预算数"  # horizontal merge
    for c, label in enumerate(["合计", "一般公共预算", "政府性基金预算", "国有资本经营预算"], 1):
        t.cell(1, c).text = label
    for r, (name, amount) in enumerate(T10_ROWS, 2):
        t.cell(r, 0).text, t.cell(r, 1).text, t.cell(r, 2).text = name, amount, amount
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def test_docx_merged_cells_and_tab_aligned_lines():
    doc = load_bytes(_docx(), "t10.docx")
    t = doc.table("T10")
    assert t is not None and t.department == "山西省小企业发展促进局" and t.unit == "万元"
    assert t.header == [
        ["项目", "2024年预算数", "", "", ""],
        ["", "合计", "一般公共预算", "政府性基金预算", "国有资本经营预算"],
    ]
    # each 三公 row is named by the item it is ('①公务用车购置费' → 公务用车购置费); the printed label stays in cells
    assert [(r.name, r.cells[0], r.values["合计"]) for r in t.rows] == [
        (n.lstrip("①②"), n, Decimal(a) if a else None) for n, a in T10_ROWS
    ]
    row = next(r for r in t.rows if r.name == "公务接待费")
    assert doc.location(row.line).cell == "T1:R4"
    assert doc.location(t.title_line).cell == "P3"


def _xlsx() -> bytes:
    import openpyxl
    from openpyxl.styles import Border, Side

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "三公"
    ws["B1"] = "2024年财政拨款安排“三公”经费支出预算表"
    ws.merge_cells("B1:F1")
    ws["B2"] = "部门名称：山西省小企业发展促进局"
    ws["F2"] = None
    ws["B3"] = "单位：万元"
    ws["B4"], ws["C4"] = "项目", "2024年预算数"
    ws.merge_cells("B4:B5")
    ws.merge_cells("C4:F4")
    for col, label in zip("CDEF", ["合计", "一般公共预算", "政府性基金预算", "国有资本经营预算"]):
        ws[f"{col}5"] = label
    thin = Side(style="thin")
    for r, (name, amount) in enumerate(T10_ROWS, 6):
        ws[f"B{r}"] = name
        if amount:
            ws[f"C{r}"] = amount  # a number stored as text
            ws[f"D{r}"] = float(amount)  # a float with the General format
        for col in "BCDEF":
            ws[f"{col}{r}"].border = Border(left=thin, right=thin, top=thin, bottom=thin)
    ws["B12"].value = "合计"
    ws["D7"] = 0.1 + 2.9  # 2.9999999999999996: float noise, shown as 3
    ws["D7"].number_format = "0.00"
    ws2 = wb.create_sheet("表11")  # a second table on its own sheet, starting in A
    ws2["A1"] = "2024年财政拨款安排机关运行经费预算表"
    ws2["A3"], ws2["B3"] = "单位名称", "合计"
    ws2["A4"], ws2["B4"] = "部门合计", 271.15
    ws2["B4"].number_format = "#,##0.00"
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def test_xlsx_column_b_text_numbers_floats_and_sheets():
    doc = load_bytes(_xlsx(), "t10.xlsx")
    t = doc.table("T10")
    assert t.department == "山西省小企业发展促进局" and t.unit == "万元"
    assert t.header[0][:2] == ["项目", "2024年预算数"]
    values = {r.name: (r.values["合计"], r.values["一般公共预算"]) for r in t.rows}
    assert values["公务接待费"] == (Decimal("3.00"), Decimal("3.00"))
    assert values["因公出国（境）费"] == (Decimal("10.00"), Decimal("10"))
    assert values["公务用车购置费"] == (None, None)  # printed ①公务用车购置费: named by its item
    assert all(not isinstance(v, float) for r in t.rows for v in r.values.values())
    row = next(r for r in t.rows if r.name == "公务接待费")
    assert doc.location(row.line).cell == "三公!B7:F7"
    t11 = doc.table("T11")
    assert t11.rows[0].values["合计"] == Decimal("271.15")
    assert doc.location(t11.title_line).cell == "表11!A1"


@pytest.mark.parametrize(
    "value, fmt, shown",
    [
        (3803.71, "0.00", "3803.71"),
        (2.675, "0.00", "2.68"),  # Decimal(repr) rounds half up; the float itself is 2.67499…
        (39150000, "#,##0", "39,150,000"),
        (5031.81, "#,##0.00", "5,031.81"),
        (0.30000000000000004, "General", "0.3"),
        (10.0, "General", "10"),
        (1e-7, "General", "0.0000001"),
        (0.7559, "0.00%", "75.59%"),
        (-12.5, "0.00;[Red]-0.00", "-12.50"),
    ],
)
def test_number_text_is_decimal_and_follows_the_format(value, fmt, shown):
    assert number_text(value, fmt) == shown


def _platypus_pdf() -> bytes:
    """A PDF made the usual reportlab way: flowing paragraphs and a long ruled table whose header row is
    repeated on every page (as published PDFs do)."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    from gongkai.engine.publish.disclosure_pdf import FONT, _register_font

    _register_font()
    st = ParagraphStyle("zh", fontName=FONT, fontSize=10.5, leading=16, wordWrap="CJK")
    data = [[f"2080{i:03d}", f"某某支出{i}", f"{i + 1}.00", f"{i + 1}.00", ""] for i in range(80)]
    total = sum(i + 1 for i in range(80))
    table = Table(
        [["科目编码", "科目名称", "合计", "基本支出", "项目支出"], ["合计", "", f"{total}.00", f"{total}.00", ""]]
        + data,
        repeatRows=1,
    )
    table.setStyle(TableStyle([("FONT", (0, 0), (-1, -1), FONT, 9), ("GRID", (0, 0), (-1, -1), 0.5, "black")]))
    buf = io.BytesIO()
    SimpleDocTemplate(buf, pagesize=A4).build(
        [
            Paragraph("山西省某某局", st),
            Spacer(1, 12),
            Paragraph("2024年度部门预算公开", st),
            Spacer(1, 12),
            Paragraph("2024年预算支出总表", st),
            Paragraph("部门名称：山西省某某局", st),
            Paragraph("单位：万元", st),
            table,
            Spacer(1, 12),
            Paragraph("一、收入预算情况说明", st),
            Paragraph("2024年度山西省某某局预算收入" + "这是一段很长的说明文字，" * 12 + "完。", st),
        ]
    )
    return buf.getvalue()


def test_pdf_repeated_headers_and_wrapped_paragraphs():
    doc = load_bytes(_platypus_pdf(), "platypus.pdf")
    t = doc.table("T03")
    assert t.header == [["科目编码", "科目名称", "合计", "基本支出", "项目支出"]]  # once, not once per page
    assert len(t.rows) == 81 and t.rows[-1].values["合计"] == Decimal("80.00")
    assert len({doc.location(r.line).page for r in t.rows}) >= 2
    assert doc.paragraphs[-1].text.endswith("这是一段很长的说明文字，完。")  # wrapped lines joined
    assert [h.title for h in doc.headings] == ["收入预算情况说明"]

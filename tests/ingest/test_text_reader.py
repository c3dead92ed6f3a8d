"""The text reader: the sample's layout, encodings, reflow tolerance, truncation and bad input."""

from __future__ import annotations

import pytest
from conftest import SAMPLE, check_text, sample_text

from gongkai.engine.pipeline.ingest import ReadError, dump_json, load, load_bytes


def _semantic(report):
    return [(f.rule_id, f.status, f.subject, f.expected, f.actual) for f in report.findings]


@pytest.fixture(scope="module")
def doc():
    return load(SAMPLE)


def test_reads_all_13_tables_with_their_header_lines(doc):
    assert [t.id for t in doc.tables] == [f"T{i:02d}" for i in range(1, 14)]
    t2 = doc.table("T02")
    assert (t2.caption, t2.caption_line, t2.title_line, t2.department_line, t2.unit_line) == (
        "预算公开表2",
        125,
        127,
        129,
        131,
    )
    assert t2.year == 2024 and t2.unit == "万元" and t2.department == "山西省小企业发展促进局"
    assert doc.table("T09").caption == "部门公开表9"
    assert doc.table("T09").unit == "万元"  # "部门名称：… 单位：万元" on one line (363)
    assert [n.text for n in doc.table("T13").notes] == ["注：本表无数据"]


def test_rows_keep_codes_values_and_lines(doc):
    row = next(r for r in doc.table("T02").rows if r.code == "2150899")
    assert row.line == 155 and row.name == "其他支持中小企业发展和管理支出"
    assert str(row.values["合计"]) == "1884.85" and str(row.values["单位资金"]) == "953.93"
    assert row.values["政府性基金"] is None
    assert doc.table("T12").header[-1] == ["1", "2", "3", "4", "5", "6", "7"]  # the column-index row


@pytest.mark.parametrize(
    "cover",
    ["2026年烟台市审计局部门预算", "烟台市审计局2026年部门预算", "烟台市审计局2026年度部门预算公开"],
)
def test_the_year_comes_from_a_cover_title_with_or_without_公开(cover):
    """'2026年烟台市审计局部门预算' (烟台 p1) names the budget year as much as '…部门预算公开' does."""
    doc = load_bytes(f"{cover}\n\n目 录\n\n第一部分 部门概况\n".encode(), "cover.txt")
    assert doc.meta.year == 2026


def test_meta_toc_headings_paragraphs(doc):
    assert (doc.meta.department, doc.meta.year, doc.meta.province) == ("山西省小企业发展促进局", 2024, "山西")
    assert len(doc.toc) == 33 and doc.toc[0].title == "第一部分概况"
    assert [(h.level, h.title) for h in doc.headings[:3]] == [(1, "概况"), (2, "本部门职责"), (2, "机构设置情况")]
    joined = next(p for p in doc.paragraphs if p.line == 452)  # a sentence broken by a blank line
    assert joined.end_line == 454 and "资源勘探工业信息等支出3,336.73万元" in joined.text
    assert joined.line_at(joined.text.index("等支出")) == 454


def test_gb18030_and_bom_give_the_same_findings():
    text = sample_text()
    utf8 = check_text(text)
    for data in (text.encode("gb18030"), b"\xef\xbb\xbf" + text.encode("utf-8")):
        doc = load_bytes(data, "sample.txt")
        from gongkai.engine.workflow.check import check

        assert _semantic(check(doc)) == _semantic(utf8)
    assert load_bytes(text.encode("gb18030"), "x").source.encoding == "gb18030"


def test_reflow_changes_nothing():
    """Blank lines, page footers and separator lines inside tables and prose do not change any finding."""
    lines = sample_text().split("\n")
    out = []
    for i, line in enumerate(lines, 1):
        out.append(line)
        if 90 <= i <= 420 and i % 7 == 0:
            out += ["", "— 3 —", ""]
        if i in (140, 300):
            out += ["第 5 页 共 40 页", "-----"]
    base, reflowed = check_text(sample_text()), check_text("\n".join(out))

    def strip(r):
        return [(f.rule_id, f.status, f.subject, f.expected, f.actual) for f in r.findings]

    assert strip(reflowed) == strip(base)


def test_full_width_digits_and_crlf_are_normalised():
    text = sample_text().replace("\n", "\r\n").replace("3803.71", "３８０３．７１")
    assert _semantic(check_text(text)) == _semantic(check_text(sample_text()))


def test_truncated_document_gives_findings_not_a_crash():
    half = "\n".join(sample_text().split("\n")[:240])
    report = check_text(half)
    missing = {f.subject for f in report.findings if f.rule_id == "TBL-001" and f.status == "fail"}
    assert "表5 一般公共预算支出预算表" in missing and len(missing) == 9  # 表5…表13


def test_json_round_trip_gives_identical_findings(doc, tmp_path):
    path = tmp_path / "doc.json"
    path.write_text(dump_json(doc), encoding="utf-8")
    again = load(path)
    assert again.model_dump() == doc.model_dump()


@pytest.mark.parametrize(
    "data,needle",
    [
        (b"", "empty"),
        (b"   \n\n", "empty"),
        (b"\x00\x01\x02binary", "binary"),
        (b"\xff\xd8\xff\xe0 jpeg", "encoding"),
        (b'{"schema": "other"}', "gongkai"),
        (b"{not json", "JSON"),
    ],
)
def test_bad_input_is_a_read_error(data, needle):
    with pytest.raises(ReadError, match=needle):
        load_bytes(data, "bad")


def test_unknown_shape_degrades_to_missing_tables():
    report = check_text("某局2024年度部门预算公开\n第一部分 概况\n这是一份没有表格的文本。\n")
    assert {f.status for f in report.findings if f.rule_id == "TBL-002"} == {"fail"}  # national pack: no province


def test_nothing_extractable_is_an_input_error():
    with pytest.raises(ReadError, match="nothing extractable"):
        load_bytes("这是一份与预算无关的文本。\n第二行。\n".encode(), "x.txt")


@pytest.mark.parametrize(
    "first,rest",
    [
        ("（一）收入预算：2026年收入预算100.00万元，其中：一般公共预算", "收入80.00万元，其他收入20.00万元。"),
        ("（二）支出情况：2026年度支出预算200.00万元，其中：基本支出", "150.00万元，项目支出50.00万元。"),
    ],
)
def test_a_numbered_line_going_on_after_an_amount_is_prose_not_a_heading(first, rest):
    """A PDF line that opens with （一）/2. but goes on past an amount ('…万元，其中：') is a sentence broken over
    a blank line: it is read as one paragraph with the next line, not as a section title."""
    doc = load_bytes(f"第三部分 部门预算情况说明\n\n{first}\n\n{rest}\n".encode(), "p.txt")
    assert not any(h.title.startswith(first[3:8]) for h in doc.headings)
    topics = [s.topic for s in doc.statements if not s.topic.startswith("meta.")]
    assert topics[:2] in (["income.total", "income.general"], ["expense.total", "expense.basic"])

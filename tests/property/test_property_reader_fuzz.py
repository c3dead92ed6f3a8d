"""The reader never raises on arbitrary input: it returns a disclosure (which then checks without a rule
crashing) or raises a clean `ReadError`. Random text, random bytes, line soups of realistic fragments, and
the sample with lines dropped, duplicated or split."""

from __future__ import annotations

import json

from conftest import sample_lines
from hypothesis import given, settings
from hypothesis import strategies as st

from gongkai.engine.pipeline.ingest import ReadError, load_bytes
from gongkai.engine.pipeline.model import SCHEMA
from gongkai.engine.workflow.check import check

SAMPLE = sample_lines()
# Fragments that steer the reader into its table, form, heading and 目录 paths.
FRAGMENTS = [
    "2024年预算收支总表",
    "2024年预算支出总表",
    "2024年财政拨款安排“三公”经费支出预算表",
    "预算公开表3",
    "部门公开表9",
    "部门名称：山西省统计局",
    "单位：万元",
    "部门名称：某局 单位：万元",
    "注：本表无数据",
    "注：",
    "说明：本部门无政府性基金",
    "合计\t\t10.00\t10.00",
    "208\t社会保障和就业支出\t1,000.00\t\t",
    "2080501\t行政单位离退休\t-\t—\t/",
    "因公出国（境）费\t\t\t",
    "1\t2\t3\t4\t5",
    "--\t----\t----",
    "项目\t\t2024年预算数",
    "\t\t\t\t",
    "第三部分 2024年度部门预算情况说明",
    "七、“三公”经费增减变动原因说明",
    "（一）其他",
    "1、车辆情况：",
    "一、本部门职责.....\t1",
    "目 录",
    "- 3 -",
    "第 2 页 共 9 页",
    "山西省省级预算部门（单位）项目支出绩效目标申报表",
    "预算部门（单位）整体支出绩效目标申报表",
    "（2024年度）",
    "项目资金（元）\t\t\t实施期资金总额：\t1,000\t年度资金总额：\t500",
    "绩效指标\t一级指标\t二级指标\t三级指标\t指标值",
    "\t产出指标\t数量指标\t培训人数\t≥30人",
    "满意度 指标\t服务对象 满意度指 标\t满意度\t≥90%",
    "<p>（一）职责</p>",
    "2024年度某局预算收入总计5,031.81万元，比上年增加914.16万元，增长22.20%，主要原因是人员增加。",
    "“三公”经费预算29.00万元，其中：公务接待费3.00万元，比上年减少1.00万元；",
    "截至2023年12月31日，某局共有公务用车编制4辆，实有5辆。",
    "政府采购预算总额10万元。其中：货物1万元",
]


def _read_and_check(data: bytes) -> None:
    try:
        doc = load_bytes(data, "fuzz.txt")
    except ReadError as exc:
        assert str(exc)
        return
    report = check(doc)
    crashed = [f"{f.rule_id}: {f.message}" for f in report.findings if f.status == "error"]
    assert crashed == []


@given(st.text(max_size=2000))
def test_reader_fuzz_text(text):
    _read_and_check(text.encode("utf-8"))


@given(st.binary(max_size=2000))
def test_reader_fuzz_bytes(data):
    _read_and_check(data)


@given(
    st.lists(st.sampled_from(FRAGMENTS) | st.text(max_size=40), min_size=1, max_size=80),
    st.sampled_from(["utf-8", "gb18030", "utf-8-sig", "utf-16"]),
)
def test_reader_fuzz_fragment_soup(lines, encoding):
    text = "\n".join(lines)
    try:
        data = text.encode(encoding)
    except UnicodeEncodeError:
        data = text.encode("utf-8")
    _read_and_check(data)


_EDIT = st.tuples(
    st.sampled_from(["drop", "dup", "split", "tabs", "blank"]), st.integers(0, len(SAMPLE) - 1), st.integers(0, 200)
)


@settings(max_examples=max(5, settings.default.max_examples // 2))
@given(st.lists(_EDIT, min_size=1, max_size=30))
def test_reader_fuzz_edited_sample(edits):
    lines = list(SAMPLE)
    for op, i, k in edits:
        i %= len(lines)
        if op == "drop":
            del lines[i]
        elif op == "dup":
            lines.insert(i, lines[i])
        elif op == "split":
            lines[i : i + 1] = [lines[i][:k], lines[i][k:]]
        elif op == "tabs":
            lines[i] = lines[i].replace("\t", "", 1) if k % 2 else lines[i].replace("\t", "\t\t", 1)
        else:
            lines[i] = ""
        if not lines:
            lines = [""]
    _read_and_check("\n".join(lines).encode("utf-8"))


_JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=10),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=20,
)


@given(st.dictionaries(st.sampled_from(["source", "meta", "tables", "paragraphs", "lines", "x"]), _JSON, max_size=5))
def test_reader_fuzz_json_documents(body):
    _read_and_check(json.dumps({"schema": SCHEMA, **body}, ensure_ascii=False).encode("utf-8"))

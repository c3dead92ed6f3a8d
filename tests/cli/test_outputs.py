"""Output formats: golden files rendered from one fixed Report (independent of the rule packs), the
SARIF and JUnit structure, and the CLI's --format/--output.

Regenerate the golden files after an intended change: GONGKAI_UPDATE_GOLDEN=1 pytest tests/cli/test_outputs.py
"""

from __future__ import annotations

import io
import json
import os
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from typer.testing import CliRunner

from gongkai.cli.main import app
from gongkai.engine import render
from gongkai.engine.pipeline.report import DocumentInfo, Evidence, Finding, Report
from gongkai.engine.workflow.baseline import fingerprint
from tests.conftest import SAMPLE

GOLDEN = Path(__file__).parent / "golden"
CWD = "/repo"
DOC = "/repo/submissions/dept-2024.txt"
runner = CliRunner()


def ev(line: int, text: str, table: str | None = "T01", label: str | None = None) -> Evidence:
    return Evidence(path=DOC, line=line, table=table, text=text, label=label)


def fixed_report() -> Report:
    """Rule ids in the 9xx range are not in the catalog, so rule metadata comes from the findings."""
    f = [
        Finding(
            rule_id="SUM-901",
            status="fail",
            severity="error",
            title="合计等于各项之和",
            message="表1 收入合计：不符合（应为 1,234.56 万元，实际 1,234.57 万元）。相差 0.01 万元, 100% <b>&",
            basis="财预〔2016〕143号 第三条",
            subject="表1 收入合计",
            expected="1,234.56 万元",
            actual="1,234.57 万元",
            evidence=[ev(12, "收入合计\t1234.57"), ev(8, "一般公共预算\t1000.00")],
            family="SUM",
            pack="demo",
            note="相差 0.01 万元",
            remedy="更正合计或分项。",
        ),
        Finding(
            rule_id="SANGONG-902",
            status="fail",
            severity="warning",
            title="三公经费变动说明原因",
            message="三公经费 增减原因：不符合",
            basis="practice",
            subject="三公经费 增减原因",
            evidence=[ev(300, "“三公”经费较上年减少", table=None)],
            family="SANGONG",
            pack="demo",
            remedy="写明原因。",
            waived=True,
            waiver_reason="已与财政部门确认：口径调整",
        ),
        Finding(
            rule_id="TEXT-903",
            status="fail",
            severity="info",
            title="说明中的金额与表一致",
            message="说明 支出总额: 不符合, 见第\n二段",
            basis="practice",
            subject="说明 支出总额",
            expected="500.00",
            actual="50.00",
            evidence=[ev(40, "支出总额50.00万元", table=None)],
            family="TEXT",
            pack="demo",
            remedy="统一金额。",
            baselined=True,
        ),
        Finding(
            rule_id="TBL-904",
            status="pass",
            severity="error",
            title="必备表格齐全",
            message="表1：符合",
            basis="财预〔2016〕143号",
            subject="表1",
            evidence=[ev(5, "2024年部门收支预算总表")],
            family="TBL",
            pack="demo",
        ),
        Finding(
            rule_id="PERF-905",
            status="not_applicable",
            severity="warning",
            title="绩效目标金额一致",
            message="绩效目标：不适用",
            basis="practice",
            subject="绩效目标",
            family="PERF",
            pack="demo",
        ),
        Finding(
            rule_id="XTAB-906",
            status="error",
            severity="error",
            title="表间一致",
            message="表1 与 表2：无法检查",
            basis="practice",
            subject="表1 与 表2",
            evidence=[ev(20, "支出合计\t1234.56")],
            family="XTAB",
            pack="demo",
            note="KeyError: 'T02'",
        ),
    ]
    return Report(
        document=DocumentInfo(path=DOC, sha256="ab" * 32, department="某局", year=2024), rulesets=["demo"], findings=f
    ).finalize()


def rendered(fmt: str, lang: str = "zh", report: Report | None = None) -> str:
    buf = io.StringIO()
    render.get(fmt)(report or fixed_report(), buf, render.RenderOptions(lang=lang, cwd=CWD, color=False))
    return buf.getvalue()


@pytest.mark.parametrize(
    "fmt,lang,name",
    [
        ("sarif", "zh", "report.sarif"),
        ("junit", "zh", "report.junit.xml"),
        ("markdown", "zh", "report.md"),
        ("markdown", "en", "report.en.md"),
        ("github", "zh", "report.github.txt"),
        ("github", "en", "report.en.github.txt"),
    ],
)
def test_golden(fmt, lang, name):
    got = rendered(fmt, lang)
    path = GOLDEN / name
    if os.getenv("GONGKAI_UPDATE_GOLDEN"):
        GOLDEN.mkdir(exist_ok=True)
        path.write_text(got, encoding="utf-8")
    # a missing golden fails: writing it here would pass whatever the renderer printed
    assert path.exists(), f"missing golden {path.name}: GONGKAI_UPDATE_GOLDEN=1 pytest {__file__}, then review it"
    assert got == path.read_text(encoding="utf-8")
    assert got == rendered(fmt, lang)  # deterministic


def test_every_format_is_registered():
    """Each listed format is the module of its name and registers that name; every report renderer is listed."""
    import importlib
    import pkgutil

    assert {"text", "json", "sarif", "junit", "markdown", "github", "html"} == set(render.formats())
    for name in render.formats():
        assert render.get(name) is render.RENDERERS[name]
    for info in pkgutil.iter_modules(render.__path__):
        importlib.import_module(f"{render.__name__}.{info.name}")
    assert set(render.RENDERERS) == set(render.formats())


def test_sarif_structure():
    doc = json.loads(rendered("sarif"))
    assert doc["version"] == "2.1.0" and doc["$schema"].endswith("sarif-schema-2.1.0.json")
    run = doc["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    results = run["results"]
    assert [r["ruleId"] for r in results] == ["SANGONG-902", "SUM-901", "TEXT-903"]  # fails only
    for r in results:
        assert rules[r["ruleIndex"]]["id"] == r["ruleId"]
        loc = r["locations"][0]["physicalLocation"]
        assert loc["artifactLocation"]["uri"] == "submissions/dept-2024.txt"
        assert loc["region"]["startLine"] >= 1
        assert len(r["partialFingerprints"]["primaryLocationLineHash"]) == 32
    by_id = {r["ruleId"]: r for r in results}
    assert by_id["SANGONG-902"]["suppressions"] == [{"kind": "external", "justification": "已与财政部门确认：口径调整"}]
    assert "suppressions" not in by_id["SUM-901"]
    assert by_id["TEXT-903"]["level"] == "note" and by_id["TEXT-903"]["baselineState"] == "unchanged"
    for rule in rules:
        assert {
            "id",
            "name",
            "shortDescription",
            "fullDescription",
            "help",
            "defaultConfiguration",
            "properties",
        } <= set(rule)
        assert rule["help"]["text"] and rule["help"]["markdown"] and rule["properties"]["tags"]
    assert run["automationDetails"]["id"] == "gongkai/demo/"
    assert run["invocations"][0]["executionSuccessful"] is False  # XTAB-906 crashed
    _validate_against_schema(doc)


def _validate_against_schema(doc):
    """Full OASIS schema check when both are available (the schema is not vendored here)."""
    schema = os.getenv("GONGKAI_SARIF_SCHEMA")
    if not schema:
        return
    jsonschema = pytest.importorskip("jsonschema")
    jsonschema.validate(doc, json.loads(Path(schema).read_text(encoding="utf-8")))


def test_sarif_fingerprint_ignores_line_numbers_and_whitespace():
    a = next(f for f in fixed_report().findings if f.rule_id == "SUM-901")
    b = a.model_copy(deep=True)
    b.evidence[0].line += 40
    b.evidence[0].text = "  收入合计 \t 1234.57 "
    assert fingerprint(a) == fingerprint(b)
    b.evidence[0].text = "收入合计\t1234.58"
    assert fingerprint(a) != fingerprint(b)


def test_sarif_rule_help_comes_from_explain(sample_report):
    from gongkai.engine.pipeline.catalog import explain_markdown, find

    doc = json.loads(rendered("sarif", report=sample_report))
    rules = doc["runs"][0]["tool"]["driver"]["rules"]
    assert rules, "the sample has failures"
    for rule in rules:
        assert rule["help"]["markdown"] == explain_markdown(find(rule["id"]), "zh")
        assert rule["defaultConfiguration"]["level"] in ("error", "warning", "note")


def test_junit_structure():
    root = ET.fromstring(rendered("junit").encode("utf-8"))
    assert root.tag == "testsuites"
    cases = root.findall("./testsuite/testcase")
    assert len(cases) == 6 and root.get("tests") == "6"
    assert (root.get("failures"), root.get("errors"), root.get("skipped")) == ("2", "1", "2")
    by_name = {c.get("name"): c for c in cases}
    assert len(by_name) == len(cases)  # unique names (GitLab keeps the first duplicate)
    sum_case = by_name["SUM-901 表1 收入合计"]
    assert sum_case.get("classname") == "gongkai.SUM"
    assert sum_case.find("failure").get("type") == "error"
    assert "submissions/dept-2024.txt:12" in sum_case.find("failure").text
    assert by_name["SANGONG-902 三公经费 增减原因"].find("skipped") is not None  # waived
    assert by_name["PERF-905 绩效目标"].find("skipped") is not None  # not applicable
    assert by_name["XTAB-906 表1 与 表2"].find("error") is not None
    assert len(list(by_name["TBL-904 表1"])) == 0  # pass


def test_junit_of_the_sample_parses(sample_report):
    root = ET.fromstring(rendered("junit", report=sample_report).encode("utf-8"))
    assert int(root.get("tests")) == len(sample_report.findings)


def test_github_annotations_escape():
    lines = rendered("github").splitlines()
    assert any(l.startswith("::error file=submissions/dept-2024.txt,line=20,title=XTAB-906::") for l in lines)
    sum_line = next(l for l in lines if "title=SUM-901" in l)
    assert sum_line.startswith("::error file=submissions/dept-2024.txt,line=12,title=SUM-901::")
    assert "100%25" in sum_line
    assert not any("SANGONG-902" in l for l in lines)  # waived: no annotation
    assert not any("TEXT-903" in l for l in lines)  # baselined: no annotation
    assert lines[-1].startswith("gongkai：共 6 项检查")


def test_cli_formats_and_output_file(tmp_path):
    for fmt in ("sarif", "junit", "markdown", "github", "json", "text"):
        out = tmp_path / f"r.{fmt}"
        r = runner.invoke(app, ["check", str(SAMPLE), "--format", fmt, "--output", str(out)])
        assert r.exit_code in (0, 1), r.stderr
        assert r.stdout == "" and out.read_text(encoding="utf-8")
    json.loads((tmp_path / "r.sarif").read_text(encoding="utf-8"))
    ET.parse(tmp_path / "r.junit")
    r = runner.invoke(app, ["check", str(SAMPLE), "--format", "xml"])
    assert r.exit_code == 2 and "xml" in r.stderr


def test_cli_english_markdown():
    r = runner.invoke(app, ["check", str(SAMPLE), "--format", "markdown", "--lang", "en"])
    assert r.stdout.startswith("## gongkai Budget disclosure compliance report")


@pytest.mark.parametrize("document", ["sample", "fixed", "27_shaanxi-xian_shenjiju-huizong_2026.pdf"])
def test_text_without_styles_is_what_rich_writes(document, sample_report, real_reports, monkeypatch):
    # the text renderer writes unstyled output itself (Rich's segments were 3/4 of its time): byte for byte what
    # Console.print writes, passes and table rows with tabs included
    from gongkai.engine.render import text as text_renderer

    if document == "sample":
        report = sample_report
    elif document == "fixed":
        report = fixed_report()
        report.findings[0].subject = "[bold]方括号[/bold]\t制表符\x07宽字符"  # markup, a tab, a control code
    else:
        report = real_reports(document)
    plain = text_renderer._Lines.flush

    def by_rich(self):
        self.console.print(*self.lines, sep="\n")
        self.lines = []

    for lang, passes, group in [("zh", True, "severity"), ("en", False, "family"), ("zh", False, "severity")]:
        opts = render.RenderOptions(lang=lang, show_passes=passes, group=group, color=False)
        outs = []
        for flush in (plain, by_rich):
            monkeypatch.setattr(text_renderer._Lines, "flush", flush)
            buf = io.StringIO()
            render.get("text")(report, buf, opts)
            outs.append(buf.getvalue())
        assert outs[0] == outs[1]
        assert "\t" not in outs[0]


def test_text_labels_are_measured_as_rich_measures_them():
    # the evidence rows are indented by the label's width, counted without Rich for an unstyled report
    from rich.cells import cell_len

    from gongkai.engine.render import text as text_renderer

    for labels in text_renderer.LABELS.values():
        for label in labels.values():
            assert text_renderer._cells(label) == cell_len(label), label

"""A report to share: one self-contained HTML file (inline CSS, JS, SVG and font; nothing fetched), that opens
from a mail attachment on a machine without Chinese fonts.

Verdict and severity counts first, then charts drawn from the report and the document's own figures
(failures by family and severity; 三公 this year vs last year; budget by 基本/项目 and by funding source),
then the findings, filterable by severity and family, each with evidence excerpts and page links.
Chinese is set in an embedded subset of Noto Sans SC (engine/render/_fonts.py). Deterministic: the same
report and document give the same bytes (no timestamps, no random ids)."""

from __future__ import annotations

import base64
from dataclasses import dataclass
from decimal import Decimal
from html import escape
from pathlib import PurePath
from typing import Any, TextIO

from gongkai.engine.pipeline.report import Finding, Report
from gongkai.engine.render import RenderOptions, register
from gongkai.engine.render._common import family_of, family_title, ordered_families

SEVERITIES = ("error", "warning", "info")
COLOURS = {"error": "#c62828", "warning": "#e67700", "info": "#1565c0", "this": "#2e7d32", "last": "#9e9e9e"}
PALETTE = ("#1565c0", "#2e7d32", "#e67700", "#6a1b9a", "#00838f", "#ad1457", "#5d4037", "#546e7a")

LABELS: dict[str, dict[str, Any]] = {
    "zh": {
        "title": "预算公开合规检查报告",
        "document": "文件",
        "department": "部门",
        "year": "年度",
        "packs": "规则包",
        "verdict": "结论",
        "fail": "不符合",
        "pass": "符合",
        "not_applicable": "不适用",
        "waived": "已豁免",
        "rule_error": "规则出错",
        "error": "错误",
        "warning": "警告",
        "info": "提示",
        "charts": "图表",
        "by_family": "不符合项（按类别与严重程度）",
        "sangong": "“三公”经费：本年与上年",
        "this_year": "本年",
        "last_year": "上年",
        "composition": "支出构成：基本支出与项目支出",
        "sources": "收入构成：按资金来源",
        "no_data": "文件中没有可用的数据",
        "findings": "不符合项",
        "filter": "筛选",
        "severity": "严重程度",
        "family": "类别",
        "expected": "应为",
        "actual": "实际",
        "note": "说明",
        "evidence": "证据",
        "basis": "依据",
        "remedy": "整改",
        "page": "第{n}页",
        "none": "所有规则均符合要求。",
        "passes": "符合项",
        "in_baseline": "已在基线中，不计入退出码",
        "unit": "单位",
        "shown": "显示",
        "font": "字体",
        "verdicts": {"fail": "不通过", "warn": "通过（有警告）", "pass": "通过"},
        "count": "项",
        "basic": "基本支出",
        "project": "项目支出",
        "spending": "本年支出",
    },
    "en": {
        "title": "Budget disclosure compliance report",
        "document": "Document",
        "department": "Department",
        "year": "Year",
        "packs": "Rulesets",
        "verdict": "Verdict",
        "fail": "fail",
        "pass": "pass",
        "not_applicable": "n/a",
        "waived": "waived",
        "rule_error": "rule errors",
        "error": "error",
        "warning": "warning",
        "info": "info",
        "charts": "Charts",
        "by_family": "Failures by family and severity",
        "sangong": "三公 spending: this year vs last year",
        "this_year": "this year",
        "last_year": "last year",
        "composition": "Spending: basic vs project",
        "sources": "Income by funding source",
        "no_data": "no usable figures in the document",
        "findings": "Failures",
        "filter": "Filter",
        "severity": "Severity",
        "family": "Family",
        "expected": "Expected",
        "actual": "Actual",
        "note": "Note",
        "evidence": "Evidence",
        "basis": "Basis",
        "remedy": "Remedy",
        "page": "p.{n}",
        "none": "Every rule passes.",
        "passes": "Passes",
        "in_baseline": "in the baseline, not counted",
        "unit": "unit",
        "shown": "shown",
        "font": "Font",
        "verdicts": {"fail": "FAIL", "warn": "PASS with warnings", "pass": "PASS"},
        "count": "",
        "basic": "basic",
        "project": "project",
        "spending": "spending",
    },
}

SANGONG_ITEMS = (
    ("sangong.abroad", "因公出国（境）费", "因公出国（境）费"),
    ("sangong.vehicle_purchase", "公务用车购置费", "公务用车购置费"),
    ("sangong.vehicle_operation", "公务用车运行维护费", "公务用车运行维护费"),
    ("sangong.reception", "公务接待费", "公务接待费"),
    ("sangong.total", "合计", "合计"),
)


# -- what the page says first -------------------------------------------------------------------
def failures(report: Report) -> list[Finding]:
    return [f for f in report.findings if f.status == "fail" and not f.waived]


def severity_counts(report: Report) -> dict[str, int]:
    """Failures per severity, counted from the findings (the report's summary may not carry them)."""
    counts = dict.fromkeys(SEVERITIES, 0)
    for f in failures(report):
        counts[f.severity] = counts.get(f.severity, 0) + 1
    return counts


def verdict(report: Report) -> str:
    """'fail' when an error-severity failure (or a rule error) counts, 'warn' when only lesser ones fail."""
    if report.exit_code("error"):
        return "fail"
    return "warn" if failures(report) else "pass"


def pdf_page_link(path: str, page: int | None) -> str | None:
    """A link to the page in the original PDF, relative: it works when the report sits beside the PDF."""
    if not page or not path.lower().endswith(".pdf"):
        return None
    return f"{PurePath(path).name}#page={page}"


# -- charts (inline SVG, drawn from exact figures; lengths rounded to 0.1 px) --------------------
@dataclass
class Bar:
    label: str
    parts: list[tuple[Decimal, str, str]]  # (value, colour, legend)


def _px(value: Decimal) -> str:
    return str(value.quantize(Decimal("0.1")))


def _num(value: Decimal) -> str:
    return f"{value.normalize():f}" if value == value.to_integral() else f"{value:f}"


def bar_chart(bars: list[Bar], unit: str = "", title: str = "", width: int = 640, label_w: int = 170) -> str:
    """Horizontal stacked bars with a legend; each segment has a <title> with its exact value."""
    row_h, bar_h, top = 26, 18, 28
    height = top + row_h * len(bars) + 6
    peak = max((sum(v for v, _, _ in b.parts) for b in bars), default=Decimal(0)) or Decimal(1)
    room = Decimal(width - label_w - 90)
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" role="img" aria-label="{escape(title)}">'
    ]
    legend = []
    for _, colour, name in (p for b in bars for p in b.parts):
        if (colour, name) not in legend:
            legend.append((colour, name))
    x = label_w
    for colour, name in legend:
        out.append(
            f'<rect x="{x}" y="6" width="12" height="12" fill="{colour}"/>'
            f'<text x="{x + 16}" y="16" class="legend">{escape(name)}</text>'
        )
        x += 28 + 14 * len(name)
    for i, b in enumerate(bars):
        y = top + i * row_h
        out.append(f'<text x="{label_w - 6}" y="{y + 13}" text-anchor="end">{escape(b.label)}</text>')
        x0 = Decimal(label_w)
        for value, colour, name in b.parts:
            w = room * value / peak
            if value > 0:
                out.append(
                    f'<rect x="{_px(x0)}" y="{y}" width="{_px(w)}" height="{bar_h}" fill="{colour}">'
                    f"<title>{escape(name)}: {_num(value)}{escape(unit)}</title></rect>"
                )
            x0 += w
        total = sum((v for v, _, _ in b.parts), Decimal(0))
        out.append(f'<text x="{_px(x0 + 5)}" y="{y + 13}" class="value">{_num(total)}{escape(unit)}</text>')
    out.append("</svg>")
    return "".join(out)


def _family_bars(report: Report, lab: dict, lang: str) -> list[Bar]:
    fails = failures(report)
    bars = []
    for fam in ordered_families(fails):
        items = [f for f in fails if family_of(f) == fam]
        parts = [(Decimal(sum(f.severity == s for f in items)), COLOURS[s], lab[s]) for s in SEVERITIES]
        bars.append(Bar(f"{fam} {family_title(fam, lang)}", parts))
    return bars


def _sangong_bars(doc, lab: dict) -> tuple[list[Bar], str]:
    """This year from the narrative (or table 10), last year from the stated change (增加/减少/持平)."""
    from gongkai.engine.pipeline.figures import label

    if doc is None:
        return [], ""
    stated = {s.topic: s for s in doc.statements if s.topic.startswith("sangong.") and s.amount is not None}
    table = doc.table("T10")
    rows = {label(r.name or next(iter(r.texts.values()), "")): r for r in table.rows} if table else {}
    bars, unit = [], ""
    for topic, row_name, name in SANGONG_ITEMS:
        s = stated.get(topic)
        row = rows.get(row_name)
        this = s.amount if s else (row.values.get("合计") if row else None)
        if this is None:
            continue
        unit = unit or (s.unit if s else (table.unit if table else "")) or ""
        last = None
        if s and s.direction == "持平":
            last = this
        elif s and s.change_amount is not None and s.direction in ("增加", "减少"):
            last = this - s.change_amount if s.direction == "增加" else this + s.change_amount
        bars.append(Bar(f"{name} {lab['this_year']}", [(this, COLOURS["this"], lab["this_year"])]))
        if last is not None:
            bars.append(Bar(f"{name} {lab['last_year']}", [(last, COLOURS["last"], lab["last_year"])]))
    return bars, unit


def _total_row(table):
    from gongkai.engine.pipeline.figures import label

    for r in table.rows:
        names = [label(r.name)] + [label(t) for t in r.texts.values()]
        if any(n in ("合计", "总计", "收入合计", "支出合计") for n in names):
            return r
    return None


def _composition_bars(doc, lab: dict) -> tuple[list[Bar], list[Bar], str]:
    if doc is None:
        return [], [], ""
    spend, income, unit = [], [], ""
    t03 = doc.table("T03")
    row = _total_row(t03) if t03 else None
    if row is not None:
        parts = [
            (row.values.get(c) or Decimal(0), PALETTE[k], lab[key])
            for k, (c, key) in enumerate((("基本支出", "basic"), ("项目支出", "project")))
        ]
        if any(v for v, _, _ in parts):
            spend.append(Bar(lab["spending"], parts))
            unit = t03.unit or ""
    t02 = doc.table("T02")
    row = _total_row(t02) if t02 else None
    if row is not None:
        for k, (col, value) in enumerate((c, v) for c, v in row.values.items() if c != "合计" and v):
            income.append(Bar(col, [(value, PALETTE[k % len(PALETTE)], col)]))
        unit = unit or t02.unit or ""
    return spend, income, unit


def _chart_block(title: str, bars: list[Bar], unit: str, lab: dict, key: str) -> str:
    body = bar_chart(bars, unit, title) if bars else f'<p class="muted">{lab["no_data"]}</p>'
    return f'<figure id="chart-{key}"><figcaption>{escape(title)}</figcaption>{body}</figure>'


# -- findings -----------------------------------------------------------------------------------
def _finding(f: Finding, anchor: str, lab: dict) -> str:
    fam = family_of(f)
    out = [
        f'<article class="finding sev-{escape(f.severity)}"{anchor} data-severity="{escape(f.severity)}" '
        f'data-family="{escape(fam)}">',
        f'<h4><span class="sev">{lab.get(f.severity, f.severity)}</span> <code>{escape(f.rule_id)}</code> '
        f"{escape(f.subject)} — {escape(f.title)}</h4>",
    ]
    if f.baselined:
        out.append(f'<p class="muted">{lab["in_baseline"]}</p>')
    rows = [(lab[k2], getattr(f, k2)) for k2 in ("expected", "actual", "note") if getattr(f, k2)]
    rows += [(lab["basis"], f.basis)] + ([(lab["remedy"], f.remedy)] if f.remedy else [])
    out.append("<dl>" + "".join(f"<dt>{escape(a)}</dt><dd>{escape(b)}</dd>" for a, b in rows) + "</dl>")
    if f.evidence:
        out.append(f'<ul class="evidence" aria-label="{lab["evidence"]}">')
        for e in f.evidence:
            where = escape(e.where().replace(e.path, PurePath(e.path).name) if e.path else e.where())
            link = pdf_page_link(e.path, e.page)
            place = f'<a href="{escape(link)}">{where}</a>' if link else where
            label = f' <span class="label">{escape(e.label)}</span>' if e.label else ""
            text = f"<q>{escape(e.text.strip())}</q>" if e.text.strip() else ""
            out.append(f"<li>{place}{label} {text}</li>")
        out.append("</ul>")
    out.append("</article>")
    return "".join(out)


def _filters(fails: list[Finding], lab: dict, lang: str) -> str:
    boxes = [
        f'<label><input type="checkbox" name="severity" value="{s}" checked> {lab[s]}</label>'
        for s in SEVERITIES
        if any(f.severity == s for f in fails)
    ]
    fams = [
        f'<label><input type="checkbox" name="family" value="{fam}" checked> {fam} {family_title(fam, lang)}</label>'
        for fam in ordered_families(fails)
    ]
    return (
        f'<form id="filters" class="filters"><fieldset><legend>{lab["severity"]}</legend>{"".join(boxes)}'
        f"</fieldset><fieldset><legend>{lab['family']}</legend>{''.join(fams)}</fieldset>"
        f'<p class="muted"><span id="shown">{len(fails)}</span> / {len(fails)} {lab["shown"]}</p></form>'
    )


CSS = """
body{font-family:"GongkaiCJK","Noto Sans SC",sans-serif;margin:0 auto;max-width:980px;padding:1em 1.5em;color:#222;line-height:1.5}
h1{font-size:1.5em;margin:.2em 0}h2{border-bottom:2px solid #ddd;padding-bottom:.2em;margin-top:1.6em}
.meta{color:#555;margin:0}.muted{color:#777}
.verdict{display:flex;gap:1em;align-items:center;flex-wrap:wrap;padding:.8em 1em;border-radius:6px;margin:1em 0;background:#f5f5f5}
.verdict .word{font-size:1.6em;font-weight:bold}.v-fail{border-left:8px solid #c62828}.v-warn{border-left:8px solid #e67700}
.v-pass{border-left:8px solid #2e7d32}.counts span{display:inline-block;margin-right:1em}
.c-error{color:#c62828}.c-warning{color:#e67700}.c-info{color:#1565c0}
figure{margin:1em 0}figcaption{font-weight:bold;margin-bottom:.3em}
svg.chart{max-width:100%;height:auto;font-family:inherit;font-size:12px}svg .legend{font-size:11px}svg .value{fill:#333}
.filters{display:flex;gap:1em;flex-wrap:wrap;align-items:flex-start}.filters fieldset{border:1px solid #ddd;border-radius:4px}
.filters label{margin-right:.8em;white-space:nowrap}
.finding{border:1px solid #ddd;border-left:6px solid #999;border-radius:4px;padding:.4em .9em;margin:.7em 0}
.finding h4{margin:.3em 0}.finding .sev{font-size:.85em;color:#fff;border-radius:3px;padding:0 .4em;background:#777}
.sev-error{border-left-color:#c62828}.sev-error .sev{background:#c62828}
.sev-warning{border-left-color:#e67700}.sev-warning .sev{background:#e67700}
.sev-info{border-left-color:#1565c0}.sev-info .sev{background:#1565c0}
dl{display:grid;grid-template-columns:max-content 1fr;gap:.1em 1em;margin:.3em 0}dt{color:#555}dd{margin:0}
.evidence{font-size:.92em;color:#333}.evidence q{background:#fff8c5}.evidence .label{color:#555}
.hidden{display:none}footer{margin-top:2em;font-size:.85em;color:#777}
"""

JS = """
(function(){
  var form=document.getElementById('filters'); if(!form) return;
  function apply(){
    var on=function(n){return Array.prototype.filter.call(form.elements[n]?(form.elements[n].length!==undefined?form.elements[n]:[form.elements[n]]):[],function(b){return b.checked}).map(function(b){return b.value})};
    var sev=on('severity'), fam=on('family'), shown=0;
    document.querySelectorAll('article.finding').forEach(function(a){
      var ok=sev.indexOf(a.dataset.severity)>=0 && fam.indexOf(a.dataset.family)>=0;
      a.classList.toggle('hidden',!ok); if(ok) shown++;
    });
    document.getElementById('shown').textContent=shown;
  }
  form.addEventListener('change',apply);
})();
"""


def render_html(report: Report, doc=None, opts: RenderOptions | None = None) -> str:
    """The whole page. `doc` (the Disclosure) feeds the figure charts; without it they say there is no data."""
    opts = opts or RenderOptions()
    lang = "en" if opts.lang == "en" else "zh"
    lab = LABELS[lang]
    d, s = report.document, report.summary
    fails = failures(report)
    counts = severity_counts(report)
    word = verdict(report)
    name = PurePath(d.path).name if d.path else ""
    body = [
        f"<header><h1>gongkai {lab['title']}</h1>",
        f'<p class="meta">{lab["document"]}: <code>{escape(name)}</code> (sha256 {escape(d.sha256[:12])}) · '
        f"{lab['department']}: {escape(d.department or '?')} · {lab['year']}: {d.year or '?'} · "
        f"{lab['packs']}: {escape(', '.join(report.rulesets))}</p></header>",
        f'<section id="verdict" class="verdict v-{word}"><span class="word">{lab["verdict"]}: '
        f'{lab["verdicts"][word]}</span><span class="counts">'
        + "".join(f'<span class="c-{k}">{lab[k]} <b>{counts[k]}</b></span>' for k in SEVERITIES)
        + f"<span>{lab['pass']} <b>{s.pass_}</b></span><span>{lab['not_applicable']} <b>{s.not_applicable}</b></span>"
        + (f"<span>{lab['waived']} <b>{s.waived}</b></span>" if s.waived else "")
        + (f'<span class="c-error">{lab["rule_error"]} <b>{s.error}</b></span>' if s.error else "")
        + "</span></section>",
    ]
    sangong, sangong_unit = _sangong_bars(doc, lab)
    spend, income, unit = _composition_bars(doc, lab)
    body += [
        f'<section id="charts"><h2>{lab["charts"]}</h2>',
        _chart_block(lab["by_family"], _family_bars(report, lab, lang), lab["count"], lab, "families"),
        _chart_block(lab["sangong"], sangong, sangong_unit, lab, "sangong"),
        _chart_block(lab["composition"], spend, unit, lab, "composition"),
        _chart_block(lab["sources"], income, unit, lab, "sources"),
        "</section>",
    ]
    body.append(f'<section id="findings"><h2>{lab["findings"]} ({len(fails)})</h2>')
    if fails:
        body.append(_filters(fails, lab, lang))
        k = 0
        for fam in ordered_families(fails):
            body.append(f"<h3>{escape(fam)} {escape(family_title(fam, lang))}</h3>")
            for f in (x for x in fails if family_of(x) == fam):
                k += 1
                body.append(_finding(f, f' id="f{k}"', lab))
    else:
        body.append(f"<p>{lab['none']}</p>")
    body.append("</section>")
    errors = [f for f in report.findings if f.status == "error"]
    if errors:
        body.append(
            f'<section id="rule-errors"><h2>{lab["rule_error"]}</h2>'
            + "".join(_finding(f, "", lab) for f in errors)
            + "</section>"
        )
    if opts.show_passes:
        passes = [f for f in report.findings if f.status == "pass"]
        body.append(
            f'<section id="passes"><h2>{lab["passes"]} ({len(passes)})</h2><ul>'
            + "".join(f"<li><code>{escape(f.rule_id)}</code> {escape(f.subject)}</li>" for f in passes)
            + "</ul></section>"
        )
    from gongkai.engine.render import _fonts

    body.append(
        f"<footer>gongkai {escape(report.tool.version)} · {lab['font']}: {_fonts.FAMILY} ({_fonts.LICENSE})</footer>"
    )
    main = "\n".join(body)
    title = f"{lab['title']} — {name}"
    font = base64.b64encode(_fonts.woff_subset("".join(sorted(set(main + title))))).decode("ascii")
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="{"en" if lang == "en" else "zh-CN"}">\n<head>\n<meta charset="utf-8">\n'
        f'<meta name="viewport" content="width=device-width, initial-scale=1">\n<title>{escape(title)}</title>\n'
        f'<style>@font-face{{font-family:"GongkaiCJK";src:url(data:font/woff;base64,{font}) format("woff")}}'
        f"{CSS}</style>\n</head>\n<body>\n{main}\n<script>{JS}</script>\n</body>\n</html>\n"
    )


@register("html")
def render(report: Report, out: TextIO, opts: RenderOptions) -> None:
    out.write(render_html(report, getattr(opts, "document", None), opts))

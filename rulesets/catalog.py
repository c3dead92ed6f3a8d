"""The rule catalog: every rule of every pack, plus the planned ones, and the text of `gongkai explain`
(the same function feeds the review TUI, so the two cannot disagree)."""
from __future__ import annotations

from engine.catalog import Entry, entries, find  # noqa: F401 - re-exported


def explain_markdown(e: Entry, lang: str = "zh") -> str:
    """The rule's documentation page, sqlfluff style: title, metadata, rationale, failing/passing examples."""
    en = lang == "en"
    lines = [f"# {e.id} — {e.title_en if en else e.title_zh}", ""]
    if not en:
        lines += [f"*{e.title_en}*", ""]
    meta = [("Severity" if en else "严重程度", e.severity), ("Family" if en else "类别", e.family),
            ("Basis" if en else "依据", e.basis),
            ("Rulesets" if en else "规则包", ", ".join(e.packs) or ("not implemented" if en else "尚未实现"))]
    if e.aliases:
        meta.append(("Aliases" if en else "别名", ", ".join(e.aliases)))
    lines += [f"- **{k}**: {v}" for k, v in meta] + [""]
    if e.rule is None:
        lines.append("This rule is catalogued but not implemented yet: it never passes silently." if en
                     else "该规则已列入目录但尚未实现：不会被静默判为通过。")
        return "\n".join(lines) + "\n"
    sections = e.rule.doc_sections()
    intro = sections.get("", "").strip()
    if intro:
        lines += [intro, ""]
    for key, zh in (("Failing", "不符合的例子"), ("Passing", "符合的例子")):
        block = sections.get(key)
        if block:
            lines += [f"## {key if en else zh}", "", block.strip(), ""]
    remedy = e.rule.remedy_en if en and e.rule.remedy_en else e.rule.remedy
    lines += ["## " + ("Remedy" if en else "整改建议"), "", remedy, ""]
    return "\n".join(lines)

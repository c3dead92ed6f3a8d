"""The catalog: every rule pack an installed distribution registers, every rule in them (plus the planned
ones), its cases, and the text of `gongkai explain` (the same function feeds the review TUI and SARIF's rule
help, so they cannot disagree). Packs are not imported by name: each registers under the `gongkai.packs`
entry-point group (see pyproject.toml), so the engine never imports `rulesets`.

A rule's cases live in one YAML file, `<case_files()>/<pack>/<RULE-ID>.yml` (format: tests/rules/cases/README.md),
under the pack that defines the rule; the case runner (tests/rules/test_cases.py) and `explain` read them here."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from importlib.metadata import entry_points
from pathlib import Path
from typing import Any

from gongkai.engine.authoring import FAMILIES, Pack, Rule, bundled_example, case_files

ENTRY_POINTS = "gongkai.packs"
BASES = {"example": bundled_example()}  # `base:` of a rule case names a bundled document; `replace` edits it


@cache
def all_packs() -> dict[str, tuple[str, Pack]]:
    """name → (kind, pack), for every pack an installed distribution registers."""
    found: dict[str, tuple[str, Pack]] = {}
    for ep in sorted(entry_points(group=ENTRY_POINTS), key=lambda e: e.name):
        pack = ep.load()
        if not isinstance(pack, Pack) or pack.name != ep.name:
            raise TypeError(f"entry point {ep.name} = {ep.value}: not a Pack named {ep.name!r}")
        found[pack.name] = (pack.kind, pack)
    if not found:
        raise RuntimeError("没有已注册的规则包 / no rule pack is registered: is gongkai installed (pip install -e .)?")
    return found


# -- the catalog: every rule of every pack, and the planned ones ---------------------------------------------
@dataclass
class Entry:
    id: str
    title_zh: str
    title_en: str
    severity: str
    basis: str
    family: str
    implemented: bool
    packs: list[str] = field(default_factory=list)
    aliases: tuple[str, ...] = ()
    rule: type[Rule] | None = None


def _order(rule_id: str) -> tuple[int, int]:
    fam, num = rule_id.split("-")
    return (FAMILIES.index(fam) if fam in FAMILIES else 99, int(num))


@cache
def _entries() -> tuple[Entry, ...]:
    found: dict[str, Entry] = {}
    for name, (_, pack) in sorted(all_packs().items()):
        for rule in pack.rules:
            e = found.get(rule.id)
            if e is None:
                e = found[rule.id] = Entry(
                    rule.id,
                    rule.title_zh,
                    rule.title_en,
                    rule.severity.value,
                    rule.basis.text(),
                    rule.family,
                    rule.implemented,
                    [],
                    rule.aliases,
                    rule,
                )
            e.packs.append(name)
    for _, pack in all_packs().values():
        for rid, zh, en, sev, basis in pack.planned:
            if rid not in found:
                found[rid] = Entry(rid, zh, en, sev, basis, rid.split("-")[0], False)
    return tuple(sorted(found.values(), key=lambda e: _order(e.id)))


def entries() -> list[Entry]:
    return list(_entries())


def find(rule_id: str) -> Entry | None:
    key = rule_id.strip().upper()
    for e in _entries():
        if e.id == key or key in (a.upper() for a in e.aliases):
            return e
    return None


def explain_markdown(e: Entry, lang: str = "zh") -> str:
    """The rule's documentation page, sqlfluff style: title, metadata, rationale, the first passing and failing case."""
    en = lang == "en"
    lines = [f"# {e.id} — {e.title_en if en else e.title_zh}", ""]
    if not en:
        lines += [f"*{e.title_en}*", ""]
    meta = [
        ("Severity" if en else "严重程度", e.severity),
        ("Family" if en else "类别", e.family),
        ("Basis" if en else "依据", e.basis),
        ("Rulesets" if en else "规则包", ", ".join(e.packs) or ("not implemented" if en else "尚未实现")),
    ]
    if e.aliases:
        meta.append(("Aliases" if en else "别名", ", ".join(e.aliases)))
    lines += [f"- **{k}**: {v}" for k, v in meta] + [""]
    if e.rule is None:
        lines.append(
            "This rule is catalogued but not implemented yet: it never passes silently."
            if en
            else "该规则已列入目录但尚未实现：不会被静默判为通过。"
        )
        return "\n".join(lines) + "\n"
    intro = e.rule.doc_sections().get("", "").strip()  # the prose (rules not yet converted keep examples)
    if intro:
        lines += [intro, ""]
    path = cases_path(e.rule)
    data = load_cases(path) if path.is_file() else None
    sections = e.rule.doc_sections()
    for status, zh, en_title in (("pass", "符合的例子", "Passing"), ("fail", "不符合的例子", "Failing")):
        case = first_case(data, status)
        if case is not None:
            lines += [f"## {en_title if en else zh}", ""] + case_markdown(case, en)
        elif sections.get(en_title):  # a rule whose docstring examples are not converted to cases yet
            lines += [f"## {en_title if en else zh}", "", sections[en_title].strip(), ""]
    if data and data.get("never_not_applicable"):
        lines += [("Never not applicable: " if en else "不会判为不适用：") + data["never_not_applicable"], ""]
    remedy = e.rule.remedy_en if en and e.rule.remedy_en else e.rule.remedy
    lines += ["## " + ("Remedy" if en else "整改建议"), "", remedy, ""]
    return "\n".join(lines)


# -- cases ---------------------------------------------------------------------------------------
def pack_of(rule: type[Rule]) -> str:
    """The pack that defines a rule (`….rulesets.<pack>.<family>`, or the package above a rule module defined
    elsewhere): where its cases live."""
    parts = rule.__module__.split(".")
    return parts[parts.index("rulesets") + 1] if "rulesets" in parts[:-1] else parts[-2]


def cases_path(rule: type[Rule]) -> Path:
    return case_files() / pack_of(rule) / f"{rule.id}.yml"


class CaseError(ValueError):
    """A malformed cases file (named in the message)."""


def load_cases(path: Path) -> dict[str, Any]:
    """A cases file, checked for shape: `rule`, `cases` (each with a unique `name`, a `document` or a `base`,
    and `expect`)."""
    import yaml

    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    if not isinstance(data, dict) or not data.get("rule") or not isinstance(data.get("cases"), list):
        raise CaseError(f"{path}: needs `rule:` and a list of `cases:`")
    names = [c.get("name") for c in data["cases"]]
    if None in names or len(set(names)) != len(names):
        raise CaseError(f"{path}: every case needs a unique `name`")
    for case in data["cases"]:
        if ("document" in case) == ("base" in case):
            raise CaseError(f"{path}: case {case['name']}: give either `document` or `base`")
        if not isinstance(case.get("expect"), list):
            raise CaseError(f"{path}: case {case['name']}: `expect` must be a list of findings")
        unknown = set(case) - {
            "name",
            "document",
            "base",
            "replace",
            "expect",
            "config",
            "template",
            "scope",
            "pack",
            "note_contains",
        }
        if unknown:
            raise CaseError(f"{path}: case {case['name']}: unknown keys {sorted(unknown)}")
        for e in case["expect"]:  # a key the runner does not compare would be a check that cannot fail
            if not isinstance(e, dict) or "status" not in e or set(e) - {"status", "subject"}:
                raise CaseError(f"{path}: case {case['name']}: an expected finding is {{status, subject}}, got {e!r}")
    return data


def case_document(case: dict[str, Any]) -> str:
    """The text a case is read from: its `document`, or its `base` with each `replace` edit (old → new)
    applied; every `old` must occur exactly once, so an edit cannot silently miss."""
    if "document" in case:
        return case["document"]
    if case["base"] not in BASES:
        raise CaseError(f"case {case['name']}: unknown base {case['base']!r} (known: {', '.join(BASES)})")
    text = BASES[case["base"]].read_text(encoding="utf-8")
    for old, new in case.get("replace") or []:
        found = text.count(old)
        if found != 1:
            raise CaseError(f"case {case['name']}: {old!r} occurs {found} times in {case['base']}, not once")
        text = text.replace(old, new)
    return text


def statuses_of(case: dict[str, Any]) -> set[str]:
    return {e["status"] for e in case["expect"]}


def first_case(data: dict[str, Any] | None, status: str) -> dict[str, Any] | None:
    """The first case expecting only findings of `status`, else the first expecting one (for `explain`)."""
    cases = (data or {}).get("cases", [])
    return next((c for c in cases if statuses_of(c) == {status}), None) or next(
        (c for c in cases if status in statuses_of(c)), None
    )


def case_markdown(case: dict[str, Any], en: bool) -> list[str]:
    """One case for `explain`: the excerpt (or base and edits) and the expected findings."""
    lines = [f"*{case['name']}*", ""]
    if "document" in case:
        lines += ["```", case["document"].rstrip("\n"), "```"]
    else:
        lines.append(
            ("The bundled example" if en else "内置示例")
            + f" ({BASES[case['base']].name})"
            + ((", with:" if en else "，其中：") if case.get("replace") else "")
        )
        lines += [f"- `{old}` → `{new}`" for old, new in case.get("replace") or []]
    lines += ["", "Expected findings:" if en else "预期结果："]
    lines += [f"- {e['status']}" + (f": {e['subject']}" if e.get("subject") else "") for e in case["expect"]]
    return lines + [""]

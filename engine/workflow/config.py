"""Project configuration: `gongkai.toml`, or `[tool.gongkai]` in `pyproject.toml`, found upward from
the document (the first directory that has either wins; a pyproject.toml without the table is skipped).

    packs = ["shanxi2024"]          # rule packs (default: chosen from the document)
    template = "beijing"            # jurisdiction template (default: chosen from the document; `gongkai templates`)
    tolerance = "0.005"             # rounding tolerance per addend, in the table's unit (万元)
    lang = "zh"                     # zh | en
    fail_on = "error"               # error | warning | info | never
    select = ["SUM", "XTAB-001"]    # only these families / rule ids (default: all)
    ignore = ["EMPTY-002"]          # drop these families / rule ids from the report

    [[waivers]]
    rule_id = "SANGONG-003"
    subject = "三公经费 增减原因"      # optional: without it the whole rule is waived
    reason = "口径调整，已与财政部门确认"
    expires = 2025-06-30

Command-line options win over the file; `--select`/`--ignore` replace the file's lists.
A bad file is an input error (exit 2) naming the file, the key and, when we can find it, the line."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # annotations only: reading the settings does not load the report model
    from gongkai.engine.pipeline.report import Report

KEYS = ("packs", "tolerance", "lang", "fail_on", "select", "ignore", "waivers", "template")
LANGS = ("zh", "en")
FAIL_ON = ("error", "warning", "info", "never")


class ConfigError(ValueError):
    """A configuration problem (the CLI exits 2 with this message)."""


@dataclass
class Settings:
    source: str | None = None  # the file these came from, if any
    packs: list[str] | None = None
    tolerance: Decimal | None = None
    lang: str | None = None
    fail_on: str | None = None
    select: list[str] = field(default_factory=list)
    ignore: list[str] = field(default_factory=list)
    waivers: list[dict[str, Any]] = field(default_factory=list)
    template: str | None = None  # jurisdiction template name (engine/templates)

    def override(self, **cli: Any) -> Settings:
        """Command-line values that were given (not None / not empty) replace the file's."""
        given = {k: v for k, v in cli.items() if v is not None and v != [] and v != ()}
        if "select" in given or "ignore" in given:
            for key in ("select", "ignore"):
                if key in given:
                    given[key] = normalise_selectors(list(given[key]), f"--{key}")
        return replace(self, **given)


def find_config(start: str | Path) -> tuple[Path, dict[str, Any]] | None:
    """The nearest config upward from `start` (a document or a directory), with its gongkai table."""
    here = Path(start).resolve()
    if not here.is_dir():
        here = here.parent
    for d in (here, *here.parents):
        own = d / "gongkai.toml"
        if own.is_file():
            return own, _read(own)
        py = d / "pyproject.toml"
        if py.is_file():
            data = _read(py)
            table = data.get("tool", {}).get("gongkai")
            if table is not None:
                if not isinstance(table, dict):
                    raise ConfigError(f"{py}: [tool.gongkai] 应为表 / must be a table")
                return py, table
    return None


def _read(path: Path) -> dict[str, Any]:
    import tomllib  # here: a document with no config file above it does not load the TOML parser

    try:
        with path.open("rb") as fh:
            return tomllib.load(fh)
    except tomllib.TOMLDecodeError as exc:
        at = re.search(r"line (\d+)", str(exc))  # tomllib says "(at line 3, column 5)"
        where = f"{path}:{at.group(1)}" if at else str(path)
        line = f"第{at.group(1)}行 " if at else ""
        raise ConfigError(f"{where}: {line}TOML 格式错误 / invalid TOML: {exc}") from None
    except UnicodeDecodeError as exc:
        raise ConfigError(f"{path}: 不是 UTF-8 文本 / not UTF-8 text (byte {exc.start})") from None
    except RecursionError:
        raise ConfigError(f"{path}: 嵌套过深 / nested too deeply") from None
    except OSError as exc:
        raise ConfigError(f"{path}: 无法读取 / cannot read: {exc.strerror}") from None


def _where(path: Path, key: str) -> str:
    """`file:line` of `key = …` when we can find it (tomllib keeps no positions)."""
    try:
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if re.match(rf"\s*{re.escape(key)}\s*=", line):
                return f"{path}:{n}"
    except OSError:
        pass
    return str(path)


def load_settings(path: str | Path, table: dict[str, Any] | None = None) -> Settings:
    path = Path(path)
    if table is None:
        data = _read(path)
        table = data.get("tool", {}).get("gongkai", {}) if path.name == "pyproject.toml" else data

    def bad(key: str, why: str) -> ConfigError:
        return ConfigError(f"{_where(path, key)}: 配置项 / key '{key}': {why}")

    unknown = sorted(set(table) - set(KEYS))
    if unknown:
        raise bad(unknown[0], f"未知配置项 / unknown key (known: {', '.join(KEYS)})")
    s = Settings(source=str(path))
    if "packs" in table:
        s.packs = _strings(table["packs"], lambda why: bad("packs", why))
    if "template" in table:
        from gongkai.engine.templates import TemplateError, get

        try:
            s.template = get(table["template"]).name if isinstance(table["template"], str) else None
        except TemplateError as exc:
            raise bad("template", str(exc)) from None
        if s.template is None:
            raise bad("template", "应为模板名 / expects a template name")
    if "tolerance" in table:
        raw = table["tolerance"]
        try:
            s.tolerance = parse_tolerance(raw)
        except ValueError as exc:
            raise bad("tolerance", str(exc)) from None
    if "lang" in table:
        if table["lang"] not in LANGS:
            raise bad("lang", f"应为 / expects one of {', '.join(LANGS)}, got {table['lang']!r}")
        s.lang = table["lang"]
    if "fail_on" in table:
        if table["fail_on"] not in FAIL_ON:
            raise bad("fail_on", f"应为 / expects one of {', '.join(FAIL_ON)}, got {table['fail_on']!r}")
        s.fail_on = table["fail_on"]
    for key in ("select", "ignore"):
        if key in table:
            try:
                setattr(s, key, normalise_selectors(_strings(table[key], lambda why, key=key: bad(key, why)), key))
            except ConfigError as exc:
                raise bad(key, str(exc)) from None
    if "waivers" in table:
        ws = table["waivers"]
        if not isinstance(ws, list) or not all(isinstance(w, dict) for w in ws):
            raise bad("waivers", "应为 [[waivers]] 表数组 / expects an array of tables ([[waivers]])")
        from gongkai.engine.workflow.waivers import WaiverError, _parse

        try:
            _parse(ws, str(path))  # validate now so the error names the config file
        except WaiverError as exc:
            raise ConfigError(str(exc)) from None
        s.waivers = ws
    return s


def parse_tolerance(raw: Any) -> Decimal:
    """A finite, non-negative number of reasonable size (NaN, Infinity, 1e30 would break the arithmetic)."""
    from gongkai.engine.pipeline.numbers import in_bounds

    try:
        if isinstance(raw, bool):
            raise InvalidOperation
        value = Decimal(str(raw).strip())
    except (InvalidOperation, ValueError):
        raise ValueError(f"需要一个数（如 0.005）/ expects a number, got {raw!r}") from None
    if not value.is_finite() or not in_bounds(value):
        raise ValueError(f"需要一个有限的数 / expects a finite number, got {raw!r}")
    if value < 0:
        raise ValueError("不能为负 / must not be negative")
    return value


def _strings(value: Any, bad) -> list[str]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise bad("应为字符串列表 / expects a list of strings")
    return value


def did_you_mean(item: str) -> str:
    """'（是否指 / did you mean: SUM-002?）' for a near miss among rule ids and families, else ''."""
    import difflib

    from gongkai.engine.authoring import FAMILIES
    from gongkai.engine.pipeline.catalog import entries

    names = list(FAMILIES) + [e.id for e in entries()]
    close = difflib.get_close_matches(item.upper(), names, n=3, cutoff=0.6)
    return f"（是否指 / did you mean: {', '.join(close)}?）" if close else ""


def normalise_selectors(items: list[str], what: str) -> list[str]:
    """Families (SUM) or rule ids / aliases (SUM-002); anything else is a typo we should not ignore."""
    from gongkai.engine.authoring import FAMILIES
    from gongkai.engine.pipeline.catalog import find

    out = []
    for raw in items:
        for item in (p.strip() for p in raw.split(",")):
            if not item:
                continue
            if item.upper() in FAMILIES:
                out.append(item.upper())
                continue
            entry = find(item)
            if entry is None:
                raise ConfigError(f"{what}: 不是规则编号或类别 / not a rule id or family: {item}{did_you_mean(item)}")
            out.append(entry.id)
    return out


def settings_for(doc_path: str | Path, explicit: str | Path | None = None) -> Settings:
    """The settings that apply to one document: an explicit file, else the nearest one, else defaults."""
    if explicit is not None:
        p = Path(explicit)
        if not p.is_file():
            raise ConfigError(f"{p}: 配置文件不存在 / no such config file")
        return load_settings(p)
    found = find_config(doc_path)
    return load_settings(*found) if found else Settings()


def _hit(selectors: list[str], rule_id: str) -> bool:
    return rule_id in selectors or rule_id.split("-")[0] in selectors


def select_findings(report: Report, select: list[str], ignore: list[str]) -> Report:
    """Keep findings of selected rules (all when `select` is empty), drop ignored ones, recount. With neither,
    the report (finalized by the check) is returned as it came: sorting it again cost ~2 ms a document."""
    if not (select or ignore):
        return report
    report.findings = [
        f for f in report.findings if (not select or _hit(select, f.rule_id)) and not _hit(ignore, f.rule_id)
    ]
    return report.finalize()

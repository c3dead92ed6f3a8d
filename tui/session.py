"""A review session: one document, its report, what-if edits with undo, waivers and export.

Pure (no Textual): the app and the tests drive it the same way. The source file is never written;
what-if edits change a deep copy of the `Disclosure` held in memory, and waivers go to the sidecar
through `engine.workflow.waivers`.
"""

from __future__ import annotations

import difflib
import os
import threading
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from gongkai.engine.authoring import Config
from gongkai.engine.pipeline.figures import label
from gongkai.engine.pipeline.model import Disclosure, Row, Table
from gongkai.engine.pipeline.numbers import normalize, squash, try_amount
from gongkai.engine.pipeline.report import Finding, Report


class SessionError(ValueError):
    """A command the session cannot carry out; the message is for the reviewer (zh / en)."""


Key = tuple[str, str]  # (rule_id, subject): a finding's identity across re-runs


def status_of(f: Finding) -> str:
    return "waived" if f.waived else f.status


@dataclass
class Edit:
    """One what-if change of a table cell."""

    table: str
    row: str  # the row's label as printed
    column: str
    old: Decimal | None
    new: Decimal
    line: int

    def describe(self) -> str:
        old = "空" if self.old is None else str(self.old)
        return f"{self.table} {self.row} {self.column}: {old} → {self.new}（第{self.line}行）"


@dataclass
class Change:
    """How the findings moved between two runs."""

    new_fails: list[Finding] = field(default_factory=list)
    new_passes: list[Finding] = field(default_factory=list)
    other: list[tuple[str, str, Finding]] = field(default_factory=list)  # (before, after, finding)
    gone: list[Finding] = field(default_factory=list)

    def empty(self) -> bool:
        return not (self.new_fails or self.new_passes or self.other or self.gone)


def diff(before: Report, after: Report) -> Change:
    old = {(f.rule_id, f.subject): f for f in before.findings}
    new = {(f.rule_id, f.subject): f for f in after.findings}
    ch = Change()
    for key, f in new.items():
        was = status_of(old[key]) if key in old else None
        now = status_of(f)
        if was == now:
            continue
        if now == "fail":
            ch.new_fails.append(f)
        elif now == "pass":
            ch.new_passes.append(f)
        else:
            ch.other.append((was or "—", now, f))
    ch.gone = [f for key, f in old.items() if key not in new]
    return ch


def find_table(doc: Disclosure, ref: str) -> Table:
    """'T10', 't10', '表10', '10' → the table."""
    text = normalize(ref).strip().upper().removeprefix("表").removeprefix("T")
    if text.isdigit() and doc.table(f"T{int(text):02d}"):
        return doc.table(f"T{int(text):02d}")  # type: ignore[return-value]
    raise SessionError(f"没有这张表 / no such table: {ref}（可选 / tables: {', '.join(t.id for t in doc.tables)}）")


def row_label(row: Row) -> str:
    return label(row.name or (row.cells[0] if row.cells else ""))


def find_row(table: Table, ref: str) -> Row:
    """A row by its label (ordinals such as ①, 一、 ignored), else by a unique close match."""
    want = label(ref)
    exact = [r for r in table.rows if row_label(r) == want or squash(r.code or "") == want]
    if len(exact) == 1:
        return exact[0]
    labels = [row_label(r) for r in table.rows]
    if len(exact) > 1:
        raise SessionError(
            f"{table.id} 有多行叫“{ref}”/ several rows match: 第{', '.join(str(r.line) for r in exact)}行"
        )
    contains = [r for r in table.rows if want and want in row_label(r)]
    if len(contains) == 1:
        return contains[0]
    close = difflib.get_close_matches(want, labels, n=3, cutoff=0.6)
    if len(close) == 1:
        return table.rows[labels.index(close[0])]
    hint = "、".join(close or labels[:6])
    raise SessionError(f"{table.id} 没有行“{ref}”/ no such row（试试 / try: {hint}）")


def find_column(table: Table, row: Row, ref: str | None) -> str:
    amount_columns = [c for c in table.columns if c in row.values]
    if ref is None and amount_columns:
        return amount_columns[0]
    ref = ref or ""
    want = squash(ref)
    for c in amount_columns:
        if squash(c) == want:
            return c
    close = difflib.get_close_matches(want, [squash(c) for c in amount_columns], n=1, cutoff=0.6)
    if close:
        return amount_columns[[squash(c) for c in amount_columns].index(close[0])]
    raise SessionError(
        f"{table.id} 没有金额栏“{ref}”/ no such amount column（可选 / choose: {'、'.join(amount_columns)}）"
    )


def _patch_line(line: str, table: Table, column: str, old: Decimal | None, new: Decimal) -> str:
    """Put the new figure into the tab-separated source line when its cell can be located for sure."""
    cells = line.split("\t")
    idx = table.columns.index(column) if column in table.columns else -1
    if 0 <= idx < len(cells) and try_amount(cells[idx]) == old and (old is not None or not cells[idx].strip()):
        cells[idx] = str(new)
        return "\t".join(cells)
    return line


def os_user() -> str:
    """Who is reviewing: the OS login name (recorded with a waiver)."""
    import getpass

    try:
        return getpass.getuser()
    except Exception:  # noqa: BLE001 - no login name in some containers
        return "unknown"


class Session:
    """The state of one review. `report` always describes `doc` (the edited copy) with waivers applied."""

    def __init__(
        self,
        path: str | os.PathLike[str],
        doc: Disclosure,
        packs: list[str] | None = None,
        config: Config | None = None,
        today: date | None = None,
        settings: Any = None,
        report: Report | None = None,
        baseline: Any = None,
        scope: str | None = None,
    ) -> None:
        """`settings` is an `engine.workflow.config.Settings` (packs, tolerance, select/ignore, config waivers); by
        default the nearest gongkai.toml / pyproject.toml is read, as `gongkai check` does. A given
        `report` is shown as it is (tests pin the screen with one); edits still re-run the rules."""
        self.path = Path(path)
        self.original = doc
        self.doc = doc  # edits replace it with a modified deep copy; `original` stays as read
        self.today = today
        self.baseline, self.scope = baseline, scope
        self.warnings: list[str] = []
        self.settings = settings if settings is not None else self._settings()
        self.packs = packs or getattr(self.settings, "packs", None) or None
        self.config = config or self._config()
        self.edits: list[Edit] = []
        self._history: list[tuple[Disclosure, Report, list[Edit]]] = []
        self._lock = threading.Lock()
        self.report = report if report is not None else self._run(self.doc)

    @classmethod
    def open(
        cls,
        path: str | os.PathLike[str],
        packs: list[str] | None = None,
        config: Config | None = None,
        today: date | None = None,
        settings: Any = None,
    ) -> Session:
        from gongkai.engine.workflow.run import read_document

        return cls(path, read_document(path), packs, config, today, settings)

    # -- running the rules, the way `gongkai check` does -----------------------------------------
    def _settings(self) -> Any:
        from gongkai.engine.workflow.config import ConfigError, settings_for

        try:
            return settings_for(self.path)
        except ConfigError as exc:
            self.warnings.append(f"配置文件未生效 / config not applied: {exc}")
            return None

    def _config(self) -> Config:
        from gongkai.engine.workflow.config import Settings
        from gongkai.engine.workflow.run import engine_config

        return engine_config(self.settings or Settings())

    def _run(self, doc: Disclosure) -> Report:
        """The check workflow of `gongkai check` (engine.workflow.check_path) on the edited copy: the same
        settings, selection, waivers and baseline. A waiver file `check` would refuse (malformed, expired)
        is shown as a warning and the report is shown without waivers, where `check` exits 2."""
        from gongkai.engine.workflow.config import Settings
        from gongkai.engine.workflow.run import check_path
        from gongkai.engine.workflow.waivers import WaiverError

        settings = self.settings or Settings()
        if self.packs:
            settings = settings.override(packs=self.packs)
        run = dict(baseline=self.baseline, today=self.today, scope=self.scope, doc=doc, config=self.config)
        self.warnings = [w for w in self.warnings if not w.startswith("豁免")]
        try:
            return check_path(self.path, settings, **run)
        except WaiverError as exc:
            self.warnings.append(f"豁免未生效 / waivers not applied: {exc}")
            return check_path(self.path, settings, waivers=False, **run)

    # -- what-if -------------------------------------------------------------------------------
    def set_value(self, table_ref: str, row_ref: str, column_ref: str | None, value: str) -> tuple[Edit, Change]:
        try:
            new = Decimal(normalize(value).replace(",", "").strip())
        except InvalidOperation:
            raise SessionError(f"不是金额 / not an amount: {value}") from None
        from gongkai.engine.pipeline.numbers import MAX_WAN, in_bounds

        if not new.is_finite():
            raise SessionError(f"不是金额 / not an amount: {value}")
        if not in_bounds(new, "万元"):
            raise SessionError(f"金额超出范围（上限 {MAX_WAN:.0E} 万元）/ amount out of range: {value}")
        with self._lock:
            doc = self.doc.model_copy(deep=True)
            table = find_table(doc, table_ref)
            row = find_row(table, row_ref)
            column = find_column(table, row, column_ref)
            old = row.values.get(column)
            edit = Edit(table.id, row_label(row), column, old, new, row.line)
            row.values[column] = new
            doc.lines[row.line - 1] = _patch_line(doc.lines[row.line - 1], table, column, old, new)
            report = self._run(doc)
            change = diff(self.report, report)
            self._history.append((self.doc, self.report, list(self.edits)))
            self.doc, self.report = doc, report
            self.edits = self.edits + [edit]
            return edit, change

    def undo(self) -> tuple[Edit, Change] | None:
        with self._lock:
            if not self._history:
                return None
            undone = self.edits[-1]
            doc, _, edits = self._history.pop()
            report = self._run(doc)  # re-run: waivers may have changed since
            change = diff(self.report, report)
            self.doc, self.report, self.edits = doc, report, edits
            return undone, change

    def row_at(self, line: int) -> tuple[Table, Row] | None:
        for t in self.doc.tables:
            for r in t.rows:
                if r.line == line:
                    return t, r
        return None

    # -- waivers -------------------------------------------------------------------------------
    def waive(
        self, rule_id: str, subject: str | None, reason: str, expires: date | None = None
    ) -> tuple[object, Change]:
        from gongkai.engine.workflow.waivers import WaiverError, add_sidecar_waiver

        with self._lock:
            try:
                waiver = add_sidecar_waiver(
                    self.path, rule_id, subject, reason, today=self.today or date.today(), expires=expires, by=os_user()
                )
            except WaiverError as exc:
                raise SessionError(str(exc)) from None
            except OSError as exc:
                raise SessionError(f"无法写入豁免文件 / cannot write the waiver file: {exc.strerror}") from None
            report = self._run(self.doc)
            change = diff(self.report, report)
            self.report = report
            return waiver, change

    # -- export --------------------------------------------------------------------------------
    def export(self, target: str, cwd: str | os.PathLike[str] | None = None) -> Path:
        out = Path(target).expanduser()
        if not out.is_absolute():
            out = Path(cwd or os.getcwd()) / out
        if out.suffix.lower() not in (".md", ".json"):
            raise SessionError("只能导出 .md 或 .json / export to a .md or .json file")
        from gongkai.engine.workflow.safe_io import SIDECAR_SUFFIX, UnsafeOutput, check_target, open_output

        reads = [
            self.path,
            self.path.with_name(self.path.name + SIDECAR_SUFFIX),
            getattr(self.settings, "source", None),
        ]
        try:
            check_target(out, reads)  # never the document, its waivers or the config
        except UnsafeOutput as exc:
            raise SessionError(str(exc)) from None
        text = self.report.to_json() if out.suffix.lower() == ".json" else self.markdown()
        try:
            with open_output(out) as fh:
                fh.write(text)
        except (OSError, ValueError) as exc:  # e.g. a name longer than the file system allows
            raise SessionError(f"无法写入 / cannot write {out}: {getattr(exc, 'strerror', None) or exc}") from None
        return out

    def markdown(self) -> str:
        """The colleague's Markdown renderer when it exists, else the session's own small one."""
        from gongkai.engine import render

        if "markdown" in render.formats():
            import io

            buf = io.StringIO()
            render.get("markdown")(self.report, buf, render.RenderOptions(lang=self.config.lang, cwd=os.getcwd()))
            text = buf.getvalue()
        else:
            from gongkai.tui.answer import report_markdown

            text = report_markdown(self.report)
        if self.edits:
            note = "\n".join(f"> - {e.describe()}" for e in self.edits)
            text = f"> **假设修改（未写入原文件）/ what-if edits in effect:**\n{note}\n\n" + text
        return text

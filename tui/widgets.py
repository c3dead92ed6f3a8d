"""The review app's widgets, kept thin: what they show is computed by the pure functions at the top."""

from __future__ import annotations

from rich.cells import cell_len
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Markdown, OptionList, Tree
from textual.widgets.option_list import Option

from gongkai.engine.authoring import FAMILIES
from gongkai.engine.pipeline.model import Disclosure
from gongkai.engine.pipeline.report import Finding, Report
from gongkai.engine.render.text import FAMILY_TITLES
from gongkai.tui.answer import MARK, ORDER, SEVERITY, st

STYLE = {"fail": "bold red", "error": "bold magenta", "waived": "yellow", "pass": "green", "not_applicable": "dim"}
COUNT_CELLS = 14  # family counts are padded to this many terminal cells so titles line up


# -- pure view helpers -------------------------------------------------------------------------
def families(report: Report) -> list[tuple[str, list[Finding]]]:
    """(family, findings) with failures first, most severe first; families in catalogue order."""
    groups: dict[str, list[Finding]] = {}
    for f in report.findings:
        groups.setdefault(f.family or f.rule_id.split("-")[0], []).append(f)
    out = []
    for fam in sorted(groups, key=lambda x: FAMILIES.index(x) if x in FAMILIES else 99):
        items = sorted(groups[fam], key=lambda f: (ORDER[st(f)], SEVERITY.get(f.severity, 3), f.sort_key()))
        out.append((fam, items))
    return out


def pad(text: str, cells: int) -> str:
    """Pad or cut to exactly `cells` terminal cells (a Chinese character takes two)."""
    out, used = "", 0
    for ch in text:
        w = cell_len(ch)
        if used + w > cells:
            break
        out, used = out + ch, used + w
    return out + " " * (cells - used)


def family_label(fam: str, items: list[Finding]) -> Text:
    """'TBL     ✗1 –8 ✓37     表格齐全与规范': ids and counts padded so the columns line up."""
    c = {k: sum(1 for f in items if st(f) == k) for k in ORDER}
    label = Text(f"{fam:<7} ", style="bold")
    used = 0
    for k in ORDER:
        if c[k]:
            part = f"{MARK[k]}{c[k]} "
            label.append(part, style=STYLE[k])
            used += cell_len(part)
    label.append(" " * max(0, COUNT_CELLS - used))
    label.append(FAMILY_TITLES.get(fam, (fam, fam))[0], style="dim")
    return label


SEVERITY_STYLE = {"error": "bold red", "warning": "yellow", "info": "cyan"}


def finding_label(f: Finding) -> Text:
    s = st(f)
    style = SEVERITY_STYLE.get(f.severity, STYLE[s]) if s == "fail" else STYLE[s]  # failures coloured by severity
    label = Text(f"{MARK[s]} ", style=style)
    label.append(f.rule_id, style=f"bold {style}" if s in ("fail", "error") else "")
    label.append(f" {f.subject}")
    return label


def window(
    doc: Disclosure, lines: list[int], table: str | None = None, context: int = 3, limit: int = 60
) -> list[int | None]:
    """The source lines to show: a whole table, or each evidence line with a little context; None marks
    a gap between clusters."""
    n = len(doc.lines)
    t = doc.table(table) if table else None
    if t is not None:
        wanted = set(range(t.start_line, min(t.end_line, t.start_line + limit - 1) + 1)) | set(lines[:5])
    elif lines:
        wanted = {k for ln in lines[:12] for k in range(ln - context, ln + context + 1)}
    else:
        wanted = set(range(1, context * 4 + 1))
    out: list[int | None] = []
    for k in sorted(x for x in wanted if 1 <= x <= n)[:limit]:
        if out and out[-1] is not None and k > out[-1] + 1:
            out.append(None)
        out.append(k)
    return out


def align(texts: list[str], cap: int = 16) -> list[str]:
    """Line up the tab-separated cells of table rows by terminal cells, wide characters included."""
    widths: dict[int, int] = {}
    for t in texts:
        if "\t" in t:
            for i, cell in enumerate(t.split("\t")[:-1]):
                widths[i] = min(cap, max(widths.get(i, 0), cell_len(cell.strip())))
    out = []
    for t in texts:
        if "\t" not in t:
            out.append(t)
            continue
        cells = t.rstrip("\t").split("\t")
        out.append(
            " ".join(
                pad(c.strip(), widths.get(i, 0)) if i < len(cells) - 1 else c.strip() for i, c in enumerate(cells)
            ).rstrip()
        )
    return out


def source_line(doc: Disclosure, original: Disclosure | None, n: int, body: str, hot: bool) -> Table:
    """A two-column grid: the line number and its mark, then the text (table rows are not wrapped)."""
    edited = original is not None and original.line_text(n) != doc.line_text(n)
    gutter = Text(f"{n:>4}", style="bold yellow" if hot else "dim")
    gutter.append("✎" if edited else ("▶" if hot else " "), style="bold cyan" if edited else "bold yellow")
    is_row = "\t" in doc.line_text(n)
    text = Text(
        body,
        style=("bold " if hot else "") + ("cyan" if edited else ""),
        no_wrap=is_row,
        overflow="ellipsis" if is_row else "fold",
    )
    grid = Table.grid()
    grid.add_column(width=5, no_wrap=True)
    grid.add_column(ratio=1)
    grid.add_row(gutter, text)
    return grid


# -- widgets -----------------------------------------------------------------------------------
class FindingsTree(Tree[Finding | str]):
    """Findings by family, failures first, with ✓ ✗ – ≈ marks and counts."""

    def on_mount(self) -> None:
        self.guide_depth = 2
        self.show_root = False

    def on_key(self, event) -> None:
        """A printable key that is not a command key starts a question: the review is a chat front end."""
        ch = event.character
        if not ch or not event.is_printable or ch.isspace():
            return
        bound = {getattr(b, "key", None) for b in getattr(type(self.app), "BINDINGS", [])}
        if event.key in bound or ch in bound:
            return
        starter = getattr(self.app, "start_question", None)
        if starter is not None:
            event.prevent_default()
            event.stop()
            starter(ch)

    def show(self, report: Report, keep: tuple[str, str] | None = None) -> None:
        """Failures (and waived, errors) directly under their family; passes and n/a in collapsed groups
        whose leaves are only built when a group is opened (a report has a thousand passes)."""
        open_ = {n.data for n in self._walk() if n.is_expanded and isinstance(n.data, str)}
        fresh = not self.root.children
        self.clear()
        self._pending: dict[object, list[Finding]] = {}
        target = None
        for fam, items in families(report):
            bad = [f for f in items if st(f) in ("fail", "error", "waived")]
            node = self.root.add(family_label(fam, items), data=fam, expand=bool(bad) if fresh else fam in open_)
            for f in bad:
                leaf = node.add_leaf(finding_label(f), data=f)
                if keep and (f.rule_id, f.subject) == keep:
                    target = leaf
            for s in ("not_applicable", "pass"):
                group_items = [f for f in items if st(f) == s]
                if not group_items:
                    continue
                label = Text(f"{MARK[s]} {len(group_items)} ", style=STYLE[s])
                label.append("符合 passed" if s == "pass" else "不适用 n/a", style="dim")
                group = node.add(label, data=f"{fam}:{s}", expand=False, allow_expand=True)
                self._pending[group.id] = group_items
                if f"{fam}:{s}" in open_ or (keep and any((f.rule_id, f.subject) == keep for f in group_items)):
                    self._fill(group)
                    group.expand()
                    target = target or next(
                        (
                            n
                            for n in group.children
                            if keep and isinstance(n.data, Finding) and (n.data.rule_id, n.data.subject) == keep
                        ),
                        None,
                    )
        if target is None:  # start on what matters most: a crashed rule, else the top issue
            from gongkai.engine.pipeline.report import by_importance

            failing = [n for n in self._walk() if isinstance(n.data, Finding) and st(n.data) in ("fail", "error")]
            target = min(failing, key=lambda n: (st(n.data) != "error", by_importance(n.data)), default=None)
        if target is not None:
            self._reveal(target)

    def _fill(self, group) -> None:
        for f in self._pending.pop(group.id, []):
            group.add_leaf(finding_label(f), data=f)

    def on_tree_node_expanded(self, event: Tree.NodeExpanded) -> None:
        if event.node.id in getattr(self, "_pending", {}):
            self._fill(event.node)

    def _walk(self):
        stack = list(reversed(self.root.children))
        while stack:
            node = stack.pop()
            yield node
            stack.extend(reversed(node.children))

    def _reveal(self, node) -> None:
        parent = node.parent
        while parent is not None and parent is not self.root:
            parent.expand()
            parent = parent.parent
        self.call_after_refresh(self.move_cursor, node)

    def findings(self) -> list[Finding]:
        return [n.data for n in self._walk() if isinstance(n.data, Finding)]

    def current(self) -> Finding | None:
        node = self.cursor_node
        return node.data if node is not None and isinstance(node.data, Finding) else None

    def goto(self, finding: Finding) -> None:
        for node in self._walk():
            if node.data is finding:
                self._reveal(node)
                return
        for node in list(self._walk()):
            if finding in self._pending.get(node.id, []):
                self._fill(node)
                self.goto(finding)
                return


class DocPane(OptionList):
    """The source lines around what is being discussed; evidence lines marked ▶, what-if edits ✎."""

    def show(self, doc: Disclosure, original: Disclosure | None, lines: list[int], table: str | None = None) -> None:
        shown = window(doc, lines, table)
        nums = [k for k in shown if k is not None]
        bodies = dict(zip(nums, align([doc.line_text(k) for k in nums])))
        hot = set(lines)
        self.clear_options()
        self.add_options(
            [
                Option(source_line(doc, original, k, bodies[k], k in hot), id=f"L{k}")
                if k is not None
                else Option(Text("     ⋯", style="dim"), disabled=True)
                for k in shown
            ]
        )
        t = doc.table(table) if table else None
        where = f"第{nums[0]}–{nums[-1]}行" if nums else ""
        self.border_title = (f"原文 表{t.number} {t.title}" if t else "原文") + (f" · {where}" if where else "")
        focus = next((k for k in lines if k in bodies), nums[0] if nums else None)  # the most relevant line
        if focus is not None:
            self.highlighted = shown.index(focus)

    def line(self) -> int | None:
        opt = self.highlighted_option
        return int(opt.id[1:]) if opt is not None and opt.id else None


class Prompt(Markdown):
    """The reviewer's question."""


class Response(Markdown):
    """An answer, as Markdown."""


class Chat(VerticalScroll):
    """The conversation: focusable, so it scrolls from the keyboard; `z` shows it full screen."""

    ALLOW_MAXIMIZE = True


class HelpScreen(ModalScreen[None]):
    """Keys and questions. Any of escape, q or ? closes it."""

    BINDINGS = [
        Binding("escape", "dismiss", "关闭 Close"),
        Binding("q", "dismiss", show=False),
        Binding("question_mark", "dismiss", show=False),
    ]

    def __init__(self, text: str) -> None:
        super().__init__()
        self.text = text

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help"):
            yield Markdown(self.text)

    def action_dismiss(self) -> None:  # type: ignore[override]
        self.dismiss(None)


def detail_strip(f: Finding, lang: str = "zh") -> str:
    """应为 / 实际 / 说明 / 依据 / 整改 of one finding: what the detail strip beside the source lines shows."""
    en = lang == "en"
    names = (
        (("expected", "expected"), ("actual", "actual"), ("note", "note"), ("basis", "basis"), ("remedy", "remedy"))
        if en
        else (("expected", "应为"), ("actual", "实际"), ("note", "说明"), ("basis", "依据"), ("remedy", "整改"))
    )
    status = {"fail": "不符合", "pass": "符合", "not_applicable": "不适用", "error": "规则异常", "waived": "已豁免"}
    if en:
        status = {"fail": "fail", "pass": "pass", "not_applicable": "n/a", "error": "rule crashed", "waived": "waived"}
    out = [f"**{MARK[st(f)]} {f.rule_id}** {status[st(f)]} · {f.severity}", "", f.subject, ""]
    for key, name in names:
        value = getattr(f, key)
        if value and not (key == "expected" and f.status == "pass") and not (key == "remedy" and f.status == "pass"):
            out.append(f"- **{name}** {value}")
    return "\n".join(out) + "\n"


class DetailStrip(Markdown):
    """The selected finding's 应为 / 实际 / 说明 / 依据 / 整改, beside its source lines."""

"""`gongkai review PATH`: a chat-style review session in the terminal.

Left, the findings by family (failures first); right, the source lines of the selected finding and a
conversation where questions get grounded answers and slash commands try what-ifs, waive and export.
The engine runs in a worker thread, so the first screen appears at once; the source file is never written.

Run: `gongkai review examples/shanxi-sme-bureau-2024.txt` (or `python -m gongkai.tui.app PATH`).
"""

from __future__ import annotations

import sys
import time
from datetime import date
from pathlib import Path

from textual import on, work
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Footer, Header, Input, Tree

from gongkai.engine.pipeline.model import Disclosure
from gongkai.engine.pipeline.report import Finding
from gongkai.tui import commands
from gongkai.tui.answer import Answerer, GroundedAnswerer, Reply, demote, detail, help_text, summary_md
from gongkai.tui.session import Session
from gongkai.tui.widgets import Chat, DetailStrip, DocPane, FindingsTree, HelpScreen, Prompt, Response, detail_strip

KEYS = """### 按键 / Keys

| 键 | 作用 |
|---|---|
| `↑` `↓` | 在发现列表或原文中移动 / move |
| `n` / `p` | 下一个 / 上一个问题 / next / previous failure |
| `enter` `e` | 在对话中解释所选发现 / explain the selected finding |
| `w` | 豁免所选发现（预填 `/waive`）/ waive it |
| `s` | 对所选表格行做假设修改（预填 `/set`）/ what-if on a table row |
| `u` | 撤销假设修改 / undo a what-if |
| `tab` | 切换窗格 / next pane |
| `z` | 对话全屏（`esc` 还原）/ conversation full screen |
| `PgUp` `PgDn` | 在输入时翻动对话 / scroll the conversation while typing |
| `/` `i` | 到输入行提问 / ask |
| 打字 / type | 在发现列表中直接输入即开始提问 / typing in the findings list starts a question |
| `esc` | 回到发现列表 / back to the findings |
| `?` `F1` | 本帮助 / this help |
| `ctrl+q` | 退出 / quit |

"""


class ReviewApp(App[None]):
    """Walk one disclosure's findings, ask about them, try what-ifs, waive, export."""

    CSS_PATH = "review.tcss"
    TITLE = "gongkai review"
    AUTO_FOCUS = "FindingsTree"
    ENABLE_COMMAND_PALETTE = False
    BINDINGS = [
        Binding("question_mark", "help", "帮助"),
        Binding("f1", "help", "Help", show=False),
        Binding("slash", "ask", "提问"),
        Binding("i", "ask", "Ask", show=False),
        Binding("n", "next_fail(1)", "下一问题"),
        Binding("p", "next_fail(-1)", "上一问题", show=False),
        Binding("e", "explain", "解释", show=False),
        Binding("s", "what_if", "假设"),
        Binding("w", "waive", "豁免"),
        Binding("u", "undo", "撤销", show=False),
        Binding("z", "zoom", "放大"),
        Binding("pageup", "scroll_chat(-1)", "上翻", show=False),
        Binding("pagedown", "scroll_chat(1)", "下翻", show=False),
        Binding("escape", "back", "返回", show=False),
        Binding("ctrl+q", "quit", "退出", priority=True),
    ]

    def __init__(
        self,
        path: str | Path,
        doc: Disclosure | None = None,
        packs: list[str] | None = None,
        session: Session | None = None,
        answerer: Answerer | None = None,
        today: date | None = None,
        settings: object = None,
        lang: str = "zh",
        baseline: object = None,
        scope: str | None = None,
    ) -> None:
        super().__init__()
        self.lang = "en" if lang == "en" else "zh"
        self.transcript: list[tuple[str, str]] = []  # (question, answer) as Markdown, for /export
        self.path = Path(path)
        self.doc, self.packs, self.today, self.settings = doc, packs, today, settings
        self.baseline, self.scope = baseline, scope
        self.session = session
        self.answerer: Answerer = answerer or GroundedAnswerer()
        self.started = time.perf_counter()
        self.ready_after: float | None = None  # seconds from start to findings on screen
        self.sub_title = self.path.name

    # -- layout ------------------------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        yield Header(icon="")
        with Horizontal(id="main"):
            tree = FindingsTree("findings", id="findings")
            tree.show_root = False
            tree.border_title = "发现 · 检查中…"
            yield tree
            with Vertical(id="right"):
                with Horizontal(id="top"):
                    doc = DocPane(id="doc")
                    doc.border_title = "原文"
                    yield doc
                    strip = DetailStrip(id="detail")
                    strip.border_title = "详情"
                    yield strip
                chat = Chat(id="chat")
                chat.border_title = "对话"
                with chat:
                    yield Response(f"正在检查 `{self.path.name}` …", classes="note")
                # no select-on-focus: a prefilled /waive or a first typed character must be kept, not replaced
                yield Input(
                    placeholder="问：三公经费为什么通过了？ · /set · /waive · /export · ? 帮助",
                    id="ask",
                    select_on_focus=False,
                )
        yield Footer()

    def on_mount(self) -> None:
        if self.session is not None:
            self._on_session(self.session)
        else:
            self.load()

    @work(thread=True, exclusive=True, group="engine")
    def load(self) -> None:
        try:
            doc = self.doc
            if doc is None:
                from gongkai.engine.workflow.run import read_document

                doc = read_document(self.path, self.scope)
            session = Session(
                self.path,
                doc,
                self.packs,
                today=self.today,
                settings=self.settings,
                baseline=self.baseline,
                scope=self.scope,
            )
        except Exception as exc:  # noqa: BLE001 - shown to the reviewer, not a crash
            self.call_from_thread(self._failed, exc)
            return
        self.call_from_thread(self._on_session, session)

    def _failed(self, exc: Exception) -> None:
        self.query_one("#findings", FindingsTree).border_title = "发现 · 失败"
        self.query_one(".note", Response).update(f"**无法检查 / cannot check** `{self.path.name}`：{exc}")

    def _on_session(self, session: Session) -> None:
        self.session = session
        session.transcript = self.transcript  # type: ignore[attr-defined]   # /export writes it
        d = session.report.document
        self.title = f"gongkai review · {d.department or '?'} · {d.year or '?'}"
        self._refresh_tree()
        fail_on = getattr(session.settings, "fail_on", None) or "error"
        welcome = summary_md(session.report, self.lang, fail_on) + "\n" + help_text(self.lang)
        if session.warnings:
            welcome = "\n".join(f"> ⚠ {w}" for w in session.warnings) + "\n\n" + welcome
        self.query_one(".note", Response).update(welcome)
        self.ready_after = time.perf_counter() - self.started

    def _refresh_tree(self, keep: Finding | None = None) -> None:
        assert self.session is not None
        tree = self.query_one("#findings", FindingsTree)
        s = self.session.report.summary
        tree.border_title = f"发现 ✗{s.fail} ≈{s.waived} ✓{s.pass_} –{s.not_applicable}" + (
            f" !{s.error}" if s.error else ""
        )
        tree.show(self.session.report, (keep.rule_id, keep.subject) if keep else None)

    # -- the tree and the document pane ----------------------------------------------------------
    @on(Tree.NodeHighlighted, "#findings")
    def _highlighted(self, event: Tree.NodeHighlighted) -> None:
        f = event.node.data
        if isinstance(f, Finding) and self.session is not None:
            lines = [e.line for e in f.evidence if e.line]
            self.query_one("#doc", DocPane).show(self.session.doc, self.session.original, lines)
            self.query_one("#detail", DetailStrip).update(detail_strip(f, self.lang))

    @on(Tree.NodeSelected, "#findings")
    async def _selected(self, event: Tree.NodeSelected) -> None:
        if isinstance(event.node.data, Finding):
            await self.action_explain()

    def _show_lines(self, reply: Reply) -> None:
        if self.session is not None and (reply.lines or reply.table):
            self.query_one("#doc", DocPane).show(self.session.doc, self.session.original, reply.lines, reply.table)

    # -- the conversation ------------------------------------------------------------------------
    @on(Input.Submitted, "#ask")
    async def _submitted(self, event: Input.Submitted) -> None:
        text = event.value.strip()
        event.input.clear()
        if not text:
            return
        response = await self._exchange(f"**问** {text}" if not commands.is_command(text) else f"`{text}`")
        if self.session is None:
            await response.update("还在检查，请稍候 / still checking, one moment.")
            return
        self.respond(text, response)

    async def _exchange(self, prompt: str, answer: str = "…") -> Response:
        """Add a question and its (pending) answer to the conversation; show the question at the top."""
        chat = self.query_one("#chat", Chat)
        response = Response(answer)
        response.prompt = Prompt(prompt)  # type: ignore[attr-defined]
        await chat.mount(response.prompt, response)  # type: ignore[attr-defined]
        self.transcript.append((prompt, answer))
        response.turn = len(self.transcript) - 1  # type: ignore[attr-defined]
        self._scroll_to(response)
        return response

    def _scroll_to(self, response: Response) -> None:
        """Bring a new answer into view once it is laid out: its question at the top of the conversation."""
        chat = self.query_one("#chat", Chat)
        self.call_after_refresh(chat.scroll_to_widget, response.prompt, top=True, animate=False)  # type: ignore[attr-defined]

    @work(thread=True, group="chat")
    def respond(self, text: str, response: Response) -> None:
        assert self.session is not None
        if commands.is_command(text):
            reply = commands.run(text, self.session)
        elif hasattr(self.answerer, "reply"):
            reply = self.answerer.reply(text, self.session)
        else:
            reply = Reply(self.answerer.answer(text, self.session))
        self.call_from_thread(self._answered, reply, response)  # type: ignore[arg-type]  # mypy cannot solve an async callback

    async def _answered(self, reply: Reply, response: Response) -> None:
        await response.update(reply.text)
        turn = getattr(response, "turn", None)
        if turn is not None and turn < len(self.transcript):
            self.transcript[turn] = (self.transcript[turn][0], reply.text)
        if reply.changed:
            self._refresh_tree(keep=reply.finding)
        self._show_lines(reply)
        self._scroll_to(response)

    # -- actions -----------------------------------------------------------------------------------
    def action_help(self) -> None:
        self.push_screen(HelpScreen(KEYS + help_text(self.lang)))

    def start_question(self, first: str) -> None:
        """A printable key typed on the findings list starts a question (the app is a chat front end)."""
        self.action_ask(first)

    def action_ask(self, prefill: str | None = None) -> None:
        box = self.query_one("#ask", Input)
        if prefill is not None:
            box.value = prefill
            box.cursor_position = len(prefill)
        box.focus()

    def action_zoom(self) -> None:
        chat = self.query_one("#chat", Chat)
        chat.focus()
        self.screen.maximize(chat)

    def action_scroll_chat(self, direction: int) -> None:
        chat = self.query_one("#chat", Chat)
        chat.scroll_page_down() if direction > 0 else chat.scroll_page_up()

    async def action_back(self) -> None:  # async like the App action it overrides
        self.query_one("#findings", FindingsTree).focus()

    def action_next_fail(self, step: int) -> None:
        tree = self.query_one("#findings", FindingsTree)
        bad = [f for f in tree.findings() if f.status in ("fail", "error") and not f.waived]
        if not bad:
            self.notify("没有不符合项 / nothing fails")
            return
        cur = tree.current()
        idx = next((i for i, f in enumerate(bad) if f is cur), -1 if step > 0 else 0)
        tree.goto(bad[(idx + step) % len(bad)])
        tree.focus()

    async def action_explain(self) -> None:
        f = self.query_one("#findings", FindingsTree).current()
        if f is None or self.session is None:
            return
        from gongkai.engine.pipeline.catalog import explain_markdown, find

        entry = find(f.rule_id)
        text = detail(f, self.lang) + ("\n\n" + demote(explain_markdown(entry, self.lang)) if entry else "")
        ask = "解释" if self.lang == "zh" else "Explain"
        await self._exchange(f"**{ask}** `{f.rule_id}` {f.subject}", text)

    def action_waive(self) -> None:
        f = self.query_one("#findings", FindingsTree).current()
        if f is None:
            self.notify("先在发现列表中选一项 / select a finding first")
            return
        self.action_ask(f"/waive {f.rule_id}:{f.subject} ")

    def action_what_if(self) -> None:
        if self.session is None:
            return
        line = self.query_one("#doc", DocPane).line()
        if self.focused is self.query_one("#findings", FindingsTree):
            f = self.query_one("#findings", FindingsTree).current()
            rows = [e.line for e in (f.evidence if f else []) if e.line and self.session.row_at(e.line)]
            line = rows[0] if rows else None
        hit = self.session.row_at(line) if line else None
        if hit is None:
            self.notify("所选行不是表格数据行 / not a table row", severity="warning")
            return
        table, row = hit
        from gongkai.tui.session import row_label

        column = next((c for c in table.columns if c in row.values), "")
        value = row.values.get(column)
        self.action_ask(f"/set {table.id} {row_label(row)} {column} {'' if value is None else value}")

    async def action_undo(self) -> None:
        if self.session is None:
            return
        self.respond("/undo", await self._exchange("`/undo`"))


def main(argv: list[str] | None = None) -> None:
    args = sys.argv[1:] if argv is None else argv
    if not args:
        print("usage: python -m gongkai.tui.app PATH", file=sys.stderr)
        sys.exit(2)
    ReviewApp(args[0]).run()


if __name__ == "__main__":
    main()

"""Slash commands of the review chat: /set, /undo, /waive, /export, /help. Pure: no Textual.

Each returns a `Reply` whose Markdown says what changed, grounded in the re-run findings.
"""

from __future__ import annotations

import re

from gongkai.engine.pipeline.report import Finding
from gongkai.tui.answer import Reply, brief, counts, help_text, sort, st
from gongkai.tui.session import Change, Session, SessionError

USAGE = {
    "set": "`/set 表号 行 [栏] 数值`，如 `/set T10 公务接待费 合计 5.00`（只改内存中的副本，原文件不动）",
    "undo": "`/undo` 撤销上一次假设修改",
    "waive": "`/waive 规则[:对象] [--until YYYY-MM-DD] 理由`，如 `/waive EMPTY-002:表7 空表原因 --until 2025-12-31 本部门无政府性基金`",
    "export": "`/export report.md` 或 `/export report.json`（同时写出对话记录 *.conversation.md）",
}


def is_command(text: str) -> bool:
    return text.strip().startswith("/")


def run(text: str, session: Session) -> Reply:
    """Carry out one slash command; errors come back as a reply, never as an exception."""
    name, _, rest = text.strip()[1:].partition(" ")
    name, rest = name.lower(), rest.strip()
    try:
        if name == "set":
            return _set(rest, session)
        if name == "undo":
            return _undo(session)
        if name == "waive":
            return _waive(rest, session)
        if name == "export":
            return _export(rest, session)
        if name in ("help", "?", "h"):
            return Reply(help_text("zh"))
    except SessionError as exc:
        usage = USAGE.get(name, "")
        return Reply(f"**没有执行 / not done**：{exc}" + (f"\n\n用法：{usage}" if usage else ""))
    except Exception as exc:  # noqa: BLE001 - a command error is a reply in the conversation, never an exit
        return Reply(f"**没有执行 / not done**：`/{name}` 出错 / failed: {type(exc).__name__}: {exc}")
    return Reply(f"没有命令 `/{name}`。可用命令：\n\n" + "\n".join(f"- {u}" for u in USAGE.values()))


def _set(rest: str, session: Session) -> Reply:
    tokens = rest.split()
    if len(tokens) < 3:
        raise SessionError("参数不足 / too few arguments")
    table, value = tokens[0], tokens[-1]
    if len(tokens) == 3:
        edit, change = session.set_value(table, tokens[1], None, value)
    else:
        try:
            edit, change = session.set_value(table, " ".join(tokens[1:-2]), tokens[-2], value)
        except SessionError:  # maybe the row label has a space and no column was given
            edit, change = session.set_value(table, " ".join(tokens[1:-1]), None, value)
    head = f"**假设修改 / what-if**：{edit.describe()}。原文件未改动；`/undo` 撤销。"
    return Reply(
        head + "\n\n" + change_md(change) + "\n\n" + now_md(session),
        lines=[edit.line] + _lines(change),
        table=edit.table,
        finding=_first(change),
        changed=True,
    )


def _undo(session: Session) -> Reply:
    result = session.undo()
    if result is None:
        return Reply("没有可撤销的修改 / nothing to undo.")
    edit, change = result
    return Reply(
        f"**已撤销 / undone**：{edit.describe()}\n\n" + change_md(change) + "\n\n" + now_md(session),
        lines=[edit.line] + _lines(change),
        table=edit.table,
        finding=_first(change),
        changed=True,
    )


_UNTIL = re.compile(r"(?:--until|--expires|until|有效期至|到期)[\s:=：]*(\d{4}-\d{2}-\d{2})")


def _expiry(rest: str):
    """('… --until 2025-12-31 …') → (the text without it, the date); a malformed date is refused."""
    from datetime import date

    m = _UNTIL.search(rest)
    if not m:
        return rest, None
    try:
        until = date.fromisoformat(m.group(1))
    except ValueError:
        raise SessionError(f"日期无效 / not a date: {m.group(1)}") from None
    return (rest[: m.start()] + " " + rest[m.end() :]).strip(), until


def _waive(rest: str, session: Session) -> Reply:
    rest, until = _expiry(rest)
    m = re.match(r"([A-Za-z]+-\d{3})(:?)\s*(.*)$", rest, flags=re.S)
    if not m:
        raise SessionError("需要规则编号 / a rule id is required")
    rule_id = m.group(1).upper()
    subject, reason = (
        split_subject(m.group(3), _subjects(session, rule_id)) if m.group(2) else (None, m.group(3).strip())
    )
    if not reason:
        raise SessionError("豁免需要理由 / a waiver needs a reason")
    known = [f for f in session.report.findings if f.rule_id == rule_id]
    if not known:
        raise SessionError(f"本次检查没有 {rule_id} 的结果 / no findings for {rule_id}")
    if subject is not None and not any(f.subject == subject for f in known):
        raise SessionError(
            f"{rule_id} 没有对象“{subject}”/ no such subject（可选 / choose: "
            + "；".join(sorted({f.subject for f in known if f.status == "fail"}) or [f.subject for f in known][:5])
            + "）"
        )
    if until is not None and session.today is not None and until < session.today:
        raise SessionError(f"有效期已过 / the expiry {until} is in the past")
    waiver, change = session.waive(rule_id, subject, reason, expires=until)
    what = rule_id + (f"「{subject}」" if subject else "（全部对象 / every subject）")
    what += f"，有效期至 {until.isoformat()}" if until else ""
    who = getattr(waiver, "by", None)
    when = getattr(waiver, "created", None)
    what += f"（{who}，{when.isoformat()}）" if who and when else ""
    hit = [
        f
        for f in session.report.findings
        if f.waived and f.rule_id == rule_id and (subject is None or f.subject == subject)
    ]
    text = f"**已豁免 / waived**：{what}，理由：{reason}\n\n写入 `{waiver.source}`；`gongkai check` 同样采用。"  # type: ignore[attr-defined]
    if not hit:
        text += "\n\n注意：目前没有不符合项被它覆盖（豁免只作用于不符合项）。"
    return Reply(
        text + "\n\n" + change_md(change) + "\n\n" + now_md(session),
        lines=_lines(change),
        finding=hit[0] if hit else None,
        changed=True,
    )


def _export(rest: str, session: Session) -> Reply:
    if not rest:
        raise SessionError("需要文件名 / a file name is required")
    out = session.export(rest)
    note = f"\n\n注意：报告包含 {len(session.edits)} 处假设修改。" if session.edits else ""
    talk = getattr(session, "transcript", None)
    if talk is not None:
        written = write_transcript(out, talk, session)
        note += f"\n\n对话记录 / conversation：`{written}`"
    return Reply(f"**已导出 / exported**：`{out}`（{counts(session.report.findings, 'zh')}）{note}")


def transcript_markdown(talk: list[tuple[str, str]], session: Session) -> str:
    d = session.report.document
    out = [
        f"# gongkai review · {d.department or '?'} · {d.year or '?'}",
        "",
        f"`{d.path}` · sha256 `{d.sha256[:12]}`",
        "",
    ]
    for question, answer in talk:
        out += [f"## {question}", "", answer.strip(), ""]
    return "\n".join(out)


def write_transcript(report_path, talk: list[tuple[str, str]], session: Session):
    """`report.md` → `report.conversation.md` beside it, written atomically."""
    import os
    import tempfile
    from pathlib import Path

    path = Path(report_path)
    target = path.with_name(path.stem + ".conversation.md")
    try:
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.")
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(transcript_markdown(talk, session))
        os.replace(tmp, target)
    except OSError as exc:
        raise SessionError(f"无法写入 / cannot write {target}: {exc.strerror}") from None
    return target


def split_subject(text: str, subjects: list[str]) -> tuple[str, str]:
    """'表7 空表原因 本部门无…' → ('表7 空表原因', '本部门无…'): the longest known subject wins;
    a quoted subject is taken as written; otherwise the first word."""
    text = text.strip()
    m = re.match(r'["“「](.+?)["”」]\s*(.*)$', text)
    if m:
        return m.group(1), m.group(2).strip()
    for s in sorted(subjects, key=len, reverse=True):
        if text == s or text.startswith(s + " "):
            return s, text[len(s) :].strip()
    first, _, reason = text.partition(" ")
    return first, reason.strip()


def _subjects(session: Session, rule_id: str) -> list[str]:
    return sorted({f.subject for f in session.report.findings if f.rule_id == rule_id})


def change_md(ch: Change) -> str:
    if ch.empty():
        return "重新检查：没有结论变化 / re-checked: no finding changed."
    out = []
    if ch.new_fails:
        out.append(
            f"**新增不符合 / new fails（{len(ch.new_fails)}）**\n\n"
            + "\n".join(brief(f, "zh") for f in sort(ch.new_fails))
        )
    if ch.new_passes:
        out.append(
            f"**转为符合 / new passes（{len(ch.new_passes)}）**\n\n"
            + "\n".join(brief(f, "zh") for f in sort(ch.new_passes))
        )
    if ch.other:
        out.append(
            f"**其他变化 / other changes（{len(ch.other)}）**\n\n"
            + "\n".join(f"{brief(f, 'zh')}：{was} → {now}" for was, now, f in ch.other)
        )
    if ch.gone:
        out.append(
            f"**不再检查 / no longer judged（{len(ch.gone)}）**\n\n" + "\n".join(brief(f, "zh") for f in ch.gone)
        )
    return "\n\n".join(out)


def now_md(session: Session) -> str:
    s = session.report.summary
    return f"现在 / now：✗ {s.fail} · ! {s.error} · ≈ {s.waived} · ✓ {s.pass_} · – {s.not_applicable}"


def _lines(ch: Change) -> list[int]:
    out: list[int] = []
    for f in sort(ch.new_fails) + sort(ch.new_passes):
        out.extend(e.line for e in f.evidence if e.line)
    return list(dict.fromkeys(out))


def _first(ch: Change) -> Finding | None:
    fs = sort(ch.new_fails) or sort(ch.new_passes) or [f for _, _, f in ch.other]
    return fs[0] if fs else None


__all__ = ["run", "is_command", "split_subject", "change_md", "st"]

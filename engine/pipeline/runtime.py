"""The only module that imports durable-rules. Its quirks live here and are pinned by tests/engine/.

- A synchronous host: the stock `Host` starts dispatcher threads that race with our calls and segfault. Its
  rulesets run actions in a plain loop (SyncRuleset): durable's own leaves every action call in a reference cycle.
- One ruleset per pack, registered once per process under `pack@version` (the registry cannot unregister).
- A fresh session id per document, deleted in `finally` (at most 1,023 live sessions per ruleset).
- Every fact has an explicit, FNV-1-32-unique `id` (durable's identity is a 32-bit hash of it).
- Every rule is gated on a final `{"type": "phase:evaluate"}` fact: there is no truth
  maintenance and `none()` would fire on whatever had arrived so far.
- A catch-all rule, so no fact is ever "not handled" (that raises and half-applies a batch). It must keep
  matching (a catch-all that never fired made `delete_state` segfault on real PDFs); its batches are not decoded.
- Every action goes through `_action()`, which records findings and turns exceptions (which durable
  would swallow into the session state) into `error` findings for that rule.
- Facts derived during an action call are asserted in one batch when the call ends (`DocRun.flush`), through
  the call's ruleset (the Host's assert would dispatch actions re-entrantly); one no rule of the pack judges
  stays in the Python index only.
"""

from __future__ import annotations

import itertools
import json
import threading
import traceback
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from durable import engine as _durable

from gongkai.engine.authoring import Config, Ctx, Deriver, Pack, Rule, Severity, Status
from gongkai.engine.pipeline.gc_pause import gc_paused
from gongkai.engine.pipeline.report import Evidence, Finding, trusted

_rules_c = _durable.durable_rules_engine  # the C engine, which durable.engine wraps
_to_json = json.JSONEncoder(ensure_ascii=False).encode  # as durable's json.dumps(…, ensure_ascii=False), built once

GATE = {"type": "phase:evaluate"}  # short: durable hands it back with every activation
GATE_ID = "evaluate"  # salted like any fact's id if a fact's hash takes it (Runtime.check)
CATCH_ALL = "catch_all"
CATCH_ALL_BATCH = '{"%s":' % CATCH_ALL  # how durable's JSON of a batch of catch-all activations starts
MAX_FACT_KEYS = 200
_SESSIONS = itertools.count(1)  # session ids, fresh for every document (in every Runtime of the process)
BATCH = 10_000  # activations handed to one action call (durable's `cap`): one JSON round trip, not thousands


class SyncHost(_durable.Host):
    """durable's Host without its two background dispatcher threads: every action runs inside our call."""

    def _run(self) -> None:  # the stock implementation starts the racing timers
        pass

    def register_rulesets(self, ruleset_definitions: dict[str, Any]) -> None:
        """As the stock Host (no statecharts or flowcharts, no persistence callbacks), with SyncRulesets."""
        for name, definition in ruleset_definitions.items():
            if name in self._ruleset_directory:
                raise Exception(f"Ruleset with name {name} already registered")
            ruleset = SyncRuleset(name, self, definition)
            self._ruleset_directory[name] = ruleset
            self._ruleset_list.append(ruleset)


class Activations:
    """What an action is called with: the frames of one batched call (`m`, plain decoded JSON) and the ruleset
    (derived facts are asserted through it, see DocRun.flush)."""

    __slots__ = ("m", "_ruleset")

    def __init__(self, ruleset: SyncRuleset, message: Any) -> None:
        self._ruleset = ruleset
        self.m = message if isinstance(message, list) else [message]


class SyncRuleset(_durable.Ruleset):
    """durable's Ruleset with a plain loop over the actions a call sets off. durable's own wraps every call in
    a Closure, Content objects and closures that form a reference cycle (Promise.run's `timeout` refers to
    itself), so each call's frames were left to the cyclic collector; the steps with the C engine are the same:
    run the action, store the session state, complete it and take the next. The catch-all's batches (every
    fact, a third of what durable hands back) are not decoded: its action does nothing."""

    def assert_fact(self, fact: dict[str, Any]) -> Any:
        return self._handle_result(_rules_c.assert_fact(self._handle, _to_json(fact)), fact)

    def assert_facts(self, facts: list[dict[str, Any]]) -> Any:
        return self._handle_result(_rules_c.assert_facts(self._handle, _to_json(facts)), facts)

    def do_actions(self, state_handle: Any, complete) -> None:
        try:
            result = _rules_c.start_action_for_state(self._handle, state_handle)
            if not result:
                complete(None, None)
            else:
                self._run_actions(json.loads(result[0]), result[1], state_handle, complete)
        except BaseException as error:  # as durable: the Host raises it to the caller
            complete(error, None)

    def _run_actions(self, state: dict[str, Any], pending: str | None, state_offset: Any, complete) -> None:
        while pending:
            if not pending.startswith(CATCH_ALL_BATCH):
                action_name, message = next(iter(json.loads(pending).items()))
                try:
                    self._actions[action_name]._func(Activations(self, message))
                except Exception as error:  # as durable does: kept in the session state (Runtime.check raises it)
                    state["exception"] = (
                        f"exception caught {error}, traceback {traceback.format_tb(error.__traceback__)}"
                    )
                except BaseException:  # Ctrl-C: give the action back before the session is deleted
                    _rules_c.abandon_action(self._handle, state_offset)
                    raise
            try:
                _rules_c.update_state(self._handle, _to_json(state))
                pending = _rules_c.complete_and_start_action(self._handle, state_offset)
            except BaseException as error:
                _rules_c.abandon_action(self._handle, state_offset)
                complete(error, None)
                return
        complete(None, state)


@lru_cache(maxsize=1 << 16)  # fact ids repeat from one document to the next
def fnv1_32(text: str) -> int:
    """durable's C `fnv1Hash32` (xor, then multiply) over UTF-8 bytes, `char` signed as on x86."""
    h = 0x811C9DC5
    for b in text.encode("utf-8"):
        signed = b - 256 if b > 127 else b
        h = ((h ^ (signed & 0xFFFFFFFF)) * 0x01000193) & 0xFFFFFFFF
    return h


def salted(fid: str, hashes: set[int]) -> str:
    """`fid`, or `fid#n` for the first n whose 32-bit hash is not in `hashes` yet; its hash is added to them
    (durable takes a second fact with the same hash for a duplicate and drops it, silently)."""
    out, n = fid, 0
    h = fnv1_32(out)
    while h in hashes:
        n += 1
        out = f"{fid}#{n}"
        h = fnv1_32(out)
    hashes.add(h)
    return out


def unique_ids(facts: list[dict[str, Any]], hashes: set[int] | None = None) -> list[dict[str, Any]]:
    """Drop exact duplicate ids and salt ids whose 32-bit hash collides with an earlier one (their hashes are
    added to `hashes`)."""
    seen_ids: set[str] = set()
    seen_hash: set[int] = set() if hashes is None else hashes
    out = []
    for fact in facts:
        fid = str(fact["id"])
        if fid in seen_ids:
            continue
        seen_ids.add(fid)
        new_id = salted(fid, seen_hash)
        out.append(fact if new_id == fid else {**fact, "id": new_id})
    return out


def count_keys(obj: Any) -> int:
    """Keys at every level of nested dicts (durable-rules counts them all against its limit)."""
    if not isinstance(obj, dict):
        return 0
    count = len(obj)
    for v in obj.values():  # recursion only where a value is a dict (a fact nests one or two levels)
        if isinstance(v, dict):
            count += count_keys(v)
    return count


@dataclass
class DocRun:
    """Python-side state of one document's session: fact index, findings, errors."""

    sid: str
    pack: Pack
    config: Config
    path: str
    line_text: Any
    by_type: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    by_id: dict[str, dict[str, Any]] = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)
    locate: Any = None  # line -> Loc in the original PDF/DOCX/XLSX (Disclosure.location), or None
    matched: dict[str, tuple[str, ...]] = field(default_factory=dict)  # fact type -> keys rules match on
    judged: Any = None  # the fact types some rule or deriver of the pack judges (None: all)

    _memo: dict[str, dict[tuple, list[dict[str, Any]]]] = field(default_factory=dict)
    cache: dict[tuple, Any] = field(default_factory=dict)  # Ctx.memo: values worked out once per document
    _derived: set[str] = field(default_factory=set)  # ids derivers asked for (before any salt)
    _hashes: set[int] | None = None  # 32-bit durable identities in use in this session
    _gate_hashes: set[int] = field(default_factory=set)  # the gate's, which is not in the index
    _texts: dict[str, tuple[str, str, str, str]] = field(default_factory=dict)  # rule id -> its finding texts
    _pending: list[dict[str, Any]] = field(default_factory=list)  # derived facts not yet asserted (flush)
    _pending_action: Any = None  # the action call (Activations) whose ruleset they are asserted through
    _evidence: dict[tuple, Evidence] = field(default_factory=dict)  # (line, table, label) -> its Evidence

    @property
    def ids(self):
        return self.by_id.keys()

    def index(self, fact: dict[str, Any]) -> None:
        self.by_id.setdefault(fact["id"], fact)  # the asserted facts come first (their ids are unique)
        self.by_type.setdefault(fact["type"], []).append(fact)
        self._memo.pop(fact["type"], None)

    def select(self, type_: str, where: dict[str, Any]) -> list[dict[str, Any]]:
        """Facts of a type matching `where`, memoised and indexed by the first key: rules ask for the
        same rows and statements again and again."""
        memo = self._memo.get(type_)
        if memo is None:
            memo = self._memo[type_] = {}
        key = tuple(where.items()) if len(where) < 2 else tuple(sorted(where.items()))
        found = memo.get(key)
        if found is None:
            candidates = self.by_type.get(type_, ())
            rest = key
            if key and isinstance(key[0][1], (str, int, bool)):
                first = key[0][0]
                index: Any = memo.get(("__index__", first))
                if index is None:
                    index = {}
                    for f in candidates:
                        v = f.get(first)
                        if isinstance(v, (str, int, bool)):
                            index.setdefault(v, []).append(f)
                    memo[("__index__", first)] = index
                candidates = index.get(key[0][1], ())
                rest = key[1:]  # the index holds the facts whose first key equals the value already
            found = [f for f in candidates if all(f.get(k) == v for k, v in rest)] if rest else list(candidates)
            memo[key] = found
        return found

    def derive(self, fact: dict[str, Any], action: Any) -> None:
        if "id" not in fact or "type" not in fact:
            raise ValueError("a derived fact needs an id and a type")
        fid = fact["id"]
        if fid in self.by_id or fid in self._derived:  # durable would raise inside the action
            return
        self._derived.add(fid)
        # a derived id must be FNV-distinct too, from every fact's and the gate's
        hashes = self._hashes
        if hashes is None:
            hashes = self._hashes = {fnv1_32(str(i)) for i in self.by_id} | self._gate_hashes
        fact = {**fact, "id": salted(str(fid), hashes), "sid": self.sid}
        self.index(fact)
        if self.judged is not None and fact["type"] not in self.judged:
            return  # nothing in durable-rules would match it but the catch-all: the Python index is enough
        self._pending_action = action
        matched = self.matched.get(fact["type"])
        self._pending.append(fact if matched is None else slim(fact, matched, self.sid))

    def flush(self) -> None:
        """Assert the facts derived during one action call in one batch (one JSON encoding and one call into
        durable instead of one per fact; they are all in before the action completes, as one by one)."""
        if self._pending:
            batch, self._pending = self._pending, []
            self._pending_action._ruleset.assert_facts(batch)  # the closure's ruleset: no nested dispatch

    def evidence(self, item: Any) -> Evidence:
        if type(item) is dict:  # the common case first: pydantic's isinstance check is a Python call
            line, table, label = item.get("line"), item.get("table"), item.get("label")
        elif isinstance(item, Evidence):
            return self._placed(item) if item.page is None and item.cell is None else item
        elif isinstance(item, int):
            line, table, label = item, None, None
        else:
            line, table, label = item.get("line"), item.get("table"), item.get("label")
        if not (
            (line is None or type(line) is int)
            and (table is None or type(table) is str)
            and (label is None or type(label) is str)
        ):  # not what the engine's facts carry: pydantic coerces it (or refuses it) as it always did
            return self._placed(
                Evidence(path=self.path, line=line, table=table, text=self.line_text(line), label=label)
            )
        # findings point at the same few hundred rows again and again: one Evidence each (nothing changes one)
        key = (line, table, label)
        found = self._evidence.get(key)
        if found is not None:
            return found
        loc = self.locate(line) if self.locate is not None else None
        page = cell = None
        path = self.path
        if loc is not None:
            page, cell = loc.page, loc.cell
            if loc.path:  # a disclosure joined from several files: name the file the line is in
                path = loc.path
        values = {  # every field, in declaration order
            "path": path,
            "line": line,
            "table": table,
            "text": self.line_text(line),
            "label": label,
            "page": page,
            "cell": cell,
        }
        found = self._evidence[key] = trusted(Evidence, values)
        return found

    def _placed(self, ev: Evidence) -> Evidence:
        """Name the page or cell of the original file, which is what a PDF/DOCX/XLSX reader can look up."""
        loc = self.locate(ev.line) if self.locate is not None else None
        if loc is not None:
            ev.page, ev.cell = loc.page, loc.cell
            if loc.path:  # a disclosure joined from several files: name the file the line is in
                ev.path = loc.path
        return ev

    def _rule_text(self, rule: Rule) -> tuple[str, str, str, str]:
        """A rule's title, basis, remedy (in the run's language) and severity, worked out once per document."""
        found = self._texts.get(rule.id)
        if found is None:
            en = self.config.lang == "en"
            found = (
                rule.title_en if en else rule.title_zh,
                rule.basis.text(),
                rule.remedy_en if en and rule.remedy_en else rule.remedy,
                rule.severity.value,
            )
            self._texts[rule.id] = found
        return found

    def record(
        self,
        rule: Rule | Deriver,
        status: Status,
        subject: str,
        *,
        expected: Any,
        actual: Any,
        evidence: list[Any],
        note: str,
        note_en: str,
        severity: Severity | None,
    ) -> None:
        if not isinstance(rule, Rule):
            raise TypeError("derivers assert facts; they do not record findings")
        lang_en = self.config.lang == "en"
        title, basis, remedy, rule_severity = self._texts.get(rule.id) or self._rule_text(rule)
        if lang_en and note_en:
            note = note_en
        values = {  # every field, in declaration order
            "rule_id": rule.id,
            "status": status._value_,
            "severity": severity.value if severity else rule_severity,
            "title": title,
            "message": message(title, status, subject, expected, actual, note, lang_en),
            "basis": basis,
            "subject": subject,
            "expected": None if expected is None else str(expected),
            "actual": None if actual is None else str(actual),
            "waived": False,
            "evidence": list(map(self.evidence, evidence)),
            "family": rule.family,
            "pack": self.pack.name,
            "note": note,
            "remedy": remedy,
            "waiver_reason": None,
            "baselined": False,
        }
        # the engine's own values skip validation; a rule's odd subject or note is validated (coerced or refused)
        trust = type(subject) is str and type(note) is str
        self.findings.append(trusted(Finding, values) if trust else Finding(**values))


def slim(fact: dict[str, Any], keys: tuple[str, ...], sid: str) -> dict[str, Any]:
    """What durable-rules needs of a fact: its identity and the keys some rule's condition reads. The rest stays
    in the Python index, where the action takes the whole fact from: durable hands every activation back as JSON,
    and decoding whole facts was a third of the engine's time."""
    out = {"id": fact["id"], "type": fact["type"], "sid": sid}
    for key in keys:
        if key in fact:
            out[key] = fact[key]
    return out


VERDICT_EN = {"pass": "passes", "fail": "fails", "not_applicable": "not applicable", "error": "could not be checked"}
VERDICT_ZH = {"pass": "符合", "fail": "不符合", "not_applicable": "不适用", "error": "无法检查"}


def message(title: str, status: Status, subject: str, expected: Any, actual: Any, note: str, en: bool) -> str:
    """The one place a finding's message is composed (renderers never compose messages)."""
    fail = status == Status.FAIL and expected is not None
    if en:
        text = f"{subject}: {VERDICT_EN[status._value_]}"
        if fail:
            text += f" (expected {expected}, found {actual})"
        return text + (f". {note}" if note else "")
    text = f"{subject}：{VERDICT_ZH[status._value_]}"
    if fail:
        text += f"（应为 {expected}，实际 {actual}）"
    return text + (f"。{note}" if note else "")


class Runtime:
    """A process-wide engine: one SyncHost, each pack registered once."""

    def __init__(self, slim_facts: bool = True) -> None:
        self._slim_facts = slim_facts  # False: whole facts into durable, as before (tests compare the two)
        self._host = SyncHost()
        self._lock = threading.Lock()
        self._registered: dict[str, str] = {}
        self._matched: dict[str, dict[str, tuple[str, ...]]] = {}  # ruleset -> fact type -> keys rules match on
        self._runs: dict[str, DocRun] = {}

    # -- registration --------------------------------------------------------------------------
    def _ruleset_name(self, pack: Pack) -> str:
        key = f"{pack.name}@{pack.version}"
        if key not in self._registered:
            self._host.register_rulesets({key: self._definition(pack)})
            self._registered[key] = key
            matched: dict[str, set[str]] = {}
            impls: list[Any] = [*pack.rules, *derivers_of(pack)]
            for impl in impls:
                matched.setdefault(impl.subject, set()).update(getattr(impl, "where", None) or ())
            self._matched[key] = {subject: tuple(sorted(keys)) for subject, keys in matched.items()}
        return key

    def _definition(self, pack: Pack) -> dict[str, Any]:
        rules: dict[str, Any] = {}
        for impl in [d() for d in derivers_of(pack)] + [r() for r in pack.rules if r.implemented]:
            cond: dict[str, Any] = {"type": impl.subject}
            if impl.where:  # a tuple value means "any of these" (durable's $or)
                terms = [
                    {k: v} if not isinstance(v, tuple) else {"$or": [{k: x} for x in v]}
                    for k, v in sorted(impl.where.items())
                ]
                cond = {"$and": [{"type": impl.subject}] + terms}
            name = impl.name if isinstance(impl, Deriver) else impl.id
            rules[name] = {
                "all": [{"gate": GATE}, {"subj": cond}],
                "pri": impl.priority,
                "cap": BATCH,
                "run": self._action(impl),
            }
        # every fact matches something (an unmatched fact raises and half-applies a batch); batched too
        rules[CATCH_ALL] = {"all": [{"m": {"$ex": {"type": 1}}}], "pri": 65000, "cap": BATCH, "run": lambda c: None}
        return rules

    def _action(self, impl: Rule | Deriver):
        runs = self._runs

        def action(c: Activations) -> None:
            # `cap` batches every activation of this rule into one call: c.m is a list of {gate, subj} frames
            touched: list[DocRun] = []
            try:
                for frame in c.m:
                    subj = frame["subj"]
                    run = runs.get(subj.get("sid"))
                    if run is not None:
                        if not touched or touched[-1] is not run:
                            touched.append(run)
                        fact = run.by_id.get(subj["id"])
                        if fact is None or fact["type"] != subj["type"]:
                            fact = subj
                        self._judge(impl, dict(fact), run, c)
            finally:
                for run in touched:
                    run.flush()

        return action

    @staticmethod
    def _judge(impl: Rule | Deriver, fact: dict[str, Any], run: DocRun, c: Any) -> None:
        ctx = Ctx(run, impl, c, fact)
        if isinstance(impl, Deriver):
            try:
                impl.derive(fact, ctx)
            except Exception:  # durable would swallow it, and so do we: a deriver records no findings
                pass
            return
        try:
            impl.evaluate(fact, ctx)  # `needs`, then judge
        except Exception as exc:  # durable would swallow it; we report it against the rule
            run.findings.append(
                Finding(
                    rule_id=impl.id,
                    status="error",
                    severity=impl.severity.value,
                    title=impl.title_zh,
                    message=f"规则执行出错：{type(exc).__name__}: {exc}",
                    basis=impl.basis.text(),
                    subject=str(fact.get("subject") or fact.get("id")),
                    family=impl.family,
                    pack=run.pack.name,
                    note=traceback.format_exc(limit=3)[-500:],
                )
            )

    # -- checking ------------------------------------------------------------------------------
    def check(
        self, pack: Pack, facts: Iterable[dict[str, Any]], config: Config, path: str, line_text: Any, locate: Any = None
    ) -> DocRun:
        """Assert one document's facts into a fresh session, then the gate; return its findings."""
        # Only facts some rule judges go into durable-rules; the rest are read through the Python index.
        impls: list[Any] = [*pack.rules, *derivers_of(pack)]
        subjects = {impl.subject for impl in impls}
        facts = list(facts)
        hashes: set[int] = set()
        asserted = unique_ids([f for f in facts if f["type"] in subjects], hashes)
        gate_id = salted(GATE_ID, hashes)
        facts = asserted + [f for f in facts if f["type"] not in subjects]
        with self._lock, gc_paused():
            name = self._ruleset_name(pack)
            matched = self._matched[name] if self._slim_facts else {}
            sid = f"s{next(_SESSIONS)}"  # short: it is in the JSON of every fact and activation
            run = DocRun(
                sid=sid,
                pack=pack,
                config=config,
                path=path,
                line_text=line_text,
                locate=locate,
                matched=matched,
                judged=subjects,
                _gate_hashes={fnv1_32(gate_id)},
            )
            self._runs[sid] = run
            try:
                batch = []
                by_id, by_type = run.by_id, run.by_type  # DocRun.index, inline: nothing is memoised yet
                for fact in facts:
                    # the index holds the caller's facts as they are (only durable-rules needs the session id;
                    # actions are handed a copy of their fact): no copy of every fact for every pack
                    type_ = fact["type"]
                    by_id.setdefault(fact["id"], fact)  # the asserted facts come first (their ids are unique)
                    by_type.setdefault(type_, []).append(fact)
                    if type_ in subjects:
                        keys = matched.get(type_)
                        batch.append({**fact, "sid": sid} if keys is None else slim(fact, keys, sid))
                for item in batch:  # what durable-rules is given (a slim copy holds the keys rules match on)
                    if count_keys(item) > MAX_FACT_KEYS:
                        raise ValueError(f"fact {item['id']} has too many keys for durable-rules")
                if batch:  # one call: ids are unique and FNV-distinct, and the catch-all matches every fact
                    self._host.assert_facts(name, batch)
                self._host.assert_fact(name, {**GATE, "id": gate_id, "sid": sid})
                state = self._host.get_state(name, sid)
                if "exception" in state:  # backstop: an exception escaped our action wrapper
                    raise RuntimeError(f"durable-rules recorded an exception: {str(state['exception'])[:200]}")
            finally:
                self._runs.pop(sid, None)
                try:
                    self._host.delete_state(name, sid)
                except Exception:  # the session may not exist if the first assert failed
                    pass
        return run

    def live_sessions(self) -> int:
        return len(self._runs)


_RUNTIME: Runtime | None = None
_RUNTIME_LOCK = threading.Lock()


def get_runtime() -> Runtime:
    global _RUNTIME
    with _RUNTIME_LOCK:
        if _RUNTIME is None:
            _RUNTIME = Runtime()
        return _RUNTIME


def derivers_of(pack: Pack) -> list[type[Deriver]]:
    """The engine-side derivers a pack asks for by name (`Pack.derives`), then the pack's own."""
    from gongkai.engine.pipeline.claims import Claims, NeedsReason
    from gongkai.engine.pipeline.identity_derivers import DERIVERS as IDENTITIES

    engine_side: dict[str, list[type[Deriver]]] = {
        "identities": list(IDENTITIES),
        "claims": [Claims],
        "needs_reason": [NeedsReason],
    }
    return [d for name in pack.derives for d in engine_side[name]] + list(pack.derivers)

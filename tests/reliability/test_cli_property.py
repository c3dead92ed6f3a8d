"""Issue #16, the property: random bytes, random JSON models and random TOML given to `check` (in-process,
through Typer's CliRunner) end with exit code 0, 1 or 2 — never 3, never an unhandled exception — and
no file other than the named output is written. Deeper with HYPOTHESIS_PROFILE=deep."""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from gongkai.cli.main import app
from gongkai.engine.pipeline.ingest import dump_json, load_bytes
from tests.conftest import SAMPLE

runner = CliRunner()
DEEP = os.getenv("HYPOTHESIS_PROFILE") == "deep"
SLOW = settings(
    max_examples=300 if DEEP else 8,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
MODEL = json.loads(dump_json(load_bytes(SAMPLE.read_bytes(), "sample.txt")))

json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.text(max_size=12)
    | st.sampled_from(["1e400", "123456789012345678901234567", "NaN", "-Infinity", "T99", "5031.81", ""]),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=6), inner, max_size=4),
    max_leaves=12,
)

hostile_amounts = (
    st.sampled_from(["1e400", "-1e400", "123456789012345678901234567", "1e-400", "NaN", "Infinity"])
    | st.decimals(allow_nan=False, allow_infinity=False).map(str)
    | st.integers(min_value=-(10**30), max_value=10**30).map(str)
)


def _check(files: dict[str, bytes], *args: str) -> None:
    """Run `check doc.txt -o out.txt` in a fresh folder holding `files`; assert the contract."""
    folder = Path(tempfile.mkdtemp(prefix="gongkai-prop-"))
    try:
        for name, data in files.items():
            (folder / name).write_bytes(data)
        before = {p.name: p.read_bytes() for p in folder.iterdir()}
        r = runner.invoke(app, ["check", str(folder / "doc.txt"), "-o", str(folder / "out.txt"), *args])
        assert r.exception is None or isinstance(r.exception, SystemExit), repr(r.exception)
        assert r.exit_code in (0, 1, 2), (r.exit_code, r.output[-500:])
        after = {p.name: p.read_bytes() for p in folder.iterdir()}
        assert set(after) - set(before) <= {"out.txt"}
        assert {k: v for k, v in after.items() if k != "out.txt"} == before  # nothing else touched
    finally:
        shutil.rmtree(folder)


@settings(deadline=None)
@given(st.binary(max_size=3000))
def test_random_bytes(data):
    _check({"doc.txt": data})


@SLOW
@given(st.data())
def test_random_json_models(data):
    """The sample's model with a few nodes replaced by random JSON (the schema stays, so it is read as a model)."""
    model = json.loads(json.dumps(MODEL))
    for _ in range(data.draw(st.integers(0, 3))):
        node, depth = model, data.draw(st.integers(1, 5))
        for level in range(depth):
            keys = [k for k in (list(node) if isinstance(node, dict) else range(len(node))) if k != "schema"]
            if not keys:
                break
            key = data.draw(st.sampled_from(keys))
            child = node[key]
            if level == depth - 1 or not isinstance(child, (dict, list)) or not child:
                node[key] = data.draw(json_values)
                break
            node = child
    # and at an amount: where overflow and NaN used to crash the engine
    rows = [
        r
        for t in model.get("tables") or []
        if isinstance(t, dict)
        for r in t.get("rows") or []
        if isinstance(r, dict) and isinstance(r.get("values"), dict) and r["values"]
    ]
    if rows:
        row = data.draw(st.sampled_from(rows))
        row["values"][data.draw(st.sampled_from(sorted(row["values"])))] = data.draw(hostile_amounts)
    _check({"doc.txt": json.dumps(model, ensure_ascii=False).encode("utf-8")})


toml_scalars = (
    st.sampled_from(
        [
            '"zh"',
            '"en"',
            '"error"',
            '"never"',
            '"SUM"',
            '"NOPE-001"',
            "0.005",
            "-1",
            '"NaN"',
            "nan",
            "inf",
            '"1e400"',
            "true",
            "2025-06-30",
            '"\\u0000"',
        ]
    )
    | st.integers().map(str)
    | st.text(max_size=8).map(json.dumps)
)
toml_values = st.recursive(
    toml_scalars, lambda inner: st.lists(inner, max_size=3).map(lambda v: f"[{', '.join(v)}]"), max_leaves=6
)
toml_keys = st.sampled_from(["packs", "tolerance", "lang", "fail_on", "select", "ignore", "waivers", "bogus"])


@SLOW
@given(
    st.lists(st.tuples(toml_keys, toml_values), max_size=4, unique_by=lambda kv: kv[0]),
    st.booleans(),
    st.binary(max_size=40),
)
def test_random_toml(pairs, with_waiver, junk):
    text = "\n".join(f"{k} = {v}" for k, v in pairs) + "\n"
    if with_waiver:
        text += '[[waivers]]\nrule_id = "SUM-001"\nreason = "x"\nexpires = 2099-01-01\n'
    _check({"doc.txt": SAMPLE.read_bytes(), "gongkai.toml": text.encode("utf-8") + junk})

"""Does the suite bite? Break a rule on purpose and see whether a test fails (not run by `make test`).

Each mutant replaces one exact piece of source text in a copy of the project (the working tree is never
touched), then runs the tests that judge rules on that copy; a mutant is *killed* when a test fails, and
*survives* when all pass — a hole in the suite. Usage:

    .venv/bin/python bench/mutants.py                 # every mutant
    .venv/bin/python bench/mutants.py empty-any-note  # some, by name

Prints one line per mutant (killed / survived / not applied, seconds, the first failing test) and exits 1 when
any mutant survived.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
import tomllib
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# the tests that judge rules: rule examples and cases, properties over generated budgets, templates, goldens
TESTS = ("tests/rules", "tests/property", "tests/templates", "tests/engine")


@dataclass(frozen=True)
class Mutant:
    name: str
    path: str
    old: str
    new: str
    what: str


MUTANTS = (
    Mutant(
        "empty-any-note",
        "rulesets/mof2016/empty.py",
        "if _NOTE_OK.search(t)]",
        "if t]",
        "EMPTY-001 accepts any note text under an empty table",
    ),
    Mutant(
        "tolerance-x100",
        "engine/authoring.py",
        "raw = per_addend * max(addends, 0) * 100\n",
        "raw = per_addend * max(addends, 0) * 10000\n",
        "rounding tolerance ×100 (0.5 万元 per addend instead of 0.005): SUM, XTAB and TEXT comparisons",
    ),
    Mutant(
        "sangong-002-inverted",
        "rulesets/mof2016/sangong.py",
        "                if fig is not None and fig[0]:\n",
        "                if fig is not None and not fig[0]:\n",
        "SANGONG-002: a 三公 item the explanation leaves out fails when the table shows 0, passes when it has money",
    ),
    Mutant(
        "sangong-003-inverted",
        "rulesets/mof2016/sangong.py",
        'if d == "持平" or (d and stmt.get("change_amount") is not None):',
        'if d == "持平" or (d and stmt.get("change_amount") is None):',
        "SANGONG-003: a change stated without its amount passes, one with its amount fails",
    ),
    Mutant(
        "sum-003-skipped",
        "engine/pipeline/identities.py",
        'label="合计=基本+项目",\n        total=TOTAL,\n        parts=(BASIC, PROJECT),\n',
        'label="合计=基本+项目",\n        total=TOTAL,\n        parts=(TOTAL,),\n',
        "SUM-003's identity compares a row's 合计 with itself (never 基本+项目)",
    ),
)


def _copy(dest: Path) -> None:
    shutil.copytree(
        ROOT,
        dest,
        ignore=shutil.ignore_patterns(
            ".venv", ".git", "__pycache__", ".hypothesis", ".pytest_cache", "*.egg-info", "build", "dist"
        ),
    )


def _package_dirs() -> dict[str, str]:
    """Import name under `gongkai` → folder, read from pyproject's package-dir (the one place that maps them)."""
    with open(ROOT / "pyproject.toml", "rb") as f:
        mapping = tomllib.load(f)["tool"]["setuptools"]["package-dir"]
    return {name.removeprefix("gongkai."): folder for name, folder in mapping.items()}


def _namespace(copy: Path) -> Path:
    """A `gongkai` folder of links into the copy, so `gongkai.engine` imports the mutated files (the path
    comes before the editable install's finder)."""
    ns = copy / ".ns"
    (ns / "gongkai").mkdir(parents=True)
    for name, folder in _package_dirs().items():
        (ns / "gongkai" / name).symlink_to(copy / folder, target_is_directory=True)
    return ns


def run(mutant: Mutant) -> tuple[str, float, str]:
    with tempfile.TemporaryDirectory(prefix="gongkai-mutant-") as tmp:
        copy = Path(tmp) / "repo"
        _copy(copy)
        target = copy / mutant.path
        text = target.read_text(encoding="utf-8")
        if text.count(mutant.old) != 1:
            return "not applied", 0.0, f"{mutant.path}: the text to replace occurs {text.count(mutant.old)} times"
        target.write_text(text.replace(mutant.old, mutant.new), encoding="utf-8")
        env = {**os.environ, "PYTHONPATH": f"{_namespace(copy)}{os.pathsep}{copy}"}  # the copy, not the install
        probe = subprocess.run(
            [sys.executable, "-c", "import gongkai.engine as e; print(e.__file__)"],
            cwd=copy,
            env=env,
            capture_output=True,
            text=True,
        )
        if not probe.stdout.strip().startswith(str(copy)):
            return "not applied", 0.0, f"imports resolve outside the copy: {probe.stdout.strip()}"
        start = time.perf_counter()
        out = subprocess.run(
            [sys.executable, "-m", "pytest", "-x", "-q", "-p", "no:cacheprovider", *TESTS],
            cwd=copy,
            env=env,
            capture_output=True,
            text=True,
        )
        seconds = time.perf_counter() - start
        failed = next((line for line in out.stdout.splitlines() if line.startswith(("FAILED", "ERROR"))), "")
        if out.returncode not in (0, 1):  # 1: tests failed; anything else (no tests, usage) proves nothing
            return "error", seconds, f"pytest exit {out.returncode}: {out.stdout.strip().splitlines()[-1:]}"
        return ("killed" if out.returncode == 1 else "survived"), seconds, failed


def main(names: list[str]) -> int:
    chosen = [m for m in MUTANTS if not names or m.name in names]
    survived = 0
    for m in chosen:
        status, seconds, detail = run(m)
        survived += status == "survived"
        print(
            f"{m.name:24} {status:11} {seconds:6.0f}s  {m.what}" + (f"\n{'':24} {detail}" if detail else ""), flush=True
        )
    return 1 if survived else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

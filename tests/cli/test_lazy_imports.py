"""`gongkai check` imports only what the input's format needs: never Textual, reportlab, Hypothesis or the test support (testing/); no PDF
library for a text file; PDFium (not pdfplumber/pdfminer) for a PDF whose fonts PDFium can measure."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent.parent
NEVER = {"textual", "reportlab", "hypothesis", "testing", "docx", "openpyxl"}  # testing: test support

_PROBE = """
import json, sys
from gongkai.cli.main import main
sys.argv = ["gongkai", "check", sys.argv[1], "-f", "json", "-o", sys.argv[2], "--fail-on", "never"]
try:
    main()
except SystemExit:
    pass
print(json.dumps(sorted(sys.modules)))
"""


def _imported(path: Path, tmp_path: Path) -> set[str]:
    out = subprocess.run(
        [sys.executable, "-c", _PROBE, str(path), str(tmp_path / "report.json")],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert (tmp_path / "report.json").exists(), out.stderr[-2000:]
    return set(json.loads(out.stdout.strip().splitlines()[-1]))


def _top(modules: set[str]) -> set[str]:
    return {m.split(".")[0] for m in modules}


@pytest.mark.parametrize(
    "name, needed, unneeded",
    [
        ("examples/shanxi-sme-bureau-2024.txt", set(), {"pypdfium2", "pdfplumber", "pdfminer"}),
        ("tests/fixtures/real/12_shanghai-city_caizhengju-unit_2025.pdf", {"pypdfium2"}, {"pdfplumber", "pdfminer"}),
    ],
)
def test_check_imports_only_what_the_format_needs(name, needed, unneeded, tmp_path):
    full = _imported(ROOT / name, tmp_path)
    modules = _top(full)
    assert not {m for m in full if m.split(".")[-2:-1] == ["render"] and not m.endswith((".render", ".json"))}, (
        "a JSON report loads no other report writer"
    )
    assert needed <= modules
    assert not (NEVER | unneeded) & modules, sorted((NEVER | unneeded) & modules)

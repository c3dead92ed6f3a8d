"""`gongkai check` imports only what the input's format and the chosen output need: never Textual (nor its web
server), reportlab, pypdf, fontTools, YAML, the DOCX/XLSX libraries, Hypothesis or the test support (testing/); no
PDF library for a text file; PDFium (not pdfplumber/pdfminer) for a PDF whose fonts PDFium can measure; Rich only
for a styled text report (a terminal; a text report written to a file or a pipe has no styles) or to expand
the tabs of a text file's lines; and no report writer but the one asked for."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent.parent
NEVER = {  # testing: the test support; yaml: the rule cases `explain` shows
    "textual",
    "textual_serve",
    "reportlab",
    "pypdf",
    "fontTools",
    "hypothesis",
    "testing",
    "yaml",
    "docx",
    "openpyxl",
}

_PROBE = """
import json, sys
from gongkai.cli.main import main
sys.argv = ["gongkai", "check", sys.argv[1], "-f", sys.argv[3], "-o", sys.argv[2], "--fail-on", "never"]
try:
    main()
except SystemExit:
    pass
print(json.dumps(sorted(sys.modules)))
"""


def _imported(path: Path, tmp_path: Path, fmt: str = "json") -> set[str]:
    out = subprocess.run(
        [sys.executable, "-c", _PROBE, str(path), str(tmp_path / "report"), fmt],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert (tmp_path / "report").exists(), out.stderr[-2000:]
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
    assert _writers(full) == {"json"}, "a JSON report loads no other report writer"
    assert needed <= modules
    unneeded = NEVER | unneeded | {"rich"}  # Rich draws the text report only
    assert not unneeded & modules, sorted(unneeded & modules)
    # no waiver sidecar, no waivers in the config, no --baseline: their modules are not loaded
    assert not {"gongkai.engine.workflow.waivers", "gongkai.engine.workflow.baseline"} & full


@pytest.mark.parametrize(
    "name", ["examples/shanxi-sme-bureau-2024.txt", "tests/fixtures/real/12_shanghai-city_caizhengju-unit_2025.pdf"]
)
def test_the_text_report_loads_its_own_writer_only(name, tmp_path):
    full = _imported(ROOT / name, tmp_path, "text")
    assert _writers(full) == {"text"}
    assert not NEVER & _top(full), sorted(NEVER & _top(full))
    if name.endswith(".pdf"):  # written to a file: no styles, so no Rich (a text file's tabs are Rich's to expand)
        assert "rich" not in _top(full)


def _writers(modules: set[str]) -> set[str]:
    """The report writers loaded (engine/render/<format>.py; _common is their shared helpers)."""
    return {
        m.rsplit(".", 1)[1]
        for m in modules
        if m.startswith("gongkai.engine.render.") and m.rsplit(".", 1)[1] not in ("_common",)
    }

"""The findings on the original pages: a copy of the published PDF with each failure's evidence highlighted
where it stands, a comment on the highlight (rule id, 应为/实际, remedy, basis), colour by severity, and
bookmarks listing the verdict and the failures with links to their pages.

The pages themselves are left as they are (no page is inserted, no content stream is touched), so the copy
reads back to the same findings. Where the evidence is: a finding's evidence names a line of the
`Disclosure`; `Disclosure.locations` gives its page and its line on that page ("L16"). The characters are
found on that page with pdfium (pypdfium2, which pdfplumber already installs): the evidence text is searched
in the page's characters, whitespace ignored, and among several matches the one on the reader's line is
taken; the highlight is the union of the matched characters' boxes, one rectangle per printed line. A table
row whose cells the PDF stores out of reading order is found cell by cell near that line (one rectangle per
cell); failing both, the reader's line is framed (a Square), and failing that a note sits in the margin.

The writer is pypdf (BSD-3-Clause, pure Python, actively maintained): it copies the document object by
object and adds annotations and outlines, with no compiled dependency (pikepdf needs qpdf wheels)."""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from pathlib import Path

from gongkai.engine.pipeline.model import Disclosure
from gongkai.engine.pipeline.report import Finding, Report
from gongkai.engine.render.html import SEVERITIES, failures, severity_counts, verdict

# highlight colours (RGB 0..1) by severity: red, orange, blue, as in the HTML report
COLOURS = {"error": (0.90, 0.22, 0.21), "warning": (1.0, 0.60, 0.0), "info": (0.26, 0.55, 0.95)}
VERDICT_COLOURS = {"fail": COLOURS["error"], "warn": COLOURS["warning"], "pass": (0.18, 0.49, 0.20)}
LABELS = {
    "zh": {
        "verdict": "检查结论",
        "fail": "不通过",
        "warn": "通过（有警告）",
        "pass": "通过",
        "error": "错误",
        "warning": "警告",
        "info": "提示",
        "expected": "应为",
        "actual": "实际",
        "remedy": "整改",
        "basis": "依据",
        "note": "说明",
        "page": "第{n}页",
        "none": "所有规则均符合要求",
        "failures": "不符合项",
    },
    "en": {
        "verdict": "Verdict",
        "fail": "FAIL",
        "warn": "PASS with warnings",
        "pass": "PASS",
        "error": "error",
        "warning": "warning",
        "info": "info",
        "expected": "Expected",
        "actual": "Actual",
        "remedy": "Remedy",
        "basis": "Basis",
        "note": "Note",
        "page": "p.{n}",
        "none": "every rule passes",
        "failures": "Failures",
    },
}


@dataclass
class Mark:
    """One failure's evidence on one page: rectangles in PDF user space (x0, y0, x1, y1)."""

    page: int  # 1-based
    boxes: list[tuple[float, float, float, float]] = field(default_factory=list)
    found: bool = True  # False: the text was not found; the note marks the line's margin


def _squash(text: str) -> str:
    return "".join(text.split())


class PageChars:
    """A page's characters as pdfium knows them: text without whitespace, each character's box, and the
    printed lines (characters grouped by vertical overlap, top to bottom)."""

    def __init__(self, page) -> None:
        tp = page.get_textpage()
        self.height = page.get_height()
        self.chars: list[str] = []
        self.boxes: list[tuple[float, float, float, float]] = []
        for i in range(tp.count_chars()):
            ch = tp.get_text_range(i, 1)
            if not ch or ch.isspace():
                continue
            box = tp.get_charbox(i, loose=True)  # the line's height, not the glyph's ink
            if box[2] <= box[0] or box[3] <= box[1]:
                continue  # generated or zero-size characters have no place to mark
            self.chars.append(ch)
            self.boxes.append(box)
        self.text = "".join(self.chars)
        self.line_of = self._lines()

    def _lines(self) -> list[int]:
        """Line index (0 = top) of each character: boxes whose vertical middles are within half a height."""
        order = sorted(range(len(self.boxes)), key=lambda i: -(self.boxes[i][1] + self.boxes[i][3]))
        line_of = [0] * len(self.boxes)
        current, mid_prev = -1, None
        for i in order:
            x0, y0, x1, y1 = self.boxes[i]
            mid = (y0 + y1) / 2
            if mid_prev is None or abs(mid_prev - mid) > max(2.0, (y1 - y0) / 2):
                current += 1
                mid_prev = mid
            line_of[i] = current
        return line_of

    def find(self, text: str, line_hint: int | None, taken: frozenset[int] = frozenset()) -> list[int] | None:
        """Indexes of the characters of `text` (whitespace ignored); the match nearest the hinted line that
        uses none of the `taken` characters."""
        needle = _squash(text)
        if not needle:
            return None
        starts, at = [], self.text.find(needle)
        while at >= 0:
            if taken.isdisjoint(range(at, at + len(needle))):
                starts.append(at)
            at = self.text.find(needle, at + 1)
        if not starts:
            return None
        hint = line_hint if line_hint is not None else 0
        best = min(starts, key=lambda s: (abs(self.line_of[s] - hint), s))
        return list(range(best, best + len(needle)))

    def find_cells(self, text: str, line_hint: int | None) -> list[list[int]] | None:
        """A table row whose cells the PDF does not store in reading order: each cell found on its own, all
        within two printed lines of the hinted one (else None)."""
        cells = [c for c in text.split("\t") if c.strip()]
        if len(cells) < 2 or line_hint is None:
            return None
        runs: list[list[int]] = []
        taken: set[int] = set()
        for cell in cells:
            run = self.find(cell, line_hint, frozenset(taken))
            if run is None or abs(self.line_of[run[0]] - line_hint) > 2:
                return None
            runs.append(run)
            taken.update(run)
        return runs

    def line_chars(self, index: int) -> list[int]:
        return [i for i, n in enumerate(self.line_of) if n == index]


def rectangles(chars: PageChars, indexes: list[int]) -> list[tuple[float, float, float, float]]:
    """One rectangle per printed line: the union of that line's character boxes."""
    by_line: dict[int, list[int]] = {}
    for i in indexes:
        by_line.setdefault(chars.line_of[i], []).append(i)
    out = []
    for n in sorted(by_line):
        boxes = [chars.boxes[i] for i in by_line[n]]
        out.append(
            (min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes), max(b[3] for b in boxes))
        )
    return out


def _line_hint(cell: str | None) -> int | None:
    """'L16' → 15 (the reader's 16th line on the page, 0-based)."""
    if cell and cell.startswith("L") and cell[1:].isdigit():
        return int(cell[1:]) - 1
    return None


def locate(pdf, doc: Disclosure, f: Finding, cache: dict[int, PageChars]) -> list[Mark]:
    """Where each evidence item of `f` stands in `pdf` (a pypdfium2 PdfDocument)."""
    marks: list[Mark] = []
    for e in f.evidence:
        loc = doc.location(e.line)
        page = (loc.page if loc else None) or e.page
        if not page or not 1 <= page <= len(pdf):
            continue
        if page not in cache:
            cache[page] = PageChars(pdf[page - 1])
        chars = cache[page]
        hint = _line_hint(loc.cell if loc else e.cell)
        text = e.text or doc.line_text(e.line)
        found = chars.find(text, hint)
        cells = None if found else chars.find_cells(text, hint)
        if found:
            mark = Mark(page, rectangles(chars, found))
        elif cells:
            mark = Mark(page, [box for run in cells for box in rectangles(chars, run)])
        elif hint is not None and chars.line_chars(hint):
            mark = Mark(page, rectangles(chars, chars.line_chars(hint)), found=False)
        else:
            mark = Mark(page, [], found=False)
        if all((m.page, m.boxes) != (mark.page, mark.boxes) for m in marks):  # one mark per place
            marks.append(mark)
    return marks


def comment(f: Finding, lang: str) -> str:
    """The note shown with a highlight: rule, subject, title, 应为/实际, remedy, basis."""
    lab = LABELS[lang]
    lines = [f"{f.rule_id} [{lab.get(f.severity, f.severity)}] {f.subject}", f.title]
    for key in ("expected", "actual", "note", "remedy", "basis"):
        value = getattr(f, key)
        if value:
            lines.append(f"{lab[key]}: {value}")
    return "\n".join(lines)


def _summary(report: Report, lang: str) -> str:
    lab = LABELS[lang]
    counts = severity_counts(report)
    parts = " · ".join(f"{lab[s]} {counts[s]}" for s in SEVERITIES)
    return f"{lab['verdict']}: {lab[verdict(report)]} — {parts}"


def annotate_pdf(source: Path, report: Report, doc: Disclosure, lang: str = "zh") -> bytes:
    """The annotated copy of `source` as bytes (the caller writes them atomically elsewhere)."""
    import pypdfium2
    from pypdf import PdfReader, PdfWriter

    lang = "en" if lang == "en" else "zh"
    data = Path(source).read_bytes()
    pdf = pypdfium2.PdfDocument(data)
    try:
        cache: dict[int, PageChars] = {}
        placed = [(f, locate(pdf, doc, f, cache)) for f in failures(report)]
    finally:
        pdf.close()
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(data)))
    heights = [float(p.mediabox.top) for p in writer.pages]
    writer.add_annotation(0, _summary_note(report, placed, lang, float(writer.pages[0].mediabox.right), heights[0]))
    root = writer.add_outline_item(title=_summary(report, lang), page_number=0, bold=True)
    for f, marks in placed:
        colour = COLOURS.get(f.severity, COLOURS["info"])
        note = comment(f, lang)
        for mark in marks:
            _annotate(writer, mark, note, f, colour, heights[mark.page - 1])
        first = marks[0].page if marks else None
        where = f" ({LABELS[lang]['page'].format(n=first)})" if first else ""
        writer.add_outline_item(
            title=f"{f.rule_id} {f.subject}{where}", page_number=(first or 1) - 1, parent=root, color=colour
        )
    writer.page_mode = "/UseOutlines"  # open with the bookmarks shown
    writer.add_metadata({"/Producer": "gongkai (pypdf)"})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _summary_note(report: Report, placed, lang: str, page_width: float, page_height: float):
    """A note in the first page's top-right margin: the verdict and every failure with its page (for readers
    whose viewer hides the bookmarks)."""
    from pypdf.generic import ArrayObject, DictionaryObject, FloatObject, NameObject, NumberObject, TextStringObject

    lab = LABELS[lang]
    lines = [_summary(report, lang), f"{lab['failures']}:"]
    for f, marks in placed:
        where = f" ({lab['page'].format(n=marks[0].page)})" if marks else ""
        lines.append(f"{f.rule_id} {f.subject}{where}")
    if not placed:
        lines.append(lab["none"])
    return DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Annot"),
            NameObject("/Subtype"): NameObject("/Text"),
            NameObject("/Name"): NameObject("/Note"),
            NameObject("/Rect"): ArrayObject(
                [
                    FloatObject(page_width - 26),
                    FloatObject(page_height - 28),
                    FloatObject(page_width - 6),
                    FloatObject(page_height - 8),
                ]
            ),
            NameObject("/C"): ArrayObject([FloatObject(c) for c in VERDICT_COLOURS[verdict(report)]]),
            NameObject("/F"): NumberObject(4),
            NameObject("/T"): TextStringObject("gongkai"),
            NameObject("/Subj"): TextStringObject(lab["verdict"]),
            NameObject("/Contents"): TextStringObject("\n".join(lines)),
            NameObject("/NM"): TextStringObject("gongkai-summary"),
        }
    )


def _annotate(writer, mark: Mark, note: str, f: Finding, colour, page_height: float) -> None:
    from pypdf.generic import (
        ArrayObject,
        BooleanObject,
        DictionaryObject,
        FloatObject,
        NameObject,
        NumberObject,
        PdfObject,
        TextStringObject,
    )

    def num(x: float) -> FloatObject:
        return FloatObject(round(x, 2))

    extra: dict[NameObject, PdfObject]  # the entries that differ by kind of annotation
    if mark.boxes and mark.found:
        x0 = min(b[0] for b in mark.boxes) - 1
        y0 = min(b[1] for b in mark.boxes) - 1
        x1 = max(b[2] for b in mark.boxes) + 1
        y1 = max(b[3] for b in mark.boxes) + 1
        quads = ArrayObject()
        for bx0, by0, bx1, by1 in mark.boxes:  # per line: upper-left, upper-right, lower-left, lower-right
            quads.extend(num(v) for v in (bx0 - 1, by1 + 1, bx1 + 1, by1 + 1, bx0 - 1, by0 - 1, bx1 + 1, by0 - 1))
        subtype, extra = "/Highlight", {NameObject("/QuadPoints"): quads}
    elif mark.boxes:  # the line, not the exact text: a frame around it
        x0 = min(b[0] for b in mark.boxes) - 2
        y0 = min(b[1] for b in mark.boxes) - 2
        x1 = max(b[2] for b in mark.boxes) + 2
        y1 = max(b[3] for b in mark.boxes) + 2
        subtype, extra = "/Square", {NameObject("/BS"): DictionaryObject({NameObject("/W"): NumberObject(2)})}
    else:  # not found on the page: a note in the top-left margin
        x0, y0, x1, y1 = 4.0, page_height - 28, 24.0, page_height - 8
        subtype, extra = "/Text", {NameObject("/Name"): NameObject("/Comment")}
    annot = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Annot"),
            NameObject("/Subtype"): NameObject(subtype),
            NameObject("/Rect"): ArrayObject([num(x0), num(y0), num(x1), num(y1)]),
            NameObject("/C"): ArrayObject([FloatObject(c) for c in colour]),
            NameObject("/CA"): FloatObject(0.45 if subtype == "/Highlight" else 1.0),
            NameObject("/F"): NumberObject(4),  # print it too
            NameObject("/T"): TextStringObject(f"gongkai {f.rule_id}"),
            NameObject("/Subj"): TextStringObject(f"{f.rule_id} {f.severity}"),
            NameObject("/Contents"): TextStringObject(note),
            NameObject("/NM"): TextStringObject(f"gongkai-{f.rule_id}-{mark.page}-{round(y0)}-{round(x0)}"),
            **extra,
        }
    )
    index = mark.page - 1
    added = writer.add_annotation(index, annot)
    popup = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Annot"),
            NameObject("/Subtype"): NameObject("/Popup"),
            NameObject("/Rect"): ArrayObject([num(x1), num(max(y1 - 120, 0)), num(x1 + 220), num(y1)]),
            NameObject("/Parent"): added.indirect_reference,
            NameObject("/Open"): BooleanObject(False),
        }
    )
    writer.add_annotation(index, popup)  # pypdf links the parent's /Popup to it

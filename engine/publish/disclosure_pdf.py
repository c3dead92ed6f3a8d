"""Write a `Disclosure` as a PDF laid out like a published one: cover, headings, paragraphs, captions,
centred table titles, 部门名称/单位 lines, bordered tables with merged header cells, notes, page numbers.

Chinese is set in Noto Sans SC, embedded as a subset of the characters the document uses
(engine/render/_fonts.py), so the PDF reads the same on a machine without CJK fonts. Two conventions make the output read back
exactly (engine/pipeline/ingest/pdf.py): a paragraph's wrapped lines are justified to the full width and its
last line stops short of it (so "runs to the right edge" means "continues on the next line"), and
blocks are separated by more than a line's spacing (the reader's blank line).
"""

from __future__ import annotations

import io

from gongkai.engine.pipeline.model import Disclosure
from gongkai.engine.publish._layout import Grid, Text, is_amount, parts

FONT = "STSong-Light"  # reportlab's built-in CID font (not embedded): kept for tests that build PDFs by hand
PAGE_W, PAGE_H = 595.2756, 841.8898  # A4 in points
MARGIN_X, MARGIN_TOP, MARGIN_BOTTOM = 56.0, 60.0, 60.0
WIDTH = PAGE_W - 2 * MARGIN_X
SIZES = {"cover": 18.0, "title": 13.0, "heading": 12.0, "caption": 10.0, "meta": 10.0, "note": 9.5, "body": 10.5}
CELL_SIZE, CELL_PAD = 8.0, 2.5


def render_pdf(doc: Disclosure) -> bytes:
    from reportlab.pdfgen.canvas import Canvas

    doc_parts = parts(doc)
    title = doc.meta.title or "部门预算公开"
    font = _embedded_font(_characters(doc_parts) + title)
    buf = io.BytesIO()
    canvas = Canvas(buf, pagesize=(PAGE_W, PAGE_H), pageCompression=1, invariant=1, initialFontName=font)  # type: ignore[arg-type]  # the stub takes the name for a size
    canvas.setTitle(title)
    writer = _Writer(canvas, font)
    for part in doc_parts:
        for block in part.blocks:
            if isinstance(block, Text):
                writer.text(block)
            else:
                writer.grid(block)
    writer.finish()
    return buf.getvalue()


def _register_font() -> None:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont

    if FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(FONT))


def _characters(doc_parts) -> str:
    """Every character the pages will show: the text, the table cells and the page numbers."""
    chars = set("- 0123456789")
    for part in doc_parts:
        for block in part.blocks:
            for line in block.lines if isinstance(block, Text) else block.rows:
                chars.update(line if isinstance(line, str) else "".join(line))
    return "".join(sorted(chars))


def _embedded_font(chars: str) -> str:
    """Register the Noto Sans SC subset for `chars` (once per character set) and return its name."""
    import hashlib

    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    from gongkai.engine.render import _fonts

    chars = "".join(sorted(set(chars)))
    name = "NotoSansSC-" + hashlib.sha1(chars.encode("utf-8")).hexdigest()[:12]
    if name not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont(name, io.BytesIO(_fonts.truetype_subset(chars, name))))
    return name


_UNIT: dict[str, float] = {}  # glyph advance at 1000 pt, from the font's own metrics


def width_of(text: str, size: float) -> float:
    from gongkai.engine.render import _fonts

    total = 0.0
    for ch in text:
        w = _UNIT.get(ch)
        if w is None:
            w = _UNIT[ch] = _fonts.advance(ch) or 1000.0  # a missing glyph prints as a full-width box
        total += w
    return total * size / 1000


def wrap(text: str, width: float, size: float) -> list[str]:
    """Break into lines no wider than `width`, by character (Chinese has no word breaks); a break never
    leaves a space at a line's edge (the reader would lose it)."""
    lines: list[str] = []
    rest = text
    while rest:
        if width_of(rest, size) <= width:
            lines.append(rest)
            break
        cut, used = 0, 0.0
        while cut < len(rest) and used + width_of(rest[cut], size) <= width:
            used += width_of(rest[cut], size)
            cut += 1
        cut = max(cut, 1)
        while cut > 1 and (rest[cut - 1] == " " or (cut < len(rest) and rest[cut] == " ")):
            cut -= 1
        lines.append(rest[:cut])
        rest = rest[cut:]
    return lines or [""]


class _Writer:
    def __init__(self, canvas, font: str) -> None:
        self.c = canvas
        self.font = font
        self.page = 1
        self.y = PAGE_H - MARGIN_TOP  # top of the free space
        self.fresh = True

    # -- pages ----------------------------------------------------------------------------------
    def new_page(self) -> None:
        self._footer()
        self.c.showPage()
        self.page += 1
        self.y = PAGE_H - MARGIN_TOP
        self.fresh = True

    def _footer(self) -> None:
        self.c.setFont(self.font, 9)
        self.c.drawCentredString(PAGE_W / 2, MARGIN_BOTTOM / 2, f"- {self.page} -")

    def finish(self) -> None:
        self._footer()
        self.c.showPage()
        self.c.save()

    def room(self) -> float:
        return self.y - MARGIN_BOTTOM

    # -- text -----------------------------------------------------------------------------------
    def text(self, block: Text) -> None:
        visual: list[tuple[str, str, float, bool]] = []  # (style, text, size, justified)
        for line, style in zip(block.lines, block.styles):
            size = SIZES[style]
            centred = style in ("cover", "title") and width_of(line, size) <= WIDTH
            pieces = [line] if centred else self._wrap_hard(line, size)
            for k, piece in enumerate(pieces):
                visual.append(("centre" if centred else style, piece, size, k < len(pieces) - 1))
        gap = visual[0][2] if not self.fresh else 0.0
        height = gap + sum(1.5 * v[2] for v in visual)
        if height > self.room() and not self.fresh and height <= PAGE_H - MARGIN_TOP - MARGIN_BOTTOM:
            self.new_page()  # keep a block on one page when it fits on one
            gap = 0.0
        self.y -= gap
        for style, piece, size, justified in visual:
            if 1.5 * size > self.room():
                self.new_page()
            baseline = self.y - size
            self.c.setFont(self.font, size)
            if style == "centre":
                self.c.drawCentredString(PAGE_W / 2, baseline, piece)
            elif justified and len(piece) > 1:
                self.c.saveState()  # character spacing is graphics state: it would leak into later text
                t = self.c.beginText(MARGIN_X, baseline)
                t.setFont(self.font, size)
                t.setCharSpace((WIDTH - width_of(piece, size)) / (len(piece) - 1))
                t.textOut(piece)
                self.c.drawText(t)
                self.c.restoreState()
            else:
                self.c.drawString(MARGIN_X, baseline, piece)
            self.y -= 1.5 * size
        self.fresh = False

    def _wrap_hard(self, line: str, size: float) -> list[str]:
        """Wrapped lines are full width; the last one must end well short of the edge, else it is split."""
        pieces = wrap(line, WIDTH, size)
        last = pieces[-1]
        if width_of(last, size) > WIDTH - 2.5 * size and len(last) > 8:
            cut = len(last) - 4
            while cut > 1 and (last[cut - 1] == " " or last[cut] == " "):
                cut -= 1
            pieces[-1:] = [last[:cut], last[cut:]]
        return pieces

    # -- tables ---------------------------------------------------------------------------------
    def grid(self, g: Grid) -> None:
        if not g.rows:
            return
        cols = _column_widths(g)
        xs = [MARGIN_X]
        for w in cols:
            xs.append(xs[-1] + w)
        span = {(r, c): (r2, c2) for r, c, r2, c2 in g.merges}
        covered = {(i, j) for r, c, r2, c2 in g.merges for i in range(r, r2 + 1) for j in range(c, c2 + 1)}
        size = [CELL_SIZE] * len(g.rows)
        heights = [0.0] * len(g.rows)
        usable = PAGE_H - MARGIN_TOP - MARGIN_BOTTOM
        for r, row in enumerate(g.rows):
            while True:
                need = CELL_PAD * 2 + 1.25 * size[r]
                for c, text in enumerate(row):
                    if not text or ((r, c) in covered and (r, c) not in span):
                        continue
                    r2, c2 = span.get((r, c), (r, c))
                    if r2 > r:
                        continue  # a header spanning rows: sized below
                    lines = wrap(text, xs[c2 + 1] - xs[c] - 2 * CELL_PAD, size[r])
                    need = max(need, CELL_PAD * 2 + 1.25 * size[r] * len(lines))
                if need <= usable / 2 or size[r] <= 3:
                    break
                size[r] -= 1  # a huge cell: a smaller font, never a row split across pages
            heights[r] = need
        for (r, c), (r2, c2) in span.items():
            if r2 > r and g.rows[r][c]:
                lines = wrap(g.rows[r][c], xs[c2 + 1] - xs[c] - 2 * CELL_PAD, CELL_SIZE)
                need = CELL_PAD * 2 + 1.25 * CELL_SIZE * len(lines)
                have = sum(heights[r : r2 + 1])
                if need > have:
                    heights[r2] += need - have
        gap = 0.0 if self.fresh else 8.0
        first = sum(heights[: g.header + (1 if len(g.rows) > g.header else 0)])
        if gap + first > self.room() and not self.fresh:
            self.new_page()
            gap = 0.0
        self.y -= gap
        for r, row in enumerate(g.rows):
            # header rows stay together (their merges span them); a data row goes whole to the next page
            if r >= g.header and heights[r] > self.room():
                self.new_page()
            top = self.y
            for c, text in enumerate(row):
                if (r, c) in covered and (r, c) not in span:
                    continue
                r2, c2 = span.get((r, c), (r, c))
                self._cell(
                    text,
                    xs[c],
                    xs[c2 + 1],
                    top,
                    sum(heights[r : r2 + 1]),
                    size[r],
                    "centre" if r < g.header else ("right" if is_amount(text) else "left"),
                )
            self.y -= heights[r]
        self.fresh = False

    def _cell(self, text: str, x0: float, x1: float, top: float, height: float, size: float, align: str) -> None:
        self.c.setLineWidth(0.6)
        self.c.rect(x0, top - height, x1 - x0, height, stroke=1, fill=0)
        if not text:
            return
        self.c.setFont(self.font, size)
        lines = wrap(text, x1 - x0 - 2 * CELL_PAD, size)
        baseline = top - CELL_PAD - size
        for line in lines:
            if align == "centre":
                self.c.drawCentredString((x0 + x1) / 2, baseline, line)
            elif align == "right":
                self.c.drawRightString(x1 - CELL_PAD, baseline, line)
            else:
                self.c.drawString(x0 + CELL_PAD, baseline, line)
            baseline -= 1.25 * size


def _column_widths(g: Grid) -> list[float]:
    """Water-filling: narrow columns get what their longest cell needs, wide ones share the rest."""
    n = g.width
    span_cells = {(r, c) for r, c, r2, c2 in g.merges if c2 > c}
    natural = [3 * CELL_SIZE] * n
    for r, row in enumerate(g.rows):
        for c, text in enumerate(row):
            if text and (r, c) not in span_cells:
                natural[c] = max(natural[c], width_of(text, CELL_SIZE) + 2 * CELL_PAD + 1)
    widths = [0.0] * n
    left = list(range(n))
    room = WIDTH
    while left:
        fair = room / len(left)
        small = [c for c in left if natural[c] <= fair]
        if not small:
            for c in left:
                widths[c] = fair
            break
        for c in small:
            widths[c] = natural[c]
            room -= natural[c]
        left = [c for c in left if c not in small]
    extra = WIDTH - sum(widths)
    if extra > 0:
        widths = [w + extra / n for w in widths]
    return widths

"""The CJK font that gongkai embeds: Noto Sans SC (SIL OFL 1.1, notofonts/noto-cjk), shipped on PyPI by
`pylopdf-fonts-zh-cn` as a plain OTF file, so `pip install` brings it and nothing is fetched at run time.

Only the characters a document uses are embedded (a subset): the HTML report carries it as a base64 WOFF
@font-face, the PDF writer as a TrueType font. reportlab embeds only TrueType outlines, and Noto ships
PostScript (CFF) ones, so the PDF subset is converted with fontTools' cu2qu (cubic → quadratic curves,
within 1 font unit; each glyph once per process) and the HTML uses the same TrueType subset as WOFF. Both
are deterministic: the same characters give the same bytes.
"""

from __future__ import annotations

import io
from functools import lru_cache
from pathlib import Path

FAMILY = "Noto Sans SC"
LICENSE = "SIL Open Font License 1.1"


def font_path() -> Path:
    import pylopdf_fonts_zh_cn

    return Path(pylopdf_fonts_zh_cn.sans_path())


@lru_cache(maxsize=1)
def _base():
    """The full font, opened lazily: cmap and metrics at once, outlines only when a glyph is drawn."""
    from fontTools.ttLib import TTFont

    return TTFont(font_path(), lazy=True)


@lru_cache(maxsize=1)
def _metrics() -> tuple[dict[int, str], dict[str, int], int]:
    font = _base()
    widths = {name: adv for name, (adv, _lsb) in font["hmtx"].metrics.items()}
    return font.getBestCmap(), widths, font["head"].unitsPerEm


def advance(ch: str) -> float:
    """The glyph's advance width in thousandths of the font size (0 for a character the font lacks)."""
    cmap, widths, upem = _metrics()
    name = cmap.get(ord(ch))
    return widths[name] * 1000 / upem if name else 0.0


def covers(ch: str) -> bool:
    return ord(ch) in _metrics()[0]


_QUADRATIC: dict[str, object] = {}  # glyph name → TrueType glyph, converted once per process


def _truetype_glyph(name: str):
    from fontTools.pens.cu2quPen import Cu2QuPen
    from fontTools.pens.ttGlyphPen import TTGlyphPen

    if name not in _QUADRATIC:
        pen = TTGlyphPen(None)
        _base().getGlyphSet()[name].draw(Cu2QuPen(pen, max_err=1.0, reverse_direction=True))
        _QUADRATIC[name] = pen.glyph()
    return _QUADRATIC[name]


def _build(chars: str, ps_name: str | None = None):
    """A TrueType-outline font holding just `chars` (plus .notdef and space), built from the full font's
    outlines (cubic → quadratic), metrics and names. `ps_name`: the PostScript name (reportlab keeps one
    face per PostScript name per process, so every subset needs its own)."""
    from fontTools.fontBuilder import FontBuilder

    base = _base()
    cmap, widths, upem = _metrics()
    mapping = {ord(c): cmap[ord(c)] for c in sorted(set(chars) | {" "}) if ord(c) in cmap}
    order = [".notdef"] + sorted(set(mapping.values()) - {".notdef"}, key=base.getGlyphID)
    fb = FontBuilder(upem, isTTF=True)
    fb.font.recalcTimestamp = False
    fb.setupGlyphOrder(order)
    fb.setupCharacterMap(mapping)
    fb.setupGlyf({name: _truetype_glyph(name) for name in order})
    glyf = fb.font["glyf"]
    fb.setupHorizontalMetrics({name: (widths[name], getattr(glyf[name], "xMin", 0)) for name in order})
    hhea, os2, head = base["hhea"], base["OS/2"], base["head"]
    fb.setupHorizontalHeader(ascent=hhea.ascent, descent=hhea.descent, lineGap=hhea.lineGap)
    names = {n.nameID: str(n) for n in base["name"].names if n.platformID == 3 and n.nameID in (0, 1, 2, 4, 6, 13, 14)}
    fb.setupNameTable(
        {
            "copyright": names.get(0, ""),
            "familyName": names.get(1, FAMILY),
            "styleName": names.get(2, "Regular"),
            "fullName": names.get(4, FAMILY),
            "psName": ps_name or names.get(6, "NotoSansSC-Regular"),
            "licenseDescription": names.get(13, LICENSE),
            "licenseInfoURL": names.get(14, ""),
        }
    )
    fb.setupOS2(
        sTypoAscender=os2.sTypoAscender,
        sTypoDescender=os2.sTypoDescender,
        sTypoLineGap=0,
        usWinAscent=os2.usWinAscent,
        usWinDescent=os2.usWinDescent,
        sCapHeight=os2.sCapHeight,
        sxHeight=getattr(os2, "sxHeight", 0),
        fsType=os2.fsType,
        achVendID=os2.achVendID,
    )
    fb.setupPost()
    fb.setupHead(unitsPerEm=upem, created=head.created, modified=head.created, fontRevision=head.fontRevision)
    fb.setupMaxp()
    return fb.font


@lru_cache(maxsize=8)
def truetype_subset(chars: str, ps_name: str | None = None) -> bytes:
    """A TrueType font with just these characters (what reportlab can embed)."""
    buf = io.BytesIO()
    _build(chars, ps_name).save(buf)
    return buf.getvalue()


@lru_cache(maxsize=8)
def woff_subset(chars: str) -> bytes:
    """The same font as WOFF (zlib), for an HTML @font-face."""
    font = _build(chars)
    font.flavor = "woff"
    buf = io.BytesIO()
    font.save(buf)
    return buf.getvalue()

"""Byte-identical DOCX/XLSX renders: the same disclosure gives the same file, today and tomorrow.

python-docx and openpyxl stamp every zip entry with the current time and openpyxl also writes
`dcterms:created/modified` = now into docProps/core.xml. Both are set to one fixed instant: the
`SOURCE_DATE_EPOCH` of reproducible-builds.org when set, else 1980-01-01 (the zip format's epoch)."""

from __future__ import annotations

import io
import os
import re
import time
import zipfile

_STAMP = re.compile(rb"(<dcterms:(?:created|modified)\b[^>]*>)[^<]*(</dcterms:(?:created|modified)>)")


def _epoch() -> int:
    try:
        return max(int(os.environ.get("SOURCE_DATE_EPOCH", "")), 315532800)  # zip cannot go before 1980
    except ValueError:
        return 315532800


def reproducible_zip(data: bytes) -> bytes:
    """The same package with fixed entry timestamps and core-properties dates; entry order and content kept."""
    epoch = _epoch()
    stamp = time.gmtime(epoch)
    when = stamp[:6]
    iso = time.strftime("%Y-%m-%dT%H:%M:%SZ", stamp).encode()
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            body = src.read(info)
            if info.filename == "docProps/core.xml":
                body = _STAMP.sub(rb"\g<1>" + iso + rb"\g<2>", body)
            fixed = zipfile.ZipInfo(info.filename, date_time=when)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            dst.writestr(fixed, body)
    return out.getvalue()

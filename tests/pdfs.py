"""Reading back a PDF WeasyPrint wrote, enough for a test to tell which document it is."""

import re
import zlib


def pdf_titles(content: bytes) -> set[str]:
    """The document title and bookmarks WeasyPrint writes into the PDF, inside compressed object streams (the
    page text itself is glyph-coded, so these are what a test can read)."""
    titles = set()
    for stream in re.finditer(rb"stream\r?\n(.*?)\r?\nendstream", content, re.S):
        try:
            titles.update(t.decode() for t in re.findall(rb"/Title \(([^)]*)\)", zlib.decompress(stream.group(1))))
        except zlib.error:
            continue
    return titles

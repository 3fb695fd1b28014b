"""Reading back a PDF WeasyPrint wrote, enough for a test to tell which document it is."""

import re
import zlib


def pdf_titles(content: bytes) -> set[str]:
    """The document title and bookmarks WeasyPrint writes into the PDF, inside compressed object streams (the
    page text itself is glyph-coded, so these are what a test can read)."""
    titles = set()
    # A stream's data may end with a carriage return byte of its own (one stream in 256): kept with the data, and
    # whatever follows the compressed data is left over rather than taken for part of it.
    for stream in re.finditer(rb"stream\r?\n(.*?)\nendstream", content, re.S):
        try:
            data = zlib.decompressobj().decompress(stream.group(1))
        except zlib.error:
            continue
        titles.update(t.decode() for t in re.findall(rb"/Title \(([^)]*)\)", data))
    return titles

"""An XLSX file is a zip archive of XML parts. Before openpyxl parses anything, its members are checked
from the archive's directory (no inflating): a sheet that unpacks to hundreds of megabytes from a few
hundred kilobytes is a bomb, not a spreadsheet. Then every XML part is scanned, streamed, for entity and
document type declarations: Excel never writes them, and they are what a billion-laughs or an external
entity needs. (openpyxl parses through defusedxml as well; this check holds even where it does not.)

The directory's sizes can be trusted: zipfile stops a member at its declared size and fails its CRC.
"""

from __future__ import annotations

import zipfile

MB = 1024 * 1024
MAX_TOTAL = 200 * MB  # the whole archive unpacked: a 300,000-row sheet with shared strings is ~70 MB
MAX_MEMBER = 150 * MB
MAX_RATIO = 100  # real sheets compress 5-30 times; a run of identical bytes compresses 1,000 times
RATIO_FROM = 1 * MB  # tiny parts compress absurdly well and harm nobody
MAX_MEMBERS = 10_000
SCAN_CHUNK = 256 * 1024
_DECLARATIONS = tuple(
    needle.encode(encoding) for needle in ("<!DOCTYPE", "<!ENTITY") for encoding in ("ascii", "utf-16-le", "utf-16-be")
)
_OVERLAP = max(len(needle) for needle in _DECLARATIONS)


def archive_problem(file) -> tuple[str, dict] | None:
    """(code, params) of what makes the XLSX archive `file` unsafe to parse, or None. Leaves `file` at 0."""

    try:
        with zipfile.ZipFile(file) as archive:
            members = archive.infolist()
            for member in members:
                ratio = member.file_size / max(member.compress_size, 1)
                if member.file_size > RATIO_FROM and ratio > MAX_RATIO:
                    return "xlsx_ratio", {"member": member.filename[:80], "ratio": int(ratio)}
            if len(members) > MAX_MEMBERS or any(member.file_size > MAX_MEMBER for member in members):
                return "xlsx_too_large", {"limit": MAX_MEMBER // MB}
            if sum(member.file_size for member in members) > MAX_TOTAL:
                return "xlsx_too_large", {"limit": MAX_TOTAL // MB}
            for member in members:
                if member.filename.endswith((".xml", ".rels", ".vml")) and _declares(archive, member):
                    return "xlsx_dtd", {}
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, OSError, ValueError, EOFError):
        return "not_xlsx", {}
    finally:
        file.seek(0)
    return None


def _declares(archive: zipfile.ZipFile, member: zipfile.ZipInfo) -> bool:
    tail = b""
    with archive.open(member) as stream:
        while chunk := stream.read(SCAN_CHUNK):
            window = tail + chunk
            if any(needle in window for needle in _DECLARATIONS):
                return True
            tail = window[-_OVERLAP:]
    return False

"""Validation of uploaded files, shared by every app that accepts them (agreements, training materials,
incentive proofs). A file is checked by its extension *and* its first bytes, because a browser-supplied
content type or a renamed file proves nothing."""

from __future__ import annotations

import os
import re
import secrets
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _

MB = 1024 * 1024

# Browsers that sniff content read about the first 1,445 bytes; markup there could make a "PDF" or "PNG"
# render as a page or an image with script. A genuine PDF, JPEG, PNG or XLSX has none of it so early.
SNIFF_WINDOW = 1445
MARKUP = re.compile(rb"<\s*(?:!doctype\s+html|html|head|body|script|svg|iframe|object|embed|img|a\s)", re.IGNORECASE)


@dataclass(frozen=True)
class FileKind:
    label: str
    extensions: tuple[str, ...]
    signatures: tuple[bytes, ...]  # the file must start with one of these; empty means "any"


KINDS = {
    "pdf": FileKind("PDF", (".pdf",), (b"%PDF-",)),
    "jpg": FileKind("JPEG", (".jpg", ".jpeg"), (b"\xff\xd8\xff",)),
    "png": FileKind("PNG", (".png",), (b"\x89PNG\r\n\x1a\n",)),
    "xlsx": FileKind("XLSX", (".xlsx",), (b"PK\x03\x04",)),
    "csv": FileKind("CSV", (".csv",), ()),
}


@deconstructible
class UploadValidator:
    """Accepts a file of one of `kinds` (keys of KINDS) no larger than `max_size` bytes.

    Usable as a model field validator (it deconstructs for migrations) and in forms.
    """

    def __init__(self, kinds: tuple[str, ...] = ("pdf", "jpg", "png"), max_size: int = 10 * MB):
        unknown = set(kinds) - set(KINDS)
        if unknown:
            raise ValueError(f"Unknown file kinds: {sorted(unknown)}")
        self.kinds = tuple(kinds)
        self.max_size = max_size

    def __call__(self, upload) -> None:
        if upload is None:
            return
        size = getattr(upload, "size", None)
        if size is not None and size > self.max_size:
            raise ValidationError(
                _("The file is too large (%(size)s); the limit is %(limit)s."),
                code="file_too_large",
                params={"size": filesizeformat(size), "limit": filesizeformat(self.max_size)},
            )
        name = (getattr(upload, "name", "") or "").lower()
        kind = next((KINDS[k] for k in self.kinds if name.endswith(KINDS[k].extensions)), None)
        if kind is None or not self._content_matches(upload, kind):
            raise ValidationError(
                _("Upload a file of one of these types: %(types)s."),
                code="file_type",
                params={"types": ", ".join(KINDS[k].label for k in self.kinds)},
            )

    @staticmethod
    def _content_matches(upload, kind: FileKind) -> bool:
        """The file starts with its kind's signature and holds no markup where a browser would sniff."""
        if not kind.signatures:
            return True
        try:
            position = upload.tell()
            upload.seek(0)
            head = upload.read(SNIFF_WINDOW)
            upload.seek(position)
        except (OSError, ValueError, AttributeError):
            return False
        return any(head.startswith(signature) for signature in kind.signatures) and not MARKUP.search(head)

    def accept(self) -> str:
        """The value of an <input type=file accept=...> attribute for these kinds."""
        return ",".join(ext for k in self.kinds for ext in KINDS[k].extensions)

    def __eq__(self, other):
        return isinstance(other, UploadValidator) and (self.kinds, self.max_size) == (other.kinds, other.max_size)

    def __hash__(self):
        return hash((self.kinds, self.max_size))


def upload_validator(*kinds: str, max_mb: int = 10) -> UploadValidator:
    """`upload_validator("pdf", "jpg", "png", max_mb=10)`: the usual way to build one."""
    return UploadValidator(kinds=kinds or ("pdf", "jpg", "png"), max_size=max_mb * MB)


def unguessable_path(folder: str, filename: str) -> str:
    """`folder/<random>/<filename>`: the stored path cannot be guessed from a partner id and a document number,
    and the download keeps the name the user gave the file. Files are served only by access-checked views;
    the random part is a second lock, not the first."""
    return f"{folder}/{secrets.token_urlsafe(16)}/{os.path.basename(filename)}"

"""The one way a stored upload leaves the server: as an attachment the browser saves, never renders."""

import os

from django.http import FileResponse, Http404

# Even if a browser were talked into showing the file inline, it would run nothing and load nothing.
SANDBOX_POLICY = "default-src 'none'; sandbox"


def file_attachment(field_file) -> FileResponse:
    """The response for a FieldFile the caller has already checked the user may read; 404 when there is
    no file or storage lost it."""
    if not field_file:
        raise Http404("No file")
    try:
        handle = field_file.open("rb")
    except FileNotFoundError as missing:
        raise Http404("The file is missing from storage") from missing
    response = FileResponse(handle, as_attachment=True, filename=os.path.basename(field_file.name))
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = SANDBOX_POLICY
    return response

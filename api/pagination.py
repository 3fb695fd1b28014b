from rest_framework.pagination import CursorPagination


class Cursor(CursorPagination):
    """Newest first, stable under inserts: `next` and `previous` are opaque links."""

    ordering = "-id"
    page_size = 100
    page_size_query_param = "page_size"
    max_page_size = 1000

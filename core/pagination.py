"""API pagination. Its own module: DRF imports the default pagination class while it is itself
still importing, so this must not import DRF's views."""

from rest_framework.pagination import CursorPagination


class StableCursor(CursorPagination):
    """Keyset pagination on the primary key: every page costs the same, no COUNT, no OFFSET."""

    ordering = "pk"
    page_size = 50
    max_page_size = 500
    page_size_query_param = "page_size"

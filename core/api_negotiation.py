"""Content negotiation of the open API: an empty ``?format=`` is not a format (DRF would quietly
answer JSON); it is refused as an unknown one is, with a 404 in the API's error shape."""

from django.http import Http404
from rest_framework.negotiation import DefaultContentNegotiation


class StrictFormatNegotiation(DefaultContentNegotiation):
    def select_renderer(self, request, renderers, format_suffix=None):
        if not format_suffix and request.query_params.get(self.settings.URL_FORMAT_OVERRIDE, None) == "":
            raise Http404("empty format")
        return super().select_renderer(request, renderers, format_suffix)

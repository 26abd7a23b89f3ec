from django.conf import settings
from django.utils import translation


class ChineseFirstLocaleMiddleware:
    """Chinese unless the visitor chose otherwise with the language switch.

    Django's LocaleMiddleware would follow the browser's Accept-Language; this is a Chinese
    government platform, so the page is Chinese until someone asks for English (the choice is
    kept in the language cookie set by ``set_language``, or ``?lang=en`` for a shared link).
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.supported = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request):
        language = request.GET.get("lang") or request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        api = request.path.startswith("/api/")
        if language not in self.supported and api:
            # A program asks in its Accept-Language header; the API answers in it (Chinese unless
            # English is preferred).
            language = translation.get_language_from_request(request)
        if language not in self.supported:
            language = settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", request.LANGUAGE_CODE)
        for header in ("Cookie", "Accept-Language") if api else ("Cookie",):
            patch = response.headers.get("Vary", "")
            if header not in patch:
                response.headers["Vary"] = f"{patch}, {header}" if patch else header
        translation.deactivate()
        return response

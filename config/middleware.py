from django.conf import settings
from django.utils import translation
from django.utils.cache import patch_vary_headers

_SUPPORTED = {code for code, _name in settings.LANGUAGES}


class LanguageMiddleware:
    """Korean unless the user chose otherwise.

    Pages: the language cookie set by the header's switcher, else Korean (a browser's
    Accept-Language does not turn the foundation's site into English). API: the cookie, else
    Accept-Language, so that integrators get errors in the language they ask for.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        language = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if language not in _SUPPORTED:
            language = settings.LANGUAGE_CODE
            if request.path.startswith("/api/") and request.META.get("HTTP_ACCEPT_LANGUAGE"):
                language = translation.get_language_from_request(request)
                if language not in _SUPPORTED:
                    language = settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        patch_vary_headers(response, ("Cookie", "Accept-Language"))
        response.headers.setdefault("Content-Language", language)
        return response

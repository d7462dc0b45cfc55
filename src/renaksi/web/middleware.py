"""Request middleware of our own."""

from __future__ import annotations


class IndonesianByDefaultMiddleware:
    """Bahasa Indonesia unless the person chose another language.

    Django's LocaleMiddleware would follow the browser's Accept-Language first, so an office PC set
    up in English would get English without anyone choosing it. The interface is Indonesian by
    default; a choice made with the language selector (kept in a cookie) still wins.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.META.pop("HTTP_ACCEPT_LANGUAGE", None)
        return self.get_response(request)

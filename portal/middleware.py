import logging

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.cache import patch_cache_control

logger = logging.getLogger(__name__)


class SwedishFirstMiddleware:
    """Serve Swedish unless the visitor chose otherwise.

    A Swedish public service speaks Swedish first, whatever language the
    browser happens to be set to; English is one click away in the header
    (a cookie) or saved on an official's account. So the browser's
    Accept-Language is not consulted. Runs before LocaleMiddleware.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.META.pop("HTTP_ACCEPT_LANGUAGE", None)
        return self.get_response(request)


class UserLanguageMiddleware:
    """Serve a logged-in official in the language saved on their account.

    Runs after LocaleMiddleware and AuthenticationMiddleware; anonymous
    visitors keep LocaleMiddleware's choice (cookie, then Swedish).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and user.language:
            translation.activate(user.language)
            request.LANGUAGE_CODE = user.language
        return self.get_response(request)


class ServiceUnavailableMiddleware:
    """Answer 503 with a plain page when the database is unreachable.

    A stopped or restarting PostgreSQL is an outage, not a bug: the visitor
    gets a calm "try again shortly" with Retry-After instead of a 500, and the
    page renders without touching the database (no user, no session).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, (OperationalError, InterfaceError)):
            return None
        logger.warning("database unavailable: %s", type(exception).__name__)
        response = HttpResponse(render_to_string("503.html"), status=503)
        response["Retry-After"] = "30"
        return response


class PrivatePagesMiddleware:
    """Never let a browser or proxy keep a page shown to a logged-in official:
    it may hold what residents reported. Residents' tip pages set the same
    header themselves."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            patch_cache_control(response, private=True, no_store=True)
        return response

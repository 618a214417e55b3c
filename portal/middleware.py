from urllib.parse import urlencode

from django.contrib.auth.views import redirect_to_login
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import translation
from django.utils.cache import patch_cache_control

from . import outage


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
    page renders without touching the database (no user, no session). This
    catches the views' errors; errors raised in other middleware reach the
    project's handler500, which answers the same way (see portal/outage.py).
    First in MIDDLEWARE, so it also sees every answer that ends an outage.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code < 500:
            outage.recovered()
        return response

    def process_exception(self, request, exception):
        if not outage.is_database_error(exception):
            return None
        return outage.response_for(request, exception)


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


class TwoFactorMiddleware:
    """Guard every page that reaches data or the account's security with a
    one-time code where one is due (see `two_factor.guarded`): internal
    pages, Django admin, and changing e-mail, password or devices.

    An official who has a device must enter a code after the password; one
    who must use two-factor login (their municipality requires it, or they
    are staff and REQUIRE_STAFF_TWO_FACTOR is on) must set it up first.
    Runs after django-otp's OTPMiddleware, which tells whether this session
    is verified.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return self.get_response(request)
        from . import two_factor

        if not two_factor.guarded(request.path):
            return self.get_response(request)
        has_device, required = two_factor.state_of(user)
        if has_device:
            if not user.is_verified():
                return redirect_to_login(request.get_full_path(), reverse("portal:two-factor-verify"))
        elif required and not two_factor.is_setup_path(request.path):
            return redirect(reverse("portal:two-factor-setup") + "?" + urlencode({"next": request.get_full_path()}))
        return self.get_response(request)
        from . import two_factor

        has_device, required = two_factor.state_of(user)
        if has_device:
            if not user.is_verified():
                return redirect_to_login(request.get_full_path(), reverse("portal:two-factor-verify"))
        elif required:
            return redirect(reverse("portal:two-factor-setup") + "?" + urlencode({"next": request.get_full_path()}))
        return self.get_response(request)

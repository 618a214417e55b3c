from django.utils import translation


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

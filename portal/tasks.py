from celery import shared_task
from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from . import emails
from .models import Membership


@shared_task(name="portal.ping", ignore_result=False)
def ping(value: str) -> str:
    """Round-trip check used by the health test and operators: echoes `value`."""
    return f"pong:{value}"


@shared_task(name="portal.send_invitation", autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def send_invitation(membership_id: int, inviter_name: str) -> None:
    """Email a new member a one-time link to choose a password."""
    membership = Membership.objects.select_related("user", "municipality", "organisation").get(pk=membership_id)
    user = membership.user
    uidb64 = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    path = reverse("password_reset_confirm", kwargs={"uidb64": uidb64, "token": token})
    context = {
        "municipality": membership.municipality,
        "organisation": membership.organisation,
        "inviter": inviter_name,
        "username": user.username,
        "link": f"{settings.SITE_URL}{path}",
    }
    emails.send("portal/emails/invitation", user.email, context, language=user.language)

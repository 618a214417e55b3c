"""E-mail to residents who follow a walk, and the signed links in it
(`portal.following`). A message holds the walk's public facts and a link,
never a finding's author or anything not on the public report."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.urls import reverse

from portal import emails, following

from . import selectors
from .models import Finding, WalkFollower, WalkFollowerDelivery

CONFIRM_SALT = "walks.follow.confirm"
UNSUBSCRIBE_SALT = "walks.follow.unsubscribe"


def follower_from_token(token: str, salt: str) -> WalkFollower | None:
    """The follower a link names, or None if the link is forged, expired or spent."""
    max_age = following.CONFIRM_MAX_AGE if salt == CONFIRM_SALT else None
    queryset = WalkFollower.objects.select_related("walk__municipality")
    return following.follower_from_token(queryset, token, salt, max_age=max_age)


def _absolute(url_name: str, **kwargs) -> str:
    return settings.SITE_URL + reverse(url_name, kwargs=kwargs)


def _build(name: str, follower: WalkFollower, context: dict) -> EmailMultiAlternatives:
    walk = follower.walk
    slug = walk.municipality.slug
    unsubscribe = _absolute("walks:public-unfollow", slug=slug, token=following.make_token(follower, UNSUBSCRIBE_SALT))
    context = {
        "walk": walk,
        "municipality": walk.municipality,
        "walk_url": _absolute("walks:public-walk-detail", slug=slug, pk=walk.pk),
        "unsubscribe_url": unsubscribe,
        **context,
    }
    headers = {"List-Unsubscribe": f"<{unsubscribe}>", "Auto-Submitted": "auto-generated"}
    return emails.build(f"walks/emails/{name}", follower.email, context, language=follower.language, headers=headers)


def send_confirmation(follower_id: int) -> None:
    follower = WalkFollower.objects.select_related("walk__municipality").filter(pk=follower_id).first()
    if follower is None or follower.confirmed_at is not None:
        return
    token = following.make_token(follower, CONFIRM_SALT)
    confirm_url = _absolute("walks:public-follow-confirm", slug=follower.walk.municipality.slug, token=token)
    _build("follow-confirm", follower, {"confirm_url": confirm_url}).send()


def _event_context(delivery: WalkFollowerDelivery) -> dict | None:
    """What the message tells, or None when it is no longer public."""
    walk = delivery.follower.walk
    if not walk.report_is_published:
        return None
    if delivery.kind == WalkFollowerDelivery.Kind.UPDATED:
        return {}  # the report as it stands now is on its page
    if delivery.kind == WalkFollowerDelivery.Kind.REPORT:
        public = walk.findings.filter(is_public=True)
        return {"finding_count": public.count(), "action_count": public.filter(action__isnull=False).count()}
    finding = (
        Finding.objects.filter(walk=walk, is_public=True, pk=delivery.object_id)
        .select_related("place", "owner")
        .first()
    )
    return {"finding": finding, "action": selectors.finding_follow_up(finding)} if finding else None


def delivery_message(delivery: WalkFollowerDelivery) -> EmailMultiAlternatives | None:
    context = _event_context(delivery)
    return None if context is None else _build(delivery.kind, delivery.follower, context)

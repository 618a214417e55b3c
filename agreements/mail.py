"""Email to residents who follow a pledge, and the signed links in it.

Links carry a signed token (`portal.following.make_token`) naming the
follower and a hash of the address, so nothing secret is stored and a link
stops working once the follower has unsubscribed.
"""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.urls import reverse

from portal import emails, following

from .models import Evaluation, FollowerDelivery, PledgeFollower, ProgressUpdate, ProgressUpdateCorrection

CONFIRM_SALT = "agreements.follow.confirm"
UNSUBSCRIBE_SALT = "agreements.follow.unsubscribe"


def make_token(follower: PledgeFollower, salt: str) -> str:
    return following.make_token(follower, salt)


def follower_from_token(token: str, salt: str) -> PledgeFollower | None:
    """The follower a link names, or None if the link is forged, expired or spent."""
    max_age = following.CONFIRM_MAX_AGE if salt == CONFIRM_SALT else None
    queryset = PledgeFollower.objects.select_related("pledge__municipality")
    return following.follower_from_token(queryset, token, salt, max_age=max_age)


def _absolute(url_name: str, **kwargs) -> str:
    return settings.SITE_URL + reverse(url_name, kwargs=kwargs)


def _links(follower: PledgeFollower) -> dict:
    pledge = follower.pledge
    slug = pledge.municipality.slug
    return {
        "pledge_url": _absolute("agreements:public-pledge-detail", slug=slug, pk=pledge.pk),
        "unsubscribe_url": _absolute(
            "agreements:public-unfollow", slug=slug, token=make_token(follower, UNSUBSCRIBE_SALT)
        ),
    }


def _build(name: str, follower: PledgeFollower, context: dict) -> EmailMultiAlternatives:
    context = {"pledge": follower.pledge, "municipality": follower.pledge.municipality, **_links(follower), **context}
    headers = {"List-Unsubscribe": f"<{context['unsubscribe_url']}>", "Auto-Submitted": "auto-generated"}
    return emails.build(
        f"agreements/emails/{name}", follower.email, context, language=follower.language, headers=headers
    )


def send_confirmation(follower_id: int) -> None:
    follower = PledgeFollower.objects.select_related("pledge__municipality").filter(pk=follower_id).first()
    if follower is None or follower.confirmed_at is not None:
        return
    slug = follower.pledge.municipality.slug
    confirm_url = _absolute("agreements:public-follow-confirm", slug=slug, token=make_token(follower, CONFIRM_SALT))
    _build("follow-confirm", follower, {"confirm_url": confirm_url}).send()


def _event_context(delivery: FollowerDelivery) -> dict | None:
    """What the message is about, or None when it is no longer to be told
    (the update was made internal or removed, the pledge unpublished)."""
    pledge = delivery.follower.pledge
    if not pledge.is_published:
        return None
    if delivery.kind == FollowerDelivery.Kind.PROGRESS:
        update = (
            ProgressUpdate.objects.select_related("commitment__focus_area", "organisation")
            .filter(pk=delivery.object_id, is_public=True, commitment__focus_area__pledge=pledge)
            .first()
        )
        return {"update": update, "commitment": update.commitment} if update else None
    if delivery.kind == FollowerDelivery.Kind.CORRECTION:
        correction = (
            ProgressUpdateCorrection.objects.select_related("update__commitment__focus_area")
            .filter(pk=delivery.object_id, update__is_public=True, update__commitment__focus_area__pledge=pledge)
            .first()
        )
        if correction is None:
            return None
        return {"correction": correction, "update": correction.update, "commitment": correction.update.commitment}
    evaluation = Evaluation.objects.filter(pk=delivery.object_id, pledge=pledge).first()
    return {"evaluation": evaluation} if evaluation else None


def delivery_message(delivery: FollowerDelivery) -> EmailMultiAlternatives | None:
    """The message of one delivery, or None when its event is no longer to
    be told (the delivery is then skipped)."""
    context = _event_context(delivery)
    return None if context is None else _build(delivery.kind, delivery.follower, context)

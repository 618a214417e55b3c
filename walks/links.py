"""The residents' link to a walk: a signed token naming the walk and a
random nonce kept on it. Nothing about the resident is in it, and a new
nonce (the admin can change it) retires every link given out before."""

from __future__ import annotations

from django.core import signing

from .models import Walk

SALT = "walks.resident-link"


def resident_token(walk: Walk) -> str:
    return signing.Signer(salt=SALT).sign(f"{walk.pk}:{walk.resident_nonce}")


def walk_from_token(token: str, municipality_id: int) -> Walk | None:
    """The walk a link names, or None if it is forged or retired."""
    try:
        pk, nonce = signing.Signer(salt=SALT).unsign(token or "").split(":", 1)
        walk = Walk.objects.filter(pk=int(pk), municipality_id=municipality_id).select_related("municipality").first()
    except (signing.BadSignature, ValueError):
        return None
    if walk is None or walk.resident_nonce != nonce:
        return None
    return walk

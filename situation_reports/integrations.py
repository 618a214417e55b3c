"""Where the weekly report meets the tips app: new tips on the dashboard,
tips at a place, and filing a tip as an observation.

situation_reports may import tips; tips never imports situation_reports.
The tip page gets its "add as observation" block through
`register_object_section` (see apps.py).
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone

from portal.links import Link
from portal.models import Membership, Place
from portal.sections import Section
from tips.models import Tip, TipStatus

from .forms import TipObservationForm
from .models import Observation

NEW_TIP_DAYS = 7


def dashboard_tip_counts(membership: Membership) -> dict[str, Any]:
    """Tips the member may see (Tip.objects.visible_to) received in the last
    seven days (spam left out), in one query; nothing for readers, who see no tips."""
    if not membership.can_contribute:
        return {"tips_new": None, "tips_url": None}
    since = timezone.now() - timedelta(days=NEW_TIP_DAYS)
    count = Tip.objects.visible_to(membership).filter(created__gte=since).exclude(status=TipStatus.SPAM).count()
    url = reverse("tips:tip-list", args=[membership.municipality.slug]) if membership.can_contribute else None
    return {"tips_new": count, "tips_url": url}


def place_tips(place: Place, membership: Membership) -> dict[str, Any]:
    """The place's tips the member may see, newest first: what, when and how
    far it has come.

    Never the resident's text here: that stays on the tip's own page, where
    every view of it is audited."""
    tips = Tip.objects.visible_to(membership).filter(place=place).exclude(status=TipStatus.SPAM)
    latest = list(tips.select_related("category").order_by("-created")[:20])
    tip_link = Link("tips:tip-detail", membership.municipality.slug)  # one reverse() for the rows
    for tip in latest:
        tip.url = tip_link.for_id(tip.pk)
    return {"tips": latest, "tip_count": tips.count(), "can_open_tips": membership.can_contribute}


def tip_section(request: HttpRequest, tip: Tip) -> Section | None:
    """On a tip's page: the observation it was filed as, or a small form to
    file it in this week's report."""
    membership = getattr(request, "membership", None)
    if membership is None or tip.municipality_id != membership.municipality_id:
        return None
    observation = Observation.objects.select_related("report").filter(tip=tip).first()
    context = {"tip": tip, "observation": observation, "municipality_slug": membership.municipality.slug}
    if observation is None and membership.can_contribute and tip.status != TipStatus.SPAM:
        context["form"] = TipObservationForm(municipality=membership.municipality, tip=tip)
    return Section("situation_reports/sections/tip_observation.html", context)

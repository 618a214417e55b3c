"""The reminder emails: `situation_reports/emails/briefing-contribution-*` and
`briefing-summary-*`, in the recipient's language, with the meeting as an
.ics attachment. They hold counts, organisation names and the recipient's
own actions, never a tip's content nor anyone's identity."""

from __future__ import annotations

from datetime import timedelta
from functools import partial

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from portal import emails
from portal.models import Membership
from tips.models import visible_scope

from .. import selectors as report_selectors
from ..weeks import IsoWeek
from . import ics, selectors
from .models import ReminderDelivery


def _absolute(url_name: str, *args) -> str:
    return settings.SITE_URL + reverse(url_name, args=args)


def _week_url(municipality, week: IsoWeek) -> str:
    return _absolute("situation_reports:week-detail", municipality.slug, week.year, week.week)


def _once(weeks: dict | None, key: tuple, read):
    """`read()`, kept under `key` in `weeks` when the caller keeps that dict
    across the builds of one chunk (one municipality), so it is read once."""
    if weeks is None:
        return read()
    if key not in weeks:
        weeks[key] = read()
    return weeks[key]


def _week_status(delivery: ReminderDelivery, weeks: dict | None) -> tuple:
    """The week's report and every organisation's contribution."""

    def read() -> tuple:
        municipality = delivery.municipality
        report = report_selectors.report_get(municipality=municipality, week=delivery.week)
        return report, report_selectors.contribution_status(municipality=municipality, report=report)

    return _once(weeks, ("week", delivery.municipality_id, delivery.iso_year, delivery.iso_week), read)


def _open_actions(delivery: ReminderDelivery, weeks: dict | None) -> dict:
    """Every organisation's open actions, by organisation id."""
    read = partial(selectors.open_actions_by_organisation, municipality=delivery.municipality)
    return _once(weeks, ("actions", delivery.municipality_id), read)


def _common(delivery: ReminderDelivery, membership: Membership, weeks: dict | None = None) -> dict:
    municipality = delivery.municipality
    week = delivery.week
    report, organisations = _week_status(delivery, weeks)
    actions, action_total = _open_actions(delivery, weeks).get(membership.organisation_id, ([], 0))
    return {
        "municipality": municipality,
        "organisation": membership.organisation,
        "recipient": delivery.user,
        "membership": membership,
        "week": week,
        "report": report,
        "meeting_at": delivery.meeting_at,
        "tz": municipality.timezone,
        "week_url": _week_url(municipality, week),
        "account_url": _absolute("portal:account"),
        "contributed": [o for o in organisations if o.contributed],
        "not_contributed": [o for o in organisations if not o.contributed],
        "own_contributed": any(o.pk == membership.organisation_id and o.contributed for o in organisations),
        "actions": actions,
        "actions_more": action_total - len(actions),
    }


def tips_line(delivery: ReminderDelivery, membership: Membership | None = None, weeks: dict | None = None) -> str:
    """How many tips the recipient may see (Tip.objects.visible_to) arrived
    in the week before the reminder (or the meeting). `membership` is the
    recipient's in the delivery's municipality, read here when not given.
    A caller building many keeps `weeks` across them: each count is then
    made once per meeting and access (tips.models.visible_scope), as of the
    first build."""
    if membership is None:
        membership = (
            Membership.objects.select_related("municipality")
            .filter(user_id=delivery.user_id, municipality_id=delivery.municipality_id)
            .first()
        )
    if membership is None:
        return ""
    now = _once(weeks, ("now",), timezone.now)
    until = min(now, delivery.meeting_at or now)
    read = partial(selectors.tips_received, membership=membership, since=until - timedelta(weeks=1), until=until)
    count = _once(weeks, ("tips", until, visible_scope(membership)), read)
    return ngettext(
        "%(count)d tip from residents has arrived since last week.",
        "%(count)d tips from residents have arrived since last week.",
        count,
    ) % {"count": count}


def calendar(delivery: ReminderDelivery, context: dict) -> str:
    municipality = delivery.municipality
    return ics.meeting_calendar(
        municipality=municipality,
        week=delivery.week,
        start=delivery.meeting_at,
        summary=_("Weekly safety briefing, %(municipality)s, week %(week)s")
        % {"municipality": municipality.name, "week": delivery.iso_week},
        description=_("Add your organisation's observations before the meeting: %(url)s")
        % {"url": context["week_url"]},
        url=context["week_url"],
        stamp=timezone.now(),
    )


def build(delivery: ReminderDelivery, membership: Membership, *, weeks: dict | None = None) -> EmailMultiAlternatives:
    """The email of `delivery` to its recipient, whose membership in the
    municipality is `membership`. A caller building many keeps one `weeks`
    dict across them: the week's status is then read once."""
    from .kinds import reminder_kind  # the kinds use this module's helpers

    user = delivery.user
    kind = reminder_kind(delivery.kind)
    language = user.language or settings.LANGUAGE_CODE
    with translation.override(language):
        context = kind.context(delivery, _common(delivery, membership, weeks), weeks)
        message = emails.build(kind.template, user.email, context, language=language)
        kind.attach(message, delivery, context)
    message.extra_headers["Auto-Submitted"] = "auto-generated"
    return message

"""Filing a resident's tip as an observation (the button on a tip's page)."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from portal import est
from portal.models import Role
from portal.scoping import municipality_view
from tips.models import Tip, TipStatus

from .. import services
from ..forms import TipObservationForm
from ..services import WeekClosedError
from ..weeks import local_today


@municipality_view(Role.CONTRIBUTOR)
@require_POST
def observation_from_tip(request: HttpRequest, tip_pk: int) -> HttpResponse:
    municipality = request.municipality
    tip = get_object_or_404(Tip.objects.visible_to(request.membership).select_related("municipality"), pk=tip_pk)
    tip_url = reverse("tips:tip-detail", args=[municipality.slug, tip.pk])
    if tip.status == TipStatus.SPAM:
        messages.error(request, _("A tip marked as spam cannot be added to the situation report."))
        return redirect(tip_url)
    form = TipObservationForm(request.POST, municipality=municipality, tip=tip)
    if not form.is_valid():
        context = {"form": form, "tip": tip, "tip_url": tip_url}
        return render(request, "situation_reports/tip_observation_form.html", context, status=400)
    try:
        observation, created = services.observation_from_tip(
            tip=tip,
            actor=request.user,
            organisation=request.membership.organisation,
            today=local_today(municipality.timezone),
            **form.cleaned_data,
        )
    except WeekClosedError as error:
        messages.error(request, str(error))
        return redirect(tip_url)
    est.record_confirmation(form, actor=request.user, municipality=municipality, obj=observation)
    if created:
        messages.success(
            request, _("The tip was added as an observation in week %(week)s.") % {"week": observation.report.iso_week}
        )
    else:
        messages.info(
            request,
            _("The tip is already an observation in week %(week)s.") % {"week": observation.report.iso_week},
        )
    return redirect(tip_url)

"""The place-not-person check on what officials write in agreements and
pledges: the agreement background and its priorities, the pledge
introduction, its focus areas and commitments, and the public evaluation.
A hard identifier is refused with the part quoted, a softer signal needs
the official's confirmation, which is recorded; what was typed stays."""

import re
from collections.abc import Callable
from dataclasses import dataclass

import pytest
import time_machine
from django.urls import reverse

from agreements.models import Agreement, CitizenPledge, Commitment, Evaluation, FocusArea, PriorityArea
from portal.models import AuditEvent

from .test_views import _agreement_data, _management, _pledge_data

pytestmark = pytest.mark.django_db

HARD = "Anmälan gällde 900101-1234 i centrum."
HARD_MESSAGE = "”900101-1234” ser ut som ett person- eller samordningsnummer."
SOFT = "Kalle Svensson ansvarar för kvällarna."
SOFT_MESSAGE = "”Kalle Svensson” ser ut som en persons namn."
REASON = "Namnet på föreningens kvällsverksamhet"


@dataclass
class Case:
    url: Callable
    data: Callable
    field: str  # the posted key, with a row's prefix
    saved: Callable  # the rows the confirmation is recorded against, once saved


def _agreement_url(s):
    return reverse("agreements:agreement-create", args=[s.municipality_a.slug])


def _agreement(s):
    return _agreement_data([s.organisation_a, s.police_a])


def _pledge_url(s):
    return reverse("agreements:pledge-create", args=[s.municipality_a.slug])


def _pledge(s):
    return _pledge_data(agreement=s.agreement_a.pk)


def _commitments_url(s):
    return reverse("agreements:commitments-edit", args=[s.municipality_a.slug, s.area_a.pledge_id, s.area_a.pk])


def _commitments(s):
    data = {**_management("commitments", 2)}
    for index, what in enumerate(("Medborgardialoger", "Trygghetsvandring")):
        data |= {
            f"commitments-{index}-position": str(index + 1),
            f"commitments-{index}-what": what,
            f"commitments-{index}-responsible": s.police_a.pk,
            f"commitments-{index}-count_reached": "0",
            f"commitments-{index}-status": "planned",
        }
    return data


CASES = {
    "agreement background": Case(
        _agreement_url, _agreement, "background", lambda: Agreement.objects.filter(title__startswith="Samverkans")
    ),
    "priority goals": Case(
        _agreement_url,
        _agreement,
        "priorities-1-goals",
        lambda: PriorityArea.objects.filter(title="Välfärdsbrott", agreement__title__startswith="Samverkans"),
    ),
    "priority title": Case(
        _agreement_url, _agreement, "priorities-0-title", lambda: PriorityArea.objects.filter(title=SOFT)
    ),
    "pledge introduction": Case(
        _pledge_url, _pledge, "introduction", lambda: CitizenPledge.objects.filter(title="Medborgarlöfte 2026")
    ),
    "focus area description": Case(
        _pledge_url, _pledge, "areas-1-description", lambda: FocusArea.objects.filter(title="Motorburen ungdom")
    ),
    "commitment description": Case(
        _commitments_url,
        _commitments,
        "commitments-1-description",
        lambda: Commitment.objects.filter(what="Trygghetsvandring"),
    ),
    "commitment what": Case(
        _commitments_url,
        _commitments,
        "commitments-0-what",
        lambda: Commitment.objects.filter(what=SOFT),
    ),
}


@pytest.fixture
def s(municipality_a, organisation_a, police_a, agreement_a, area_a):
    from types import SimpleNamespace

    return SimpleNamespace(
        municipality_a=municipality_a,
        organisation_a=organisation_a,
        police_a=police_a,
        agreement_a=agreement_a,
        area_a=area_a,
    )


def _prefix(field: str) -> str:
    return field.rsplit("-", 1)[0] + "-" if "-" in field else ""


def _confirm_box(page: str, prefix: str) -> bool:
    return re.search(rf'<input type="checkbox" name="{prefix}est_confirm"', page) is not None


@pytest.mark.parametrize("name", CASES)
def test_a_hard_identifier_is_refused_quoted_and_the_text_kept(coordinator_client, s, name):
    case = CASES[name]
    response = coordinator_client.post(case.url(s), {**case.data(s), case.field: HARD})
    page = response.content.decode()
    assert response.status_code == 200
    assert HARD_MESSAGE in page and HARD in page
    assert not _confirm_box(page, _prefix(case.field))  # a hard identifier cannot be confirmed away
    confirmed = {**case.data(s), case.field: HARD, f"{_prefix(case.field)}est_confirm": "on"}
    confirmed[f"{_prefix(case.field)}est_reason"] = REASON
    assert coordinator_client.post(case.url(s), confirmed).status_code == 200
    assert not AuditEvent.objects.filter(action="est.confirmed").exists() and not case.saved().exists()


@pytest.mark.parametrize("name", CASES)
def test_a_soft_signal_needs_the_confirmation_which_is_recorded(coordinator_client, s, name):
    case = CASES[name]
    prefix = _prefix(case.field)
    data = {**case.data(s), case.field: SOFT}
    refused = coordinator_client.post(case.url(s), data)
    page = refused.content.decode()
    assert refused.status_code == 200
    assert SOFT_MESSAGE in page and SOFT in page and _confirm_box(page, prefix)
    no_reason = coordinator_client.post(case.url(s), {**data, f"{prefix}est_confirm": "on"})
    assert no_reason.status_code == 200 and not case.saved().exists()
    confirmed = coordinator_client.post(
        case.url(s), {**data, f"{prefix}est_confirm": "on", f"{prefix}est_reason": REASON}
    )
    assert confirmed.status_code == 302
    obj = case.saved().get()
    event = AuditEvent.objects.get(action="est.confirmed")
    assert (event.object_type, event.object_id) == (obj._meta.label_lower, str(obj.pk))
    assert REASON in event.detail and "Kalle" not in event.detail


def test_a_confirmation_covers_only_its_own_row(coordinator_client, s):
    """Each priority is checked on its own: confirming one row does not let a
    name in another row through."""
    data = {**_agreement(s), "priorities-0-causes": SOFT, "priorities-1-goals": SOFT}
    data |= {"priorities-1-est_confirm": "on", "priorities-1-est_reason": REASON}
    response = coordinator_client.post(_agreement_url(s), data)
    page = response.content.decode()
    assert response.status_code == 200 and SOFT_MESSAGE in page
    assert _confirm_box(page, "priorities-0-")
    assert not Agreement.objects.exclude(pk=s.agreement_a.pk).exists()
    data |= {"priorities-0-est_confirm": "on", "priorities-0-est_reason": REASON}
    assert coordinator_client.post(_agreement_url(s), data).status_code == 302
    rows = {
        e.object_id for e in AuditEvent.objects.filter(action="est.confirmed", object_type="agreements.priorityarea")
    }
    assert rows == {
        str(pk) for pk in PriorityArea.objects.exclude(agreement=s.agreement_a).values_list("pk", flat=True)
    }


@time_machine.travel("2027-01-20 12:00 +0100")
@pytest.mark.parametrize("field", ["text", "early_reason"])
def test_the_public_evaluation_is_checked(coordinator_client, coordinator_a, municipality_a, pledge_a, field):
    coordinator_client.force_login(coordinator_a)  # a session from before the journey in time has expired
    url = reverse("agreements:evaluation-edit", args=[municipality_a.slug, pledge_a.pk])
    data = {"outcome": "partly", "evaluated_on": "2027-01-15", "text": "Det mesta blev gjort.", "early_reason": ""}
    hard = coordinator_client.post(url, {**data, field: HARD}).content.decode()
    assert HARD_MESSAGE in hard and HARD in hard
    soft = coordinator_client.post(url, {**data, field: SOFT})
    assert soft.status_code == 200 and SOFT_MESSAGE in soft.content.decode()
    assert _confirm_box(soft.content.decode(), "") and not Evaluation.objects.exists()
    confirmed = coordinator_client.post(url, {**data, field: SOFT, "est_confirm": "on", "est_reason": REASON})
    assert confirmed.status_code == 302
    event = AuditEvent.objects.get(action="est.confirmed")
    assert event.object_id == str(Evaluation.objects.get().pk) and REASON in event.detail

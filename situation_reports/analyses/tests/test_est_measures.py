"""The action plan's measures are checked row by row for what points at a
person: a hard identifier is refused with the part quoted, a name needs the
coordinator's confirmation, which is recorded against the measure."""

import re

import pytest
from django.urls import reverse

from portal.models import AuditEvent

from .factories import AnnualPlanFactory

pytestmark = pytest.mark.django_db

HARD = "Uppföljning av 900101-1234 vid stationen."
SOFT = "Kalle Svensson"
REASON = "Namnet på en fältsekreterartjänst"


@pytest.fixture
def plan(municipality_a):
    return AnnualPlanFactory(municipality=municipality_a)


def _data(organisation, **rows):
    data = {
        "problem_picture": "Narkotikan ökar vid stationen.",
        "priorities_and_causes": "",
        "follow_up": "",
        "measures-TOTAL_FORMS": 2,
        "measures-INITIAL_FORMS": 0,
        "measures-MIN_NUM_FORMS": 0,
        "measures-MAX_NUM_FORMS": 100,
    }
    for index, what in enumerate(("Nattvandringar i centrum", "Trygghetskameror vid stationen")):
        data |= {
            f"measures-{index}-position": index + 1,
            f"measures-{index}-what": what,
            f"measures-{index}-responsible": organisation.pk,
            f"measures-{index}-timing": "Varje fredag",
        }
    return data | rows


def _edit(municipality, plan):
    return reverse("situation_reports:plan-edit", args=[municipality.slug, plan.pk])


@pytest.mark.parametrize("field", ["what", "follow_up"])
def test_a_hard_identifier_in_a_measure_is_refused_and_kept(
    coordinator_client, municipality_a, organisation_a, plan, field
):
    response = coordinator_client.post(
        _edit(municipality_a, plan), _data(organisation_a, **{f"measures-1-{field}": HARD})
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "”900101-1234” ser ut som ett person- eller samordningsnummer." in page and HARD in page
    assert not plan.measures.exists()


@pytest.mark.parametrize("field", ["what", "follow_up"])
def test_a_name_in_one_measure_needs_its_own_confirmation(
    coordinator_client, municipality_a, organisation_a, plan, field
):
    data = _data(organisation_a, **{f"measures-1-{field}": SOFT})
    refused = coordinator_client.post(_edit(municipality_a, plan), data)
    page = refused.content.decode()
    assert refused.status_code == 200 and "”Kalle Svensson” ser ut som en persons namn." in page
    assert re.search(r'<input type="checkbox" name="measures-1-est_confirm"', page)
    assert not re.search(r'<input type="checkbox" name="measures-0-est_confirm"', page)
    other_row = {"measures-0-est_confirm": "on", "measures-0-est_reason": REASON}
    assert coordinator_client.post(_edit(municipality_a, plan), data | other_row).status_code == 200
    assert not plan.measures.exists()
    confirmed = data | {"measures-1-est_confirm": "on", "measures-1-est_reason": REASON}
    assert coordinator_client.post(_edit(municipality_a, plan), confirmed).status_code == 302
    measure = plan.measures.get(**{field: SOFT})
    event = AuditEvent.objects.get(action="est.confirmed")
    assert (event.object_type, event.object_id) == (measure._meta.label_lower, str(measure.pk))
    assert REASON in event.detail and "Kalle" not in event.detail

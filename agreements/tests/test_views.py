"""Officials' pages: the happy paths change state; forged ids are form errors."""

from datetime import date

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from agreements.models import (
    Agreement,
    AgreementSignatory,
    CitizenPledge,
    Commitment,
    Evaluation,
    FocusArea,
    ProgressUpdate,
)
from agreements.tests.factories import (
    AgreementFactory,
    CommitmentFactory,
    EvaluationFactory,
    FocusAreaFactory,
    PledgeFactory,
    PriorityAreaFactory,
)
from portal.models import AuditEvent, Role
from portal.tests.factories import MembershipFactory, OrganisationFactory, PlaceFactory

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


def _management(prefix, total=0, initial=0):
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }


def _agreement_data(parties, **extra):
    data = {
        "title": "Samverkansöverenskommelse 2023–2026",
        "period_start": "2023-01-01",
        "period_end": "2026-12-31",
        "background": "Lägesbilden.",
        "parties": [p.pk for p in parties],
        **_management("priorities", 2),
        **_management("signatories", 1),
        "priorities-0-position": "2",
        "priorities-0-title": "Narkotika",
        "priorities-1-position": "1",
        "priorities-1-title": "Välfärdsbrott",
        "priorities-1-goals": "Fler upptäckta felaktiga utbetalningar.",
    }
    data.update(extra)
    return data


def test_a_coordinator_creates_an_agreement_with_ordered_priorities_and_signatories(
    coordinator_client, coordinator_a, municipality_a, organisation_a, police_a
):
    data = _agreement_data(
        [organisation_a, police_a],
        **{
            "signatories-0-name": "Johan Lundberg",
            "signatories-0-title": "Lokalpolisområdeschef",
            "signatories-0-organisation": police_a.pk,
            "signatories-0-signed_on": "2022-11-30",
        },
    )
    response = coordinator_client.post(reverse("agreements:agreement-create", args=[municipality_a.slug]), data)
    assert response.status_code == 302
    agreement = Agreement.objects.get()
    assert agreement.municipality == municipality_a
    assert set(agreement.parties.all()) == {organisation_a, police_a}
    assert list(agreement.priorities.values_list("position", "title")) == [(1, "Välfärdsbrott"), (2, "Narkotika")]
    assert agreement.signatories.get().organisation == police_a
    assert AuditEvent.objects.filter(action="agreement.created", actor=coordinator_a).exists()
    assert response["Location"] == reverse("agreements:agreement-detail", args=[municipality_a.slug, agreement.pk])


def test_a_forged_organisation_from_another_municipality_is_a_form_error(
    coordinator_client, municipality_a, municipality_b, organisation_a
):
    foreign = OrganisationFactory(name="Främmande", municipalities=[municipality_b])
    data = _agreement_data(
        [organisation_a, foreign],
        **{
            "signatories-0-name": "X",
            "signatories-0-title": "Y",
            "signatories-0-organisation": foreign.pk,
        },
    )
    response = coordinator_client.post(reverse("agreements:agreement-create", args=[municipality_a.slug]), data)
    content = response.content.decode()
    assert response.status_code == 200
    assert "är inte ett av de tillgängliga valen" in content or "Välj ett giltigt alternativ" in content
    assert not Agreement.objects.exists()


def test_a_forged_priority_of_another_agreement_is_a_form_error(coordinator_client, municipality_a, municipality_b):
    mine = AgreementFactory(municipality=municipality_a)
    foreign = PriorityAreaFactory(agreement=AgreementFactory(municipality=municipality_b), title="Främmande")
    data = _agreement_data([], title=mine.title, **_management("priorities", 1, 1), **_management("signatories", 0))
    data.update({"priorities-0-id": foreign.pk, "priorities-0-agreement": mine.pk, "priorities-0-title": "Kapad"})
    response = coordinator_client.post(reverse("agreements:agreement-edit", args=[municipality_a.slug, mine.pk]), data)
    assert response.status_code == 200
    assert "Välj ett giltigt alternativ" in response.content.decode()
    foreign.refresh_from_db()
    assert foreign.title == "Främmande"


def test_the_period_must_end_after_it_starts(coordinator_client, municipality_a):
    data = _agreement_data([], period_end="2022-12-31", **_management("signatories", 0))
    response = coordinator_client.post(reverse("agreements:agreement-create", args=[municipality_a.slug]), data)
    assert "Perioden måste sluta efter att den börjar." in response.content.decode()
    assert not Agreement.objects.exists()


def test_a_real_pdf_is_accepted(coordinator_client, municipality_a):
    data = _agreement_data([], **_management("signatories", 0))
    data["document"] = SimpleUploadedFile("avtal.pdf", PDF, content_type="application/pdf")
    response = coordinator_client.post(reverse("agreements:agreement-create", args=[municipality_a.slug]), data)
    assert response.status_code == 302
    agreement = Agreement.objects.get()
    assert agreement.document.name.endswith(".pdf") and "avtal" not in agreement.document.name
    pdf = coordinator_client.get(reverse("agreements:agreement-pdf", args=[municipality_a.slug, agreement.pk]))
    assert pdf["Content-Type"] == "application/pdf"
    assert b"".join(pdf.streaming_content) == PDF


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("avtal.pdf", b"\x89PNG\r\n\x1a\n" + b"0" * 100, "Filen är inte ett PDF-dokument."),
        ("avtal.pdf", b"%PDF-1.4\n<script>alert(1)</script>", "Filen är inte ett PDF-dokument."),
        ("avtal.exe", PDF, "Filändelsen"),
    ],
)
def test_anything_but_a_pdf_is_refused(coordinator_client, municipality_a, name, content, message):
    data = _agreement_data([], **_management("signatories", 0))
    data["document"] = SimpleUploadedFile(name, content, content_type="application/pdf")
    response = coordinator_client.post(reverse("agreements:agreement-create", args=[municipality_a.slug]), data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Agreement.objects.exists()


def test_a_pdf_over_the_size_cap_is_refused(coordinator_client, municipality_a, settings):
    settings.AGREEMENTS_PDF_MAX_BYTES = 1024 * 1024
    data = _agreement_data([], **_management("signatories", 0))
    big = b"%PDF-1.4\n" + b"0" * (1024 * 1024) + b"\n%%EOF\n"
    data["document"] = SimpleUploadedFile("stor.pdf", big, content_type="application/pdf")
    response = coordinator_client.post(reverse("agreements:agreement-create", args=[municipality_a.slug]), data)
    assert "Filen är för stor: högst 1 MB." in response.content.decode()
    assert not Agreement.objects.exists()


def _pledge_data(**extra):
    data = {
        "title": "Medborgarlöfte 2026",
        "period_start": "2026-01-01",
        "period_end": "2026-12-31",
        **_management("areas", 2),
        **_management("signatories", 0),
        "areas-0-position": "1",
        "areas-0-title": "Centrummiljön",
        "areas-1-position": "2",
        "areas-1-title": "Motorburen ungdom",
    }
    data.update(extra)
    return data


def test_a_coordinator_creates_a_pledge_with_focus_areas(coordinator_client, municipality_a, agreement_a):
    data = _pledge_data(agreement=agreement_a.pk)
    response = coordinator_client.post(reverse("agreements:pledge-create", args=[municipality_a.slug]), data)
    assert response.status_code == 302
    pledge = CitizenPledge.objects.get()
    assert pledge.agreement == agreement_a
    assert pledge.evaluation_due == date(2026, 12, 31)
    assert list(pledge.focus_areas.values_list("title", flat=True)) == ["Centrummiljön", "Motorburen ungdom"]
    assert not pledge.is_published


def test_a_forged_agreement_of_another_municipality_is_a_form_error(coordinator_client, municipality_a, municipality_b):
    foreign = AgreementFactory(municipality=municipality_b)
    response = coordinator_client.post(
        reverse("agreements:pledge-create", args=[municipality_a.slug]), _pledge_data(agreement=foreign.pk)
    )
    assert response.status_code == 200
    assert "Välj ett giltigt alternativ" in response.content.decode()
    assert not CitizenPledge.objects.exists()


def test_commitments_are_added_under_a_focus_area(coordinator_client, municipality_a, area_a, police_a):
    place = PlaceFactory(municipality=municipality_a, name="Stora torget")
    data = {
        **_management("commitments", 2),
        "commitments-0-position": "1",
        "commitments-0-what": "Minst 3 medborgardialoger",
        "commitments-0-responsible": police_a.pk,
        "commitments-0-place": place.pk,
        "commitments-0-due_date": "2026-10-31",
        "commitments-0-target_count": "3",
        "commitments-0-target_unit": "medborgardialoger",
        "commitments-0-count_reached": "0",
        "commitments-0-status": "planned",
        "commitments-1-position": "2",
        "commitments-1-what": "Trygghetsvandring",
        "commitments-1-responsible": police_a.pk,
        "commitments-1-count_reached": "0",
        "commitments-1-status": "planned",
    }
    url = reverse("agreements:commitments-edit", args=[municipality_a.slug, area_a.pledge_id, area_a.pk])
    response = coordinator_client.post(url, data)
    assert response.status_code == 302
    first, second = Commitment.objects.order_by("position")
    assert (first.what, first.target_count, first.place) == ("Minst 3 medborgardialoger", 3, place)
    assert second.target_count is None


def test_a_forged_place_or_organisation_in_a_commitment_is_a_form_error(
    coordinator_client, municipality_a, municipality_b, area_a, police_a
):
    foreign_place = PlaceFactory(municipality=municipality_b)
    foreign_org = OrganisationFactory(municipalities=[municipality_b])
    data = {
        **_management("commitments", 1),
        "commitments-0-position": "1",
        "commitments-0-what": "Kapad",
        "commitments-0-responsible": foreign_org.pk,
        "commitments-0-place": foreign_place.pk,
        "commitments-0-count_reached": "0",
        "commitments-0-status": "planned",
    }
    url = reverse("agreements:commitments-edit", args=[municipality_a.slug, area_a.pledge_id, area_a.pk])
    response = coordinator_client.post(url, data)
    assert response.status_code == 200
    assert response.content.decode().count("Välj ett giltigt alternativ") == 2
    assert not Commitment.objects.exists()


def test_a_focus_area_of_another_pledge_is_404(coordinator_client, municipality_a, pledge_a):
    other = FocusAreaFactory(pledge=PledgeFactory(municipality=municipality_a))
    url = reverse("agreements:commitments-edit", args=[municipality_a.slug, pledge_a.pk, other.pk])
    assert coordinator_client.get(url).status_code == 404


def test_publishing_needs_a_commitment(coordinator_client, municipality_a, pledge_a):
    url = reverse("agreements:pledge-publish", args=[municipality_a.slug, pledge_a.pk])
    response = coordinator_client.post(url, {"action": "publish"}, follow=True)
    assert "Lägg till minst ett åtagande innan du publicerar medborgarlöftet." in response.content.decode()
    pledge_a.refresh_from_db()
    assert not pledge_a.is_published


def test_a_coordinator_publishes_and_unpublishes_a_pledge(coordinator_client, municipality_a, pledge_a, commitment_a):
    url = reverse("agreements:pledge-publish", args=[municipality_a.slug, pledge_a.pk])
    coordinator_client.post(url, {"action": "publish"})
    pledge_a.refresh_from_db()
    assert pledge_a.is_published and pledge_a.published_at
    assert pledge_a.title in coordinator_client.get(f"/kommun/{municipality_a.slug}/").content.decode()
    coordinator_client.post(url, {"action": "unpublish"})
    pledge_a.refresh_from_db()
    assert not pledge_a.is_published
    assert AuditEvent.objects.filter(action="pledge.unpublished").exists()


@time_machine.travel("2026-05-10 12:00 +0200")
def test_a_contributor_posts_a_progress_update(
    contributor_client, contributor_a, municipality_a, police_a, commitment_a
):
    url = reverse("agreements:commitment-detail", args=[municipality_a.slug, commitment_a.pk])
    response = contributor_client.post(
        url,
        {
            "day": "2026-05-09",
            "text": "Två dialoger hållna.",
            "status": "ongoing",
            "count_reached": "2",
            "is_public": "on",
        },
    )
    assert response.status_code == 302
    commitment_a.refresh_from_db()
    assert (commitment_a.status, commitment_a.count_reached) == ("ongoing", 2)
    update = ProgressUpdate.objects.get()
    assert (update.author, update.organisation, update.is_public) == (contributor_a, police_a, True)
    assert "Två dialoger hållna." in contributor_client.get(url).content.decode()


@time_machine.travel("2026-05-10 12:00 +0200")
def test_a_progress_update_cannot_be_dated_in_the_future(contributor_client, municipality_a, commitment_a):
    url = reverse("agreements:commitment-detail", args=[municipality_a.slug, commitment_a.pk])
    response = contributor_client.post(url, {"day": "2026-06-01", "text": "x", "status": "ongoing"})
    assert "Datumet kan inte ligga i framtiden." in response.content.decode()
    assert not ProgressUpdate.objects.exists()


def test_a_reader_sees_no_update_form(reader_client, municipality_a, commitment_a):
    content = reader_client.get(
        reverse("agreements:commitment-detail", args=[municipality_a.slug, commitment_a.pk])
    ).content.decode()
    assert "Lägg till en lägesuppdatering" not in content


@time_machine.travel("2027-01-20 12:00 +0100")
def test_a_coordinator_records_the_one_evaluation(coordinator_client, coordinator_a, municipality_a, pledge_a):
    coordinator_client.force_login(coordinator_a)  # a session from before the journey in time has expired
    url = reverse("agreements:evaluation-edit", args=[municipality_a.slug, pledge_a.pk])
    data = {"outcome": "partly", "evaluated_on": "2027-01-15", "text": "Det mesta blev gjort."}
    assert coordinator_client.post(url, data).status_code == 302
    assert coordinator_client.post(url, {**data, "outcome": "met"}).status_code == 302
    evaluation = Evaluation.objects.get()
    assert evaluation.outcome == "met"
    assert AuditEvent.objects.filter(action="pledge.evaluation_updated").exists()


@time_machine.travel("2027-01-20 12:00 +0100")
def test_next_period_carries_over_the_unfinished_commitments(
    coordinator_client, coordinator_a, municipality_a, pledge_a, area_a
):
    coordinator_client.force_login(coordinator_a)
    done = CommitmentFactory(focus_area=area_a, status="done", what="Klar")
    open_ = CommitmentFactory(focus_area=area_a, status="ongoing", what="Pågår", target_count=5, count_reached=2)
    FocusAreaFactory(pledge=pledge_a, title="Allt klart", position=9)
    EvaluationFactory(pledge=pledge_a)
    url = reverse("agreements:pledge-next-period", args=[municipality_a.slug, pledge_a.pk])
    page = coordinator_client.get(url).content.decode()
    assert 'value="2027-01-01"' in page and "Pågår" in page
    data = {"title": "Medborgarlöfte A 2027", "period_start": "2027-01-01", "period_end": "2027-12-31"}
    response = coordinator_client.post(url, data)
    assert response.status_code == 302
    new = CitizenPledge.objects.get(previous=pledge_a)
    assert not new.is_published
    assert list(new.focus_areas.values_list("title", flat=True)) == [area_a.title]
    carried = Commitment.objects.get(focus_area__pledge=new)
    assert (carried.what, carried.carried_over_from, carried.count_reached) == ("Pågår", open_, 2)
    assert not Commitment.objects.filter(focus_area__pledge=new, what=done.what).exists()
    assert coordinator_client.post(url, {**data, "title": "Igen"}).status_code == 200
    assert CitizenPledge.objects.filter(previous=pledge_a).count() == 1


def test_next_period_needs_an_evaluation(coordinator_client, municipality_a, pledge_a):
    url = reverse("agreements:pledge-next-period", args=[municipality_a.slug, pledge_a.pk])
    response = coordinator_client.post(url, {"title": "Ny", "period_start": "2027-01-01", "period_end": "2027-12-31"})
    assert "Utvärdera medborgarlöftet innan nästa period startas." in response.content.decode()


@time_machine.travel("2026-06-01 12:00 +0200")
def test_the_due_list_shows_overdue_and_soon_due_commitments_of_all_ones_municipalities(
    client, coordinator_a, municipality_a, municipality_b, area_a
):
    MembershipFactory(user=coordinator_a, municipality=municipality_b, role=Role.READER)
    other_area = FocusAreaFactory(pledge=PledgeFactory(municipality=municipality_b))
    CommitmentFactory(focus_area=area_a, what="Försenad", due_date=date(2026, 5, 1), status="ongoing")
    CommitmentFactory(focus_area=other_area, what="Snart i B", due_date=date(2026, 6, 25))
    CommitmentFactory(focus_area=area_a, what="Senare", due_date=date(2026, 8, 1))
    CommitmentFactory(focus_area=area_a, what="Redan klar", due_date=date(2026, 5, 1), status="done")
    stranger = FocusAreaFactory()
    CommitmentFactory(focus_area=stranger, what="Någon annans", due_date=date(2026, 5, 1))
    client.force_login(coordinator_a)
    content = client.get(reverse("agreements:commitment-due", args=[municipality_a.slug])).content.decode()
    assert "Försenad" in content and "Snart i B" in content and "Försenad</a>" in content
    assert "Senare" not in content and "Redan klar" not in content and "Någon annans" not in content
    assert "Försenad" in client.get(reverse("agreements:commitment-due-all")).content.decode()


def test_pages_are_in_swedish(coordinator_client, municipality_a, agreement_a, pledge_a, commitment_a):
    content = coordinator_client.get(reverse("agreements:pledge-detail", args=[municipality_a.slug, pledge_a.pk]))
    text = content.content.decode()
    assert "Fokusområden och åtaganden" in text and "Publicera" in text
    nav = coordinator_client.get(reverse("portal:municipality-home", args=[municipality_a.slug])).content.decode()
    assert "Överenskommelser" in nav and "Medborgarlöften" in nav


def test_the_agreement_status_follows_the_signatures(coordinator_client, municipality_a, agreement_a):
    url = reverse("agreements:agreement-detail", args=[municipality_a.slug, agreement_a.pk])
    with time_machine.travel("2025-03-01 12:00 +0100"):
        assert "Gällande" in coordinator_client.get(url).content.decode()
        # A party joins that has not signed yet: every party must sign.
        newcomer = OrganisationFactory(name="Bostadsbolaget A", municipalities=[municipality_a])
        agreement_a.parties.add(newcomer)
        AgreementSignatory.objects.create(agreement=agreement_a, name="Ny", title="Chef", organisation=newcomer)
        page = coordinator_client.get(url).content.decode()
        assert "Utkast" in page and "Ännu inte undertecknad av: Bostadsbolaget A" in page


def test_a_focus_area_with_commitments_is_not_deleted_by_a_checkbox(
    coordinator_client, municipality_a, pledge_a, area_a, commitment_a
):
    data = {
        **_pledge_data(),
        **_management("areas", 1, 1),
        "areas-0-id": area_a.pk,
        "areas-0-pledge": pledge_a.pk,
        "areas-0-position": "1",
        "areas-0-title": area_a.title,
        "areas-0-DELETE": "on",
    }
    response = coordinator_client.post(reverse("agreements:pledge-edit", args=[municipality_a.slug, pledge_a.pk]), data)
    assert response.status_code == 200
    assert "Ett fokusområde med åtaganden kan inte raderas" in response.content.decode()
    assert FocusArea.objects.filter(pk=area_a.pk).exists()


def test_a_commitment_with_updates_is_kept_as_history(coordinator_client, municipality_a, area_a, commitment_a):
    ProgressUpdate.objects.create(commitment=commitment_a, date=date(2026, 3, 1), text="x", status="ongoing")
    data = {
        **_management("commitments", 1, 1),
        "commitments-0-id": commitment_a.pk,
        "commitments-0-focus_area": area_a.pk,
        "commitments-0-position": "1",
        "commitments-0-what": commitment_a.what,
        "commitments-0-responsible": commitment_a.responsible_id,
        "commitments-0-target_count": "3",
        "commitments-0-count_reached": "0",
        "commitments-0-status": "ongoing",
        "commitments-0-DELETE": "on",
    }
    url = reverse("agreements:commitments-edit", args=[municipality_a.slug, area_a.pledge_id, area_a.pk])
    response = coordinator_client.post(url, data)
    assert "sätt dess status till inställt" in response.content.decode()
    assert Commitment.objects.filter(pk=commitment_a.pk).exists()

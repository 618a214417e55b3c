from __future__ import annotations

from django.db import transaction
from django.db.models import Max

from portal.models import Municipality, User
from portal.services import audit_record

from .models import LegalPage


@transaction.atomic
def legal_page_publish(*, municipality: Municipality, kind: str, body: str, language: str, actor: User) -> LegalPage:
    """Publish a new version of a municipality's legal page; the old ones stay."""
    # Lock the municipality row so two coordinators cannot take the same number.
    Municipality.objects.select_for_update().filter(pk=municipality.pk).first()
    latest = LegalPage.objects.for_municipality(municipality).filter(kind=kind).aggregate(v=Max("version"))["v"]
    page = LegalPage.objects.create(
        municipality=municipality,
        kind=kind,
        version=(latest or 0) + 1,
        body=body,
        language=language,
        changed_by=actor,
    )
    audit_record(actor=actor, action="legal.published", municipality=municipality, obj=page, detail=kind)
    return page

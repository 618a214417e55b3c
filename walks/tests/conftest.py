from __future__ import annotations

import pytest

from agreements.tests.factories import CommitmentFactory, FocusAreaFactory, PledgeFactory
from portal.tests.factories import PlaceFactory
from tips.tests.conftest import jpeg_bytes, upload  # noqa: F401 - shared photo helpers
from walks.tests.factories import WalkFactory


@pytest.fixture(autouse=True)
def _walks_settings(settings, tmp_path):
    settings.TIP_PHOTO_ROOT = tmp_path / "photos"
    settings.TIPS_MIN_FILL_SECONDS = 0


@pytest.fixture
def place_a(municipality_a):
    return PlaceFactory(municipality=municipality_a, name="Stora torget")


@pytest.fixture
def commitment_a(municipality_a, police_a):
    pledge = PledgeFactory(municipality=municipality_a, title="Medborgarlöfte A", published=True)
    area = FocusAreaFactory(pledge=pledge, title="Centrum")
    return CommitmentFactory(
        focus_area=area, what="Trygghetsvandringar", responsible=police_a, target_count=3, target_unit="vandringar"
    )


@pytest.fixture
def walk_a(municipality_a, place_a, commitment_a):
    return WalkFactory(municipality=municipality_a, meeting_place=place_a, commitment=commitment_a)

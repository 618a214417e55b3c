"""Fixtures of the reminders: a schedule for municipality A (Tuesday 09:00,
reminder 24 hours before, i.e. Monday 09:00 Stockholm time), its members of
every sort, and a local SMTP server that can be told to refuse."""

from __future__ import annotations

import socket
from dataclasses import dataclass, field

import pytest
from aiosmtpd.controller import Controller

from portal.models import Organisation, Role
from portal.tests.factories import MembershipFactory, OrganisationFactory, UserFactory
from situation_reports.reminders.tests.factories import BriefingScheduleFactory
from situation_reports.weeks import IsoWeek

WEEK = IsoWeek(2025, 10)
# Monday of week 10, 2025, 09:00 in Stockholm (CET, UTC+1): the reminder is due.
DUE = "2025-03-03 09:00:00+01:00"
AFTER_DUE = "2025-03-03 09:05:00+01:00"


@pytest.fixture
def schedule_a(municipality_a):
    return BriefingScheduleFactory(municipality=municipality_a)


@pytest.fixture
def housing_a(municipality_a):
    return OrganisationFactory(name="Bostadsbolaget A", kind=Organisation.Kind.HOUSING, municipalities=[municipality_a])


@pytest.fixture
def school_a(municipality_a):
    return OrganisationFactory(name="Skolan A", kind=Organisation.Kind.SCHOOL, municipalities=[municipality_a])


def member(municipality, organisation, role=Role.CONTRIBUTOR, **user):
    return MembershipFactory(
        user=UserFactory(**user), municipality=municipality, organisation=organisation, role=role
    ).user


@pytest.fixture
def recipients_a(municipality_a, coordinator_a, contributor_a, housing_a):
    """Who gets the reminder to contribute in municipality A: the municipal
    coordinator, the police contributor and a housing-company contributor."""
    housing = member(municipality_a, housing_a, username="bostad-a")
    return [coordinator_a, contributor_a, housing]


@dataclass
class RefusingHandler:
    """Refuses the first `refusals` messages with `code` (only those to
    `refuse_to`, when set), then accepts."""

    refusals: int = 0
    code: str = "451 4.3.0 Try again later"
    refuse_to: str = ""
    attempts: int = 0
    accepted: list = field(default_factory=list)

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's hook name
        if self.refuse_to and envelope.rcpt_tos != [self.refuse_to]:
            self.accepted.append(envelope)
            return "250 OK"
        self.attempts += 1
        if self.attempts <= self.refusals:
            return self.code
        self.accepted.append(envelope)
        return "250 OK"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def smtp_server(settings):
    """A real SMTP server on localhost; the portal sends to it over SMTP."""
    handler = RefusingHandler()
    controller = Controller(handler, hostname="127.0.0.1", port=_free_port())
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = controller.port
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_HOST_USER = ""
    settings.EMAIL_HOST_PASSWORD = ""
    yield handler
    controller.stop()


@pytest.fixture(autouse=True)
def _site_url(settings):
    settings.SITE_URL = "https://trygghet.example.org"

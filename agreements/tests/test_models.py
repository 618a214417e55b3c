"""Model rules: derived status and the constraints the database enforces."""

import io
from datetime import date

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction

from agreements.models import Agreement, Commitment, Evaluation, PledgeFollower
from agreements.tests.factories import (
    AgreementFactory,
    AgreementSignatoryFactory,
    CommitmentFactory,
    EvaluationFactory,
    FollowerFactory,
    PledgeFactory,
)
from agreements.validators import validate_pdf

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("today", "signed", "status"),
    [
        ("2025-06-01", False, "draft"),
        ("2022-12-01", True, "signed"),
        ("2023-01-01", True, "active"),
        ("2026-12-31", True, "active"),
        ("2027-01-01", True, "expired"),
        ("2027-01-01", False, "draft"),
    ],
)
def test_an_agreement_status_follows_from_its_dates_and_signatures(today, signed, status):
    agreement = AgreementFactory()  # 2023-01-01 – 2026-12-31
    AgreementSignatoryFactory(agreement=agreement)
    AgreementSignatoryFactory(agreement=agreement, signed_on=date(2022, 11, 30) if signed else None)
    with time_machine.travel(f"{today} 12:00 +0100"):
        assert Agreement.objects.get(pk=agreement.pk).status == status
        assert Agreement.objects.with_signature_counts().get(pk=agreement.pk).status == status


def test_an_agreement_without_signatories_is_a_draft():
    assert AgreementFactory().status_on(date(2024, 1, 1)) == "draft"
    assert not Agreement.objects.active_on(date(2024, 1, 1)).exists()


def test_only_fully_signed_agreements_in_their_period_are_active():
    active = AgreementFactory()
    AgreementSignatoryFactory(agreement=active)
    half = AgreementFactory(municipality=active.municipality)
    AgreementSignatoryFactory(agreement=half)
    AgreementSignatoryFactory(agreement=half, signed_on=None)
    assert list(Agreement.objects.active_on(date(2024, 1, 1))) == [active]


@pytest.mark.parametrize("factory", [AgreementFactory, PledgeFactory])
def test_a_period_must_end_after_it_starts(factory):
    with pytest.raises(IntegrityError), transaction.atomic():
        factory(period_start=date(2026, 1, 1), period_end=date(2026, 1, 1))


def test_a_pledge_has_one_evaluation():
    evaluation = EvaluationFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Evaluation.objects.create(pledge=evaluation.pledge, outcome="met", text="Igen", evaluated_on=date(2027, 2, 1))


def test_an_evaluation_outcome_is_one_of_the_three():
    with pytest.raises(IntegrityError), transaction.atomic():
        EvaluationFactory(outcome="kanske")


def test_a_count_needs_a_target():
    with pytest.raises(IntegrityError), transaction.atomic():
        CommitmentFactory(target_count=None, count_reached=2)


def test_a_target_is_positive():
    with pytest.raises(IntegrityError), transaction.atomic():
        CommitmentFactory(target_count=0)


def test_a_published_pledge_has_a_publication_time():
    with pytest.raises(IntegrityError), transaction.atomic():
        PledgeFactory(is_published=True, published_at=None)


def test_an_address_follows_a_pledge_once():
    follower = FollowerFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        PledgeFollower.objects.create(pledge=follower.pledge, email=follower.email)


@pytest.mark.parametrize(
    ("status", "target", "reached", "progress"),
    [("done", None, 0, 1.0), ("ongoing", None, 0, 0.0), ("ongoing", 3, 2, 2 / 3), ("ongoing", 3, 5, 1.0)],
)
def test_commitment_progress(status, target, reached, progress):
    commitment = Commitment(status=status, target_count=target, count_reached=reached)
    assert commitment.progress == pytest.approx(progress)


def test_a_commitment_is_overdue_only_while_unfinished():
    commitment = Commitment(status="ongoing", due_date=date(2026, 1, 1))
    assert commitment.is_overdue_on(date(2026, 1, 2))
    commitment.status = "done"
    assert not commitment.is_overdue_on(date(2026, 1, 2))


PDF = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF"


def test_a_real_pdf_passes():
    validate_pdf(SimpleUploadedFile("a.pdf", PDF))


@pytest.mark.parametrize(
    "content",
    [b"", b"GIF89a" + PDF, b"%PDF-1.7 but no end", b"<html><script>alert(1)</script></html>"],
)
def test_anything_else_is_refused(content):
    with pytest.raises(ValidationError):
        validate_pdf(SimpleUploadedFile("a.pdf", content))


def test_the_validator_leaves_the_file_position_alone():
    upload = SimpleUploadedFile("a.pdf", PDF)
    upload.seek(3)
    validate_pdf(upload)
    assert upload.tell() == 3
    assert isinstance(upload.file, io.BytesIO)

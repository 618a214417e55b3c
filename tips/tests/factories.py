"""Factories of the tips app; children take their municipality from the tip."""

from __future__ import annotations

import factory
from factory.django import DjangoModelFactory

from portal.tests.factories import MunicipalityFactory
from tips import receipts
from tips.models import ReplyTemplate, Tip, TipMessage, TipNotification


class TipFactory(DjangoModelFactory):
    class Meta:
        model = Tip

    municipality = factory.SubFactory(MunicipalityFactory)
    description = factory.Sequence(lambda n: f"Något hände vid busshållplatsen, nummer {n}.")
    where_text = "Storgatan 1"
    when_text = "I går kväll"
    submission_token = factory.LazyFunction(receipts.new_nonce)
    receipt_hash = factory.LazyAttribute(lambda tip: receipts.hash_code(receipts.code_for_nonce(tip.submission_token)))


def code_of(tip: Tip) -> str:
    """The receipt code of a tip made by TipFactory (or submitted via the form)."""
    return receipts.code_for_nonce(tip.submission_token)


class TipMessageFactory(DjangoModelFactory):
    class Meta:
        model = TipMessage

    tip = factory.SubFactory(TipFactory)
    sender = TipMessage.Sender.OFFICIAL
    body = "Kan du berätta mer om vad du såg?"


class TipNotificationFactory(DjangoModelFactory):
    class Meta:
        model = TipNotification

    tip = factory.SubFactory(TipFactory)


class ReplyTemplateFactory(DjangoModelFactory):
    class Meta:
        model = ReplyTemplate

    municipality = factory.SubFactory(MunicipalityFactory)
    title = factory.Sequence(lambda n: f"Mall {n}")
    body = "Tack för ditt tips. Kan du berätta ungefär vilken tid det hände?"

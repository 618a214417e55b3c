"""Demo tips: a few per municipality in different states, one of them with
a receipt code printed so a demo can follow it up.

Idempotent: each demo tip has a fixed submission nonce, so it is created
once; its notification is marked as sent so loading the demo sends no mail.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from portal.models import Category, Membership, Municipality, Place, Role

from . import services
from .models import Channel, CloseReason, Tip, TipNotification, TipNotificationDelivery, TipStatus


@dataclass(frozen=True)
class DemoTip:
    key: str
    description: str
    place: str
    category: str
    when: str = ""
    status: str = TipStatus.NEW
    channel: str = Channel.WEB
    close_reason: str = ""
    close_note: str = ""
    contact: dict = field(default_factory=dict)
    thread: list[tuple[str, str]] = field(default_factory=list)  # (sender, body)
    print_code: bool = False


DEMO_TIPS: dict[str, list[DemoTip]] = {
    "botkyrka": [
        DemoTip(
            "1",
            "Ungdomar samlas varje kväll vid baksidan av Alby centrum och det verkar säljas narkotika. "
            "Många grannar är rädda att gå förbi.",
            "Alby centrum",
            "narcotics",
            "Varje kväll efter kl. 21 den senaste veckan",
            TipStatus.IN_REVIEW,
            thread=[("official", "Tack för ditt tips. Vet du ungefär hur många personer det brukar vara?")],
            print_code=True,
        ),
        DemoTip(
            "2",
            "Belysningen i gångtunneln vid Fittja centrum är trasig, det är helt mörkt på kvällarna.",
            "Fittja centrum",
            "unsafe-environment",
            "Sedan i måndags",
            TipStatus.USED_IN_REPORT,
        ),
        DemoTip(
            "3",
            "Nytt klotter på förskolans vägg i Hallunda.",
            "Hallunda",
            "vandalism-graffiti",
            "I helgen",
            TipStatus.CLOSED,
            close_reason=CloseReason.DEALT_WITH,
            close_note="Klottret är sanerat.",
        ),
        DemoTip(
            "4",
            "En boende ringde och berättade om mopeder som kör i hög fart på gångvägarna i Norsborg.",
            "Norsborg",
            "motor-youth-traffic",
            "Kvällar",
            channel=Channel.PHONE,
        ),
    ],
    "borlange": [
        DemoTip(
            "1",
            "Flera källarförråd har brutits upp i vårt hus.",
            "Jakobsgårdarna",
            "burglary-theft",
            "Natten till i går",
        ),
        DemoTip(
            "2",
            "Personer som verkar sälja stöldgods vid resecentrum.",
            "Borlänge resecentrum",
            "burglary-theft",
            "Förra veckan",
            TipStatus.FORWARDED_TO_POLICE,
        ),
    ],
    "lerum": [
        DemoTip(
            "1", "Bråk och skrik vid pendeltågsstationen sent på fredagskvällar.", "Lerum station", "public-disorder"
        ),
        DemoTip(
            "2",
            "Trasigt staket vid spåret där barn tar en genväg.",
            "Lerum station",
            "unsafe-environment",
            status=TipStatus.CLOSED,
            close_reason=CloseReason.FORWARDED,
            close_note="Vidarebefordrat till Trafikverket.",
            contact={"contact_name": "Kim Andersson", "contact_email": "kim.andersson@example.org"},
        ),
    ],
    "varmdo": [
        DemoTip(
            "1",
            "Bilar som spelar hög musik och kör runt på parkeringen.",
            "Gustavsbergs centrum",
            "motor-youth-traffic",
            "Lördagskvällar",
        ),
        DemoTip("2", "Köp billiga solglasögon på www.example.com!!!", "Brunn", "other", status=TipStatus.SPAM),
    ],
    "arboga": [
        DemoTip(
            "1",
            "EPA-traktorer kör i hög fart runt Stora torget och parkerar så att bussen inte kommer fram.",
            "Stora torget",
            "motor-youth-traffic",
            "Fredagar och lördagar kl. 20–24",
            TipStatus.IN_REVIEW,
            thread=[
                ("official", "Tack! Vet du om det är samma fordon varje gång?"),
                ("resident", "Ja, mest två gröna och en röd, samma varje helg."),
            ],
        ),
        DemoTip("2", "Glaskross och nedskräpning på Nygatan efter helgerna.", "Nygatan", "unsafe-environment"),
    ],
}


def _coordinator(municipality: Municipality):
    membership = Membership.objects.filter(municipality=municipality, role=Role.COORDINATOR).select_related("user")
    first = membership.first()
    return first.user if first else None


@transaction.atomic
def load(municipalities: dict[str, Municipality]) -> None:
    for slug, demo_tips in DEMO_TIPS.items():
        municipality = municipalities.get(slug)
        if municipality is None:
            continue
        official = _coordinator(municipality)
        for demo in demo_tips:
            _load_tip(municipality, official, demo)
    _failed_notification(municipalities.get("botkyrka"))


def _failed_notification(municipality: Municipality | None) -> None:
    """One tip notification the mail server refused, so that the
    coordinator's page of failed e-mails shows what it is for."""
    official = _coordinator(municipality) if municipality else None
    notification = TipNotification.objects.filter(tip__municipality=municipality).order_by("tip__created").first()
    if official is None or notification is None:
        return
    TipNotificationDelivery.objects.get_or_create(
        notification=notification,
        user=official,
        defaults={
            "status": TipNotificationDelivery.Status.FAILED,
            "attempts": TipNotificationDelivery.max_attempts,
            "last_error": "SMTPRecipientsRefused (550)",
        },
    )


def _load_tip(municipality: Municipality, official, demo: DemoTip) -> None:
    nonce = f"demo-{municipality.slug}-{demo.key}"
    exists = Tip.objects.filter(submission_token=nonce).exists()
    if not exists:
        data = {
            "description": demo.description,
            "where_text": "",
            "when_text": demo.when,
            "place": Place.objects.for_municipality(municipality).filter(name=demo.place).first(),
            "category": Category.objects.filter(slug=demo.category).first(),
            **demo.contact,
        }
        submitted = services.tip_submit(
            municipality=municipality,
            data=data,
            photos=[],
            nonce=nonce,
            channel=demo.channel,
            registered_by=official if demo.channel != Channel.WEB else None,
        )
        tip = submitted.tip
        # Demo tips are not news: nobody gets an email for them.
        TipNotification.objects.filter(tip=tip).update(expanded_at=timezone.now())
        _play_thread(tip, official, demo)
        if demo.status != TipStatus.NEW and official is not None:
            services.tip_set_status(
                tip=tip, actor=official, status=demo.status, close_reason=demo.close_reason, close_note=demo.close_note
            )
    if demo.print_code:
        tip = Tip.objects.get(submission_token=nonce)
        code = services.receipts.code_for_nonce(nonce)
        sys.stdout.write(
            f"  demo tip #{tip.pk} in {municipality.name}: follow it up at /tips/uppfoljning/ with {code}\n"
        )


def _play_thread(tip: Tip, official, demo: DemoTip) -> None:
    for sender, body in demo.thread:
        if sender == "official" and official is not None:
            services.tip_message_send(tip=tip, actor=official, body=body)
        elif sender == "resident":
            services.tip_resident_reply(tip=tip, body=body, notify=False)

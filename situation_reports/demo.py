"""Demo content: twelve weeks of invented, plausible observations and actions
for each demo municipality, most of them in Botkyrka, whose weekly joint
situation picture the portal is modelled on. The weeks before last are
closed (their unfinished actions carried over), a few have a published
summary; last week and this week are still open.

Idempotent: a municipality that already has weekly reports is left alone.
"""

from __future__ import annotations

import random
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.db import transaction

from portal.models import Category, Membership, Municipality, Organisation, Place, Role
from tips.models import Tip, TipStatus

from . import services
from .models import Action, Observation, WeeklyReport
from .weeks import current_week, local_today

WEEKS = 12

# category slug -> descriptions (places and situations, never people)
TEXTS: dict[str, list[str]] = {
    "vandalism-graffiti": [
        "Klotter på fasaden vid entrén, sanerat samma dag.",
        "Krossad ruta i busskuren.",
        "Sönderslagen belysningsarmatur vid gångtunneln.",
        "Nytt klotter med gängsymboler på elskåp.",
    ],
    "public-disorder": [
        "Grupp samlades sent på kvällen, högljutt och nedskräpning.",
        "Störningar vid kiosken efter stängning, vakter tillkallade.",
        "Fyrverkerier avfyrades mot fasader.",
    ],
    "narcotics": [
        "Misstänkt narkotikaförsäljning vid gångtunneln på eftermiddagarna.",
        "Kanyler hittade i buskage nära lekplatsen, omhändertagna.",
        "Lukt av cannabis i trapphus, flera boende har hört av sig.",
    ],
    "fire-setting": [
        "Brand i papperskorg, släckt av räddningstjänsten.",
        "Anlagd brand i container på gården.",
        "Brand i barnvagnsrum, ingen skadad.",
    ],
    "unsafe-environment": [
        "Trasig belysning på gångvägen mot stationen, felanmäld.",
        "Boende upplever otrygghet vid uppgången kvällstid.",
        "Igenvuxen vegetation skymmer sikten längs gångvägen.",
    ],
    "motor-youth-traffic": [
        "Mopeder kör på gång- och cykelbanan.",
        "Bilar kör fort och spelar hög musik på torget sena kvällar.",
        "Motorburen samling på parkeringen fredag kväll.",
    ],
    "youth-at-risk": [
        "Yngre barn ute sent utan vuxna vid centrum.",
        "Fältassistenterna mötte en grupp unga som sade att de blivit erbjudna uppdrag.",
        "Ökad skolfrånvaro hos en grupp elever, hanteras av skolan och socialtjänsten.",
    ],
    "burglary-theft": [
        "Källarinbrott i två trapphus.",
        "Cykelstölder vid stationen.",
        "Stöld ur butik, personal upplever det som organiserat.",
    ],
    "violence-threats": [
        "Hot mot personal i butik i centrum.",
        "Slagsmål utanför kiosken, polis på plats.",
    ],
    "robbery": ["Rån av mobiltelefon vid tunnelbanan, polisanmält."],
    "illegal-subletting": ["Misstänkt olovlig andrahandsuthyrning i flera lägenheter, utreds av bostadsbolaget."],
    "welfare-crime": ["Signal om misstänkt felaktig utbetalning, lämnad vidare till myndighetssamverkan."],
    "unfair-competition": ["Verksamhet med misstänkt osund konkurrens, gemensam tillsyn planeras."],
    "criminal-recruitment": ["Signaler om att unga rekryteras via sociala medier i området."],
}

ACTIONS = [
    "Extra nattvandring kring {place}",
    "Trygghetsvandring med boende i {place}",
    "Sanera klotter i {place} inom 24 timmar",
    "Förstärkt polisnärvaro vid {place} fredag och lördag kväll",
    "Se över och laga belysningen i {place}",
    "Fältgruppen är på plats vid {place} på eftermiddagarna",
    "Dialogmöte med butiksägarna i {place}",
    "Gemensam tillsyn av verksamheter i {place}",
]

OUTCOMES = [
    "Genomfört enligt plan.",
    "Genomfört, lugnare i området efteråt.",
    "Genomfört med fler deltagare än väntat.",
]

# Places the weekly meetings talk about, on top of the core's demo places.
EXTRA_PLACES: dict[str, list[tuple[str, str]]] = {
    "botkyrka": [("Fittja tunnelbanestation", Place.Kind.STATION), ("Hallunda centrum", Place.Kind.CENTRE)],
    "arboga": [("Sätra", Place.Kind.AREA)],
}

# how much happens: (observations per week min, max, actions per week max)
VOLUME = {"botkyrka": (6, 12, 3), "arboga": (3, 6, 2)}
DEFAULT_VOLUME = (2, 5, 2)


def load(municipalities: dict[str, Municipality]) -> None:
    for slug, municipality in municipalities.items():
        if WeeklyReport.objects.for_municipality(municipality).exists():
            continue
        for name, kind in EXTRA_PLACES.get(slug, []):
            Place.objects.get_or_create(municipality=municipality, name=name, defaults={"kind": kind})
        _load_municipality(municipality, random.Random(f"lagesbild-{slug}"), VOLUME.get(slug, DEFAULT_VOLUME))  # noqa: S311


@transaction.atomic
def _load_municipality(municipality: Municipality, rng: random.Random, volume: tuple[int, int, int]) -> None:
    places = list(Place.objects.for_municipality(municipality).filter(is_active=True))
    organisations = list(Organisation.objects.filter(municipalities=municipality))
    categories = {c.slug: c for c in Category.objects.filter(slug__in=TEXTS)}
    if not places or not organisations or not categories:
        return
    members = Membership.objects.filter(municipality=municipality).select_related("user")
    authors = {m.organisation_id: m.user for m in members}
    coordinator = next((m.user for m in members if m.role == Role.COORDINATOR), None)
    # Hot spots: the first places get most of the observations.
    weights = [len(places) - index for index in range(len(places))]
    today = local_today(municipality.timezone)
    this_week = current_week(municipality.timezone)
    for offset in range(-(WEEKS - 1), 1):
        week = this_week.shifted(offset)
        report, _created = services.week_get_or_open(municipality=municipality, week=week, actor=coordinator)
        low, high, action_max = volume
        observations = []
        for _ in range(rng.randint(low, high)):
            slug = rng.choice(list(categories))
            day = week.monday + timedelta(days=rng.randint(0, 6))
            organisation = rng.choice(organisations)
            observations.append(
                Observation(
                    report=report,
                    organisation=organisation,
                    author=authors.get(organisation.pk),
                    category=categories[slug],
                    place=rng.choices(places, weights)[0],
                    date=min(day, today),
                    count=rng.choice([1, 1, 1, 2, 2, 3, 5]),
                    description=rng.choice(TEXTS[slug]),
                    source=rng.choice(["own", "own", "own", "resident", "tip", "other"]),
                )
            )
        Observation.objects.bulk_create(observations)
        # Last week's actions carried over: most were done this time.
        for action in report.actions.filter(carried_over_from__isnull=False):
            if offset < -1 and rng.random() < 0.7:
                action.status, action.outcome_note = Action.Status.DONE, rng.choice(OUTCOMES)
                action.save(update_fields=["status", "outcome_note"])
        for _ in range(rng.randint(1, action_max)):
            place = rng.choices(places, weights)[0]
            Action.objects.create(
                report=report,
                what=rng.choice(ACTIONS).format(place=place.name),
                responsible_organisation=rng.choice(organisations),
                place=place,
                due_date=week.sunday + timedelta(days=7),
                created_by=coordinator,
            )
        if offset < -1:
            _hold_meeting(report, rng, coordinator, published=offset in (-2, -4))
    _file_tips(municipality, coordinator, today)


def _file_tips(municipality: Municipality, coordinator, today) -> None:
    """File two of the demo tips (if the tips app made any) in this week's report."""
    if coordinator is None:
        return
    membership = Membership.objects.get(user=coordinator, municipality=municipality)
    tips = Tip.objects.for_municipality(municipality).filter(
        status=TipStatus.NEW, place__isnull=False, category__isnull=False
    )
    for tip in tips.order_by("created")[:2]:
        services.observation_from_tip(
            tip=tip,
            actor=coordinator,
            organisation=membership.organisation,
            place=tip.place,
            category=tip.category,
            description="Tips från en boende om situationen på platsen, se tipset.",
            today=today,
        )


def _hold_meeting(report: WeeklyReport, rng: random.Random, coordinator, *, published: bool) -> None:
    """Follow up the week's actions, write the assessment and close the week."""
    for action in report.actions.filter(carried_over_from__isnull=True):
        roll = rng.random()
        if roll < 0.6:
            action.status, action.outcome_note = Action.Status.DONE, rng.choice(OUTCOMES)
        elif roll < 0.75:
            action.status, action.outcome_note = Action.Status.NOT_DONE, "Hanns inte med, tas upp igen."
        else:
            continue
        action.save(update_fields=["status", "outcome_note"])
    tz = ZoneInfo(report.municipality.timezone)
    report.meeting_at = datetime.combine(report.week.monday + timedelta(days=7), time(9, 0), tzinfo=tz)
    report.summary = "Genomgång av veckans händelser. Flest iakttagelser kring centrum och stationen."
    report.joint_assessment = "Läget är i stort oförändrat. Fortsatt fokus på kvällstid vid centrum och stationen."
    report.save(update_fields=["meeting_at", "summary", "joint_assessment"])
    services.week_close(report=report, actor=coordinator)
    # Closed at the meeting, not at the moment the demo was loaded.
    WeeklyReport.objects.filter(pk=report.pk).update(closed_at=report.meeting_at + timedelta(hours=1))
    if published:
        services.week_publish(
            report=report,
            actor=coordinator,
            text="Veckan präglades av klotter och ordningsstörningar kring centrum. Kommunen, polisen och "
            "bostadsbolaget gör gemensamma trygghetsvandringar och ökar närvaron kvällstid.",
        )

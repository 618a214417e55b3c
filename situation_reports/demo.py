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
from .models import Action, Attendance, Decision, Observation, PresenceEntry, WeeklyReport
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

# (action, the kinds of organisation that would own it, in order of preference)
ACTIONS: list[tuple[str, tuple[str, ...]]] = [
    ("Extra nattvandring kring {place}", ("civil_society", "social_services", "municipality")),
    ("Trygghetsvandring med boende i {place}", ("municipality",)),
    ("Sanera klotter i {place} inom 24 timmar", ("housing", "municipality")),
    ("Förstärkt polisnärvaro vid {place} fredag och lördag kväll", ("police",)),
    ("Se över och laga belysningen i {place}", ("housing", "municipality")),
    ("Fältgruppen är på plats vid {place} på eftermiddagarna", ("social_services", "municipality")),
    ("Dialogmöte med butiksägarna i {place}", ("business", "municipality")),
    ("Gemensam tillsyn av verksamheter i {place}", ("municipality", "police")),
]


def action_owner(kinds: tuple[str, ...], organisations: list[Organisation]) -> Organisation:
    """The organisation that would own an action: the first of `kinds` the
    municipality has, else the municipality itself (the convener)."""
    for kind in kinds:
        for organisation in organisations:
            if organisation.kind == kind:
                return organisation
    return next((o for o in organisations if o.kind == "municipality"), organisations[0])


# Who is out in the field, by kind of organisation: (people or unit, what was done, start hour, hours)
PRESENCE = {
    "police": ("Kommunpolis och två poliser", "Synlig närvaro och samtal med unga.", 19, 4),
    "housing": ("Bovärdar", "Rondering i trapphus och på gårdar.", 17, 3),
    "social_services": ("Två fältassistenter", "Uppsökande samtal med unga vid centrum.", 18, 4),
    "civil_society": ("Nattvandrare, fem personer", "Nattvandring i centrum.", 21, 3),
}


# Each municipality's week in the words of its own source text (docs in /work/shared/seeds/).
WEEK_TEXTS: dict[str, tuple[str, str]] = {
    "botkyrka": (
        "Skolan, socialtjänsten, Botkyrkabyggen och polisen gick igenom veckan. Flest iakttagelser kring Alby "
        "centrum och tunnelbanan; boende har hört av sig per mejl och telefon.",
        "Fortsatt fokus på kvällstid vid centrum och tunnelbanan; nattvandringar och grannsamverkan stöttas.",
    ),
    "borlange": (
        "Genomgång av veckan: kamerapunkterna vid resecentrum, signaler om välfärdsbrott till "
        "myndighetssamverkan och Tunabyggens kontroller av olovlig andrahandsuthyrning.",
        "Fler kommunpoliser i centrum ger effekt; fortsatt samverkan mot välfärdsbrott och med skolorna.",
    ),
    "lerum": (
        "Veckan följdes upp mot överenskommelsens tre prioriteringar: välfärdsbrott, narkotika och "
        "rekrytering av unga till kriminella nätverk.",
        "Narkotikasignalerna kring stationen kvarstår; socialtjänstens signaler om välfärdsbrott hanteras i samverkan.",
    ),
    "varmdo": (
        "Fältgruppen och nattvandrarna rapporterade från helgens kvällar; polisen delade den regionala lägesbilden.",
        "Fortsatt fokus på ungdomar, narkotika och trafik; fältgruppen behöver polisens stöd sena helgkvällar.",
    ),
    "arboga": (
        "Genomgång av veckan i centrum: ordningsstörningar, motorburen ungdom och verksamheter med misstänkt "
        "osund konkurrens.",
        "Medborgarlöftets fokusområden gäller: centrummiljön, osund konkurrens och motorburen ungdom.",
    ),
}
DEFAULT_WEEK_TEXTS = (
    "Genomgång av veckans händelser.",
    "Läget är i stort oförändrat.",
)


def public_text(organisations: list[Organisation]) -> str:
    """A week's public summary naming only organisations the municipality has."""
    kinds = {o.kind for o in organisations}
    who = ["kommunen", "polisen"]
    if "housing" in kinds:
        who.append("bostadsbolaget")
    if "social_services" in kinds:
        who.append("fältgruppen")
    names = ", ".join(who[:-1]) + " och " + who[-1]
    return (
        f"Veckan präglades av klotter och ordningsstörningar kring centrum. {names[0].upper()}{names[1:]} "
        "gör gemensamma trygghetsvandringar och ökar närvaron kvällstid."
    )


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
                    **when_and_how_sure(rng),
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
            what, kinds = rng.choice(ACTIONS)
            Action.objects.create(
                report=report,
                what=what.format(place=place.name),
                responsible_organisation=action_owner(kinds, organisations),
                place=place,
                due_date=week.sunday + timedelta(days=7),
                created_by=coordinator,
            )
        _log_presence(report, rng, organisations, places, today)
        if offset < -1:
            _hold_meeting(report, rng, coordinator, organisations, published=offset in (-2, -4))
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


def when_and_how_sure(rng: random.Random) -> dict:
    """Most events in the evening and at night, a few with an exact time;
    own observations confirmed, what others told us reported."""
    source = rng.choice(["own", "own", "own", "resident", "tip", "other"])
    part = rng.choice(["evening", "evening", "evening", "night", "night", "day", "morning", ""])
    exact = {"morning": 8, "day": 14, "evening": 20, "night": 23}.get(part)
    moment = time(exact, rng.choice([0, 15, 30, 45])) if exact is not None and rng.random() < 0.3 else None
    certainty = "confirmed" if source == "own" else rng.choice(["reported", "reported", "suspected"])
    return {"source": source, "part_of_day": part, "time": moment, "certainty": certainty}


def _log_presence(report: WeeklyReport, rng: random.Random, organisations, places, today) -> None:
    """Field presence by the organisations that go out, on Fridays and Saturdays."""
    tz = ZoneInfo(report.municipality.timezone)
    entries = []
    for organisation in organisations:
        if organisation.kind not in PRESENCE:
            continue
        people, activity, hour, hours = PRESENCE[organisation.kind]
        for weekday in (4, 5):
            day = report.week.monday + timedelta(days=weekday)
            if day >= today:
                continue
            starts = datetime.combine(day, time(hour), tzinfo=tz)
            entries.append(
                PresenceEntry(
                    report=report,
                    organisation=organisation,
                    people=people,
                    place=rng.choice(places[:3]),
                    starts_at=starts,
                    ends_at=starts + timedelta(hours=hours),
                    activity=activity,
                )
            )
    PresenceEntry.objects.bulk_create(entries)


def _hold_meeting(report: WeeklyReport, rng: random.Random, coordinator, organisations, *, published: bool) -> None:
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
    summary, assessment = WEEK_TEXTS.get(report.municipality.slug, DEFAULT_WEEK_TEXTS)
    report.summary, report.joint_assessment = summary, assessment
    report.save(update_fields=["meeting_at", "summary", "joint_assessment"])
    Attendance.objects.bulk_create(
        Attendance(report=report, organisation=o) for o in organisations if rng.random() < 0.85 or o.kind == "police"
    )
    Decision.objects.create(
        report=report,
        text="Fortsatt gemensam närvaro kvällstid vid veckans brännpunkter; uppföljning vid nästa möte.",
        created_by=coordinator,
    )
    services.week_close(report=report, actor=coordinator)
    # Closed at the meeting, not at the moment the demo was loaded.
    WeeklyReport.objects.filter(pk=report.pk).update(closed_at=report.meeting_at + timedelta(hours=1))
    if published:
        services.week_publish(
            report=report,
            actor=coordinator,
            text=public_text(organisations),
        )

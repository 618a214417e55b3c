"""Demo content: for Botkyrka and Lerum, a history of weekly reports back to
the start of last year (so that a tertial can be compared with the year
before), an approved analysis of the latest finished tertial, linked to the
agreement's priorities or the pledge's commitments, and a draft of the
year's situation picture and action plan built from it.

Idempotent: a municipality that already has an analysis is left alone.
"""

from __future__ import annotations

import random
import uuid
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.db import transaction
from django.utils import timezone

from agreements.models import Commitment, PriorityArea
from portal.models import Category, Membership, Municipality, Organisation, Place, Role
from tips.models import Channel, Tip, TipStatus

from ..demo import TEXTS, action_owner, when_and_how_sure
from ..models import Action, Observation, WeeklyReport
from ..weeks import IsoWeek, local_today
from . import selectors, services
from .models import AnalysisLink, PeriodAnalysis, PlanMeasure
from .periods import Period, PeriodKind

MUNICIPALITIES = ("botkyrka", "lerum")

TEXT = {
    "botkyrka": {
        "analysis": "Under tertialet låg tyngdpunkten i Alby och Fittja: ordningsstörningar och klotter kring "
        "centrum och tunnelbanan kvällstid, särskilt fredagar och lördagar. Narkotikasignalerna kom främst från "
        "gångtunnlarna. Jämfört med samma tertial i fjol har händelserna vid tunnelbanestationerna ökat, medan "
        "Norsborg har lugnat sig efter de gemensamma trygghetsvandringarna.",
        "conclusions": "Otryggheten är störst vid och runt tunnelbanan och vissa centrum kvällstid. De "
        "platsbundna åtgärderna (kameror, belysning, sanering inom 24 timmar) verkar: där de genomförts har "
        "händelserna minskat. Skolans och socialtjänstens signaler om unga i riskmiljö behöver mötas tidigare.",
        "priorities": "1. Trygghet vid tunnelbanan och i centrum kvällstid.\n2. Tidiga insatser för unga i "
        "riskmiljö, tillsammans med skolan och socialtjänsten.\n3. Fler nattvandringar i Hallunda och Fittja.",
    },
    "lerum": {
        "analysis": "Tertialets iakttagelser domineras av narkotikasignaler och motorburen ungdom kring "
        "centrum och stationen. Polisen och kommunen ser samma mönster: helgkvällar, unga som samlas i bil och "
        "tecken på försäljning. Välfärdsbrottssignalerna är få men allvarliga.",
        "conclusions": "Narkotikasituationen och rekryteringen av unga hänger ihop och kräver gemensamma "
        "insatser kvällstid. Det förebyggande arbetet i skolan behöver följas upp i lägesbilden.",
        "priorities": "1. Narkotikasituationen.\n2. Motverka rekrytering av unga till kriminella nätverk.\n"
        "3. Välfärdsbrott: fler signaler från socialtjänsten ska hanteras i samverkan.",
    },
}


def load(municipalities: dict[str, Municipality]) -> None:
    for slug in MUNICIPALITIES:
        municipality = municipalities.get(slug)
        if municipality is None or PeriodAnalysis.objects.for_municipality(municipality).exists():
            continue
        coordinator = (
            Membership.objects.filter(municipality=municipality, role=Role.COORDINATOR)
            .select_related("user")
            .order_by("pk")
            .first()
        )
        if coordinator is None:
            continue
        _load_municipality(municipality, coordinator.user, random.Random(f"analys-{slug}"), slug)  # noqa: S311


def latest_finished_tertial(municipality: Municipality) -> Period:
    today = local_today(municipality.timezone)
    for year in (today.year, today.year - 1):
        for number in (3, 2, 1):
            period = Period(PeriodKind.TERTIAL, year, number)
            if period.end < today:
                return period
    raise AssertionError("unreachable")


@transaction.atomic
def _load_municipality(municipality: Municipality, coordinator, rng: random.Random, slug: str) -> None:
    tertial = latest_finished_tertial(municipality)
    _history(municipality, coordinator, rng, since=IsoWeek(tertial.year - 1, 1))
    analysis = services.analysis_create(municipality=municipality, period=tertial, actor=coordinator)
    texts = TEXT[slug]
    services.analysis_update(
        analysis=analysis,
        actor=coordinator,
        analysis_text=texts["analysis"],
        conclusions=texts["conclusions"],
        proposed_priorities=texts["priorities"],
    )
    _links(analysis, coordinator)
    services.analysis_approve(analysis=analysis, actor=coordinator, today=local_today(municipality.timezone))
    plan = services.plan_create(municipality=municipality, year=tertial.year, actor=coordinator)
    if not plan.measures.exists():
        _measures(plan)
    _cite_priorities(plan)


# Where a municipality has no pledge to start the measures from (Lerum).
MEASURES = [
    (
        "Gemensamma helgkvällar med polis och fältassistenter vid stationen och i centrum",
        "Lokalpolisområde Lerum",
        "Fredagar och lördagar, hela året",
        "narkotika",
        "Antal kvällar och iakttagelser i veckolägesbilden",
    ),
    (
        "Föräldramöten om narkotika och rekrytering i årskurs 7–9",
        "Lerums kommun",
        "Höstterminen",
        "rekrytering",
        "Antal möten och deltagare, tertialvis",
    ),
    (
        "Rutin för att socialtjänstens signaler om välfärdsbrott hanteras i samverkan inom en månad",
        "Lerums kommun",
        "Senast 31 mars",
        "välfärd",
        "Antal signaler och handläggningstid, kvartalsvis",
    ),
]


# A priority's theme (a word of its title) -> words of measures, links and
# categories that serve it. Ties each demo measure and link to the priority
# it is about, never to one by position.
THEMES: dict[str, tuple[str, ...]] = {
    "välfärd": ("välfärd", "utbetalning", "bidrag"),
    "narkotika": ("narkotika", "cannabis", "helgkvällar", "försäljning"),
    "rekrytering": ("rekryter", "nätverk", "föräldra"),
    "centrum": ("centrum", "torget", "trygghetsvandring", "klotter", "ordning"),
    "konkurrens": ("konkurrens", "tillsyn"),
    "motorburen": ("motor", "mopeder", "trafik"),
}


def theme_of(priority: PriorityArea) -> str | None:
    title = priority.title.lower()
    return next((theme for theme in THEMES if theme in title), None)


def serves(text: str, priority: PriorityArea) -> bool:
    """Whether `text` (a measure, a link's subject) is about `priority`."""
    theme = theme_of(priority)
    return theme is not None and any(word in text.lower() for word in THEMES[theme])


def related_priorities(text: str, priorities) -> list[PriorityArea]:
    return [p for p in priorities if serves(text, p)]


def _measures(plan) -> None:
    organisations = {o.name: o for o in Organisation.objects.filter(municipalities=plan.municipality)}
    fallback = next(iter(organisations.values()), None)
    priorities = list(plan.agreement.priorities.all()) if plan.agreement else []
    for position, (what, who, timing, theme, follow_up) in enumerate(MEASURES, start=1):
        responsible = organisations.get(who, fallback)
        if responsible is None:
            return
        PlanMeasure.objects.create(
            plan=plan,
            position=position,
            what=what,
            responsible=responsible,
            timing=timing,
            priority=next((p for p in priorities if theme_of(p) == theme), None),
            follow_up=follow_up,
        )


def _cite_priorities(plan) -> None:
    """Measures drafted from the pledges cite the agreement's priority they serve, if one."""
    priorities = list(plan.agreement.priorities.all()) if plan.agreement else []
    for measure in plan.measures.filter(priority__isnull=True):
        related = related_priorities(measure.what, priorities)
        if related:
            PlanMeasure.objects.filter(pk=measure.pk).update(priority=related[0])


def _history(municipality: Municipality, coordinator, rng: random.Random, since: IsoWeek) -> None:
    """Closed weekly reports, with observations, followed-up actions and
    (long since erased) tips, for every week from `since` to the first
    week the weekly demo made."""
    first = WeeklyReport.objects.for_municipality(municipality).order_by("week_start").first()
    until = first.week if first else IsoWeek.of(local_today(municipality.timezone))
    places = list(Place.objects.for_municipality(municipality).filter(is_active=True).order_by("pk"))
    organisations = list(Organisation.objects.filter(municipalities=municipality).order_by("pk"))
    categories = {c.slug: c for c in Category.objects.filter(slug__in=TEXTS)}
    if not places or not organisations or not categories:
        return
    weights = [len(places) - index for index in range(len(places))]
    tz = ZoneInfo(municipality.timezone)
    now = timezone.now()
    weeks, week = [], since
    while week < until:
        weeks.append(week)
        week = week.shifted(1)
    reports = WeeklyReport.objects.bulk_create(
        WeeklyReport(
            municipality=municipality,
            iso_year=w.year,
            iso_week=w.week,
            week_start=w.monday,
            status=WeeklyReport.Status.CLOSED,
            closed_by=coordinator,
            # Closed at the next week's meeting.
            closed_at=min(now, datetime.combine(w.sunday + timedelta(days=2), time(10), tz)),
            summary="Genomgång av veckans händelser.",
        )
        for w in weeks
    )
    observations, actions, tips = [], [], []
    for report, w in zip(reports, weeks, strict=True):
        for _ in range(rng.randint(2, 7)):
            slug = rng.choice(list(categories))
            observations.append(
                Observation(
                    report=report,
                    organisation=rng.choice(organisations),
                    category=categories[slug],
                    place=rng.choices(places, weights)[0],
                    date=w.monday + timedelta(days=rng.randint(0, 6)),
                    count=rng.choice([1, 1, 1, 2, 2, 3]),
                    description=rng.choice(TEXTS[slug]),
                    **when_and_how_sure(rng),
                )
            )
        place = rng.choices(places, weights)[0]
        actions.append(
            Action(
                report=report,
                what=f"Trygghetsvandring i {place.name}",
                responsible_organisation=action_owner(("municipality",), organisations),
                place=place,
                due_date=w.sunday + timedelta(days=7),
                status=rng.choice([Action.Status.DONE, Action.Status.DONE, Action.Status.NOT_DONE]),
                outcome_note="Genomfört enligt plan.",
                created_by=coordinator,
            )
        )
        if rng.random() < 0.6:
            arrived = datetime.combine(w.monday + timedelta(days=rng.randint(0, 6)), time(rng.randint(7, 22)), tz)
            tips.append(
                Tip(
                    municipality=municipality,
                    status=TipStatus.CLOSED,
                    channel=rng.choice([Channel.WEB, Channel.WEB, Channel.PHONE, Channel.EMAIL]),
                    category=categories[rng.choice(list(categories))],
                    place=rng.choice(places),
                    receipt_hash=uuid.uuid4().hex,
                    closed_at=arrived + timedelta(days=3),
                    # Erased when retention was due, never on a day still to come.
                    personal_data_erased_at=erased if (erased := arrived + timedelta(days=93)) <= now else None,
                    description="" if erased <= now else "Tips om situationen på platsen.",
                    created=arrived,
                )
            )
    Observation.objects.bulk_create(observations)
    Action.objects.bulk_create(actions)
    arrivals = [tip.created for tip in tips]
    # `created` is set to now on insert; give each old tip its own arrival time.
    for tip, arrived in zip(Tip.objects.bulk_create(tips), arrivals, strict=True):
        Tip.objects.filter(pk=tip.pk).update(created=arrived, updated=arrived)


def _links(analysis: PeriodAnalysis, coordinator) -> None:
    """Link the top hot spot and the largest category to what addresses them."""
    municipality = analysis.municipality
    figures = selectors.period_figures(municipality=municipality, period=analysis.period)
    priorities = list(PriorityArea.objects.filter(agreement__municipality=municipality).order_by("position"))
    commitments = list(Commitment.objects.for_municipality(municipality).select_related("place").order_by("pk"))
    hot = next((p for p in figures["places"] if p["current"]), None)
    if hot is not None:
        link = AnalysisLink(analysis=analysis, place_id=hot["id"], note="Gemensam bevakning kvällstid.")
        at_place = [c for c in commitments if c.place_id == hot["id"]] or commitments[:2]
        services.link_save(
            link=link, priorities=related_priorities(hot["name"], priorities), commitments=at_place, actor=coordinator
        )
    # The largest category one of the agreement's priorities is about (else the largest).
    ranked = [c for c in figures["categories"] if c["current"]]
    by_slug = {c.slug: c for c in Category.objects.filter(slug__in=[c["slug"] for c in ranked])}

    def subject_of(category: Category) -> str:
        return f"{category.name_i18n.get('sv', '')} {category.slug}"

    chosen = next(
        (by_slug[c["slug"]] for c in ranked if related_priorities(subject_of(by_slug[c["slug"]]), priorities)), None
    )
    if chosen is None and ranked:
        chosen = by_slug[ranked[0]["slug"]]
    if chosen is not None:
        link = AnalysisLink(analysis=analysis, category=chosen, note="Följs upp i nästa tertialanalys.")
        words = chosen.name_i18n.get("sv", "").lower().split()
        related = [c for c in commitments if any(w in c.what.lower() for w in words)]
        services.link_save(
            link=link,
            priorities=related_priorities(subject_of(chosen), priorities),
            commitments=related[:2],
            actor=coordinator,
        )

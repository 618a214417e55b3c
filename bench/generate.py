"""A reproducible national data set for the benchmark.

At scale 1.0: 290 municipalities, each with its organisations (police areas
shared by three), members and places; five years (261 weeks) of weekly
reports holding about 1.5 million observations and 250,000 actions; about
500,000 tips with their messages and notification rows; agreements and
citizen pledges with focus areas, commitments, progress updates and
evaluations. Smaller scales shrink the number of municipalities and the
totals alike, so a municipality looks the same at every scale.

Municipality sizes follow a Zipf-like curve (weight 1/(rank+1)), which puts
about 9.5 % of everything in the largest municipality, as Stockholm holds
about 9.5 % of Sweden's population. The benchmark drives the largest
municipality, the worst case.

The same seed and the same day give the same rows. Every generated
municipality has a kommunkod from 9000 up (real codes stop below 2600),
every user a username starting with `bench-`; `wipe()` removes exactly
those and everything that hangs off them, and their borders (each borrows a
real municipality's, bench/borders.py, so the maps are drawn at full size).
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

from django.contrib.auth.hashers import make_password
from django.db import connection, models, transaction
from django.utils import timezone
from django.utils.text import slugify

from agreements.models import (
    Agreement,
    AgreementSignatory,
    CitizenPledge,
    Commitment,
    Evaluation,
    FocusArea,
    PriorityArea,
    ProgressUpdate,
)
from portal.models import Category, Membership, Municipality, Organisation, Place, Role, User
from situation_reports.models import Action, Observation, WeeklyReport
from situation_reports.weeks import IsoWeek
from tips.models import Channel, CloseReason, Knowledge, Tip, TipMessage, TipNotification, TipStatus

from . import borders, texts
from .loader import Loader, Progress

FULL = {"municipalities": 290, "observations": 1_500_000, "actions": 250_000, "tips": 500_000}
WEEKS = 261  # five years
KOMMUNKOD_FROM = 3000
USER_PREFIX = "bench-"
PASSWORD = "trygghet-bench"  # noqa: S105 - the generated officials' password, for the benchmark only
MESSAGE_SHARE = 0.45  # tips with a message thread


@dataclass(frozen=True)
class Plan:
    scale: float
    seed: int
    municipalities: int
    observations: int
    actions: int
    tips: int

    @classmethod
    def at(cls, scale: float, seed: int = 2024) -> Plan:
        if not 0 < scale <= 3.4:
            raise ValueError("scale must be above 0 and at most 3.4 (999 municipalities)")
        return cls(
            scale=scale,
            seed=seed,
            municipalities=max(2, round(FULL["municipalities"] * scale)),
            observations=round(FULL["observations"] * scale),
            actions=round(FULL["actions"] * scale),
            tips=round(FULL["tips"] * scale),
        )

    def weights(self) -> list[float]:
        raw = [1 / (rank + 1) for rank in range(1, self.municipalities + 1)]
        total = sum(raw)
        return [w / total for w in raw]


@dataclass
class Town:
    """One generated municipality and the ids hanging off it."""

    id: int
    name: str
    slug: str
    share: float
    organisations: dict[str, int] = field(default_factory=dict)  # kind -> id
    members: dict[int, list[int]] = field(default_factory=dict)  # organisation id -> user ids
    coordinator: int = 0
    border: borders.Border | None = None
    places: list[int] = field(default_factory=list)
    place_weights: list[float] = field(default_factory=list)
    reports: dict[date, int] = field(default_factory=dict)  # monday -> report id


def bench_municipalities() -> models.QuerySet[Municipality]:
    return Municipality.objects.filter(kommunkod__gte=str(KOMMUNKOD_FROM), kommunkod__lt=str(KOMMUNKOD_FROM + 1000))


def _at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=UTC)


class NationalData:
    def __init__(self, plan: Plan, *, today: date | None = None, quiet: bool = False) -> None:
        self.plan = plan
        self.rng = random.Random(plan.seed)
        self.today = today or timezone.localdate()
        self.now = timezone.now() if today is None else _at(today, 12)
        self.this_week = IsoWeek.of(self.today)
        self.weeks = [self.this_week.shifted(-offset) for offset in range(WEEKS - 1, -1, -1)]
        self.quiet = quiet
        self.counts: dict[str, int] = {}

    # --- entry point ---------------------------------------------------------

    def run(self) -> dict[str, int]:
        categories = list(Category.objects.filter(is_active=True).order_by("position"))
        self.category_ids = [c.pk for c in categories]
        self.category_weights = [1 / (i + 2) for i in range(len(categories))]
        self.public_category_ids = [c.pk for c in categories if not c.internal_only]
        loader = Loader()
        t = self.tables = {
            name: loader.table(model)
            for name, model in [
                ("municipality", Municipality),
                ("organisation", Organisation),
                ("organisation_municipality", Organisation.municipalities.through),
                ("user", User),
                ("membership", Membership),
                ("place", Place),
                ("report", WeeklyReport),
                ("tip", Tip),
                ("notification", TipNotification),
                ("message", TipMessage),
                ("observation", Observation),
                ("action", Action),
                ("agreement", Agreement),
                ("agreement_party", Agreement.parties.through),
                ("priority", PriorityArea),
                ("signatory", AgreementSignatory),
                ("pledge", CitizenPledge),
                ("pledge_party", CitizenPledge.parties.through),
                ("focus_area", FocusArea),
                ("commitment", Commitment),
                ("update", ProgressUpdate),
                ("evaluation", Evaluation),
            ]
        }
        with _fast_session():
            towns = self._towns()
            loader.flush()
            progress = Progress("rows", 1000, quiet=self.quiet)
            for town in towns:
                self._weeks(town)
                self._tips_and_observations(town)
                self._actions(town)
                self._agreements(town)
                loader.maybe_flush()
                progress.advance(town.share * 1000)
            loader.finish()
            progress.close()
        self.counts = {name: table.written for name, table in t.items() if table.written}
        if connection.vendor == "postgresql":
            # As autovacuum would in time: statistics, and the visibility map
            # that lets index-only scans skip the heap (VACUUM cannot run
            # inside a transaction, as in the test suite).
            command = "ANALYZE" if connection.in_atomic_block else "VACUUM ANALYZE"
            with connection.cursor() as cursor:
                for table in t.values():
                    cursor.execute(f"{command} {connection.ops.quote_name(table.model._meta.db_table)}")
        return self.counts

    # --- municipalities, organisations, people, places -------------------------

    def _towns(self) -> list[Town]:
        rng, t = self.rng, self.tables
        names = [head + tail for head in texts.NAME_HEADS for tail in texts.NAME_TAILS]
        names = [n[0] + n[1:].lower() for n in names]
        rng.shuffle(names)
        taken = set(Municipality.objects.values_list("name", flat=True))
        names = [n for n in names if n not in taken]
        password = make_password(PASSWORD)
        towns = []
        weights = self.plan.weights()
        borrowed = borders.borrowed(len(weights))
        for index, share in enumerate(weights):
            name = names[index] if index < len(names) else f"{names[index % len(names)]} {index // len(names) + 1}"
            slug = slugify(f"{name}-{index:03d}")
            town_id = t["municipality"].add(
                name=name,
                slug=slug,
                kommunkod=str(KOMMUNKOD_FROM + index),
                county=texts.COUNTIES[index % len(texts.COUNTIES)],
                timezone="Europe/Stockholm",
                description=f"{name} – genererad kommun för belastningsprov.",
                # They keep closed tips five years, so every tip still has its text.
                tip_retention_days=WEEKS * 7,
            )
            towns.append(Town(id=town_id, name=name, slug=slug, share=share, border=borrowed[index]))
        borders.save({str(KOMMUNKOD_FROM + index): (town.name, town.border) for index, town in enumerate(towns)})
        police_area = None
        for index, town in enumerate(towns):
            if index % 3 == 0:
                police_area = self._organisation(f"Lokalpolisområde {town.name}", Organisation.Kind.POLICE)
                police_users = [self._user(f"{town.slug}-polis-{n}", "Polisen", password) for n in (1, 2)]
            town.organisations["police"] = police_area
            town.members[police_area] = police_users
            self._link(police_area, town.id)
            for user in police_users:
                self._member(user, town.id, police_area, Role.CONTRIBUTOR)
            for kind, label in [
                (Organisation.Kind.MUNICIPALITY, f"{town.name} kommun"),
                (Organisation.Kind.HOUSING, f"{town.name}hem AB"),
                (Organisation.Kind.SCHOOL, f"Skolorna i {town.name}"),
                (Organisation.Kind.SOCIAL_SERVICES, f"Socialtjänsten {town.name}"),
                (Organisation.Kind.RESCUE, f"Räddningstjänsten {town.name}"),
            ]:
                org = self._organisation(label, kind)
                self._link(org, town.id)
                town.organisations[kind] = org
                users = [self._user(f"{town.slug}-{kind}-{n}", label, password) for n in (1, 2)]
                town.members[org] = users
                for n, user in enumerate(users):
                    role = Role.CONTRIBUTOR
                    if kind == Organisation.Kind.MUNICIPALITY and n == 0:
                        role, town.coordinator = Role.COORDINATOR, user
                    elif kind == Organisation.Kind.RESCUE:
                        role = Role.READER
                    self._member(user, town.id, org, role)
            self._places(town)
        return towns

    def _organisation(self, name: str, kind: str) -> int:
        return self.tables["organisation"].add(name=name, kind=kind)

    def _link(self, organisation: int, town: int) -> None:
        self.tables["organisation_municipality"].add(organisation_id=organisation, municipality_id=town)

    def _user(self, handle: str, organisation: str, password: str) -> int:
        rng = self.rng
        first, last = rng.choice(texts.FIRST_NAMES), rng.choice(texts.LAST_NAMES)
        username = f"{USER_PREFIX}{handle}"[:150]
        return self.tables["user"].add(
            password=password,
            username=username,
            first_name=first,
            last_name=last,
            email=f"{username}@bench.invalid",
            date_joined=self.now - timedelta(days=WEEKS * 7),
            language="en" if rng.random() < 0.1 else "sv",
            title=f"Handläggare, {organisation}"[:120],
            email_verified=True,
        )

    def _member(self, user: int, town: int, organisation: int, role: str) -> None:
        self.tables["membership"].add(
            user_id=user, municipality_id=town, organisation_id=organisation, role=role, created=self.now
        )

    def _places(self, town: Town) -> None:
        rng = self.rng
        observations = self.plan.observations * town.share
        count = min(250, max(6, int(6 + 1.2 * math.sqrt(observations / 10))))
        names = [f"{area} {word}" for word in texts.PLACE_WORDS for area in texts.PLACE_AREAS]
        rng.shuffle(names)
        kinds = [k for k, _ in Place.Kind.choices]
        # Within the border's box, as a real municipality's places are.
        (south, north), (west, east) = town.border.latitudes(), town.border.longitudes()
        for number in range(count):
            name = names[number] if number < len(names) else f"{names[number % len(names)]} {number}"
            town.places.append(
                self.tables["place"].add(
                    municipality_id=town.id,
                    name=name,
                    kind=kinds[number % len(kinds)],
                    latitude=round(south + rng.random() * (north - south), 5),
                    longitude=round(west + rng.random() * (east - west), 5),
                )
            )
            town.place_weights.append(1 / (number + 1))

    # --- weekly reports ---------------------------------------------------------

    def _weeks(self, town: Town) -> None:
        rng = self.rng
        last_closed = self.weeks[-2]
        for week in self.weeks:
            monday = week.monday
            meeting = _at(monday + timedelta(days=1), 8)
            closed = week != self.this_week
            closed_at = min(_at(monday + timedelta(days=8), 8), self.now) if closed else None
            published = closed and (week == last_closed or rng.random() < 0.25)
            town.reports[monday] = self.tables["report"].add(
                municipality_id=town.id,
                iso_year=week.year,
                iso_week=week.week,
                week_start=monday,
                meeting_at=meeting,
                status=WeeklyReport.Status.CLOSED if closed else WeeklyReport.Status.OPEN,
                summary=texts.SUMMARY if closed else "",
                joint_assessment=texts.ASSESSMENT if closed else "",
                closed_by_id=town.coordinator if closed else None,
                closed_at=closed_at,
                public_summary=texts.PUBLIC_SUMMARY if published else "",
                published_at=closed_at + timedelta(hours=1) if published else None,
                created=_at(monday, 6),
            )

    def _week_counts(self, total: float) -> list[int]:
        """How many of `total` rows fall in each week: seasonal, growing, noisy;
        the running week only up to today."""
        rng = self.rng
        weights = []
        for index, week in enumerate(self.weeks):
            season = 1 + 0.25 * math.sin(2 * math.pi * week.week / 52)
            growth = 0.8 + 0.4 * index / WEEKS
            weights.append(season * growth * (0.7 + 0.6 * rng.random()))
        weights[-1] *= (self.today.weekday() + 1) / 7
        scale = total / sum(weights)
        counts, carry = [], 0.0
        for weight in weights:
            exact = weight * scale + carry
            counts.append(int(exact))
            carry = exact - int(exact)
        return counts

    # --- tips and observations -----------------------------------------------------

    def _tips_and_observations(self, town: Town) -> None:
        rng, t = self.rng, self.tables
        tip_counts = self._week_counts(self.plan.tips * town.share)
        obs_counts = self._week_counts(self.plan.observations * town.share)
        organisations = [o for o in town.organisations.values()]
        org_weights = [3 if o == town.organisations["police"] else 1 for o in organisations]
        official = town.coordinator
        for week, n_tips, n_obs in zip(self.weeks, tip_counts, obs_counts, strict=True):
            monday = week.monday
            days = (self.today - monday).days + 1 if week == self.this_week else 7
            report = town.reports[monday]
            filed = []
            for _ in range(n_tips):
                tip_id, created, status = self._tip(town, monday, days, official)
                if status == TipStatus.USED_IN_REPORT:
                    filed.append((tip_id, created))
            places = rng.choices(town.places, weights=town.place_weights, k=n_obs)
            categories = rng.choices(self.category_ids, weights=self.category_weights, k=n_obs)
            orgs = rng.choices(organisations, weights=org_weights, k=n_obs)
            for number in range(n_obs):
                day = monday + timedelta(days=rng.randrange(days))
                created = _at(day, rng.randrange(6, 20), rng.randrange(60))
                tip, source = None, rng.choices(["own", "resident", "other"], weights=[85, 10, 5])[0]
                if filed and number % 7 == 0:
                    tip, tip_created = filed.pop()
                    source, created = "tip", max(created, tip_created)
                    day = max(day, tip_created.date())
                t["observation"].add(
                    report_id=report,
                    organisation_id=orgs[number],
                    author_id=rng.choice(town.members[orgs[number]]),
                    category_id=categories[number],
                    place_id=places[number],
                    date=day,
                    count=1 + int(rng.expovariate(1.2)),
                    description=rng.choice(texts.OBSERVATIONS) + rng.choice(texts.WHEN),
                    source=source,
                    tip_id=tip,
                    created=created,
                    updated=created,
                )

    def _tip(self, town: Town, monday: date, days: int, official: int) -> tuple[int, datetime, str]:
        rng, t = self.rng, self.tables
        created = _at(monday + timedelta(days=rng.randrange(days)), rng.randrange(24), rng.randrange(60))
        created = min(created, self.now - timedelta(minutes=5))
        age = (self.now - created).days
        if age < 14:
            status = rng.choices([TipStatus.NEW, TipStatus.IN_REVIEW], weights=[60, 40])[0]
        elif age < 60:
            status = rng.choices(
                [TipStatus.IN_REVIEW, TipStatus.FORWARDED_TO_POLICE, TipStatus.USED_IN_REPORT, TipStatus.CLOSED,
                 TipStatus.SPAM], weights=[20, 15, 25, 35, 5],
            )[0]  # fmt: skip
        else:
            status = rng.choices(
                [TipStatus.CLOSED, TipStatus.SPAM, TipStatus.USED_IN_REPORT, TipStatus.FORWARDED_TO_POLICE],
                weights=[85, 8, 5, 2],
            )[0]
        finished = status in (TipStatus.CLOSED, TipStatus.SPAM)
        closed_at = min(created + timedelta(days=rng.randrange(1, 30)), self.now) if finished else None
        channel = Channel.WEB if rng.random() < 0.85 else rng.choice([Channel.PHONE, Channel.EMAIL, Channel.VISIT])
        contact = rng.random() < 0.2
        first, last = rng.choice(texts.FIRST_NAMES), rng.choice(texts.LAST_NAMES)
        messages = rng.randint(1, 4) if rng.random() < MESSAGE_SHARE else 0
        resident_last = messages % 2 == 0 and messages > 0
        tip_id = t["tip"].new_id()
        t["tip"].add(
            id=tip_id,
            municipality_id=town.id,
            status=status,
            channel=channel,
            created=created,
            updated=closed_at or created,
            category_id=rng.choice(self.public_category_ids) if rng.random() < 0.7 else None,
            place_id=rng.choices(town.places, weights=town.place_weights)[0] if rng.random() < 0.6 else None,
            description=rng.choice(texts.TIPS),
            where_text=rng.choice(texts.WHERE),
            when_text=rng.choice(texts.WHEN_TIP),
            knowledge=rng.choice([k for k, _ in Knowledge.choices]),
            contact_name=f"{first} {last}" if contact else "",
            contact_email=f"{first}.{last}@example.invalid".lower() if contact else "",
            receipt_hash=f"{rng.getrandbits(256):064x}",
            submission_token=f"{rng.getrandbits(128):032x}" if channel == Channel.WEB else None,
            close_reason=rng.choice([c for c, _ in CloseReason.choices]) if status == TipStatus.CLOSED else "",
            closed_at=closed_at,
            registry_number=f"KS {created.year}/{tip_id % 100000}" if rng.random() < 0.3 else "",
            registered_by_id=official if channel != Channel.WEB else None,
            resident_replied_at=created + timedelta(hours=2 * messages) if resident_last and not finished else None,
        )
        if channel == Channel.WEB:
            t["notification"].add(
                tip_id=tip_id, created=created, expanded_at=created + timedelta(seconds=20), recipients=1
            )
        for number in range(messages):
            resident = number % 2 == 1
            t["message"].add(
                tip_id=tip_id,
                sender=TipMessage.Sender.RESIDENT if resident else TipMessage.Sender.OFFICIAL,
                author_id=None if resident else official,
                body=rng.choice(texts.RESIDENT_MESSAGES if resident else texts.OFFICIAL_MESSAGES),
                created=created + timedelta(hours=2 * (number + 1)),
            )
        return tip_id, created, status

    # --- actions -------------------------------------------------------------------

    def _actions(self, town: Town) -> None:
        """Actions agreed each week. In closed weeks they are done or not done;
        what was not done is carried into the next week (as closing a week
        does), and the running week's actions are planned."""
        rng, t = self.rng, self.tables
        counts = self._week_counts(self.plan.actions * town.share * 0.82)  # carried copies make up the rest
        organisations = list(town.organisations.values())
        carried: list[tuple[int, str, int, int | None]] = []
        for week, count in zip(self.weeks, counts, strict=True):
            monday = week.monday
            closed = week != self.this_week
            new = [
                (None, rng.choice(texts.ACTIONS), rng.choice(organisations), rng.choice(town.places + [None]))
                for _ in range(count)
            ]
            carried_next = []
            for origin, what, organisation, place in carried + new:
                status = Action.Status.PLANNED
                if closed:
                    status = Action.Status.DONE if rng.random() < 0.8 else Action.Status.NOT_DONE
                created = _at(monday + timedelta(days=1), 9)
                action_id = t["action"].add(
                    report_id=town.reports[monday],
                    what=what,
                    responsible_organisation_id=organisation,
                    place_id=place,
                    due_date=monday + timedelta(days=rng.randrange(7, 15)),
                    status=status,
                    outcome_note="Genomfört enligt plan." if status == Action.Status.DONE else "",
                    carried_over_from_id=origin,
                    created_by_id=town.coordinator,
                    created=created,
                    updated=created,
                )
                if status == Action.Status.NOT_DONE:
                    carried_next.append((action_id, what, organisation, place))
            carried = carried_next

    # --- agreements and citizen pledges -----------------------------------------------

    def _agreements(self, town: Town) -> None:
        rng, t = self.rng, self.tables
        year = self.today.year
        kinds = [Organisation.Kind.MUNICIPALITY, "police", Organisation.Kind.HOUSING, Organisation.Kind.SCHOOL]
        parties = [town.organisations[k] for k in kinds]
        agreements = {}
        for start, end in [(year - 5, year - 2), (year - 1, year + 2)]:
            created = _at(date(start, 1, 10), 9)
            agreement = t["agreement"].add(
                municipality_id=town.id,
                title=f"Samverkansöverenskommelse {town.name} {start}–{end}",
                period_start=date(start, 1, 1),
                period_end=date(end, 12, 31),
                background=texts.BACKGROUND,
                created=created,
                updated=created,
            )
            for span in range(start, end + 1):
                agreements[span] = agreement
            for party in parties:
                t["agreement_party"].add(agreement_id=agreement, organisation_id=party)
            for position, title in enumerate(texts.PRIORITIES, start=1):
                t["priority"].add(
                    agreement_id=agreement,
                    position=position,
                    title=title,
                    causes=texts.BACKGROUND[:400],
                    goals="Minskad otrygghet enligt den årliga trygghetsmätningen.",
                    follow_up="Följs upp i veckans lägesbild och vid årets utvärdering.",
                )
            for party in parties[:3]:
                t["signatory"].add(
                    agreement_id=agreement,
                    name=f"{rng.choice(texts.FIRST_NAMES)} {rng.choice(texts.LAST_NAMES)}",
                    title="Kommundirektör" if party == parties[0] else "Chef",
                    organisation_id=party,
                    signed_on=date(start, 1, 5),
                )
        previous_pledge, previous_commitments = None, []
        for pledge_year in range(year - 4, year + 1):
            current = pledge_year == year
            published = _at(date(pledge_year, 1, 15), 9)
            pledge = t["pledge"].add(
                municipality_id=town.id,
                title=f"Medborgarlöfte {town.name} {pledge_year}",
                period_start=date(pledge_year, 1, 1),
                period_end=date(pledge_year, 12, 31),
                agreement_id=agreements.get(pledge_year),
                introduction=texts.BACKGROUND[:600],
                evaluation_due=date(pledge_year + 1, 2, 28),
                is_published=True,
                published_at=published,
                previous_id=previous_pledge,
                created=published,
                updated=published,
            )
            for party in parties[:2]:
                t["pledge_party"].add(citizenpledge_id=pledge, organisation_id=party)
            commitments = []
            for position, title in enumerate(texts.FOCUS_AREAS, start=1):
                focus = t["focus_area"].add(
                    pledge_id=pledge, position=position, title=title, description=texts.PUBLIC_SUMMARY
                )
                for number in range(1, 4):
                    commitments.append(self._commitment(town, focus, number, pledge_year, previous_commitments))
            if not current:
                t["evaluation"].add(
                    pledge_id=pledge,
                    outcome=rng.choice(["met", "partly", "not_met"]),
                    text=texts.EVALUATION,
                    evaluated_on=date(pledge_year + 1, 2, 10),
                    evaluated_by_id=town.coordinator,
                    created=_at(date(pledge_year + 1, 2, 10), 10),
                )
            previous_pledge, previous_commitments = pledge, commitments

    def _commitment(self, town: Town, focus: int, position: int, year: int, previous: list) -> tuple[int, str]:
        rng, t = self.rng, self.tables
        current = year == self.today.year
        statuses = ["planned", "ongoing", "done"] if current else ["done", "done", "cancelled", "ongoing"]
        status = rng.choice(statuses)
        target = rng.choice([None, 3, 5, 10])
        reached = min(target, rng.randrange(0, target + 1)) if target else 0
        unfinished = [c for c in previous if c[1] in ("planned", "ongoing")]
        origin = unfinished.pop()[0] if current and unfinished and position == 1 else None
        if origin is not None:
            previous.remove(next(c for c in previous if c[0] == origin))
        commitment = t["commitment"].add(
            focus_area_id=focus,
            position=position,
            what=rng.choice(texts.COMMITMENTS),
            description=texts.PUBLIC_SUMMARY,
            responsible_id=rng.choice(list(town.organisations.values())),
            target_count=target,
            target_unit="tillfällen" if target else "",
            count_reached=reached,
            place_id=rng.choice(town.places),
            due_date=date(year, rng.randint(3, 12), 1),
            status=status,
            carried_over_from_id=origin,
            updated=_at(date(year, 6, 1), 9),
        )
        for month in (4, 9):
            day = date(year, month, 12)
            if day > self.today:
                break
            t["update"].add(
                commitment_id=commitment,
                date=day,
                text="Två dialogmöten genomförda; nästa planeras efter sommaren.",
                author_id=town.coordinator,
                organisation_id=town.organisations[Organisation.Kind.MUNICIPALITY],
                is_public=month == 4 or rng.random() < 0.7,
                count_reached=reached if target else None,
                status=status,
                created=_at(day, 10),
            )
        return commitment, status


class _fast_session:
    """On PostgreSQL: no waiting for the WAL flush at each COPY's commit."""

    def __enter__(self) -> None:
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET synchronous_commit = off")

    def __exit__(self, *exc) -> None:
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET synchronous_commit = on")


# --- wiping ----------------------------------------------------------------------


def wipe() -> dict[str, int]:
    """Delete every generated municipality, user and organisation, and all
    rows that hang off them (including what the benchmark itself created:
    tips, sessions' audit events and the like). Returns rows deleted per table."""
    deleted: dict[str, int] = {}
    tables = set(connection.introspection.table_names())
    with transaction.atomic():
        towns = bench_municipalities()
        codes = list(towns.values_list("kommunkod", flat=True))
        if removed := borders.wipe(codes):
            deleted["maps_boundary"] = removed
        organisations = Organisation.objects.filter(municipalities__in=towns).exclude(
            municipalities__in=Municipality.objects.exclude(pk__in=towns)
        )
        organisation_ids = list(organisations.values_list("pk", flat=True).distinct())
        _delete(Municipality, towns, deleted, tables)
        _delete(User, User.objects.filter(username__startswith=USER_PREFIX), deleted, tables)
        _delete(Organisation, Organisation.objects.filter(pk__in=organisation_ids), deleted, tables)
    return {table: count for table, count in deleted.items() if count}


def delete_rows(model: type[models.Model], rows: models.QuerySet) -> dict[str, int]:
    """Delete `rows` and everything that refers to them (see _delete)."""
    deleted: dict[str, int] = {}
    with transaction.atomic():
        _delete(model, rows, deleted, set(connection.introspection.table_names()))
    return deleted


def _delete(
    model: type[models.Model], rows: models.QuerySet, deleted: dict[str, int], tables: set[str], depth: int = 0
) -> None:
    """Delete `rows` and, first, every row that refers to them: cascading and
    protected references are deleted (depth first), nullable ones set to NULL.
    Tables not (yet) migrated hold nothing and are passed over."""
    if depth > 8:
        raise RuntimeError(f"relations too deep at {model.__name__}")
    ids = rows.values("pk")
    for relation in model._meta.get_fields(include_hidden=True):
        if not (relation.auto_created and not relation.concrete and (relation.one_to_many or relation.one_to_one)):
            continue
        child, column = relation.related_model, relation.field.name
        if child._meta.db_table not in tables:
            continue
        children = child._base_manager.filter(**{f"{column}__in": ids})
        if relation.on_delete is models.SET_NULL:
            children.update(**{column: None})
        elif child is not model:
            _delete(child, children, deleted, tables, depth + 1)
    table = model._meta.db_table
    deleted[table] = deleted.get(table, 0) + rows._raw_delete(rows.db)

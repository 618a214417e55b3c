"""Demo walks: Arboga's 2021 citizen pledge promised "medborgardialoger och
riktade trygghetsvandringar i de mest frekventa och identifierade hot spots"
and more light and fewer bushes where the walks showed shortcomings. Here
are those walks around Stora torget and in Sätra, a dialogue in the town
centre, their findings, the actions they became and their public reports,
and one walk still to come.

The agreements demo already counts these walks on the commitment (3 of 3),
so holding them here does not count them again. Idempotent: a walk that
exists (by title) is left as it is.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.db import transaction
from django.utils import timezone

from agreements.models import Commitment
from portal.models import Category, Membership, Municipality, Organisation, Place, Role
from situation_reports import services as report_services
from situation_reports.models import Action

from . import services
from .models import Walk

KOMMUN = "Arboga kommun"
POLICE = "Lokalpolisområde Västra Mälardalen"
PLEDGE_COMMITMENT = "Medborgardialoger och riktade trygghetsvandringar"


@dataclass(frozen=True)
class DemoFinding:
    place: str
    kind: str
    description: str
    category: str
    owner: str = KOMMUN
    action: str = ""
    due: date | None = None
    done: str = ""  # the outcome, when the action is done
    resident: bool = False


@dataclass(frozen=True)
class DemoWalk:
    title: str
    starts: datetime
    meeting_place: str
    kind: str = Walk.Kind.WALK
    route: list[str] = field(default_factory=list)
    hot_spot: str = ""
    counts_for_pledge: bool = True
    findings: list[DemoFinding] = field(default_factory=list)
    summary: str = ""
    residents_said: str = ""
    parties_answered: str = ""
    held: bool = True


def _walks(today: date) -> list[DemoWalk]:
    return [
        DemoWalk(
            "Trygghetsvandring kring Stora torget",
            datetime(2021, 5, 20, 19, 0),
            "Stora torget",
            route=["Stora torget", "Nygatan", "Arboga resecentrum"],
            hot_spot="Stora torget",
            findings=[
                DemoFinding(
                    "Nygatan",
                    "dark",
                    "Gatubelysningen i passagen mellan Stora torget och Nygatan är trasig; passagen är helt mörk "
                    "på kvällen.",
                    "unsafe-environment",
                    action="Byt armaturerna i passagen mellan Stora torget och Nygatan",
                    due=date(2021, 6, 15),
                    done="Nya armaturer sattes upp den 10 juni.",
                ),
                DemoFinding(
                    "Stora torget",
                    "bushes",
                    "Buskagen vid parkeringen bakom torget skymmer sikten mot gångvägen.",
                    "unsafe-environment",
                    action="Beskär buskagen vid parkeringen bakom Stora torget",
                    due=date(2021, 9, 30),
                ),
                DemoFinding(
                    "Arboga resecentrum",
                    "graffiti",
                    "Klotter på elskåpet vid resecentrums cykelställ.",
                    "vandalism-graffiti",
                    action="Sanera klottret på elskåpet vid resecentrum",
                    due=date(2021, 6, 1),
                    done="Klottret sanerades inom en vecka.",
                ),
                DemoFinding(
                    "Arboga resecentrum",
                    "unsafe",
                    "Busshållplatsen vid resecentrum känns otrygg sent på kvällen: få människor rör sig där och "
                    "väntkuren är mörk.",
                    "unsafe-environment",
                    resident=True,
                ),
            ],
            summary="Ett tjugotal invånare gick med polisen, kommunen och Centrumföreningen från Stora torget via "
            "Nygatan till resecentrum. Vi hittade en mörk passage, skymmande buskage och klotter. Belysningen "
            "och klottret är åtgärdade; buskagen beskärs under sommaren.",
        ),
        DemoWalk(
            "Trygghetsvandring i Sätraområdet",
            datetime(2021, 9, 14, 18, 30),
            "Sätraområdet",
            route=["Sätraområdet", "Ekbacken"],
            hot_spot="Sätraområdet",
            findings=[
                DemoFinding(
                    "Sätraområdet",
                    "lock",
                    "Låset till cykelförrådet på gården är trasigt och dörren står öppen.",
                    "burglary-theft",
                    action="Laga låset till cykelförrådet i Sätraområdet",
                    due=date(2021, 10, 1),
                    done="Låset byttes den 24 september.",
                ),
                DemoFinding(
                    "Ekbacken",
                    "dark",
                    "Gångvägen mellan Sätra och Ekbacken saknar belysning på en sträcka av cirka hundra meter.",
                    "unsafe-environment",
                    action="Belysning längs gångvägen Sätra–Ekbacken",
                    due=date(2021, 11, 30),
                ),
            ],
            summary="Boende, polisen och kommunen gick genom Sätraområdet och vidare mot Ekbacken. Låset till "
            "cykelförrådet är lagat; belysningen längs gångvägen planeras till hösten.",
        ),
        DemoWalk(
            "Medborgardialog om tryggheten i centrum",
            datetime(2021, 4, 15, 18, 0),
            "Arboga centrum",
            kind=Walk.Kind.DIALOGUE,
            findings=[
                DemoFinding(
                    "Stora torget",
                    "unsafe",
                    "Flera boende upplever att mopedåkning över torget på kvällarna gör det otryggt att gå där.",
                    "motor-youth-traffic",
                    owner=POLICE,
                    action="Riktade kontroller av mopedtrafik vid Stora torget",
                    due=date(2021, 6, 30),
                ),
            ],
            residents_said="Boende tog upp mopedåkning över torget, mörka passager mot Nygatan och att "
            "butikslokaler som står tomma gör centrum öde på kvällen.",
            parties_answered="Polisen lovade riktade kontroller av mopedtrafiken under våren. Kommunen lovade "
            "att se över belysningen och bjuda in till en trygghetsvandring i maj.",
            summary="Ett fyrtiotal invånare kom till dialogen i centrum.",
        ),
        DemoWalk(
            "Kvällsvandring kring Stora torget",
            datetime.combine(today + timedelta(days=14), datetime.min.time()).replace(hour=18),
            "Stora torget",
            route=["Stora torget", "Nygatan", "Arboga centrum"],
            hot_spot="Stora torget",
            counts_for_pledge=False,
            held=False,
        ),
    ]


def load(municipalities: dict[str, Municipality]) -> None:
    municipality = municipalities.get("arboga")
    if municipality is None:
        return
    membership = (
        Membership.objects.filter(municipality=municipality, role=Role.COORDINATOR)
        .select_related("user", "organisation")
        .first()
    )
    if membership is None:
        return
    for demo in _walks(timezone.localdate()):
        if not Walk.objects.for_municipality(municipality).filter(title=demo.title).exists():
            _load_walk(municipality, membership, demo)


def _place(municipality: Municipality, name: str) -> Place | None:
    return Place.objects.for_municipality(municipality).filter(name=name).first() if name else None


@transaction.atomic
def _load_walk(municipality: Municipality, membership: Membership, demo: DemoWalk) -> None:
    actor = membership.user
    commitment = (
        Commitment.objects.for_municipality(municipality)
        .filter(what__startswith=PLEDGE_COMMITMENT, focus_area__pledge__period_start__year=2021)
        .first()
        if demo.counts_for_pledge
        else None
    )
    organisations = list(Organisation.objects.filter(municipalities=municipality, name__in=[KOMMUN, POLICE]))
    walk = Walk(
        municipality=municipality,
        kind=demo.kind,
        title=demo.title,
        starts_at=timezone.make_aware(demo.starts),
        meeting_place=_place(municipality, demo.meeting_place),
        hot_spot=_place(municipality, demo.hot_spot),
        commitment=commitment,
        invitation="Välkommen att gå med polisen och kommunen och visa oss var det känns otryggt.",
        how_to_join="Kom bara, ingen anmälan behövs. Vi går i ungefär en timme.",
    )
    route = [place for place in (_place(municipality, name) for name in demo.route) if place is not None]
    services.walk_save(actor=actor, walk=walk, organisations=organisations, route=route)
    for finding in demo.findings:
        _load_finding(municipality, actor, walk, demo, finding)
    if not demo.held:
        return
    # Already counted by the agreements demo's progress update (3 of 3).
    services.walk_hold(actor=actor, walk=walk, organisation=membership.organisation, count_towards_commitment=False)
    services.walk_report_save(
        actor=actor,
        walk=walk,
        summary=demo.summary,
        residents_said=demo.residents_said,
        parties_answered=demo.parties_answered,
        public_photos=[],
        hidden_findings=[],
        publish=True,
    )


def _load_finding(municipality: Municipality, actor, walk: Walk, demo: DemoWalk, data: DemoFinding) -> None:
    owner = Organisation.objects.filter(municipalities=municipality, name=data.owner).first()
    recorded = services.finding_record(
        walk=walk,
        data={
            "place": _place(municipality, data.place),
            "kind": data.kind,
            "description": data.description,
            "category": Category.objects.filter(slug=data.category).first(),
            "owner": None if data.resident else owner,
        },
        photos=[],
        idempotency_key=uuid.uuid5(uuid.NAMESPACE_URL, f"demo:{walk.title}:{data.description}"),
        actor=None if data.resident else actor,
    )
    if not data.action or owner is None:
        return
    action = services.finding_to_action(
        actor=actor,
        finding=recorded.finding,
        organisation=owner,
        what=data.action,
        due_date=data.due,
        today=demo.starts.date(),
    )
    if data.done:
        action = Action.objects.get(pk=action.pk)
        action.status = Action.Status.DONE
        action.outcome_note = data.done
        report_services.action_save(action=action, actor=actor)

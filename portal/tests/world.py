"""Two complete municipalities for whole-application tests: every kind of
object each app keeps, so a URL matrix can ask for any of them across the
tenant boundary. Project-wide tests live here because `portal` is also the
project package (its urls.py wires all apps together)."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Model
from django.forms.models import model_to_dict
from django.urls import URLPattern, URLResolver, get_resolver

from agreements.tests.factories import (
    AgreementFactory,
    CommitmentFactory,
    EvaluationFactory,
    FocusAreaFactory,
    PledgeFactory,
    PriorityAreaFactory,
    ProgressUpdateFactory,
)
from portal.models import Membership, Municipality, Role
from portal.tests.factories import (
    MembershipFactory,
    MunicipalityFactory,
    OrganisationFactory,
    PlaceFactory,
    UserFactory,
)
from situation_reports.analyses.models import AnalysisLink
from situation_reports.analyses.tests.factories import AnnualPlanFactory, PeriodAnalysisFactory, PlanMeasureFactory
from situation_reports.reminders.tests.factories import BriefingScheduleFactory
from situation_reports.tests.factories import (
    ActionFactory,
    DecisionFactory,
    ObservationFactory,
    PresenceEntryFactory,
    WeeklyReportFactory,
)
from situation_reports.weeks import current_week
from tips.tests.factories import ReplyTemplateFactory, TipFactory, TipMessageFactory
from walks.tests.factories import FindingFactory, FindingPhotoFactory, WalkFactory


@dataclass
class Side:
    """One municipality with one of everything, and its people."""

    municipality: Municipality
    coordinator: object
    contributor: object
    reader: object
    membership: Membership
    place: object
    agreement: object
    priority: object
    pledge: object
    focus_area: object
    commitment: object
    tip: object
    reply_template: object
    report: object
    observation: object
    action: object
    analysis: object
    analysis_link: object
    plan: object
    walk: object = None
    finding: object = None
    finding_photo: object = None
    presence: object = None
    decision: object = None
    progress_update: object = None

    @property
    def slug(self) -> str:
        return self.municipality.slug


def build_side(label: str, *, canary: str = "") -> Side:
    """Create a municipality with everything in it. `canary` is written into
    every free-text field an isolation test searches for."""
    municipality = MunicipalityFactory(name=f"Kommun {label}", slug=f"kommun-{label.lower()}")
    organisation = OrganisationFactory(name=f"Kommunen {label}", municipalities=[municipality])
    police = OrganisationFactory(name=f"Polisen {label}", kind="police", municipalities=[municipality])

    def person(role: str, organisation) -> object:
        user = UserFactory(username=f"{role}-{label.lower()}")
        MembershipFactory(user=user, municipality=municipality, organisation=organisation, role=role)
        return user

    coordinator = person(Role.COORDINATOR, organisation)
    contributor = person(Role.CONTRIBUTOR, police)
    reader = person(Role.READER, organisation)
    text = f"{canary} " if canary else ""
    place = PlaceFactory(municipality=municipality, name=f"{text}Torget {label}")
    agreement = AgreementFactory(municipality=municipality, title=f"{text}Överenskommelse {label}")
    priority = PriorityAreaFactory(agreement=agreement, title=f"{text}Narkotika {label}")
    pledge = PledgeFactory(municipality=municipality, title=f"{text}Medborgarlöfte {label}", published=True)
    focus_area = FocusAreaFactory(pledge=pledge, title=f"{text}Centrum {label}")
    commitment = CommitmentFactory(focus_area=focus_area, what=f"{text}Trygghetsvandring {label}", place=place)
    progress_update = ProgressUpdateFactory(commitment=commitment, text=f"{text}Vandring gjord {label}")
    EvaluationFactory(pledge=PledgeFactory(municipality=municipality, published=True), text=f"{text}Utvärdering")
    tip = TipFactory(municipality=municipality, description=f"{text}Tips om torget {label}", place=place)
    TipMessageFactory(tip=tip, body=f"{text}Fråga till tipsaren {label}")
    reply_template = ReplyTemplateFactory(municipality=municipality, title=f"{text}Mall {label}")
    report = WeeklyReportFactory(
        municipality=municipality, week=current_week(municipality.timezone), summary=f"{text}Veckan {label}"
    )
    observation = ObservationFactory(
        report=report, organisation=police, place=place, description=f"{text}Klotter {label}"
    )
    action = ActionFactory(report=report, what=f"{text}Åtgärd {label}", responsible_organisation=police, place=place)
    analysis = PeriodAnalysisFactory(municipality=municipality, analysis=f"{text}Analys {label}")
    analysis_link = AnalysisLink.objects.create(analysis=analysis, place=place, note=f"{text}Koppling {label}")
    analysis_link.priorities.add(priority)
    plan = AnnualPlanFactory(municipality=municipality)
    PlanMeasureFactory(plan=plan, what=f"{text}Insats {label}", responsible=police)
    BriefingScheduleFactory(municipality=municipality)
    walk = WalkFactory(municipality=municipality, title=f"{text}Vandring {label}", commitment=commitment)
    finding = FindingFactory(walk=walk, place=place, description=f"{text}Mörk gång {label}")
    finding_photo = FindingPhotoFactory(finding=finding, is_public=True)
    presence = PresenceEntryFactory(report=report, organisation=police, place=place, activity=f"{text}Närvaro {label}")
    decision = DecisionFactory(report=report, text=f"{text}Beslut {label}")
    return Side(
        municipality=municipality,
        coordinator=coordinator,
        contributor=contributor,
        reader=reader,
        membership=contributor.memberships.get(),
        place=place,
        agreement=agreement,
        priority=priority,
        pledge=pledge,
        focus_area=focus_area,
        commitment=commitment,
        tip=tip,
        reply_template=reply_template,
        report=report,
        observation=observation,
        action=action,
        analysis=analysis,
        analysis_link=analysis_link,
        plan=plan,
        walk=walk,
        finding=finding,
        finding_photo=finding_photo,
        presence=presence,
        decision=decision,
        progress_update=progress_update,
    )


def snapshot(side: Side) -> dict[str, list[dict]]:
    """Every row of the side's objects, to prove a request changed nothing."""
    objects: list[Model] = [
        side.municipality,
        side.place,
        side.membership,
        side.agreement,
        side.priority,
        side.pledge,
        side.focus_area,
        side.commitment,
        side.tip,
        side.reply_template,
        side.report,
        side.observation,
        side.action,
        side.analysis,
        side.analysis_link,
        side.plan,
        side.walk,
        side.finding,
    ]
    state = {}
    for obj in objects:
        fresh = type(obj)._default_manager.filter(pk=obj.pk).first()
        state[f"{obj._meta.label}:{obj.pk}"] = model_to_dict(fresh) if fresh else None
    state["counts"] = [
        side.report.observations.count(),
        side.report.actions.count(),
        side.tip.messages.count(),
        side.municipality.memberships.count(),
        side.municipality.places.count(),
        side.walk.findings.count(),
    ]
    return state


def url_patterns() -> list[tuple[str, str]]:
    """(name, route) of every URL pattern of the project, admin excluded."""

    def walk(patterns, prefix: str = "", namespace: str = ""):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                inner = namespace + (f"{pattern.namespace}:" if pattern.namespace else "")
                yield from walk(pattern.url_patterns, prefix + str(pattern.pattern), inner)
            elif isinstance(pattern, URLPattern):
                yield namespace + (pattern.name or ""), prefix + str(pattern.pattern)

    return [(name, route) for name, route in walk(get_resolver().url_patterns) if not name.startswith("admin:")]

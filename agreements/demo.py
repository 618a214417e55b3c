"""Demo agreements and pledges, from the source texts in shared/seeds/.

Lerum's agreement 2023–2026 and Arboga's citizen pledge 2021 are the real
ones as the texts give them (titles, priorities, focus areas, commitments,
signatories and dates); where the texts say nothing (goals, follow-up, counts,
progress) the content is invented but plausible. Borlänge's programme of
measures, Botkyrka's and Värmdö's texts become this year's pledges.

Idempotent: an agreement or pledge that exists (by municipality, title and
start) is left as it is, with whatever people have changed in it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone

from portal.models import Municipality, Organisation, Place, User

from . import services
from .models import (
    Agreement,
    AgreementSignatory,
    CitizenPledge,
    Commitment,
    FocusArea,
    PledgeSignatory,
    PriorityArea,
    ProgressUpdate,
)

S = Commitment.Status


@dataclass
class C:
    """A commitment: what, responsible organisation, and the rest optional."""

    what: str
    responsible: str
    place: str = ""
    due: date | None = None
    status: str = S.PLANNED
    target: int | None = None
    unit: str = ""
    reached: int = 0
    updates: list[tuple[date, str, str]] = field(default_factory=list)  # (date, username, text)


@dataclass
class Area:
    title: str
    description: str
    commitments: list[C]


def _org(name: str) -> Organisation:
    return Organisation.objects.get(name=name)


def _place(municipality: Municipality, name: str) -> Place | None:
    if not name:
        return None
    place, _ = Place.objects.get_or_create(municipality=municipality, name=name, defaults={"kind": Place.Kind.AREA})
    return place


def _agreement(
    municipality: Municipality,
    *,
    title: str,
    start: date,
    end: date,
    background: str,
    parties: list[str],
    priorities: list[tuple[str, str, str, str]],
    signatories: list[tuple[str, str, str, date | None]],
) -> Agreement:
    agreement, created = Agreement.objects.get_or_create(
        municipality=municipality,
        title=title,
        period_start=start,
        defaults={"period_end": end, "background": background},
    )
    if not created:
        return agreement
    agreement.parties.set([_org(name) for name in parties])
    for position, (name, causes, goals, follow_up) in enumerate(priorities, start=1):
        PriorityArea.objects.create(
            agreement=agreement, position=position, title=name, causes=causes, goals=goals, follow_up=follow_up
        )
    for name, title_, organisation, signed_on in signatories:
        AgreementSignatory.objects.create(
            agreement=agreement, name=name, title=title_, organisation=_org(organisation), signed_on=signed_on
        )
    return agreement


def _pledge(
    municipality: Municipality,
    *,
    title: str,
    start: date,
    end: date,
    introduction: str,
    parties: list[str],
    areas: list[Area],
    signatories: list[tuple[str, str, str, date | None]] = (),
    agreement: Agreement | None = None,
    published: bool = True,
) -> tuple[CitizenPledge, bool]:
    pledge, created = CitizenPledge.objects.get_or_create(
        municipality=municipality,
        title=title,
        period_start=start,
        defaults={
            "period_end": end,
            "evaluation_due": end + timedelta(days=60),
            "introduction": introduction,
            "agreement": agreement,
            "is_published": published,
            "published_at": timezone.now() if published else None,
        },
    )
    if not created:
        return pledge, False
    pledge.parties.set([_org(name) for name in parties])
    for name, title_, organisation, signed_on in signatories:
        PledgeSignatory.objects.create(
            pledge=pledge, name=name, title=title_, organisation=_org(organisation), signed_on=signed_on
        )
    for position, area in enumerate(areas, start=1):
        focus_area = FocusArea.objects.create(
            pledge=pledge, position=position, title=area.title, description=area.description
        )
        for index, spec in enumerate(area.commitments, start=1):
            commitment = Commitment.objects.create(
                focus_area=focus_area,
                position=index,
                what=spec.what,
                responsible=_org(spec.responsible),
                place=_place(municipality, spec.place),
                due_date=spec.due,
                status=spec.status,
                target_count=spec.target,
                target_unit=spec.unit,
                count_reached=spec.reached,
            )
            for day, username, text in spec.updates:
                author = User.objects.filter(username=username).first()
                membership = author.memberships.filter(municipality=municipality).first() if author else None
                ProgressUpdate.objects.create(
                    commitment=commitment,
                    date=day,
                    text=text,
                    author=author,
                    organisation=membership.organisation if membership else commitment.responsible,
                    status=spec.status,
                    count_reached=spec.reached if spec.target else None,
                )
    return pledge, True


# --- Lerum: the signed agreement 2023–2026 ----------------------------------------

LERUM_BACKGROUND = (
    "Det gemensamma målet är att öka tryggheten och minska brottsligheten i Lerums kommun. Syftet med "
    "överenskommelsen är att samordna resurser för att nå det övergripande målet, att minska brottsligheten "
    "och öka den upplevda tryggheten. Polisens och kommunens långsiktiga arbete med föreningsliv, "
    "civilsamhälle och näringsliv lyfts fram; näringslivet är en tydlig länk i överenskommelsen. "
    "Utifrån det nuvarande läget prioriteras tre områden."
)

LERUM_PRIORITIES = [
    (
        "Välfärdsbrott",
        "Bedrägerier mot Försäkringskassan och socialtjänsten, som tar pengar från den gemensamma välfärden.",
        "Fler misstänkta felaktiga utbetalningar upptäcks och anmäls; alla signaler från socialtjänsten "
        "hanteras i samverkan inom en månad.",
        "Antal anmälningar och återkrav redovisas i den gemensamma lägesbilden varje kvartal.",
    ),
    (
        "Narkotikasituationen",
        "Det finns narkotikabruk i kommunen; försäljning sker bland annat genom unga som rekryteras som springpojkar.",
        "Fler narkotikabrott upptäcks genom polisens tillslag och fler unga nås av förebyggande insatser.",
        "Anmälda narkotikabrott och genomförda insatser följs upp i lägesbilden och i årlig uppföljning.",
    ),
    (
        "Motverka rekrytering av unga till kriminella nätverk",
        "Aktörer från kriminella nätverk i Göteborg är verksamma i kommunen och rekryterar ungdomar.",
        "Etablerade kriminella nätverk ska aldrig få bita sig fast; kommunen ska aldrig bli ett utsatt område.",
        "Orosanmälningar och samverkansärenden om unga följs upp gemensamt av socialtjänst och polis.",
    ),
]

LERUM_SIGNED = date(2022, 11, 30)
LERUM_SIGNATORIES = [
    ("Johan Lundberg", "Lokalpolisområdeschef", "Lokalpolisområde Lerum", LERUM_SIGNED),
    ("Anders Hultén", "Säkerhetschef", "Lerums kommun", LERUM_SIGNED),
    ("Conny Holm", "Kommunpolis", "Lokalpolisområde Lerum", LERUM_SIGNED),
    ("Alexander Abenius (M)", "Kommunstyrelsens ordförande", "Lerums kommun", LERUM_SIGNED),
    ("Åsa Qvist Ek", "Näringslivschef", "Lerums kommun, näringslivsenheten", LERUM_SIGNED),
    ("Gull-Britt Eide", "Kommundirektör", "Lerums kommun", LERUM_SIGNED),
]


def _lerum(municipality: Municipality) -> None:
    _agreement(
        municipality,
        title="Samverkansöverenskommelse mellan Lerums kommun och Polisen 2023–2026",
        start=date(2023, 1, 1),
        end=date(2026, 12, 31),
        background=LERUM_BACKGROUND,
        parties=["Lerums kommun", "Lokalpolisområde Lerum", "Lerums kommun, näringslivsenheten"],
        priorities=LERUM_PRIORITIES,
        signatories=LERUM_SIGNATORIES,
    )


# --- Arboga: the citizen pledge 2021 --------------------------------------------------

ARBOGA_SIGNED = date(2021, 2, 16)
POLICE_VM = "Lokalpolisområde Västra Mälardalen"

ARBOGA_INTRO = (
    "Medborgarlöftet innebär att polisen och kommunen ska arbeta gemensamt kring vissa frågor för att öka "
    "tryggheten för invånarna och förebygga brott. Fokusområdena har valts ut utifrån en aktuell lägesbild "
    "i kommunen. Medborgarlöften ska öka tryggheten, förebygga brott, öka medborgarnas och lokalsamhällets "
    "delaktighet i det brottsförebyggande och trygghetsskapande arbetet och stärka förtroendet för polisens "
    "och kommunens arbete. Om ett år ska medborgarlöftet utvärderas."
)


def _arboga_areas() -> list[Area]:
    return [
        Area(
            "Centrummiljön",
            "Centrummiljön har ett flertal utvecklingsområden som kommunen och polisen vill utveckla till det "
            "bättre med näringsidkarna. Insatser mot narkotikahandel och skadegörelse är viktiga, liksom den "
            "fysiska miljön.",
            [
                C(
                    "Medborgardialoger och riktade trygghetsvandringar i de mest frekventa och identifierade hot spots",
                    POLICE_VM,
                    "Stora torget",
                    date(2021, 10, 31),
                    S.DONE,
                    3,
                    "medborgardialoger",
                    3,
                    [
                        (
                            date(2021, 5, 20),
                            "samordnare-arboga",
                            "Första trygghetsvandringen genomförd kring Stora torget.",
                        )
                    ],
                ),
                C(
                    "Fortsatt kartläggning genom det gemensamma lägesbildsarbetet och uppdatering av "
                    "identifierade hot spots vid behov",
                    "Arboga kommun",
                    status=S.DONE,
                ),
                C(
                    "Vidareutbildning av relevant personal i brottsförebyggande arbete mot hot spots",
                    POLICE_VM,
                    due=date(2021, 12, 31),
                    status=S.ONGOING,
                ),
                C(
                    "Polisen och kommunens säkerhetssamordnare följer löpande brottsutvecklingen, störningar "
                    "och händelser som leder till otrygghet",
                    "Arboga kommun",
                    status=S.ONGOING,
                ),
                C(
                    "Öka belysningen och minska buskage där trygghetsvandringarna visat brister",
                    "Arboga kommun",
                    "Arboga centrum",
                    date(2021, 11, 30),
                    S.ONGOING,
                ),
            ],
        ),
        Area(
            "Osund konkurrens",
            "Polisen ska utveckla det brottsförebyggande arbetet riktat mot företag och handlare i Arboga och "
            "samverka myndighetsgemensamt med tobakstillsyn, miljö- och hälsofrågor, så att alla kan "
            "konkurrera på lika villkor.",
            [
                C(
                    "Fortsatt arbete med de aktörer som är organiserade för samverkan i område Sätra",
                    POLICE_VM,
                    "Sätraområdet",
                    status=S.DONE,
                ),
                C(
                    "Polisen är aktiv i förändringsarbetet under 2021 kring utbyggnad och ombyggnationer på "
                    "Sätraområdet",
                    POLICE_VM,
                    "Sätraområdet",
                    date(2021, 12, 31),
                    S.ONGOING,
                ),
                C(
                    "Gemensam tillsyn av polis och kommun (tobak, miljö och hälsa)",
                    "Arboga kommun",
                    due=date(2021, 12, 31),
                    status=S.DONE,
                    target=4,
                    unit="tillsynsbesök",
                    reached=4,
                ),
            ],
        ),
        Area(
            "Motorburen ungdom",
            "Polisen och kommunen arbetar gemensamt för att förebygga brott och involvera ungdomarna.",
            [
                C(
                    "Dialogträffar med motorburen ungdom om trafik och ordning",
                    POLICE_VM,
                    "Arboga resecentrum",
                    date(2021, 9, 30),
                    S.DONE,
                    2,
                    "dialogträffar",
                    2,
                ),
                C(
                    "Intensifierad övervakning där återkommande ordningsstörningar förekommer",
                    POLICE_VM,
                    "Nygatan",
                    status=S.ONGOING,
                ),
            ],
        ),
    ]


def _arboga(municipality: Municipality) -> None:
    agreement = _agreement(
        municipality,
        title="Samverkansöverenskommelse mellan Arboga kommun och Polisen",
        start=date(2021, 1, 1),
        end=date(2023, 12, 31),
        background="Beskriver och konkretiserar hur polisen och kommunen ska samverka i det "
        "brottsförebyggande arbetet.",
        parties=["Arboga kommun", POLICE_VM],
        priorities=[("Centrummiljön", "", "", ""), ("Osund konkurrens", "", "", ""), ("Motorburen ungdom", "", "", "")],
        signatories=[
            ("Tomas Karlsson", "Kommundirektör", "Arboga kommun", ARBOGA_SIGNED),
            ("Björn Wilhelmsson", "Lokalpolisområdeschef", POLICE_VM, ARBOGA_SIGNED),
        ],
    )
    pledge, created = _pledge(
        municipality,
        title="Medborgarlöften i Arboga kommun 2021",
        start=date(2021, 1, 1),
        end=date(2021, 12, 31),
        introduction=ARBOGA_INTRO,
        parties=["Arboga kommun", POLICE_VM],
        areas=_arboga_areas(),
        agreement=agreement,
        signatories=[
            ("Björn Wilhelmsson", "Lokalpolisområdeschef i Västra Mälardalen", POLICE_VM, ARBOGA_SIGNED),
            ("Jonna Lindman (M)", "Kommunstyrelsens ordförande", "Arboga kommun", ARBOGA_SIGNED),
        ],
    )
    if not created:
        return
    coordinator = User.objects.filter(username="samordnare-arboga").first()
    services.evaluation_record(
        actor=coordinator,
        pledge=pledge,
        outcome="partly",
        evaluated_on=date(2022, 2, 15),
        text="Medborgardialogerna och trygghetsvandringarna vid de identifierade hot spots genomfördes och "
        "den gemensamma tillsynen kom igång. Utbildningen av personal och arbetet på Sätraområdet blev inte "
        "klart under året och förs över till 2022 års medborgarlöfte.",
    )
    services.pledge_start_next_period(
        actor=coordinator,
        pledge=pledge,
        title="Medborgarlöften i Arboga kommun 2022",
        period_start=date(2022, 1, 1),
        period_end=date(2022, 12, 31),
    )


# --- This year's pledges: Borlänge, Botkyrka, Värmdö ----------------------------------


def _borlange(municipality: Municipality, year: int, today: date) -> None:
    police, kommun = "Lokalpolisområde Borlänge", "Borlänge kommun"
    areas = [
        Area(
            "Polisiär närvaro och trygghetskameror",
            "Det ska vara svårt att ägna sig åt kriminell verksamhet i Borlänge: fler poliser och fler kameror "
            "på utvalda platser.",
            [
                C("Styrkan av områdespoliser blir 9", police, "", date(year, 12, 31), S.ONGOING, 9, "områdespoliser",
                  7, [(today - timedelta(days=40), "polis-bergslagen", "Två nya områdespoliser har börjat.")]),
                C("Nya kamerapunkter på utvalda platser", kommun, "Borlänge centrum", today + timedelta(days=20),
                  S.ONGOING, 15, "kamerapunkter", 9,
                  [(today - timedelta(days=14), "samordnare-borlange", "Kamerapunkterna vid resecentrum är i drift.")]),
                C("Nya trygghetskameror vid kamerapunkterna", kommun, "Borlänge resecentrum",
                  today + timedelta(days=20), S.ONGOING, 75, "kameror", 41),
                C("Ordningsvakter på fler platser i kommunen", kommun, "Hagalund", date(year, 6, 30), S.DONE),
            ],
        ),
        Area(
            "Välfärdsbrott och olovlig andrahandsuthyrning",
            "Kommunen och statliga verksamheter arbetar tillsammans mot bidragsfusk; Tunabyggen intensifierar "
            "arbetet mot olovlig andrahandsuthyrning.",
            [
                C("Samarbete mellan kommunen, Försäkringskassan, Skatteverket, Kronofogden och Arbetsförmedlingen "
                  "mot bidragsfusk", kommun, "", today - timedelta(days=10), S.ONGOING),
                C("Kontroller av misstänkt olovlig andrahandsuthyrning", "Tunabyggen", "Jakobsgårdarna",
                  date(year, 12, 31), S.ONGOING, 60, "kontroller", 38,
                  [(today - timedelta(days=30), "bostad-borlange", "Tolv lägenheter kontrollerade i oktober.")]),
            ],
        ),
        Area(
            "Unga, skolan och förebyggande arbete",
            "Långsiktiga och förebyggande åtgärder som minskar risken att unga väljer en brottslig bana.",
            [
                C("Intensifierad avhopparverksamhet", kommun, "", date(year, 12, 31), S.ONGOING),
                C("Drogkontroller och droghundar på utvalda skolor", kommun, "", today + timedelta(days=25),
                  S.ONGOING, 6, "skolor", 4),
                C("Stöd till föräldrar i föräldrarollen", kommun, "", date(year, 9, 30), S.DONE),
                C("Samverkan med näringslivet om jobb och utbildning för unga vuxna", kommun, "", None, S.PLANNED),
                C("Samverkan med andra kommuner i liknande situation, bland annat Södertälje", kommun, "", None,
                  S.ONGOING),
            ],
        ),
    ]  # fmt: skip
    _pledge(
        municipality,
        title=f"Åtgärdsprogram för ett tryggare Borlänge {year}",
        start=date(year, 1, 1),
        end=date(year, 12, 31),
        introduction="De senaste åren har allvarliga brott skakat Borlänge. Kommunen och polisen har en samsyn "
        "på hur problemen ska lösas och agerar utifrån en gemensam lägesbild.",
        parties=[kommun, police, "Tunabyggen", "Försäkringskassan"],
        areas=areas,
    )


def _botkyrka(municipality: Municipality, year: int, today: date) -> None:
    police, kommun = "Lokalpolisområde Botkyrka", "Botkyrka kommun"
    areas = [
        Area(
            "Trygghet vid tunnelbanan och i centrum",
            "Otryggheten är störst vid och runt tunnelbanan och vissa centrum vid vissa tider, framför allt för "
            "kvinnor.",
            [
                C("Trygghetskameror vid Alby tunnelbanestation", kommun, "Alby tunnelbanestation",
                  today + timedelta(days=12), S.ONGOING, 8, "kameror", 5),
                C("Trygghetskameror i Fittja centrum", kommun, "Fittja centrum", date(year, 12, 31), S.PLANNED),
                C("Gemensam lägesbild varje vecka med kommun, skola, socialtjänst, Botkyrkabyggen och polis", police,
                  "", date(year, 12, 31), S.ONGOING, 52, "veckomöten", 46,
                  [(today - timedelta(days=7), "polis-botkyrka", "Veckans lägesbild klar; fokus på Alby centrum.")]),
            ],
        ),
        Area(
            "Våldsförebyggande arbete i skolan",
            "Strategiskt våldsförebyggande arbete i alla skolor och alla åldrar, mellan skolan, polisen, "
            "räddningstjänsten och socialtjänsten.",
            [
                C("MVP (Mentors in Violence Prevention) på högstadieskolorna", "Botkyrka kommun, skolförvaltningen",
                  "", date(year, 12, 31), S.ONGOING, 10, "skolor", 7,
                  [(today - timedelta(days=20), "skola-botkyrka", "MVP startade på ytterligare två skolor.")]),
                C("Tåget för elever i riskzonen", "Botkyrka kommun, socialtjänsten", "", today - timedelta(days=5),
                  S.ONGOING),
            ],
        ),
        Area(
            "Civilsamhälle och nattvandring",
            "Levande stadsdelar med fler nattvandringar, föreningsaktiviteter på helgerna och grannsamverkan.",
            [
                C("Nattvandringar tillsammans med föreningar", "Botkyrkabyggen", "Hallunda", date(year, 12, 31),
                  S.ONGOING, 40, "nattvandringar", 31),
                C("Invånare kan bidra till lägesbilden per mejl och telefon", kommun, "", None, S.DONE),
            ],
        ),
    ]  # fmt: skip
    _pledge(
        municipality,
        title=f"Medborgarlöfte för ett tryggare Botkyrka {year}",
        start=date(year, 1, 1),
        end=date(year, 12, 31),
        introduction="Genom att varje vecka göra gemensamma lägesbilder kan kommun, polis och Botkyrkabyggen "
        "gemensamt förebygga och agera. Trygghet ska inte vara en klassfråga.",
        parties=[kommun, police, "Botkyrkabyggen"],
        areas=areas,
    )


def _varmdo(municipality: Municipality, year: int, today: date) -> None:
    police, kommun = "Lokalpolisområde Nacka", "Värmdö kommun"
    areas = [
        Area(
            "Unga",
            "Kommunens fältverksamhet Polarna och nattvandrarna behöver mer samverkansstöd av polisen ute på fältet.",
            [
                C("Gemensamma fältkvällar med Polarna, nattvandrare och polis", "Värmdö kommun, fältgruppen",
                  "Gustavsbergs centrum", date(year, 12, 31), S.ONGOING, 20, "fältkvällar", 13),
            ],
        ),
        Area(
            "Narkotika",
            "Polisen ansvarar för att stoppa försäljning; kommunen bidrar i det förebyggande arbetet inom skola, "
            "socialtjänst och fritid.",
            [
                C("Ökad polisiär närvaro mot narkotikaförsäljning", police, "Värmdö marknad",
                  today + timedelta(days=28), S.ONGOING),
                C("Förebyggande föräldramöten om narkotika i skolorna", kommun, "", date(year, 11, 15), S.ONGOING,
                  6, "föräldramöten", 4),
            ],
        ),
        Area(
            "Trafik",
            "Trafiksäkerhet och störande trafik är ett av områdena för det operativa samarbetet.",
            [
                C("Gemensamma trafikkontroller", police, "Hemmesta", date(year, 12, 31), S.PLANNED, 10,
                  "kontroller", 0),
            ],
        ),
    ]  # fmt: skip
    _pledge(
        municipality,
        title=f"Medborgarlöfte Värmdö {year}",
        start=date(year, 1, 1),
        end=date(year, 12, 31),
        introduction="Värmdö är enligt Länsstyrelsens regionala lägesbild en trygg plats att bo och vistas i och "
        "ska så förbli. Kommunen ökar sina proaktiva insatser och vill att polisen möter upp.",
        parties=[kommun, police, "Värmdö kommun, fältgruppen"],
        areas=areas,
    )


@transaction.atomic
def load(municipalities: dict[str, Municipality]) -> None:
    today = timezone.localdate()
    _lerum(municipalities["lerum"])
    _arboga(municipalities["arboga"])
    _borlange(municipalities["borlange"], today.year, today)
    _botkyrka(municipalities["botkyrka"], today.year, today)
    _varmdo(municipalities["varmdo"], today.year, today)

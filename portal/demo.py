"""Demo content of the core: the five municipalities of the source texts,
their real organisations, places and demo logins.

Idempotent: running it again updates what exists and creates what is
missing; it never duplicates rows nor resets a password someone changed.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction

from .models import Membership, Municipality, Organisation, Place, Role, User

DEMO_PASSWORD = "trygghet-demo"

Kind = Organisation.Kind
PlaceKind = Place.Kind


@dataclass(frozen=True)
class DemoMunicipality:
    slug: str
    name: str
    kommunkod: str
    county: str
    description: str
    organisations: list[tuple[str, str]]  # (name, kind)
    places: list[tuple[str, str]]  # (name, kind)


MUNICIPALITIES = [
    DemoMunicipality(
        "borlange",
        "Borlänge",
        "2081",
        "Dalarnas län",
        "Borlänge kommun och polisen satsar på fler områdespoliser, trygghetskameror, väktare och "
        "avhopparverksamhet, och samarbetar med myndigheter mot välfärdsbrott.",
        [
            ("Borlänge kommun", Kind.MUNICIPALITY),
            ("Lokalpolisområde Borlänge", Kind.POLICE),
            ("Tunabyggen", Kind.HOUSING),
            ("Försäkringskassan", Kind.OTHER),
            ("Polisregion Bergslagen", Kind.POLICE),
        ],
        [
            ("Borlänge centrum", PlaceKind.CENTRE),
            ("Jakobsgårdarna", PlaceKind.AREA),
            ("Tjärna Ängar", PlaceKind.AREA),
            ("Borlänge resecentrum", PlaceKind.STATION),
            ("Hagalund", PlaceKind.AREA),
        ],
    ),
    DemoMunicipality(
        "botkyrka",
        "Botkyrka",
        "0127",
        "Stockholms län",
        "Varje vecka tar kommunens säkerhetsavdelning, skolan, socialtjänsten, Botkyrkabyggen och "
        "polisen fram en gemensam lägesbild och planerar nästa veckas insatser.",
        [
            ("Botkyrka kommun", Kind.MUNICIPALITY),
            ("Botkyrka kommun, skolförvaltningen", Kind.SCHOOL),
            ("Botkyrka kommun, socialtjänsten", Kind.SOCIAL_SERVICES),
            ("Lokalpolisområde Botkyrka", Kind.POLICE),
            ("Botkyrkabyggen", Kind.HOUSING),
        ],
        [
            ("Alby centrum", PlaceKind.CENTRE),
            ("Fittja centrum", PlaceKind.CENTRE),
            ("Hallunda", PlaceKind.AREA),
            ("Norsborg", PlaceKind.AREA),
            ("Tumba station", PlaceKind.STATION),
            ("Alby tunnelbanestation", PlaceKind.STATION),
        ],
    ),
    DemoMunicipality(
        "lerum",
        "Lerum",
        "1441",
        "Västra Götalands län",
        "Lerums kommun och lokalpolisen har en samverkansöverenskommelse för 2023–2026 med tre "
        "prioriteringar: välfärdsbrott, narkotika och rekrytering av unga till kriminella nätverk.",
        [
            ("Lerums kommun", Kind.MUNICIPALITY),
            ("Lokalpolisområde Lerum", Kind.POLICE),
            ("Lerums kommun, näringslivsenheten", Kind.BUSINESS),
        ],
        [
            ("Lerums centrum", PlaceKind.CENTRE),
            ("Lerum station", PlaceKind.STATION),
            ("Gråbo", PlaceKind.AREA),
            ("Floda centrum", PlaceKind.CENTRE),
        ],
    ),
    DemoMunicipality(
        "varmdo",
        "Värmdö",
        "0120",
        "Stockholms län",
        "Värmdö kommun ökar sina proaktiva insatser och vill stärka samarbetet med polisen kring "
        "unga, narkotika och trafik.",
        [
            ("Värmdö kommun", Kind.MUNICIPALITY),
            ("Lokalpolisområde Nacka", Kind.POLICE),
            ("Värmdö kommun, fältgruppen", Kind.SOCIAL_SERVICES),
        ],
        [
            ("Gustavsbergs centrum", PlaceKind.CENTRE),
            ("Hemmesta", PlaceKind.AREA),
            ("Brunn", PlaceKind.AREA),
            ("Värmdö marknad", PlaceKind.CENTRE),
        ],
    ),
    DemoMunicipality(
        "arboga",
        "Arboga",
        "1984",
        "Västmanlands län",
        "Polisen och Arboga kommun har undertecknat ett medborgarlöfte med fokus på centrummiljön, "
        "osund konkurrens och motorburen ungdom.",
        [
            ("Arboga kommun", Kind.MUNICIPALITY),
            ("Lokalpolisområde Västra Mälardalen", Kind.POLICE),
            ("Polisregion Bergslagen", Kind.POLICE),
            ("Arboga Centrumförening", Kind.BUSINESS),
        ],
        [
            ("Stora torget", PlaceKind.CENTRE),
            ("Arboga centrum", PlaceKind.CENTRE),
            ("Arboga resecentrum", PlaceKind.STATION),
            ("Nygatan", PlaceKind.HOT_SPOT),
            ("Ekbacken", PlaceKind.AREA),
        ],
    ),
]

# (username, first name, last name, title, [(slug, organisation, role)])
PEOPLE: list[tuple[str, str, str, str, list[tuple[str, str, str]]]] = [
    (
        "samordnare-borlange",
        "Karin",
        "Dahl",
        "Säkerhetssamordnare",
        [("borlange", "Borlänge kommun", Role.COORDINATOR)],
    ),
    (
        "samordnare-botkyrka",
        "Amir",
        "Haddad",
        "Säkerhetssamordnare",
        [("botkyrka", "Botkyrka kommun", Role.COORDINATOR)],
    ),
    ("samordnare-lerum", "Anders", "Hultén", "Säkerhetschef", [("lerum", "Lerums kommun", Role.COORDINATOR)]),
    (
        "samordnare-varmdo",
        "Sofia",
        "Berg",
        "Trygghetssamordnare",
        [("varmdo", "Värmdö kommun", Role.COORDINATOR)],
    ),
    (
        "samordnare-arboga",
        "Lena",
        "Ek",
        "Säkerhetssamordnare",
        [("arboga", "Arboga kommun", Role.COORDINATOR)],
    ),
    (
        "polis-bergslagen",
        "Björn",
        "Nyberg",
        "Analytiker, Polisregion Bergslagen",
        [
            ("arboga", "Polisregion Bergslagen", Role.CONTRIBUTOR),
            ("borlange", "Polisregion Bergslagen", Role.CONTRIBUTOR),
        ],
    ),
    (
        "polis-botkyrka",
        "Maria",
        "Lind",
        "Kommunpolis",
        [("botkyrka", "Lokalpolisområde Botkyrka", Role.CONTRIBUTOR)],
    ),
    (
        "bostad-botkyrka",
        "Jonas",
        "Åberg",
        "Trygghetsvärd, Botkyrkabyggen",
        [("botkyrka", "Botkyrkabyggen", Role.CONTRIBUTOR)],
    ),
    (
        "skola-botkyrka",
        "Eva",
        "Sjöberg",
        "Rektor",
        [("botkyrka", "Botkyrka kommun, skolförvaltningen", Role.CONTRIBUTOR)],
    ),
    (
        "social-botkyrka",
        "Omar",
        "Yilmaz",
        "Fältsekreterare",
        [("botkyrka", "Botkyrka kommun, socialtjänsten", Role.CONTRIBUTOR)],
    ),
    (
        "bostad-borlange",
        "Per",
        "Holm",
        "Områdeschef, Tunabyggen",
        [("borlange", "Tunabyggen", Role.CONTRIBUTOR)],
    ),
    ("polis-lerum", "Conny", "Holm", "Kommunpolis", [("lerum", "Lokalpolisområde Lerum", Role.CONTRIBUTOR)]),
    ("lasare-arboga", "Tomas", "Karlsson", "Kommundirektör", [("arboga", "Arboga kommun", Role.READER)]),
]


def _user(username: str, first: str, last: str, title: str, *, superuser: bool = False) -> User:
    user, created = User.objects.get_or_create(
        username=username,
        defaults={
            "first_name": first,
            "last_name": last,
            "title": title,
            "email": f"{username}@example.org",
            "email_verified": True,
            "is_staff": superuser,
            "is_superuser": superuser,
        },
    )
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save(update_fields=["password"])
    return user


@transaction.atomic
def load() -> dict[str, Municipality]:
    """Create or update the core demo data; returns the municipalities by slug."""
    municipalities: dict[str, Municipality] = {}
    for demo in MUNICIPALITIES:
        municipality, _ = Municipality.objects.update_or_create(
            slug=demo.slug,
            defaults={
                "name": demo.name,
                "kommunkod": demo.kommunkod,
                "county": demo.county,
                "description": demo.description,
            },
        )
        municipalities[demo.slug] = municipality
        for name, kind in demo.organisations:
            organisation, _ = Organisation.objects.get_or_create(name=name, defaults={"kind": kind})
            organisation.municipalities.add(municipality)
        for name, kind in demo.places:
            Place.objects.get_or_create(municipality=municipality, name=name, defaults={"kind": kind})

    _user("admin", "Admin", "Adminsson", "Systemförvaltare", superuser=True)
    for username, first, last, title, memberships in PEOPLE:
        user = _user(username, first, last, title)
        for slug, organisation_name, role in memberships:
            Membership.objects.update_or_create(
                user=user,
                municipality=municipalities[slug],
                defaults={"organisation": Organisation.objects.get(name=organisation_name), "role": role},
            )
    return municipalities

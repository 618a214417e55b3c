"""The place-not-person rule (EST): texts officials write about the
collaboration's work describe places and situations, never people.

`check(text)` returns what in the text points at a person:

- hard identifiers, always refused: personnummer and samordningsnummer,
  phone numbers, e-mail addresses, Swedish registration plates (ABC123,
  ABC12A), street addresses with a number (Albyvägen 3) and ages ("17 år",
  "17-åring");
- a soft signal, a likely person's name: a common Swedish given name
  followed by a capitalised word (a surname from the list, or a word that is
  not the name of a place or an institution). The official rewrites it, or
  confirms with a reason that is recorded.

The names are Statistics Sweden's 500 most common female and male given
names and surnames, as the Faker package ships them (faker.providers.person.
sv_SE); a name outside that list is still caught when it is followed by a
surname of the list or by a typical surname ending (-sson, -berg, -ström…).
tests/test_est_corpus.py measures recall and false positives.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from django.utils.translation import gettext as _


@dataclass(frozen=True)
class Finding:
    kind: str
    text: str
    hard: bool

    @property
    def message(self) -> str:
        return MESSAGES[self.kind]() % {"part": self.text}


MESSAGES = {
    "personal_number": lambda: _("“%(part)s” looks like a personal identity or coordination number."),
    "phone": lambda: _("“%(part)s” looks like a phone number."),
    "email": lambda: _("“%(part)s” is an e-mail address."),
    "plate": lambda: _("“%(part)s” looks like a vehicle registration number."),
    "address": lambda: _("“%(part)s” is a street address with a number: name the area or the place instead."),
    "age": lambda: _("“%(part)s” gives someone's age."),
    "name": lambda: _("“%(part)s” looks like a person's name."),
}

_DAY = r"(?:0[1-9]|[12]\d|3[01]|6[1-9]|[78]\d|9[01])"  # samordningsnummer: day + 60
PERSONAL_NUMBER = re.compile(rf"(?<![\d-])(?:19|20)?\d{{2}}(?:0[1-9]|1[0-2]){_DAY}[-+ ]?\d{{4}}(?!\d)")
PHONE = re.compile(r"(?<![\d+])(?:\+46[ -]?\(?0?\)?|0)[ -]?\d{1,3}(?:[ -]?\d{2,3}){2,3}(?!\d)")
EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
# Letters I, Q, V, Å, Ä and Ö are not used; the last character may be a letter since 2019.
PLATE = re.compile(r"(?<![\w-])[A-HJ-PR-UW-Z]{3} ?\d{2}[A-HJ-PR-UW-Z\d](?![\w-])", re.IGNORECASE)
STREET = (
    r"vägen|väg|gatan|gata|gränd|gränden|backe|backen|stigen|stig|allén|allé|leden|platsen|plan|"
    r"esplanaden|promenaden|liden|torg|torget|vägen|slingan|ringen|bågen|hagen|gången|strand|stranden"
)
# "Albyvägen 3", "Fittja gårdsväg 2", "Hallunda torg 4".
ADDRESS = re.compile(rf"\b[A-ZÅÄÖ][\wåäöéü]*(?: [a-zåäö]*)?(?:{STREET})\s+\d{{1,4}}\s?[A-Za-z]?\b(?![:.,]?\d)")
AGE_WORD = re.compile(r"\b\d{1,2}[- ]?åring(?:en|ar|arna|a)?\b|\b\d{1,2}[- ]?årig(?:a|e)?\b", re.IGNORECASE)
AGE_YEARS = re.compile(r"(?P<before>\b\w+\b[ ,]*)?\b(?P<age>\d{1,2}) ?år(?: gammal| gamla| gammalt)?\b")
# "i 2 år", "sedan 5 år": a duration, not an age ("en man på 30 år" is an age).
DURATION = {
    "i",
    "under",
    "sedan",
    "för",
    "om",
    "varje",
    "efter",
    "senaste",
    "inom",
    "nästan",
    "över",
    "än",
    "ytterligare",
    "drygt",
    "knappt",
    "minst",
}
# A bare "N år" below this is read as a duration; "7-åring", "7 år gammal" still count.
YOUNGEST_BARE_AGE = 10

PLACE_WORDS = {
    "torg",
    "torget",
    "plan",
    "kyrka",
    "kyrkan",
    "skola",
    "skolan",
    "gymnasium",
    "gymnasiet",
    "park",
    "parken",
    "väg",
    "vägen",
    "gata",
    "gatan",
    "gård",
    "gården",
    "backe",
    "backen",
    "hall",
    "hallen",
    "bad",
    "badet",
    "centrum",
    "station",
    "stationen",
    "bro",
    "bron",
    "plats",
    "platsen",
    "sjukhus",
    "sjukhuset",
    "förskola",
    "förskolan",
    "bibliotek",
    "biblioteket",
    "kapell",
    "kapellet",
    "äng",
    "ängen",
    "udde",
    "holme",
    "strand",
    "stranden",
    "stadion",
    "arena",
    "arenan",
    "hus",
    "huset",
    "teater",
    "teatern",
    "skog",
    "skogen",
}
SURNAME_ENDINGS = ("sson", "son", "berg", "ström", "qvist", "kvist", "gren", "lund", "dahl", "holm", "lin", "ler")
WORD = re.compile(r"[A-ZÅÄÖ][a-zåäöéü]+(?:-[A-ZÅÄÖ][a-zåäöéü]+)?")


@cache
def _names() -> tuple[frozenset[str], frozenset[str]]:
    from faker.providers.person.sv_SE import Provider

    given = {*Provider.first_names_female, *Provider.first_names_male}
    return frozenset(given), frozenset(Provider.last_names)


def _likely_names(text: str) -> list[str]:
    given, surnames = _names()
    found = []
    words = list(WORD.finditer(text))
    for first, second in zip(words, words[1:], strict=False):
        if first.group() not in given or text[first.end() : second.start()] != " ":
            continue
        following = text[second.end() :].lstrip()
        next_word = following.split(" ", 1)[0].strip(".,;:!?").lower() if following else ""
        surname = second.group()
        genitive = surname.endswith("s") and surname[:-1] in surnames
        if next_word in PLACE_WORDS or (genitive and next_word in PLACE_WORDS):
            continue  # Karl Johans torg, Anna Whitlocks gymnasium
        if surname in surnames or surname.endswith(SURNAME_ENDINGS) or surname not in given:
            found.append(f"{first.group()} {surname}")
    # A given name on its own, inside a sentence, e.g. "Kalle langar".
    for word in words:
        name = word.group()
        if name in given and word.start() > 0 and not any(name in f for f in found):
            before = text[: word.start()].rstrip()
            if before and before[-1] not in ".!?:" and not _next_is_place(text[word.end() :]):
                found.append(name)
    return found


def _next_is_place(rest: str) -> bool:
    words = rest.strip().split(" ", 2)
    candidates = [w.strip(".,;:!?").lower() for w in words[:2]]
    return any(w in PLACE_WORDS for w in candidates)


def check(text: str) -> list[Finding]:
    """What in `text` points at a person, hard identifiers first."""
    text = text or ""
    findings: list[Finding] = []
    for kind, pattern in (
        ("personal_number", PERSONAL_NUMBER),
        ("email", EMAIL),
        ("phone", PHONE),
        ("plate", PLATE),
        ("address", ADDRESS),
        ("age", AGE_WORD),
    ):
        for match in pattern.finditer(text):
            part = match.group().strip()
            if not any(part in f.text or f.text in part for f in findings):
                findings.append(Finding(kind, part, hard=True))
    for match in AGE_YEARS.finditer(text):
        before = (match.group("before") or "").strip(" ,").lower()
        bare = "gam" not in match.group()
        if before not in DURATION and not (bare and int(match.group("age")) < YOUNGEST_BARE_AGE):
            part = match.group()[len(match.group("before") or "") :].strip()
            findings.append(Finding("age", part, hard=True))
    for name in _likely_names(text):
        findings.append(Finding("name", name, hard=False))
    return findings


def flags(text: str) -> bool:
    return bool(check(text))


RULE = lambda: _(  # noqa: E731 - translated when shown
    "Describe places and situations, never people: no names, personal identity numbers, "
    "vehicle registration numbers or descriptions that could identify someone."
)


class ESTCheckedForm:
    """Form mixin: the fields named in `est_fields` are checked with `check()`.

    A hard identifier is refused, quoting it. A likely name is refused too
    unless the official ticks that it is not about a person and says why;
    then `est_confirmation` holds the checked fields and the reason (never
    the flagged words) for the caller to record with `record_confirmation`.
    What was typed stays in the form either way."""

    est_fields: tuple[str, ...] = ()

    def __init__(self, *args, **kwargs) -> None:
        from django import forms

        super().__init__(*args, **kwargs)
        self.est_confirmation: dict | None = None
        self.fields["est_confirm"] = forms.BooleanField(
            label=_("It is not about a person"), required=False, widget=forms.HiddenInput
        )
        self.fields["est_reason"] = forms.CharField(
            label=_("Why it is not about a person"), max_length=200, required=False, widget=forms.HiddenInput
        )

    def clean(self):
        from django import forms

        data = super().clean()
        # Not data of the form's object: kept out of what views pass on.
        confirmed = data.pop("est_confirm", False)
        reason = (data.pop("est_reason", "") or "").strip()
        soft = []
        for name in self.est_fields:
            findings = check(data.get(name) or "")
            hard = [f for f in findings if f.hard]
            if hard:
                self.add_error(name, " ".join(f.message for f in hard) + " " + RULE())
            elif findings:
                soft.append((name, findings))
        if not soft:
            return data
        if confirmed and reason:
            self.est_confirmation = {"fields": [name for name, _ in soft], "reason": reason}
            return data
        self.fields["est_confirm"].widget = forms.CheckboxInput()
        self.fields["est_reason"].widget = forms.TextInput()
        for name, findings in soft:
            message = " ".join(f.message for f in findings)
            self.add_error(
                name,
                message + " " + _("Rewrite it, or tick that it is not about a person and say why (it is recorded)."),
            )
        return data


def record_confirmation(form, *, actor, municipality, obj) -> None:
    """Record that an official confirmed a flagged text was not about a person."""
    from portal.services import audit_record

    confirmation = getattr(form, "est_confirmation", None)
    if confirmation:
        detail = f"fields={','.join(confirmation['fields'])} reason={confirmation['reason']}"
        audit_record(actor=actor, action="est.confirmed", municipality=municipality, obj=obj, detail=detail[:300])

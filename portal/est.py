"""The place-not-person rule (EST): texts officials write about the
collaboration's work describe places and situations, never people.

`check(text)` returns what in the text points at a person:

- hard identifiers, always refused: personnummer and samordningsnummer
  (with or without century, -, + or a space), phone numbers (070-…, 08-…,
  (08) …, +46 …, 0046 …), e-mail addresses (also "namn(at)gmail.com"),
  social-media handles (@kalle_s, zlatan_0707), Swedish registration plates
  (ABC123, ABC 12A; lower case only without a space), street addresses with
  a number (Albyvägen 3B, tumbavägen 12, Ringvägen nr 9), flat numbers
  (lgh 1102) and ages ("17 år", "ca 16 år", "17-åring", "en 15-årig",
  "flickan, 14", "i 40-årsåldern", "född 2010"; "i ca 10 år", "för 15 år
  sedan" and an age group "13–17 år" are not ages);
- softer signals, which the official rewrites or confirms with a reason that
  is recorded: a likely name (a given name and a surname, also in lower
  case, hyphenated, with an initial "Mohammed A.", a nickname "Jocke
  Persson", initials "K.S.", "K. Svensson", "familjen Lindgren", "kallas
  Bullen", a lone -sson surname) and a description that singles out one
  person ("grannen i 3:an", "tjejen i 8B", "killen med röd jacka",
  "hans bror", "vaktmästarens son").

The names are Statistics Sweden's 500 most common female and male given
names and surnames, as the Faker package ships them (faker.providers.person.
sv_SE); a name outside that list is still caught when it is followed by a
surname of the list or by a typical surname ending (-sson, -berg, -ström,
-ić, -ski…). The word lists live in est_words.py. tests/test_est_corpus.py
and tests/test_est_holdout.py measure recall and false positives.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from django.utils.translation import gettext as _

from portal import est_words as words
from portal.est_words import (
    AFTER_DURATION,
    APPROXIMATELY,
    COMMON_WORDS,
    DURATION,
    FOREIGN_SURNAME_ENDINGS,
    NICKNAME_ENDINGS,
    PLACE_WORDS,
    STOPWORDS,
    SURNAME_ENDINGS,
)


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
    "flat": lambda: _("“%(part)s” is a flat number: name the area or the place instead."),
    "age": lambda: _("“%(part)s” gives someone's age."),
    "name": lambda: _("“%(part)s” looks like a person's name."),
    "handle": lambda: _("“%(part)s” looks like a user name on social media."),
    "description": lambda: _("“%(part)s” could single out one person."),
}

_DAY = r"(?:0[1-9]|[12]\d|3[01]|6[1-9]|[78]\d|9[01])"  # samordningsnummer: day + 60
PERSONAL_NUMBER = re.compile(rf"(?<![\d-])(?:19|20)?\d{{2}}(?:0[1-9]|1[0-2]){_DAY}[-+ ]?\d{{4}}(?!\d)")
# 070-123 45 67, 0701234567, 08-531 222 10, (08) 530 123 45, 076/123 45 67,
# +46 70 123 45 67, +46 (0)70-123 45 67, 0046 73-222 11 00.
PHONE = re.compile(
    r"(?<![\d+])(?:(?:\+|00)46[ -]?(?:\(0\)[ -]?)?\d{1,3}|\(?0\d{1,3}\)?)"
    r"(?:(?:\s?[/-]\s?|\s)?\d{2,3}){2,4}(?![\d:.,]\d)"
)
PHONE_DIGITS = range(7, 11)  # without the country code: 08-123 45 to 070-123 45 67
EMAIL = re.compile(r"[\w.+-]+(?:@|\s?[(\[]at[)\]]\s?)[\w-]+(?:\.[\w-]+)+")
# @kalle_s, zlatan_0707: user names on social media.
HANDLE = re.compile(r"(?<![\w.@])@[A-Za-z0-9_.]{2,30}[A-Za-z0-9_]|\b[A-Za-z][A-Za-z0-9]*_[A-Za-z0-9_]+\b")
# Letters I, Q, V, Å, Ä and Ö are not used; the last character may be a letter since 2019.
PLATE = re.compile(r"(?<![\w-])[A-HJ-PR-UW-Z]{3} ?\d{2}[A-HJ-PR-UW-Z\d](?![\w-])", re.IGNORECASE)
STREET = (
    r"vägen|väg|gatan|gata|gränd|gränden|backe|backen|stigen|stig|allén|allé|leden|platsen|plan|"
    r"esplanaden|promenaden|liden|torg|torget|vägen|slingan|ringen|bågen|hagen|gången|strand|stranden"
)
# A number after a street that counts something: "Tumbavägen 4 kvällar i rad".
_NOT_A_HOUSE = r"(?!\s*(?:gånger|gång|meter|m|km|st|minuter|min|procent|%|kvällar|dagar|nätter|veckor|bilar)\b)"
_HOUSE = rf"(?:nr\.? ?|nummer )?\d{{1,4}}\s?[A-Za-z]?\b(?![:.,]?\d){_NOT_A_HOUSE}"
# "Albyvägen 3", "Fittja gårdsväg 2", "Hallunda torg 4", "tumbavägen 12", "Ringvägen nr 9".
ADDRESS = re.compile(
    rf"\b[A-ZÅÄÖ][\wåäöéü]*(?: [a-zåäö]*)?(?:{STREET})\s+{_HOUSE}|\b[a-zåäö]{{3,}}(?:{STREET})\s+{_HOUSE}"
)
FLAT = re.compile(r"\b(?:lgh|lägenhet|lägenhetsnummer|lägenhetsnr)\.? ?(?:nr\.? ?)?\d{3,4}\b", re.IGNORECASE)
AGE_WORD = re.compile(
    r"\b\d{1,2}[- ]?åring(?:en|ar|arna|a)?\b|\b\d{1,2}[- ]?årig(?:a|e)?\b|\b\d{1,2}-?årsåldern\b"
    r"|\bfödd[a]? (?:i |år )?(?:19|20)\d{2}\b",
    re.IGNORECASE,
)
AGE_YEARS = re.compile(
    r"(?P<before>(?:\b[\wåäö]+\b[ ,]+){0,2})?(?<![\d–-])\b(?P<age>\d{1,2}) ?år(?P<old> gammal| gamla| gammalt)?\b"
    r"(?P<after> \w+)?"
)
# "Flickan, 14, syns…", "pojken (15)".
AGE_AFTER_PERSON = re.compile(rf"\b(?:{words.PERSON_NOUNS})\s?[,(]\s?\d{{1,2}}\s?[,)]", re.IGNORECASE)
# A bare "N år" below this is read as a duration; "7-åring", "7 år gammal" still count.
YOUNGEST_BARE_AGE = 10

WORD = re.compile(r"[A-ZÅÄÖ][a-zåäöéüćčšž]+(?:-[A-ZÅÄÖ][a-zåäöéüćčšž]+)?")
LOWER_WORD = re.compile(r"\b[a-zåäöéü]+(?:-[a-zåäöéü]+)?\b")
INITIALS = re.compile(r"(?<![\w.])[A-ZÅÄÖ]\.\s?[A-ZÅÄÖ]\.(?![\w.])")
# "Mohammed A.", "K. Svensson".
GIVEN_AND_INITIAL = re.compile(r"\b([A-ZÅÄÖ][a-zåäöé]+) ([A-ZÅÄÖ])\.(?!\w)")
INITIAL_AND_SURNAME = re.compile(r"(?<![\w.])[A-ZÅÄÖ]\. ?([A-ZÅÄÖ][a-zåäöé]+(?:-[A-ZÅÄÖ][a-zåäöé]+)?)")
# "familjen Lindgren", "bröderna Hussein", "kallas Bullen".
NAMED = re.compile(
    r"\b(?i:familjen|bröderna|systrarna|makarna|paret|herr|fru|kallas|kallad|kallar (?:honom|henne|sig))"
    r"\s+[\"'”«]?[A-ZÅÄÖ][\wåäö-]+"
)
LONE_SURNAME = re.compile(r"\b[A-ZÅÄÖ][a-zåäö]{2,}sson\b")
RELATION = re.compile(
    rf"\b(?:hans|hennes|deras|sin|sina)\s+(?:{words.RELATIONS})\b"
    rf"|\b[a-zåäö]{{3,}}(?:ens|rns|arens) (?:son|dotter|bror|syster|mamma|pappa|pojkvän|flickvän|sambo|fru)\b"
    rf"|\b(?:mamman|pappan|modern|fadern|brodern|systern|sonen|dottern|kompisen|pojkvännen|flickvännen)"
    rf" till\b",
    re.IGNORECASE,
)
# What singles out one person of a small place: a flat, a school class, a
# floor or an entrance, clothes, a dog or a car, "som bor"…
_DETAIL = (
    rf"i \d{{1,2}}:an\b|\b[1-9][A-FÅÄÖ]\b|\bi port [A-Z\d]\b|\bpå (?:första|andra|tredje|fjärde|femte|sjätte|"
    rf"översta|nedersta|\d+:e) våningen\b|\bmed (?:en |ett |den |det )?(?:{words.COLOURS})\w* \w+|\bmed (?:rullator|"
    rf"schäfer\w*|hund\w*|käpp|barnvagn|kryckor)\b|\bsom bor\b|\blängst (?:ner|upp)\b|\b(?:ovanför|nedanför|"
    rf"mittemot|bredvid)\b|\bi den (?:{words.COLOURS})\w* [A-ZÅÄÖa-zåäö]\w+|\bsom går i\b|\bsom heter\b"
)
DESCRIBED = re.compile(rf"\b(?:{words.PERSON_NOUNS})\b(?P<between>[^.!?]{{0,60}}?)(?:{_DETAIL})", re.IGNORECASE)


@cache
def _names() -> tuple[frozenset[str], frozenset[str]]:
    from faker.providers.person.sv_SE import Provider

    given = {*Provider.first_names_female, *Provider.first_names_male}
    return frozenset(given), frozenset(Provider.last_names)


def _surname_like(word: str, surnames: frozenset[str]) -> bool:
    last = word.rsplit("-", 1)[-1]
    return word in surnames or last in surnames or last.endswith(SURNAME_ENDINGS + FOREIGN_SURNAME_ENDINGS)


def _is_given(word: str, given: frozenset[str]) -> bool:
    return word in given or (len(word) > 3 and word.endswith(NICKNAME_ENDINGS))


def _likely_names(text: str) -> list[str]:
    given, surnames = _names()
    found = []
    words = list(WORD.finditer(text))
    for first, second in zip(words, words[1:], strict=False):
        if text[first.end() : second.start()] != " ":
            continue
        name, surname = first.group(), second.group()
        known = name in given or (_is_given(name, given) and _surname_like(surname, surnames))
        if not known and not surname.endswith(FOREIGN_SURNAME_ENDINGS):
            continue
        if name.lower() in COMMON_WORDS and not _surname_like(surname, surnames):
            continue  # "Bo Tryggt", a campaign
        following = text[second.end() :].lstrip()
        next_word = following.split(" ", 1)[0].strip(".,;:!?").lower() if following else ""
        genitive = surname.endswith("s") and surname[:-1] in surnames
        if next_word in PLACE_WORDS or (genitive and next_word in PLACE_WORDS):
            continue  # Karl Johans torg, Anna Whitlocks gymnasium
        if _surname_like(surname, surnames) or surname not in given:
            found.append(f"{name} {surname}")
    # A given name on its own, inside a sentence, e.g. "Kalle langar".
    for word in words:
        name = word.group()
        if name in given and name.lower() not in COMMON_WORDS and word.start() > 0 and not _in(name, found):
            before = text[: word.start()].rstrip()
            if before and before[-1] not in ".!?:" and not _next_is_place(text[word.end() :]):
                found.append(name)
    return found + _lower_case_names(text, given, surnames) + _other_name_forms(text, given, surnames, found)


def _in(part: str, found: list[str]) -> bool:
    return any(part in f or f in part for f in found)


def _lower_case_names(text: str, given: frozenset[str], surnames: frozenset[str]) -> list[str]:
    """ "kalle svensson", "lina nowak": a given name that is not also a word,
    followed by a word that is not one of the most frequent ones."""
    lower_given = {name.lower() for name in given} - COMMON_WORDS
    lower_surnames = {name.lower() for name in surnames}
    words = list(LOWER_WORD.finditer(text))
    found = []
    for first, second in zip(words, words[1:], strict=False):
        if first.group() in lower_given and text[first.end() : second.start()] == " ":
            surname = second.group()
            name_like = surname in lower_surnames or surname.endswith(SURNAME_ENDINGS) or surname not in STOPWORDS
            if name_like and not _next_is_place(text[second.start() :]):
                found.append(f"{first.group()} {surname}")
    return found


def _other_name_forms(text: str, given: frozenset[str], surnames: frozenset[str], found: list[str]) -> list[str]:
    """Initials, a name with an initial, "familjen X", a lone -sson surname."""
    parts = [m.group() for m in INITIALS.finditer(text)]
    parts += [m.group() for m in GIVEN_AND_INITIAL.finditer(text) if _is_given(m.group(1), given)]
    parts += [m.group() for m in INITIAL_AND_SURNAME.finditer(text) if _surname_like(m.group(1), surnames)]
    parts += [m.group() for m in NAMED.finditer(text)]
    parts += [m.group() for m in LONE_SURNAME.finditer(text)]
    new: list[str] = []
    for part in parts:
        if not _in(part, found + new):
            new.append(part)
    return new


def _descriptions(text: str) -> list[str]:
    """One person singled out without a name: "grannen i 3:an", "hans bror"."""
    parts = [m.group() for m in RELATION.finditer(text)]
    parts += [m.group() for m in DESCRIBED.finditer(text)]
    return parts


def _next_is_place(rest: str) -> bool:
    words = rest.strip().split(" ", 2)
    candidates = [w.strip(".,;:!?").lower() for w in words[:2]]
    return any(w in PLACE_WORDS for w in candidates)


def _phone_digits(part: str) -> int:
    """The number's length as dialled within Sweden (+46 70… is 070…)."""
    digits = re.sub(r"\D", "", part)
    for prefix in ("+46", "0046"):
        if part.startswith(prefix):
            return 1 + len(digits[len(prefix.lstrip("+")) :].lstrip("0"))
    return len(digits)


def _plate(part: str) -> bool:
    """Plates are written in capitals; lower case only without a space
    ("abc123"), so that "har 300" is not one."""
    return part[:3].isupper() or " " not in part


def _ages(text: str) -> list[str]:
    found = []
    for match in AGE_YEARS.finditer(text):
        before = (match.group("before") or "").lower().replace(",", " ").split()
        while before and before[-1] in APPROXIMATELY and len(before) > 1:
            before.pop()
        after = (match.group("after") or "").strip().lower()
        bare = not match.group("old")
        if before and before[-1] in DURATION or after in AFTER_DURATION:
            continue
        if bare and int(match.group("age")) < YOUNGEST_BARE_AGE:
            continue
        found.append(f"{match.group('age')} år{match.group('old') or ''}")
    return found + [m.group() for m in AGE_AFTER_PERSON.finditer(text)]


def check(text: str) -> list[Finding]:
    """What in `text` points at a person, hard identifiers first."""
    text = text or ""
    findings: list[Finding] = []

    def add(kind: str, part: str, *, hard: bool) -> None:
        part = part.strip(" ,.")
        if not any(part in f.text or f.text in part for f in findings):
            findings.append(Finding(kind, part, hard=hard))

    for kind, pattern in (
        ("personal_number", PERSONAL_NUMBER),
        ("email", EMAIL),
        ("handle", HANDLE),
        ("phone", PHONE),
        ("plate", PLATE),
        ("address", ADDRESS),
        ("flat", FLAT),
        ("age", AGE_WORD),
    ):
        for match in pattern.finditer(text):
            part = match.group().strip()
            if kind == "phone" and _phone_digits(part) not in PHONE_DIGITS:
                continue
            if kind == "plate" and not _plate(part):
                continue
            add(kind, part, hard=True)
    for part in _ages(text):
        add("age", part, hard=True)
    for name in _likely_names(text):
        add("name", name, hard=False)
    for part in _descriptions(text):
        add("description", part, hard=False)
    return findings


def flags(text: str) -> bool:
    return bool(check(text))


RULE = lambda: _(  # noqa: E731 - translated when shown
    "Describe places and situations, never people: no names, personal identity numbers, "
    "vehicle registration numbers or descriptions that could identify someone."
)


class ESTCheckedForm:
    """Form mixin: the fields named in `est_fields` are checked with `check()`.

    A hard identifier is refused, quoting it. A softer signal (a likely name,
    a description of one person) is refused too unless the official ticks that it is not about a person and says why;
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


def record_row_confirmations(formset, *, actor, municipality) -> None:
    """`record_confirmation` for each saved row of an inline formset whose
    form is an `ESTCheckedForm`: every row is checked on its own, so each
    confirmed row is recorded against that row (deleted rows are not)."""
    deleted = set(formset.deleted_forms) if formset.can_delete else set()
    for form in formset.forms:
        if form not in deleted and form.instance.pk is not None:
            record_confirmation(form, actor=actor, municipality=municipality, obj=form.instance)

"""POST -> redirect -> GET everywhere: a test walks every URL pattern, fills
in each form its page shows the way a browser would (or posts nothing to a
POST-only view) and checks that a POST that changed anything answered with
a redirect, and that loading the page it redirects to, twice, changes
nothing. A documented exception must prove that repeating the POST itself
creates nothing."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest
from django.apps import apps
from django.test import Client
from django.urls import Resolver404, resolve

from portal.tests.test_tenant_isolation import build_url
from portal.tests.world import build_side, url_patterns

pytestmark = pytest.mark.django_db

# Answer a successful POST with a page, on purpose; a repeat creates nothing.
EXCEPTIONS = {
    "tips:tip-create": "the resident's receipt code is shown in the answer and never stored; "
    "the one-time form token makes a reload's repeat a no-op",
    "tips:follow-up": "a lookup with the receipt code, and the answer form on the same page; "
    "a repeated answer is refused by the rate limit and the tip's thread",
}
# Not walked here, with the reason.
SKIPPED = {
    "logout": "ends the session the walk runs in (Django's view, redirects)",
    "password_change": "ends the session the walk runs in (Django's view, redirects)",
    "password_reset_confirm": "needs a signed one-time token (portal/tests/test_members.py)",
    "agreements:public-follow-confirm": "needs a signed one-time token (agreements' tests)",
    "agreements:public-unfollow": "needs a signed token (agreements' tests)",
    "walks:public-resident-finding": "needs a signed walk token; a repeated key creates nothing (walks tests)",
    "walks:public-follow-confirm": "needs a signed one-time token (walks/tests/test_following.py)",
    "walks:public-unfollow": "needs a signed token (walks/tests/test_following.py)",
}
# Reading a tip or exporting is audited by design: an audit row of a read is
# not something a reload "creates" for anyone to see twice.
IGNORED_MODELS = {
    "sessions.session",
    "admin.logentry",
    "axes.accessattempt",
    "axes.accesslog",
    "portal.auditevent",
    "situation_reports.weekvisit",  # when a user last saw a week: every view of the page records it, like a session
}


def _state() -> dict[str, list]:
    state = {}
    for model in apps.get_models():
        if model._meta.label_lower in IGNORED_MODELS or model._meta.app_label in {"contenttypes", "auth"}:
            continue
        state[model._meta.label] = list(model._default_manager.order_by("pk").values_list())
    return state


# What a person types into an empty field, by input type.
FILL = {
    "text": "Promenadtext",
    "email": "promenad@example.org",
    "tel": "070-123 45 67",
    "url": "https://example.org/",
    "number": "1",
    "search": "",
    "password": "",
}
WALKED: set[str] = set()
# Forms whose success path the walk must reach (it fills fields in for real).
MUST_WALK = {"tips:tip-register", "portal:member-invite", "tips:reply-template-create"}


class _Forms(HTMLParser):
    """The POST forms of a page, filled in as a browser would submit them."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.forms: list[dict] = []
        self._form: dict | None = None
        self._select: str | None = None
        self._textarea: str | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form" and (a.get("method") or "").lower() == "post":
            self._form = {"action": a.get("action") or "", "data": {}, "radios": {}, "options": {}}
            self.forms.append(self._form)
        if self._form is None:
            return
        data, name = self._form["data"], a.get("name")
        if tag == "input" and name:
            kind = (a.get("type") or "text").lower()
            if kind == "file":
                return
            if kind == "radio":
                if "checked" in a or name not in self._form["radios"]:
                    self._form["radios"][name] = a.get("value", "on")
            elif kind == "checkbox":
                if "checked" in a:
                    data.setdefault(name, []).append(a.get("value", "on"))
            elif kind == "submit":
                data.setdefault(name, [a.get("value", "")])
            else:
                typed = a.get("min") if kind == "number" and a.get("min") else FILL.get(kind, "")
                data[name] = [a.get("value") or (FILL["tel"] if "phone" in name else typed)]
        elif tag == "button" and name and (a.get("type") or "submit") == "submit":
            data.setdefault(name, [a.get("value", "")])
        elif tag == "select" and name:
            self._select = name
            self._form["options"][name] = []
        elif tag == "option" and self._select:
            value = a.get("value", "")
            if "selected" in a and value:  # an empty choice is where a person picks one
                data[self._select] = [value]
            self._form["options"][self._select].append(value)
        elif tag == "textarea" and name:
            self._textarea = name
            data[name] = [""]
            self._form.setdefault("textareas", []).append(name)

    def handle_data(self, text):
        if self._form is not None and self._textarea:
            self._form["data"][self._textarea][0] += text

    def handle_endtag(self, tag):
        if tag == "select" and self._form is not None and self._select:
            options = [v for v in self._form["options"][self._select] if v]
            self._form["data"].setdefault(self._select, options[:1])
            self._select = None
        elif tag == "textarea" and self._form is not None and self._textarea:
            data = self._form["data"]
            data[self._textarea] = [data[self._textarea][0].strip() or FILL["text"]]
            self._textarea = None
        elif tag == "form" and self._form is not None:
            self._form["data"].update({k: [v] for k, v in self._form["radios"].items()})
            self._form = None


def _forms_on(client: Client, url: str) -> list[tuple[str, dict]]:
    response = client.get(url)
    if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
        return []
    parser = _Forms()
    parser.feed(response.content.decode())
    return [(form["action"] or url, form["data"]) for form in parser.forms]


def _name_of(url: str) -> str | None:
    try:
        match = resolve(url.split("?")[0])
    except Resolver404:
        return None
    return match.view_name


CASES = [(name, route) for name, route in url_patterns() if name not in SKIPPED]


@pytest.mark.parametrize("name,route", CASES, ids=[name for name, _ in CASES])
def test_a_post_that_changes_something_redirects_and_a_reload_changes_nothing(name, route, settings, tmp_path):
    settings.TIPS_MIN_FILL_SECONDS = 0
    settings.TIP_PHOTO_ROOT = tmp_path
    side = build_side("A")
    client = Client()
    client.force_login(side.coordinator)
    url = build_url(name, route, slug_side=side, object_side=side)
    posts = [(action, data) for action, data in _forms_on(client, url) if _name_of(action) == name]
    if not posts:
        posts = [(url, {})]  # a POST-only view, or one whose form lives elsewhere
    for action, data in posts:
        before = _state()
        response = client.post(action, data)
        assert response.status_code != 500
        if _state() == before:
            continue
        WALKED.add(name)
        if name in EXCEPTIONS:
            after = _state()
            client.post(action, data)
            assert {k: len(v) for k, v in _state().items()} == {k: len(v) for k, v in after.items()}, name
            continue
        assert response.status_code in (301, 302, 303), (
            f"POST {action} changed data and answered {response.status_code}"
        )
        settled = _state()
        client.get(response["Location"])
        client.get(response["Location"])
        assert _state() == settled, f"loading {response['Location']} after POST {action} changed data"


def test_the_walk_reaches_the_success_paths_of_the_main_forms():
    if len(WALKED) == 0:
        pytest.skip("run with the walk above (the whole module)")
    assert MUST_WALK <= WALKED, MUST_WALK - WALKED

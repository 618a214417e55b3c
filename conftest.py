"""Shared fixtures: personas, strictness and the services CI must provide.

Personas (as ephios and healthchecks do): a coordinator, a contributor and a
reader in municipality A, an official of municipality B, an admin and an
anonymous visitor.
"""

from __future__ import annotations

import logging
import os

import pytest

from portal.models import Role
from portal.tests.factories import MembershipFactory, MunicipalityFactory, OrganisationFactory, UserFactory

# CI sets this: a test that needs PostgreSQL, Redis, a worker or a browser
# must run there, so skipping one is turned into a failure.
REQUIRE_SERVICES = os.environ.get("REQUIRE_SERVICES") == "1"
SERVICE_MARKERS = {"postgres", "redis", "worker", "browser"}


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    if REQUIRE_SERVICES and report.skipped and SERVICE_MARKERS & {m.name for m in item.iter_markers()}:
        report.outcome = "failed"
        report.longrepr = f"REQUIRE_SERVICES=1 but this service test was skipped: {report.longrepr}"


@pytest.fixture(autouse=True)
def _fail_on_logged_errors(request, caplog):
    """An ERROR in the log is a bug unless the test says it expects one."""
    caplog.set_level(logging.WARNING)
    yield
    if request.node.get_closest_marker("allow_error_logs"):
        return
    errors = [r for r in caplog.get_records("call") if r.levelno >= logging.ERROR]
    if errors:
        pytest.fail("ERROR logged: " + "; ".join(r.getMessage() for r in errors))


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Rate limits, cached per-user state, kept pages and "down" marks never leak between tests."""
    from django.core.cache import cache

    from portal import cache as fail_fast_cache
    from portal import pagecache, queue
    from tips import blank_form

    cache.clear()
    blank_form.forget()
    pagecache.forget()
    yield
    cache.clear()
    blank_form.forget()
    fail_fast_cache.reset()  # a fault test's "down" marks end with it
    queue._broker_down_until[0] = 0.0
    pagecache.forget()


@pytest.fixture
def municipality_a(db):
    return MunicipalityFactory(name="Arboga-test", slug="kommun-a")


@pytest.fixture
def municipality_b(db):
    return MunicipalityFactory(name="Botkyrka-test", slug="kommun-b")


@pytest.fixture
def organisation_a(municipality_a):
    return OrganisationFactory(name="Kommunen A", municipalities=[municipality_a])


@pytest.fixture
def police_a(municipality_a):
    return OrganisationFactory(name="Polisen A", kind="police", municipalities=[municipality_a])


def _member(municipality, organisation, role, username):
    return MembershipFactory(
        user=UserFactory(username=username), municipality=municipality, organisation=organisation, role=role
    ).user


@pytest.fixture
def coordinator_a(municipality_a, organisation_a):
    return _member(municipality_a, organisation_a, Role.COORDINATOR, "samordnare-a")


@pytest.fixture
def contributor_a(municipality_a, police_a):
    return _member(municipality_a, police_a, Role.CONTRIBUTOR, "polis-a")


@pytest.fixture
def reader_a(municipality_a, organisation_a):
    return _member(municipality_a, organisation_a, Role.READER, "lasare-a")


@pytest.fixture
def official_b(municipality_b):
    organisation = OrganisationFactory(name="Kommunen B", municipalities=[municipality_b])
    return _member(municipality_b, organisation, Role.COORDINATOR, "samordnare-b")


@pytest.fixture
def admin_user(db):
    return UserFactory(username="admin-test", is_staff=True, is_superuser=True)


def _client_for(client, user):
    client.force_login(user)
    return client


@pytest.fixture
def coordinator_client(client, coordinator_a):
    return _client_for(client, coordinator_a)


@pytest.fixture
def contributor_client(client, contributor_a):
    return _client_for(client, contributor_a)


@pytest.fixture
def reader_client(client, reader_a):
    return _client_for(client, reader_a)


@pytest.fixture
def official_b_client(client, official_b):
    return _client_for(client, official_b)


# --- Browser tests -----------------------------------------------------------

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SERIOUS_IMPACTS = {"serious", "critical"}


def pytest_collection_modifyitems(config, items):
    """Mark tests by the services their fixtures need, so CI can insist on them."""
    for item in items:
        if "browser_page" in item.fixturenames:
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def _chromium():
    if not os.path.exists(CHROMIUM):
        pytest.skip(f"no Chromium at {CHROMIUM} (Debian: apt-get install chromium)")
    sync_api = pytest.importorskip("playwright.sync_api")
    # Playwright's sync API runs an event loop in this thread; the test's own
    # ORM calls are still synchronous and safe.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def _axe_violations(page) -> list[str]:
    from axe_playwright_python.sync_playwright import Axe
    from playwright.sync_api import Error as PlaywrightError

    try:
        results = Axe().run(page, options={"runOnly": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]})
    except PlaywrightError:
        # The test navigated on while axe ran; the page it reaches fires its
        # own load event and is checked then.
        return []
    return [
        f"{page.url}: {v['id']} ({v['impact']}) {v['help']} at {[n['target'] for n in v['nodes']][:3]}"
        for v in results.response["violations"]
        if v.get("impact") in SERIOUS_IMPACTS
    ]


@pytest.fixture
def browser_page(_chromium, live_server, transactional_db):
    """A Playwright page on the live server. Every page it loads is checked
    with axe-core, and any serious or critical WCAG 2.1 AA violation fails
    the test."""
    context = _chromium.new_context(base_url=live_server.url, locale="sv-SE")
    page = context.new_page()
    page.set_default_timeout(15_000)
    violations: list[str] = []
    checked: set[str] = set()

    def audit(loaded_page) -> None:
        checked.add(loaded_page.url)
        violations.extend(_axe_violations(loaded_page))

    page.on("load", audit)
    yield page
    context.close()
    assert checked, "the browser test loaded no page"
    assert not violations, "accessibility violations:\n" + "\n".join(violations)


def browser_login(page, username: str, password: str = "trygghet-test") -> None:
    page.goto("/konto/logga-in/")
    page.get_by_label("Användarnamn").fill(username)
    page.get_by_label("Lösenord").fill(password)
    page.get_by_role("button", name="Logga in").click()
    page.wait_for_load_state()

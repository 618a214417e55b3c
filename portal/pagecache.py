"""Pages and fragments rendered once per change, never stale.

Each kept rendering is filed under a *version*: a token in the shared cache
(one round trip reads any number of them) that the writes which change the
rendering replace, at once and again after their transaction commits (so
a process that re-renders in between cannot keep what was not yet
committed). A rendering is kept in the process, like the blank tip form
(tips/blank_form.py): a hit is a dictionary lookup, no template, no query.
A version missing from the cache (evicted, flushed) gets a fresh token, so
nothing kept under an older one is served again.

Versions:

- `public`: what residents see on the start page and on a municipality's
  public page; bumped by a save or delete of any model a public section
  reads (`register_public_section(..., models=...)` in portal/sections.py,
  and the core's own municipalities, organisations, places, categories).
- `places:<municipality id>` and `categories`: the choices of the triage
  filter form.

Whole pages are kept only for a visitor who is not logged in and sends no
query string and has no message waiting: the page is then the same for
everyone but for the CSRF token, which is filled in per request.

When the shared cache is down (portal/cache.py fails fast), versions cannot
be read: pages are then rendered as usual and not kept, and a write that
cannot bump its version drops everything this process keeps, so nothing
stale is served from here once the cache is back.
"""

from __future__ import annotations

import hashlib
import re
import threading
import uuid
from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterable

from django.contrib.messages import get_messages
from django.core.cache import cache
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from redis.exceptions import RedisError

CACHE_ERRORS = (RedisError, OSError)

PREFIX = "pagecache:v:"
MAX_ITEMS = 4096  # ~300 public pages × the languages residents use, filter forms; some MB per process
CSRF_SLOT = "@@csrf-token@@"
CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
PUBLIC = "public"

FRAGMENT_BYTES = 16 * 1024 * 1024  # maps of ~100 places are 30-60 kB each
LOCAL_OBJECTS = 12  # the largest week page's rows are about 1 MB in memory


class Kept:
    """A bounded store in the process, the least recently used going first:
    at most `items` entries and, given `size`, at most `budget` in all."""

    def __init__(self, items: int, budget: int | None = None, size: Callable[[object], int] = len) -> None:
        self.items, self.budget, self.size = items, budget, size
        self.entries: OrderedDict[Hashable, object] = OrderedDict()
        self.used = 0
        self.lock = threading.Lock()

    def get(self, key: Hashable) -> object | None:
        with self.lock:
            value = self.entries.get(key)
            if value is not None:
                self.entries.move_to_end(key)
            return value

    def put(self, key: Hashable, value: object) -> None:
        with self.lock:
            if key in self.entries:
                self.entries.move_to_end(key)
                return
            self.entries[key] = value
            self.used += self.size(value) if self.budget is not None else 0
            while self.entries and (
                len(self.entries) > self.items or (self.budget is not None and self.used > self.budget)
            ):
                _key, dropped = self.entries.popitem(last=False)
                self.used -= self.size(dropped) if self.budget is not None else 0

    def clear(self) -> None:
        with self.lock:
            self.entries.clear()
            self.used = 0


_pages = Kept(MAX_ITEMS)  # public pages and filter forms, keyed with their versions
_fragments = Kept(items=MAX_ITEMS, budget=FRAGMENT_BYTES)  # keyed by content (`fragment`)
_objects = Kept(LOCAL_OBJECTS)  # values of the shared cache (`kept_get`)


def versions(*names: str) -> tuple[str, ...] | None:
    """The current token of each version, in one cache round trip; None when
    the cache cannot be reached (then nothing is kept or served from here)."""
    try:
        return _versions(names)
    except CACHE_ERRORS:
        return None


def _versions(names: tuple[str, ...]) -> tuple[str, ...]:
    keys = [PREFIX + name for name in names]
    found = cache.get_many(keys)
    missing = {key: uuid.uuid4().hex for key in keys if key not in found}
    for key, token in missing.items():
        if not cache.add(key, token, timeout=None):  # another process was first: use its token
            missing[key] = cache.get(key) or token
    return tuple(found.get(key) or missing[key] for key in keys)


def bump(name: str) -> None:
    """Invalidate everything kept under this version: now, and after commit."""

    def renew() -> None:
        try:
            cache.set(PREFIX + name, uuid.uuid4().hex, timeout=None)
        except CACHE_ERRORS:
            forget()

    renew()
    transaction.on_commit(renew)


def get_or_render(key: Hashable, render: Callable[[], str]) -> str:
    """The rendering kept under `key` (which includes its versions), or a new one."""
    html = _pages.get(key)
    if html is None:
        html = render()
        _pages.put(key, html)
    return html


def forget() -> None:
    """Drop every kept rendering (the test suite does, between tests)."""
    for store in (_pages, _fragments, _objects):
        store.clear()


# --- Fragments kept by what they show ---------------------------------------------


def fragment(inputs: tuple, render: Callable[[], str]) -> str:
    """A fragment rendered once per content: `inputs` is everything its
    rendering reads (values, never model instances whose repr leaves fields
    out), so a changed input is a new key and nothing needs bumping. Kept in
    the process under a digest of the inputs' repr, at most FRAGMENT_BYTES
    in all (the least recently used go first)."""
    key = hashlib.blake2b(repr(inputs).encode(), digest_size=20).digest()
    html = _fragments.get(key)
    if html is None:
        html = render()
        _fragments.put(key, html)
    return html


# --- Objects of the shared cache, kept in the process too -------------------------


def kept_get(key: str | None) -> object | None:
    """A value `kept_set` filed under `key` (a key that carries its
    versions): from this process, else from the shared cache. None when
    there is none, when `key` is None (versions could not be read) or when
    the cache is down."""
    if key is None:
        return None
    value = _objects.get(key)  # in this process: no round trip, no unpickling
    if value is not None:
        return value
    try:
        value = cache.get(key)
    except CACHE_ERRORS:
        return None
    if value is not None:
        _objects.put(key, value)
    return value


def kept_set(key: str | None, value: object, timeout: int) -> None:
    if key is None:
        return
    try:
        cache.set(key, value, timeout=timeout)
    except CACHE_ERRORS:
        return
    _objects.put(key, value)  # only once the shared cache has it: a process never outlives a flush


# --- Whole public pages ---------------------------------------------------------


def is_personal(request: HttpRequest) -> bool:
    return bool(request.user.is_authenticated or request.GET or len(get_messages(request)))


def _fill(request: HttpRequest, page: str) -> HttpResponse:
    return HttpResponse(page.replace(CSRF_SLOT, get_token(request)))


def public_page(request: HttpRequest, key: Iterable[Hashable], render: Callable[[], HttpResponse]) -> HttpResponse:
    """A public page rendered once per change of the `public` version (and
    per `key`: page, language, day...). Personal requests, and answers other
    than 200, are rendered as usual and not kept."""
    current = None if is_personal(request) else versions(PUBLIC)
    if current is None:
        return render()
    full_key = ("page", *key, *current)
    page = _pages.get(full_key)
    if page is not None:
        return _fill(request, page)
    response = render()
    if response.status_code != 200 or response.streaming:
        return response
    html = response.content.decode(response.charset)
    token = CSRF_INPUT.search(html)
    if token is not None:
        html = html.replace(token.group(1), CSRF_SLOT)  # one masked token serves the whole page
    _pages.put(full_key, html)
    return response


# --- What bumps the versions ----------------------------------------------------


def bump_public(**kwargs) -> None:
    bump(PUBLIC)


def watch(model: type | str, handler: Callable = bump_public, uid: str = "") -> None:
    """Bump on every save and delete of `model` (and changes of its
    many-to-many relations)."""
    from django.apps import apps
    from django.db.models.signals import m2m_changed, post_delete, post_save

    model = apps.get_model(model) if isinstance(model, str) else model
    uid = uid or f"portal.pagecache.{handler.__name__}.{model._meta.label_lower}"
    post_save.connect(handler, sender=model, dispatch_uid=uid + ".save", weak=False)
    post_delete.connect(handler, sender=model, dispatch_uid=uid + ".delete", weak=False)
    for field in model._meta.local_many_to_many:
        m2m_changed.connect(handler, sender=field.remote_field.through, dispatch_uid=uid + "." + field.name)

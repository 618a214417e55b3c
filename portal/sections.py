"""Extension points through which the apps add to the core's pages.

The core imports no app. Instead, each app registers in its `AppConfig.ready()`
what it contributes: a section on the public municipality page, a link in the
internal navigation of a municipality.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.http import HttpRequest

from .models import Municipality, Role


@dataclass(frozen=True)
class Section:
    """A block of a page: a template and the context it needs."""

    template: str
    context: dict = field(default_factory=dict)


@dataclass(frozen=True)
class NavLink:
    label: str
    url_name: str
    minimum_role: str = Role.READER
    order: int = 100


SectionBuilder = Callable[[HttpRequest, Municipality], "Section | None"]

_public_sections: list[tuple[int, SectionBuilder]] = []
_internal_sections: list[tuple[int, SectionBuilder]] = []
_nav_links: list[NavLink] = []
_object_sections: dict[str, list[tuple[int, Callable]]] = {}


def register_public_section(builder: SectionBuilder, *, order: int = 100, models: Iterable[str] = ()) -> None:
    """Add a block to the public municipality page. `models` are the labels
    of every model the block reads: a save or delete of any of them renews
    the kept public pages (portal/pagecache.py), so none is ever stale."""
    from . import pagecache

    _public_sections.append((order, builder))
    for model in models:
        pagecache.watch(model)


def register_internal_section(builder: SectionBuilder, *, order: int = 100) -> None:
    _internal_sections.append((order, builder))


def register_object_section(model_label: str, builder: Callable, *, order: int = 100) -> None:
    """Add a block to the detail page of objects of `model_label` (e.g.
    "tips.tip"); `builder(request, obj)` returns a Section or None. This is
    how situation_reports puts "add as observation" on a tip page without the
    tips app knowing about it."""
    _object_sections.setdefault(model_label, []).append((order, builder))


def object_sections(request: HttpRequest, obj) -> list[Section]:
    builders = sorted(_object_sections.get(obj._meta.label_lower, []), key=lambda pair: pair[0])
    sections = (builder(request, obj) for _, builder in builders)
    return [section for section in sections if section is not None]


def register_nav_link(link: NavLink) -> None:
    _nav_links.append(link)


def _build(builders: list, request: HttpRequest, municipality: Municipality) -> list[Section]:
    ordered = sorted(builders, key=lambda pair: pair[0])
    sections = (builder(request, municipality) for _, builder in ordered)
    return [section for section in sections if section is not None]


def public_sections(request: HttpRequest, municipality: Municipality) -> list[Section]:
    return _build(_public_sections, request, municipality)


def internal_sections(request: HttpRequest, municipality: Municipality) -> list[Section]:
    return _build(_internal_sections, request, municipality)


def nav_links(membership) -> list[NavLink]:
    """The internal links a member of this role may follow, in order."""
    links = [link for link in _nav_links if membership.has_role(link.minimum_role)]
    return sorted(links, key=lambda link: link.order)

"""`{% include_kept "template.html" name=value ... %}`: an include of its own
values only, rendered once per content and kept in the process
(portal/pagecache.py `fragment`).

The values' repr is the key, with the template and the language, so pass
values whose repr shows everything the template reads (dataclasses of plain
values, numbers, strings, weeks), never model instances: a chart of the
week's counts is drawn again when a count changes, and at no other time.
"""

from __future__ import annotations

from collections.abc import Callable

from django import template
from django.db.models import Model
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from portal import pagecache

register = template.Library()


@register.simple_tag(takes_context=True)
def include_kept(context, template_name: str, **values) -> SafeString:
    if any(isinstance(value, Model) for value in values.values()):
        raise TypeError("include_kept: a model instance's repr does not show its fields")
    return render_kept(context, template_name, (sorted(values.items()),), lambda: values)


def render_kept(context, template_name: str, inputs: tuple, build: Callable[[], dict]) -> SafeString:
    """`template_name` rendered with `build()` as `{% include ... only %}` (or
    an inclusion tag) renders it, once per `inputs` and language: `inputs`
    must name everything else the rendering reads."""

    def render() -> str:
        return context.template.engine.get_template(template_name).render(context.new(build()))

    kept = pagecache.fragment((template_name, get_language(), *inputs), render)
    return mark_safe(kept)  # noqa: S308 - the template's own autoescaped output, kept as a plain str

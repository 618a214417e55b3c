"""Merging organisations (an admin action): a coordinator's partner
organisation, added in a hurry, often turns out to be one that exists.

Everything that points at the organisations being merged away moves to the
one kept: every foreign key and many-to-many link to Organisation, found
from the model's own relations (so a relation added later is moved too).
Nothing moves when a move would break a uniqueness rule (e.g. both were
present at the same meeting): the admin gets a message naming what
collides, and merges by hand. The merge is audited."""

from __future__ import annotations

from django.db import IntegrityError, models, transaction
from django.utils.translation import gettext as _

from .models import Organisation, User
from .services import audit_record


class MergeRefused(Exception):
    pass


def _unique_field_sets(model: type[models.Model], field_name: str) -> list[tuple[str, ...]]:
    """The other fields of every unconditional uniqueness rule on `model` that includes `field_name`."""
    sets = [tuple(group) for group in model._meta.unique_together]
    for constraint in model._meta.constraints:
        if isinstance(constraint, models.UniqueConstraint) and constraint.fields and constraint.condition is None:
            sets.append(tuple(constraint.fields))
    if model._meta.get_field(field_name).unique:
        sets.append((field_name,))
    return [tuple(name for name in group if name != field_name) for group in sets if field_name in group]


def _collisions(model, field_name: str, keep: Organisation, other: Organisation) -> int:
    count = 0
    for others in _unique_field_sets(model, field_name):
        kept = set(model._base_manager.filter(**{field_name: keep}).values_list(*others)) if others else set()
        if not others:
            if (
                model._base_manager.filter(**{field_name: keep}).exists()
                and model._base_manager.filter(**{field_name: other}).exists()
            ):
                count += 1
            continue
        moving = model._base_manager.filter(**{field_name: other}).values_list(*others)
        count += sum(1 for row in moving if row in kept)
    return count


def _relations():
    """(model, field name, is_m2m, label) of every relation pointing at Organisation,
    hidden ones (related_name="+") included; a many-to-many link once, as its
    through table."""
    fields = Organisation._meta.get_fields(include_hidden=True)
    throughs = set()
    for relation in fields:
        if relation.auto_created and relation.many_to_many:
            through = relation.through
            throughs.add(through)
            for field in through._meta.fields:
                if isinstance(field, models.ForeignKey) and field.related_model is Organisation:
                    yield through, field.name, True, relation.related_model._meta.verbose_name_plural
    for field in Organisation._meta.many_to_many:  # Organisation.municipalities
        throughs.add(field.remote_field.through)
    for relation in fields:
        is_key = relation.auto_created and (relation.one_to_many or relation.one_to_one)
        if is_key and relation.related_model not in throughs:
            yield (
                relation.related_model,
                relation.field.name,
                False,
                relation.related_model._meta.verbose_name_plural,
            )


@transaction.atomic
def organisations_merge(*, actor: User | None, keep: Organisation, others: list[Organisation]) -> dict[str, int]:
    """Move everything of `others` to `keep`, then delete `others`.
    Returns how many rows moved per model; raises MergeRefused."""
    others = [other for other in others if other.pk != keep.pk]
    if not others:
        raise MergeRefused(_("Choose at least one other organisation to merge into the one you keep."))
    moved: dict[str, int] = {}
    for other in others:
        problems = []
        for model, field_name, is_m2m, label in _relations():
            if is_m2m:
                continue  # a link both already have is simply dropped
            if n := _collisions(model, field_name, keep, other):
                problems.append(f"{label} ({n})")
        if problems:
            raise MergeRefused(
                _("“%(other)s” cannot be merged into “%(keep)s”: both have %(what)s. Resolve those by hand first.")
                % {"other": other.name, "keep": keep.name, "what": ", ".join(problems)}
            )
        try:
            with transaction.atomic():
                for model, field_name, is_m2m, label in _relations():
                    rows = model._base_manager.filter(**{field_name: other})
                    if is_m2m:
                        # The link's other end: drop the rows that would duplicate a link of `keep`.
                        ends = [f.name for f in model._meta.fields if isinstance(f, models.ForeignKey)]
                        ends = [name for name in ends if name != field_name]
                        kept = set(model._base_manager.filter(**{field_name: keep}).values_list(*ends))
                        for row in rows.values_list("pk", *ends):
                            if tuple(row[1:]) in kept:
                                model._base_manager.filter(pk=row[0]).delete()
                        rows = model._base_manager.filter(**{field_name: other})
                    count = rows.update(**{field_name: keep})
                    if count:
                        moved[str(label)] = moved.get(str(label), 0) + count
                keep.municipalities.add(*other.municipalities.all())
        except IntegrityError as error:
            # A uniqueness rule the collision check above does not know of.
            # The database's message may quote the rows' values: not shown.
            raise MergeRefused(
                _("“%(other)s” cannot be merged into “%(keep)s”: some of their rows would be duplicates.")
                % {"other": other.name, "keep": keep.name}
            ) from error
        audit_record(
            actor=actor,
            action="organisation.merged",
            obj=keep,
            detail=f"merged={other.pk} name={other.name[:80]} moved=" + ",".join(f"{k}:{v}" for k, v in moved.items()),
        )
        other.delete()
    return moved
